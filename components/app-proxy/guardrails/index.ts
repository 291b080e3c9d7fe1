import type { GuardrailRule } from '../../../guardrails/rule';
import { preAuthenticationIsEntra } from './PRM-APP001-pre-authentication-is-entra';
import { appHasAssignedGroups } from './PRM-APP002-assigned-groups';

export const APP_PROXY_RULES: readonly GuardrailRule[] = [preAuthenticationIsEntra, appHasAssignedGroups];
