import type { GuardrailRule } from '../../../guardrails/rule';
import { minReportOnlyDays } from './PRM-EVD001-min-report-only-days';
import { replayedImpact } from './PRM-EVD002-replayed-impact';

export const PROMOTION_RULES: readonly GuardrailRule[] = [minReportOnlyDays, replayedImpact];
