import type { Finding, GuardrailRule, RuleContext } from '../model';
import { caPolicies, includesAllApps, includesAllUsers, isBlock, narrowingConditions, type CaPolicyJson } from '../ca-json';
import { AUTHENTICATION_STRENGTHS } from '../../../policies/well-known';
import { DIRECTORY_ROLES } from '../../../policies/directory-roles';

const controls = (p: CaPolicyJson) => p.grant_controls?.built_in_controls ?? [];
const sameSet = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x) => b.includes(x));

/**
 * A completeness rule passes when some policy (at any stage) has the protection. It is an
 * error in the highest ring, which must carry the whole baseline, and a warning elsewhere.
 */
function completeness(
  id: string,
  what: string,
  explanation: string,
  fix: string,
  has: (p: CaPolicyJson) => boolean,
): GuardrailRule {
  return {
    id,
    severity: 'error',
    area: 'Baseline completeness',
    trigger: `No policy ${what}.`,
    explanation: `${explanation} Checked in every environment: an error in the highest ring, which must have the whole baseline at some stage, and a warning in lower rings.`,
    fix,
    check({ tf, environment, isHighestRing }: RuleContext): Finding[] {
      if (caPolicies(tf).some(({ policy }) => has(policy))) return [];
      return [
        {
          address: environment.file,
          target: environment.name,
          message: `${environment.name} has no policy that ${what.replace(/^that /, '')}`,
          severity: isHighestRing ? 'error' : 'warning',
        },
      ];
    },
  };
}

export const legacyAuthBlocked = completeness(
  'PRM-BAS001',
  'that blocks legacy authentication (exchangeActiveSync and other in one policy)',
  'Legacy protocols cannot do MFA, so every MFA policy is bypassed by IMAP, POP, SMTP AUTH and basic-auth ActiveSync. Both legacy client types belong in one block policy so neither can be promoted or disabled without the other.',
  'Keep CA003 in the environment; do not split its client app types.',
  (p) => isBlock(p) && includesAllUsers(p) && ['exchangeActiveSync', 'other'].every((c) => (p.conditions.client_app_types ?? []).includes(c)),
);

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
    ((controls(p).includes('mfa') && (p.grant_controls?.operator === 'AND' || controls(p).every((c) => c === 'mfa'))) ||
      (p.grant_controls?.authentication_strength_policy_id !== undefined && (p.grant_controls.operator === 'AND' || controls(p).length === 0))),
);

export const phishingResistantForAdmins = completeness(
  'PRM-BAS003',
  'that requires phishing-resistant MFA for the privileged roles',
  'Administrators are the target of adversary-in-the-middle phishing, which relays ordinary MFA. Only phishing-resistant methods (FIDO2, Windows Hello for Business, certificates) stop it.',
  'Keep CA002 in the environment, targeting at least Global Administrator and Privileged Role Administrator.',
  (p) =>
    p.grant_controls?.authentication_strength_policy_id === AUTHENTICATION_STRENGTHS['phishing-resistant'] &&
    [DIRECTORY_ROLES['Global Administrator'], DIRECTORY_ROLES['Privileged Role Administrator']].every((r) =>
      (p.conditions.users.included_roles ?? []).includes(r),
    ),
);

export const highSignInRiskBlocked = completeness(
  'PRM-BAS004',
  'that blocks high sign-in risk',
  'A high-risk sign-in (password spray, anonymous IP, token replay) is most likely an attacker; letting it through on MFA alone relies on the attacker not having the second factor.',
  'Keep CA008 in the environment.',
  (p) => isBlock(p) && includesAllUsers(p) && sameSet(p.conditions.sign_in_risk_levels ?? [], ['high']),
);

export const highUserRiskResponse = completeness(
  'PRM-BAS005',
  'that responds to high user risk (secure password change, or block)',
  'High user risk means the credentials are believed leaked. Without a response, a leaked password keeps working until someone notices.',
  'Keep CA010 in the environment (userRiskResponse chooses passwordChange or block).',
  (p) =>
    includesAllUsers(p) &&
    (p.conditions.user_risk_levels ?? []).includes('high') &&
    (isBlock(p) || (p.grant_controls?.operator === 'AND' && ['mfa', 'passwordChange'].every((c) => controls(p).includes(c)))),
);

export const deviceCodeFlowBlocked = completeness(
  'PRM-BAS006',
  'that blocks device code flow',
  'Device code phishing gets a victim to enter a code that signs the attacker in, MFA included. Almost no organisation needs the flow.',
  'Keep CA004 in the environment.',
  (p) => isBlock(p) && includesAllUsers(p) && (p.conditions.authentication_flow_transfer_methods ?? []).includes('deviceCodeFlow'),
);

export const securityInfoRegistrationProtected = completeness(
  'PRM-BAS007',
  'that protects security info registration',
  'If registering an MFA method needs only a password, a phished password becomes an attacker-owned MFA method and every MFA policy is satisfied by the attacker.',
  'Keep CA011 in the environment.',
  (p) => (p.conditions.applications.included_user_actions ?? []).includes('urn:user:registersecurityinfo') && controls(p).length > 0 && !isBlock(p),
);
