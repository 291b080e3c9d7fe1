import type { GuardrailRule } from '../../../guardrails/rule';
import { riskPoliciesWithinP2 } from './PRM-LIC001-risk-policies-within-p2';

export const LICENSING_RULES: readonly GuardrailRule[] = [riskPoliciesWithinP2];
