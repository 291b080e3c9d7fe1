import type { GuardrailRule } from '../../../guardrails/rule';
import { requiredContextEnforced } from './PRM-CTX001-required-context-enforced';

export const AUTHENTICATION_CONTEXT_RULES: readonly GuardrailRule[] = [requiredContextEnforced];
