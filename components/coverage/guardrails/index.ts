import type { GuardrailRule } from '../../../guardrails/rule';
import { invariantsHold } from './PRM-COV001-invariants-hold';

export const COVERAGE_RULES: readonly GuardrailRule[] = [invariantsHold];
