/** authorization: its defaults, the two Graph documents, and the report in identity terms. */
import { readSynthesizedStack } from '../../analysis/model/read';
import { buildReport } from '../../analysis/report/document';
import { renderMarkdown } from '../../analysis/report/render';
import { loadEnvironments } from '../../cli/environments';
import { declaredFacts } from '../../environment/declared';
import { REPORT_SECTIONS } from '../registry';
import { loadMutated, SAMPLE_DIR, synthStacks } from '../../__tests__/helpers/synth';

const stacks = synthStacks();
const environments = Object.fromEntries(loadEnvironments(SAMPLE_DIR).map((e) => [e.name, e]));
const report = (name: string) => renderMarkdown(buildReport(readSynthesizedStack(stacks[name], { declared: declaredFacts(environments[name]!) }), REPORT_SECTIONS));

test('defaults: no app registration, no user consent, restricted guests, admins and Guest Inviters invite, MSOnline blocked', () => {
  const spec = environments['prod']!.authorization!;
  expect(spec).toMatchObject({
    usersCanRegisterApps: false,
    userConsent: 'none',
    keepOwnedResourceConsent: [],
    guestAccess: 'restricted',
    guestInvites: 'admins-and-guest-inviters',
    adminSelfServicePasswordReset: false,
    blockMsolPowerShell: true,
    adminConsent: { requestDurationInDays: 30, remindersEnabled: true },
  });
});

test('enabled (dev): the authorization policy is PATCHed whole, the admin consent policy PUT', () => {
  const writes = stacks['dev']!.resource['msgraph_update_resource'] as Record<string, any>;
  expect(writes['settings_authorization_policy']).toMatchObject({
    url: 'policies/authorizationPolicy',
    body: {
      allowInvitesFrom: 'adminsAndGuestInviters',
      guestUserRoleId: '2af84b1e-32c8-42b7-82bc-daa82404023b',
      blockMsolPowerShell: true,
      defaultUserRolePermissions: { allowedToCreateApps: false, allowedToReadOtherUsers: true, permissionGrantPoliciesAssigned: [] },
    },
  });
  expect(writes['settings_authorization_policy']!.update_method).toBeUndefined();
  expect(writes['settings_admin_consent_request_policy']).toMatchObject({
    url: 'policies/adminConsentRequestPolicy',
    update_method: 'PUT',
    body: { isEnabled: true, reviewers: [{ query: '/users/ae000000-0000-4000-8000-00000000de01', queryType: 'MicrosoftGraph' }] },
  });
});

test('low-risk consent and kept owned-resource policies; no admin consent workflow with no user consent warns', () => {
  const env = loadMutated('prod', (e) => {
    e.authorization.userConsent = 'low-risk-from-verified-publishers';
    e.authorization.keepOwnedResourceConsent = ['microsoft-dynamically-managed-permissions-for-team'];
  }).environment!;
  expect(env.authorization!.userConsent).toBe('low-risk-from-verified-publishers');
  const warned = loadMutated('prod', (e) => delete e.authorization.adminConsent).environment!;
  expect(warned.warnings).toContainEqual(expect.stringContaining('no way to ask an admin (MS.AAD.5.3)'));
  expect(loadMutated('prod', (e) => (e.authorization.guestAccess = 'same-as-members')).problems).toEqual([
    expect.stringMatching(/^prod\.yaml:\d+: authorization\.guestAccess: /),
  ]);
});

test('the report shows every settings block in identity terms, at its stage', () => {
  const prod = report('prod');
  expect(prod).toContain('## Authorization and consent');
  expect(prod).toContain('stage: report-only (each plan reads the tenant and warns about every difference; nothing is written)');
  expect(prod).toContain('guests: restricted: their own directory objects only');
  expect(prod).toContain('who may invite guests: admins and Guest Inviters');
  expect(prod).toContain('users may consent to: nothing (admins consent)');
  expect(prod).toContain('requests go to: members of group 6f000000-0000-4000-8000-0000000000a1');
  expect(prod).toContain('## Authentication methods');
  expect(prod).toContain('enabled for: all users');
  expect(prod).toContain('## Directory sync settings');
  expect(prod).toContain('hard-match takeover of cloud accounts blocked: yes');
  expect(prod).toContain('password hash sync (owned by the sync client, asserted): yes');
  expect(prod).toContain('accidental deletion: an export deleting more than 500 objects stops for review');
  expect(prod).toContain('## Device registration');
  expect(prod).toContain('tenant-wide MFA to register or join devices: not required; Conditional Access asks instead: CA012 (disabled)');
  expect(prod).toContain("## Directory roles' own PIM settings");
  expect(prod).toContain('approval by members of 6f000000-0000-4000-8000-0000000000a1; ae000000-0000-4000-8000-000000000001');
  const dev = report('dev');
  expect(dev).toContain('stage: enabled (a deploy writes it)');
  expect(dev).toContain('activation lasts at most PT2H; needs a justification, MFA');
});
