import { includesAllUsers, isBlock } from '../../../analysis/model/queries';
import { completeness } from './completeness';

export const deviceCodeFlowBlocked = completeness(
  'PRM-BAS006',
  'that blocks device code flow',
  'Device code phishing gets a victim to enter a code that signs the attacker in, MFA included. Almost no organisation needs the flow.',
  'Keep CA004 in the environment.',
  (p) => isBlock(p) && includesAllUsers(p) && (p.conditions.authenticationFlows?.transferMethods ?? []).includes('deviceCodeFlow'),
);
