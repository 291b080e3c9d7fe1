import { includesAllUsers, includesP2Group, isBlock } from '../../../analysis/model/queries';
import { completeness, controlsOf } from './completeness';

export const highUserRiskResponse = completeness(
  'PRM-BAS005',
  'that responds to high user risk (secure password change, or block)',
  'High user risk means the credentials are believed leaked. Without a response, a leaked password keeps working until someone notices.',
  'Keep CA010 in the environment (userRiskResponse chooses passwordChange or block).',
  // With licensing.p2Group, the P2 holders are everyone Identity Protection may protect.
  (p, model) =>
    (includesAllUsers(p) || includesP2Group(p, model.declared)) &&
    p.conditions.userRiskLevels.includes('high') &&
    (isBlock(p) || (p.grantControls?.operator === 'AND' && (['mfa', 'passwordChange'] as const).every((c) => controlsOf(p).includes(c)))),
);
