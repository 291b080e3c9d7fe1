import { USER_ACTIONS } from '../../../core/microsoft/well-known';
import { isBlock } from '../../../analysis/model/queries';
import { completeness, controlsOf } from './completeness';

export const securityInfoRegistrationProtected = completeness(
  'PRM-BAS007',
  'that protects security info registration',
  'If registering an MFA method needs only a password, a phished password becomes an attacker-owned MFA method and every MFA policy is satisfied by the attacker.',
  'Keep CA011 in the environment.',
  (p) => p.conditions.applications.includeUserActions.includes(USER_ACTIONS.registerSecurityInfo) && controlsOf(p).length > 0 && !isBlock(p),
);
