import type { GuardrailRule } from '../../../guardrails/rule';
import { noPermanentTier0Person } from './PRM-PIM001-no-permanent-tier0-person';
import { approvalRolesActivation } from './PRM-PIM002-approval-roles-activation';
import { eligibilityExpires } from './PRM-PIM003-eligibility-expires';
import { globalAdminCount } from './PRM-PIM004-global-admin-count';

export const PIM_RULES: readonly GuardrailRule[] = [noPermanentTier0Person, approvalRolesActivation, eligibilityExpires, globalAdminCount];
