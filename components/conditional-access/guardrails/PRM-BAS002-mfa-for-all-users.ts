import { includesAllApps, includesAllUsers, narrowingConditions } from '../../../analysis/model/queries';
import { completeness, controlsOf } from './completeness';

export const mfaForAllUsers = completeness(
  'PRM-BAS002',
  'that requires MFA for all users on all resources',
  'MFA for everyone is the control that stops password spray and credential stuffing; every other policy assumes it.',
  'Keep CA001 in the environment.',
  (p) =>
    includesAllUsers(p) &&
    includesAllApps(p) &&
    narrowingConditions(p).length === 0 &&
    // Under OR, any other control (a compliant device, say) would let a sign-in through without MFA.
    ((controlsOf(p).includes('mfa') && (p.grantControls?.operator === 'AND' || controlsOf(p).every((c) => c === 'mfa'))) ||
      (p.grantControls?.authenticationStrength !== undefined && (p.grantControls.operator === 'AND' || controlsOf(p).length === 0))),
);
