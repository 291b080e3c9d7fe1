import { SETTINGS } from '../../core/addresses';
import { settingIn, valueAt } from '../../analysis/model/settings';
import type { ReportRow, ResourceSection } from '../../analysis/report/sections';
import type { EnvironmentModel } from '../../analysis/model/types';
import { stageLine, yesNo } from '../../analysis/report/settings';
import { GUEST_ROLES, LOW_RISK_CONSENT_POLICY, OWNED_RESOURCE_PREFIX } from './graph';

const GUEST_ROLE_WORDS: Readonly<Record<string, string>> = {
  [GUEST_ROLES.restricted]: 'restricted: their own directory objects only',
  [GUEST_ROLES.limited]: 'limited: no enumeration of users and groups',
  [GUEST_ROLES['same-as-members']]: 'the same access as members',
};

const INVITER_WORDS: Readonly<Record<string, string>> = {
  adminsAndGuestInviters: 'admins and Guest Inviters',
  none: 'nobody',
  adminsGuestInvitersAndAllMembers: 'admins, Guest Inviters and every member',
  everyone: 'everyone, guests included',
};

function consentWords(grants: unknown): string {
  const list = Array.isArray(grants) ? grants.filter((g): g is string => typeof g === 'string') : [];
  const self = list.filter((g) => !g.startsWith(OWNED_RESOURCE_PREFIX));
  const owned = list.filter((g) => g.startsWith(OWNED_RESOURCE_PREFIX)).map((g) => g.slice(OWNED_RESOURCE_PREFIX.length));
  const selfWords = self.length === 0 ? 'nothing (admins consent)' : self.map((g) => (g === LOW_RISK_CONSENT_POLICY ? 'low-impact permissions of apps from verified publishers' : g)).join('; ');
  return `users may consent to: ${selfWords}${owned.length ? `; kept for resources they own: ${owned.join(', ')}` : ''}`;
}

function rows(model: EnvironmentModel): ReportRow[] {
  const out: ReportRow[] = [];
  const policy = settingIn(model, SETTINGS.authorizationPolicy);
  if (policy) {
    const d = policy.declared;
    const role = String(valueAt(d, 'guestUserRoleId') ?? '');
    out.push([
      [policy.address, 'Authorization policy'],
      [
        stageLine(policy),
        `guests: ${GUEST_ROLE_WORDS[role] ?? role}`,
        `who may invite guests: ${INVITER_WORDS[String(valueAt(d, 'allowInvitesFrom'))] ?? String(valueAt(d, 'allowInvitesFrom'))}`,
        consentWords(valueAt(d, 'defaultUserRolePermissions.permissionGrantPoliciesAssigned')),
        `members may register applications: ${yesNo(valueAt(d, 'defaultUserRolePermissions.allowedToCreateApps'))}`,
        `members may create security groups: ${yesNo(valueAt(d, 'defaultUserRolePermissions.allowedToCreateSecurityGroups'))}`,
        `members may create tenants: ${yesNo(valueAt(d, 'defaultUserRolePermissions.allowedToCreateTenants'))}`,
        `self-service password reset for administrators: ${yesNo(valueAt(d, 'allowedToUseSSPR'))}`,
        `MSOnline PowerShell blocked: ${yesNo(valueAt(d, 'blockMsolPowerShell'))}`,
      ],
    ]);
  }
  const consent = settingIn(model, SETTINGS.adminConsentRequestPolicy);
  if (consent) {
    const d = consent.declared;
    const reviewers = (Array.isArray(d.reviewers) ? d.reviewers : []).map((r) => {
      const query = String((r as Record<string, unknown>).query ?? '');
      const m = /^\/(users|groups)\/([0-9a-f-]{36})/.exec(query);
      return m ? `${m[1] === 'users' ? 'user' : 'members of group'} ${model.labelOf(m[2]!)}` : query;
    });
    out.push([
      [consent.address, 'Admin consent workflow'],
      [stageLine(consent), `requests go to: ${reviewers.join('; ')}`, `a request stays open ${yesNo(d.requestDurationInDays)} days`, `reminders: ${yesNo(d.remindersEnabled)}`],
    ]);
  }
  return out;
}

export const AUTHORIZATION_REPORT: readonly ResourceSection[] = [
  {
    title: 'Authorization and consent',
    note: 'What members and guests may do in the directory, and how users ask for an app an admin must approve (ScubaGear MS.AAD.5.1-5.3, 8.1-8.2).',
    matches: (r) => r.type === 'msgraph_update_resource' && (r.name === SETTINGS.authorizationPolicy || r.name === SETTINGS.adminConsentRequestPolicy),
    rows,
  },
];
