import { SETTINGS } from '../../../core/addresses';
import { settingIn, valueAt } from '../../../analysis/model/settings';
import type { GuardrailRule } from '../../../guardrails/rule';
import { GUEST_ROLES, INVITERS } from '../graph';

const ALLOWED_ROLES: ReadonlySet<string> = new Set([GUEST_ROLES.restricted, GUEST_ROLES.limited]);
const ALLOWED_INVITERS: ReadonlySet<string> = new Set(Object.values(INVITERS));

export const guestsRestricted: GuardrailRule = {
  id: 'PRM-SET002',
  severity: 'error',
  trigger: 'Guests get the same directory access as members, or any member (or everyone) may invite guests.',
  explanation:
    'A guest with member access can enumerate every user, group and role holder: the reconnaissance a phishing campaign wants. Invitations from every member let anyone bring an outsider in, past the review that admins and Guest Inviters give. MS.AAD.8.1 wants limited or restricted guest access, 8.2 invitations from admins and Guest Inviters only.',
  fix: 'Set authorization.guestAccess to restricted or limited and authorization.guestInvites to admins-and-guest-inviters (or nobody).',
  check({ model }) {
    const s = settingIn(model, SETTINGS.authorizationPolicy);
    if (!s) return [];
    const findings = [];
    const role = valueAt(s.declared, 'guestUserRoleId');
    if (typeof role === 'string' && !ALLOWED_ROLES.has(role.toLowerCase())) {
      findings.push({ address: s.address, target: 'authorization', message: `guests get the guest role ${role === GUEST_ROLES['same-as-members'] ? 'User (same access as members)' : role}; MS.AAD.8.1 allows restricted or limited access` });
    }
    const inviters = valueAt(s.declared, 'allowInvitesFrom');
    if (typeof inviters === 'string' && !ALLOWED_INVITERS.has(inviters)) {
      findings.push({ address: s.address, target: 'authorization', message: `guests may be invited by ${inviters}; MS.AAD.8.2 allows admins and Guest Inviters only` });
    }
    return findings;
  },
};
