import { includesAllUsers, includesP2Group, isBlock } from '../../../analysis/model/queries';
import { completeness } from './completeness';

export const highSignInRiskBlocked = completeness(
  'PRM-BAS004',
  'that blocks high sign-in risk',
  'A high-risk sign-in (password spray, anonymous IP, token replay) is most likely an attacker; letting it through on MFA alone relies on the attacker not having the second factor.',
  'Keep CA008 in the environment.',
  // With licensing.p2Group, the P2 holders are everyone Identity Protection may protect.
  (p, model) => isBlock(p) && (includesAllUsers(p) || includesP2Group(p, model.declared)) && p.conditions.signInRiskLevels.length === 1 && p.conditions.signInRiskLevels[0] === 'high',
);
