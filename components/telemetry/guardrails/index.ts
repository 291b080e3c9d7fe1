import type { GuardrailRule } from '../../../guardrails/rule';
import { retentionAtLeast90Days } from './PRM-TEL001-retention-90-days';
import { signInLogsStreamed } from './PRM-TEL002-sign-in-logs-streamed';
import { breakGlassAlertLive } from './PRM-TEL003-break-glass-alert-live';

export const TELEMETRY_RULES: readonly GuardrailRule[] = [retentionAtLeast90Days, signInLogsStreamed, breakGlassAlertLive];
