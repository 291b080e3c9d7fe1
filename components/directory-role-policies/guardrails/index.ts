import type { GuardrailRule } from '../../../guardrails/rule';
import { globalAdminActivationApproved } from './PRM-PIM005-global-admin-activation-approved';

export const DIRECTORY_ROLE_POLICY_RULES: readonly GuardrailRule[] = [globalAdminActivationApproved];
