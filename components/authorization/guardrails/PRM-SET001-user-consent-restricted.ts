import { SETTINGS } from '../../../core/addresses';
import { settingIn, valueAt } from '../../../analysis/model/settings';
import type { GuardrailRule } from '../../../guardrails/rule';
import { LOW_RISK_CONSENT_POLICY } from '../graph';

const SELF = 'managepermissiongrantsforself.';

export const userConsentRestricted: GuardrailRule = {
  id: 'PRM-SET001',
  severity: 'error',
  trigger: 'The authorization policy lets users consent to apps beyond low-impact permissions from verified publishers, or lets them register applications.',
  explanation:
    'Illicit consent grants are how a phishing link becomes standing access to mail and files: a user consents, the app keeps a refresh token no password reset revokes. MS.AAD.5.1 and 5.2 allow user consent only to low-impact permissions of verified publishers, or not at all, and only administrators register apps. The check reads the permission grant policies and the app-registration flag as synthesized (written or compared).',
  fix: 'Set authorization.userConsent to none (or low-risk-from-verified-publishers) and authorization.usersCanRegisterApps to false.',
  check({ model }) {
    const s = settingIn(model, SETTINGS.authorizationPolicy);
    if (!s) return [];
    const findings = [];
    const grants = valueAt(s.declared, 'defaultUserRolePermissions.permissionGrantPoliciesAssigned');
    const broad = (Array.isArray(grants) ? grants : []).filter(
      (g): g is string => typeof g === 'string' && g.toLowerCase().startsWith(SELF) && g.toLowerCase() !== LOW_RISK_CONSENT_POLICY.toLowerCase(),
    );
    if (broad.length) {
      findings.push({ address: s.address, target: 'authorization', message: `users may consent to apps through ${broad.join(', ')}: more than low-impact permissions from verified publishers` });
    }
    if (valueAt(s.declared, 'defaultUserRolePermissions.allowedToCreateApps') === true) {
      findings.push({ address: s.address, target: 'authorization', message: 'members may register applications (MS.AAD.5.1): an app a user registers can be granted consent and keep access after they leave' });
    }
    return findings;
  },
};
