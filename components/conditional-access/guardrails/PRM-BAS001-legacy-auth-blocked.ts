import { includesAllUsers, isBlock } from '../../../analysis/model/queries';
import { completeness } from './completeness';

export const legacyAuthBlocked = completeness(
  'PRM-BAS001',
  'that blocks legacy authentication (exchangeActiveSync and other in one policy)',
  'Legacy protocols cannot do MFA, so every MFA policy is bypassed by IMAP, POP, SMTP AUTH and basic-auth ActiveSync. Both legacy client types belong in one block policy so neither can be promoted or disabled without the other.',
  'Keep CA003 in the environment; do not split its client app types.',
  (p) => isBlock(p) && includesAllUsers(p) && (['exchangeActiveSync', 'other'] as const).every((c) => p.conditions.clientAppTypes.includes(c)),
);
