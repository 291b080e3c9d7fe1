/**
 * One focused test per Conditional Access evaluation rule (ca-evaluation-semantics.md), each
 * with the case an evaluator usually gets wrong.
 */
import { evaluate } from './evaluate';
import {
  AZURE_PORTAL,
  BG1,
  BLOCK,
  CUSTOM_APP,
  EXCHANGE,
  GLOBAL_ADMIN,
  GROUP_A,
  GROUP_B,
  MFA,
  SHAREPOINT,
  USER,
  applies,
  policy,
  run,
  signIn,
  stack,
} from '../../__tests__/helpers/whatif-fixture';

const ALL_GUEST_TYPES = ['internalGuest', 'b2bCollaborationGuest', 'b2bCollaborationMember', 'b2bDirectConnectUser', 'otherExternalUser', 'serviceProvider'];

describe('users: include minus exclude, exclusion always wins', () => {
  const env = stack({
    CA100: policy({ users: { included_groups: [GROUP_A], excluded_groups: [GROUP_B] }, grant: MFA }),
    CA101: policy({ users: { included_users: ['All'], excluded_roles: [GLOBAL_ADMIN] }, grant: MFA }),
    CA102: policy({ users: { included_roles: [GLOBAL_ADMIN], excluded_users: [USER] }, grant: MFA }),
  });

  test('a user in both the included and the excluded group is excluded (the classic mistake: include checked last)', () => {
    const r = run(env, { user: { id: USER, groups: [GROUP_A, GROUP_B] } });
    expect(applies(r, 'CA100')).toEqual({ applies: false, reasons: ['users'], undecidedBy: undefined });
    expect(applies(run(env, { user: { id: USER, groups: [GROUP_A] } }), 'CA100').applies).toBe(true);
  });

  test('All is beaten by an excluded role, and an included role by an excluded user id', () => {
    const admin = run(env, { user: { id: USER, roles: [GLOBAL_ADMIN] } });
    expect(applies(admin, 'CA101').applies).toBe(false);
    expect(applies(admin, 'CA102').applies).toBe(false);
    const otherAdmin = run(env, { user: { id: 'e0000000-0000-4000-8000-0000000000a2', roles: [GLOBAL_ADMIN] } });
    expect(applies(otherAdmin, 'CA102').applies).toBe(true);
  });

  test('membership the stack declares (the break-glass group) counts without being passed in', () => {
    const r = run(env, { user: { id: BG1 } });
    const bgEnv = stack({ CA103: policy({ grant: BLOCK }) });
    expect(applies(evaluate(bgEnv, signIn({ user: { id: BG1 } })), 'CA103').applies).toBe(false);
    expect(applies(r, 'CA101').applies).toBe(true);
  });
});

describe('guests and external users', () => {
  const env = stack({
    CA110: policy({ users: { included_guests_or_external_users: [{ guest_or_external_user_types: ALL_GUEST_TYPES, external_tenants: [{ membership_kind: 'all' }] }] }, grant: MFA }),
    CA111: policy({
      users: { included_users: ['All'], excluded_guests_or_external_users: [{ guest_or_external_user_types: ['b2bCollaborationGuest'], external_tenants: [{ membership_kind: 'enumerated', members: ['e7000000-0000-4000-8000-000000000001'] }] }] },
      grant: MFA,
    }),
    CA112: policy({ users: { included_users: ['GuestsOrExternalUsers'] }, grant: MFA }),
  });

  test('a member is not a guest; every guest type is', () => {
    expect(applies(run(env), 'CA110').applies).toBe(false);
    expect(applies(run(env, { user: { id: USER, guestType: 'b2bDirectConnectUser' } }), 'CA110').applies).toBe(true);
    expect(applies(run(env, { user: { id: USER, guestType: 'internalGuest' } }), 'CA112').applies).toBe(true);
    expect(applies(run(env), 'CA112').applies).toBe(false);
  });

  test('an exclusion for guests from enumerated tenants wins only for those tenants, and needs the tenant to decide', () => {
    const fromListed = run(env, { user: { id: USER, guestType: 'b2bCollaborationGuest', externalTenantId: 'e7000000-0000-4000-8000-000000000001' } });
    expect(applies(fromListed, 'CA111').applies).toBe(false);
    const fromOther = run(env, { user: { id: USER, guestType: 'b2bCollaborationGuest', externalTenantId: 'e7000000-0000-4000-8000-000000000002' } });
    expect(applies(fromOther, 'CA111').applies).toBe(true);
    const unknownTenant = run(env, { user: { id: USER, guestType: 'b2bCollaborationGuest' } });
    expect(applies(unknownTenant, 'CA111')).toEqual({ applies: 'unknown', reasons: ['notEnoughInformation'], undecidedBy: ['externalTenantId'] });
  });
});

describe('applications: All, app groups from one table, user actions', () => {
  const env = stack({
    CA120: policy({ applications: { included_applications: ['Office365'] }, grant: MFA }),
    CA121: policy({ applications: { included_applications: ['All'], excluded_applications: ['Office365'] }, grant: MFA }),
    CA122: policy({ applications: { included_applications: ['MicrosoftAdminPortals'] }, grant: MFA }),
    CA123: policy({ applications: { included_user_actions: ['urn:user:registersecurityinfo'] }, grant: MFA }),
    CA124: policy({ applications: { included_applications: [CUSTOM_APP] }, grant: MFA }),
  });

  test('Office365 reaches Exchange by its app id; excluding Office365 excludes SharePoint (the mistake: comparing the literal "Office365" with an app id)', () => {
    const exchange = run(env, { resource: { kind: 'app', appId: EXCHANGE, suites: ['Office365'] } });
    expect(applies(exchange, 'CA120').applies).toBe(true);
    const sharepoint = run(env, { resource: { kind: 'app', appId: SHAREPOINT, suites: ['Office365'] } });
    expect(applies(sharepoint, 'CA121')).toEqual({ applies: false, reasons: ['application'], undecidedBy: undefined });
    const custom = run(env, { resource: { kind: 'app', appId: CUSTOM_APP, suites: [] } });
    expect(applies(custom, 'CA120').applies).toBe(false);
    expect(applies(custom, 'CA121').applies).toBe(true);
    expect(applies(custom, 'CA124').applies).toBe(true);
  });

  test('MicrosoftAdminPortals reaches the Azure portal', () => {
    expect(applies(run(env, { resource: { kind: 'app', appId: AZURE_PORTAL, suites: ['MicrosoftAdminPortals'] } }), 'CA122').applies).toBe(true);
    expect(applies(run(env, { resource: { kind: 'app', appId: EXCHANGE, suites: ['Office365'] } }), 'CA122').applies).toBe(false);
  });

  test('a user action reaches its policy and All-resources policies, never a policy naming apps', () => {
    const r = run(env, { resource: { kind: 'userAction', action: 'urn:user:registersecurityinfo' } });
    expect(applies(r, 'CA123').applies).toBe(true);
    expect(applies(r, 'CA121').applies).toBe(true);
    expect(applies(r, 'CA124')).toEqual({ applies: false, reasons: ['userActions'], undecidedBy: undefined });
    const device = run(env, { resource: { kind: 'userAction', action: 'urn:user:registerdevice' } });
    expect(applies(device, 'CA123').reasons).toEqual(['userActions']);
    expect(applies(run(env), 'CA123').reasons).toEqual(['application']);
  });
});

describe('locations: All, AllTrusted, CIDR and country', () => {
  const env = stack({
    CA130: policy({ conditions: { locations: { included_locations: ['All'], excluded_locations: ['AllTrusted'] } }, grant: MFA }),
    CA131: policy({ conditions: { locations: { included_locations: ['${azuread_named_location.branch.object_id}'] } }, grant: MFA }),
    CA132: policy({ conditions: { locations: { included_locations: ['All'], excluded_locations: ['${azuread_named_location.countries.object_id}'] } }, grant: BLOCK }),
    CA133: policy({ conditions: { locations: { included_locations: ['${azuread_named_location.countries_or_unknown.object_id}'] } }, grant: MFA }),
  });

  test('AllTrusted is every trusted IP location and nothing else; the range ends are exact', () => {
    expect(applies(run(env, { ip: '203.0.113.127' }), 'CA130').applies).toBe(false);
    expect(applies(run(env, { ip: '203.0.113.128' }), 'CA130').applies).toBe(true);
    expect(applies(run(env, { ip: '2001:db8:1:ffff::1' }), 'CA130').applies).toBe(false);
    // The branch location is not trusted: excluding AllTrusted does not exclude it.
    expect(applies(run(env, { ip: '198.51.100.10' }), 'CA130').applies).toBe(true);
  });

  test('a selected IP location matches only addresses inside its ranges', () => {
    expect(applies(run(env, { ip: '198.51.100.63' }), 'CA131').applies).toBe(true);
    expect(applies(run(env, { ip: '198.51.100.64' }), 'CA131')).toEqual({ applies: false, reasons: ['location'], undecidedBy: undefined });
  });

  test('countries match by code; an address with no country matches only includeUnknown', () => {
    expect(applies(run(env, { country: 'DE' }), 'CA132').applies).toBe(false);
    expect(applies(run(env, { country: 'US' }), 'CA132').applies).toBe(true);
    expect(applies(run(env, { country: 'unknown' }), 'CA132').applies).toBe(true);
    expect(applies(run(env, { country: 'unknown' }), 'CA133').applies).toBe(true);
    expect(applies(run(env, { country: 'GB' }), 'CA133').applies).toBe(false);
  });

  test('a missing address or country is not guessed', () => {
    const { ip: _ip, country: _country, ...rest } = signIn();
    const r = evaluate(env, rest);
    expect(applies(r, 'CA131')).toEqual({ applies: 'unknown', reasons: ['notEnoughInformation'], undecidedBy: ['ip'] });
    expect(applies(r, 'CA132')).toEqual({ applies: 'unknown', reasons: ['notEnoughInformation'], undecidedBy: ['country'] });
    expect(r.decision).toBe('notEnoughInformation');
    expect(r.undecidedBy).toEqual(expect.arrayContaining(['ip', 'country']));
  });
});

describe('platforms: unconfigured or all includes unknown platforms', () => {
  const env = stack({
    CA140: policy({ conditions: { platforms: { included_platforms: ['all'], excluded_platforms: ['android', 'iOS', 'windows', 'macOS', 'linux'] } }, grant: BLOCK }),
    CA141: policy({ conditions: { platforms: { included_platforms: ['android', 'iOS'] } }, grant: MFA }),
    CA142: policy({ grant: MFA }),
  });

  test('an unrecognised platform is caught by include all (the mistake: treating unknown as not matching anything)', () => {
    const r = run(env, { platform: 'unknown' });
    expect(applies(r, 'CA140').applies).toBe(true);
    expect(applies(r, 'CA141').reasons).toEqual(['devicePlatform']);
    expect(applies(r, 'CA142').applies).toBe(true);
    expect(r.decision).toBe('block');
  });

  test('an excluded platform is out even though all includes it', () => {
    expect(applies(run(env, { platform: 'iOS' }), 'CA140').applies).toBe(false);
    expect(applies(run(env, { platform: 'windowsPhone' }), 'CA140').applies).toBe(true);
  });
});

describe('client app types: legacy protocols are "other"', () => {
  const env = stack({
    CA150: policy({ conditions: { client_app_types: ['exchangeActiveSync', 'other'] }, grant: BLOCK }),
    CA151: policy({ conditions: { client_app_types: ['easSupported'] }, grant: MFA }),
    CA152: policy({ grant: MFA }),
  });

  test('other and EAS are caught, modern clients are not; all includes legacy clients', () => {
    expect(run(env, { clientApp: 'other' }).blockedBy.map((b) => b.policy)).toEqual(['CA150', 'CA152']);
    expect(applies(run(env, { clientApp: 'browser' }), 'CA150').reasons).toEqual(['clientApps']);
    expect(applies(run(env, { clientApp: 'mobileAppsAndDesktopClients' }), 'CA150').applies).toBe(false);
    expect(applies(run(env, { clientApp: 'exchangeActiveSync' }), 'CA151').applies).toBe(true);
    expect(applies(run(env, { clientApp: 'other' }), 'CA152').applies).toBe(true);
  });

  test('a legacy client cannot satisfy MFA, so an MFA policy blocks it in effect', () => {
    const env2 = stack({ CA153: policy({ grant: MFA }) });
    const r = run(env2, { clientApp: 'exchangeActiveSync' });
    expect(r.decision).toBe('block');
    expect(r.blockedBy[0]!.why).toContain('a legacy exchangeActiveSync client can do no MFA');
    expect(r.warnings.join(' ')).toContain('legacy authentication clients cannot satisfy MFA');
  });
});

describe('risk levels are sets, not thresholds', () => {
  const env = stack({
    CA160: policy({ conditions: { sign_in_risk_levels: ['high'] }, grant: BLOCK }),
    CA161: policy({ conditions: { sign_in_risk_levels: ['medium'] }, grant: MFA }),
    CA162: policy({ conditions: { user_risk_levels: ['high'] }, grant: { operator: 'AND', built_in_controls: ['mfa', 'passwordChange'] } }),
  });

  test('a policy for medium does not apply to high (the threshold mistake) and one for high not to medium', () => {
    expect(applies(run(env, { signInRisk: 'high' }), 'CA161').reasons).toEqual(['signInRisk']);
    expect(applies(run(env, { signInRisk: 'medium' }), 'CA160').reasons).toEqual(['signInRisk']);
    expect(applies(run(env, { signInRisk: 'medium' }), 'CA161').applies).toBe(true);
    expect(applies(run(env, { userRisk: 'medium' }), 'CA162').reasons).toEqual(['userRisk']);
  });

  test('high user risk needs MFA AND a password change', () => {
    const r = run(env, { userRisk: 'high' });
    expect(r.decision).toBe('grant');
    expect(r.summary).toEqual(['change the password after MFA (CA162)', 'authenticate with MFA']);
    expect(r.warnings).toEqual([]);
    expect(r.requirements).toEqual([
      { policy: 'CA162', operator: 'AND', status: 'required', controls: [{ control: 'mfa', status: 'required' }, { control: 'passwordChange', status: 'required' }] },
    ]);
  });
});

test('grant combinations Microsoft rejects are named: passwordChange without AND mfa or user risk, mfa with a strength', () => {
  const env = stack({
    CA163: policy({ grant: { operator: 'OR', built_in_controls: ['mfa', 'passwordChange'] } }),
    CA164: policy({ grant: { operator: 'OR', built_in_controls: ['mfa'], authentication_strength_policy_id: '/policies/authenticationStrengthPolicies/00000000-0000-0000-0000-000000000002' } }),
  });
  expect(env.problems).toEqual([
    'CA163: passwordChange must be combined with mfa using the AND operator; Microsoft rejects it otherwise',
    'CA163: passwordChange needs a user risk condition; Microsoft rejects it otherwise',
    'CA164: mfa and an authentication strength cannot be in the same policy; use the strength alone',
  ]);
  expect(run(env).warnings).toEqual(env.problems);
});

describe('device filters in policies', () => {
  const env = stack({
    CA170: policy({ conditions: { devices: { filter: { mode: 'include', rule: 'device.isCompliant -ne True -and device.trustType -ne "ServerAD"' } } }, session: { sign_in_frequency: 12, sign_in_frequency_period: 'hours' } }),
    CA171: policy({ conditions: { devices: { filter: { mode: 'include', rule: 'device.trustType -eq "AzureAD"' } } }, grant: MFA }),
    CA172: policy({ conditions: { devices: { filter: { mode: 'exclude', rule: 'device.extensionAttribute1 -eq "kiosk"' } } }, grant: MFA }),
  });

  test('an unregistered device: negative operators match, positive ones do not (the null mistake)', () => {
    const r = run(env, { device: { state: 'unregistered' } });
    expect(applies(r, 'CA170').applies).toBe(true);
    expect(applies(r, 'CA171').reasons).toEqual(['devices']);
    expect(applies(r, 'CA172').applies).toBe(true);
  });

  test('a hybrid-joined or compliant device is out of the unmanaged-device filter', () => {
    expect(applies(run(env, { device: { state: 'hybrid' } }), 'CA170').applies).toBe(false);
    expect(applies(run(env, { device: { state: 'compliant' } }), 'CA170').applies).toBe(false);
    expect(applies(run(env, { device: { state: 'registered' } }), 'CA170').applies).toBe(true);
  });

  test('extension attributes are visible only on compliant or hybrid devices', () => {
    const kiosk = { extensionAttribute1: 'KIOSK' };
    expect(applies(run(env, { device: { state: 'compliant', properties: kiosk } }), 'CA172').applies).toBe(false);
    expect(applies(run(env, { device: { state: 'registered', properties: kiosk } }), 'CA172').applies).toBe(true);
  });

  test('a device that is not known leaves a filter policy undecided', () => {
    const { device: _d, ...rest } = signIn();
    expect(applies(evaluate(env, rest), 'CA171')).toEqual({ applies: 'unknown', reasons: ['notEnoughInformation'], undecidedBy: ['device'] });
  });

  test('a rule that does not parse makes the policy invalidCondition, and says why', () => {
    const bad = stack({ CA173: policy({ conditions: { devices: { filter: { mode: 'include', rule: 'device.colour -eq "red"' } } }, grant: BLOCK }) });
    const r = run(bad);
    expect(applies(r, 'CA173').reasons).toEqual(['invalidCondition']);
    expect(r.warnings[0]).toContain('CA173: device filter rule, at character 1: device.colour is not a device property filters can use');
  });
});

describe('authentication flows', () => {
  const env = stack({ CA180: policy({ conditions: { authentication_flow_transfer_methods: ['deviceCodeFlow'] }, grant: BLOCK }) });
  test('only the listed flow is caught; no flow is not a flow', () => {
    expect(run(env, { flow: 'deviceCodeFlow' }).decision).toBe('block');
    expect(applies(run(env, { flow: 'authenticationTransfer' }), 'CA180').reasons).toEqual(['authenticationFlow']);
    expect(run(env, { flow: 'none' }).decision).toBe('allow');
  });
});

describe('combining policies', () => {
  test('block wins over every grant, whatever else applies', () => {
    const env = stack({ CA190: policy({ grant: MFA }), CA191: policy({ grant: BLOCK }) });
    const r = run(env);
    expect(r.decision).toBe('block');
    expect(r.blockedBy).toEqual([{ policy: 'CA191', why: 'block control' }]);
    expect(r.sessionControls.signInFrequency).toBeUndefined();
  });

  test('every applying policy must be met (AND of policies), OR within a policy is one of', () => {
    const env = stack({
      CA192: policy({ grant: MFA }),
      CA193: policy({ grant: { operator: 'OR', built_in_controls: ['compliantDevice', 'domainJoinedDevice'] } }),
      CA194: policy({ grant: { operator: 'AND', built_in_controls: ['mfa', 'compliantDevice'] } }),
    });
    const hybrid = run(env, { device: { state: 'hybrid' } });
    // OR: a hybrid-joined device meets CA193 without being compliant; AND: CA194 still needs compliance.
    expect(hybrid.requirements.find((r) => r.policy === 'CA193')!.status).toBe('satisfied');
    expect(hybrid.requirements.find((r) => r.policy === 'CA194')!.status).toBe('unknown');
    expect(hybrid.decision).toBe('notEnoughInformation');
    expect(hybrid.undecidedBy).toEqual(['device']);
    const compliant = run(env, { device: { state: 'compliant' } });
    expect(compliant.decision).toBe('grant');
    expect(compliant.requirements.map((r) => `${r.policy}:${r.status}`)).toEqual(['CA192:required', 'CA193:satisfied', 'CA194:required']);
    const unmanaged = run(env, { device: { state: 'registered' } });
    expect(unmanaged.decision).toBe('block');
    expect(unmanaged.blockedBy.map((b) => b.policy)).toEqual(['CA193', 'CA194']);
  });

  test('authentication strengths are nested: phishing-resistant satisfies mfa as well', () => {
    const env = stack({
      CA195: policy({ grant: MFA }),
      CA196: policy({ grant: { operator: 'OR', authentication_strength_policy_id: '/policies/authenticationStrengthPolicies/00000000-0000-0000-0000-000000000004' } }),
    });
    const r = run(env);
    expect(r.decision).toBe('grant');
    expect(r.summary).toEqual(['authenticate with phishing-resistant MFA; it also satisfies CA195 mfa, CA196 authentication strength phishing-resistant (built-in strengths are nested)']);
  });

  test('device code flow cannot satisfy a device control', () => {
    const env = stack({ CA197: policy({ grant: { operator: 'OR', built_in_controls: ['compliantDevice'] } }) });
    expect(run(env, { device: { state: 'compliant' }, flow: 'deviceCodeFlow' }).decision).toBe('block');
    expect(run(env, { device: { state: 'compliant' } }).decision).toBe('grant');
  });

  test('approved client apps exist only on iOS and Android', () => {
    const env = stack({ CA198: policy({ grant: { operator: 'OR', built_in_controls: ['approvedApplication', 'compliantApplication'] } }) });
    expect(run(env, { platform: 'iOS' }).decision).toBe('grant');
    expect(run(env, { platform: 'windows' }).decision).toBe('block');
  });
});

describe('session controls: merged, the most restrictive wins', () => {
  const env = stack({
    CA200: policy({ session: { sign_in_frequency: 12, sign_in_frequency_period: 'hours', persistent_browser_mode: 'always' } }),
    CA201: policy({ session: { sign_in_frequency: 1, sign_in_frequency_period: 'days', persistent_browser_mode: 'never' } }),
    CA202: policy({ conditions: { sign_in_risk_levels: ['medium'] }, grant: MFA, session: { sign_in_frequency_interval: 'everyTime' } }),
  });

  test('the shorter frequency and never-persistent win, and the output says so', () => {
    const r = run(env);
    expect(r.decision).toBe('allow');
    expect(r.sessionControls.signInFrequency).toEqual({ everyTime: false, hours: 12, text: '12 hours', from: ['CA200'] });
    expect(r.sessionControls.persistentBrowser).toEqual({ mode: 'never', from: ['CA201'] });
    expect(r.sessionControls.notes).toEqual([
      'sign-in frequency: the most restrictive wins (CA200 12 hours, CA201 1 days): 12 hours',
      'persistent browser: the most restrictive wins (never beats always): never (CA200 always, CA201 never)',
    ]);
  });

  test('every time beats any interval', () => {
    expect(run(env, { signInRisk: 'medium' }).sessionControls.signInFrequency).toEqual({ everyTime: true, from: ['CA202'] });
  });
});

describe('report-only and disabled policies', () => {
  const env = stack({
    CA210: policy({ state: 'enabledForReportingButNotEnforced', grant: BLOCK }),
    CA211: policy({ state: 'enabledForReportingButNotEnforced', grant: MFA }),
    CA212: policy({ state: 'disabled', grant: BLOCK }),
    CA213: policy({ state: 'enabledForReportingButNotEnforced', session: { persistent_browser_mode: 'never' } }),
  });

  test('a report-only block does not block (the mistake: enforcing report-only) but is listed as would block', () => {
    const r = run(env);
    expect(r.decision).toBe('allow');
    expect(r.reportOnly.map((p) => `${p.id}:${p.outcome}`)).toEqual(['CA210:wouldBlock', 'CA211:wouldRequire', 'CA213:wouldApply']);
    expect(r.sessionControls.persistentBrowser).toBeUndefined();
  });

  test('a disabled policy is not evaluated', () => {
    expect(applies(run(env), 'CA212').reasons).toEqual(['policyNotEnabled']);
  });
});

describe('three-valued answers', () => {
  const env = stack({
    CA220: policy({ conditions: { platforms: { included_platforms: ['android'] } }, grant: BLOCK }),
    CA221: policy({ conditions: { sign_in_risk_levels: ['high'] }, grant: BLOCK }),
  });

  test('an unknown input that decides a block gives notEnoughInformation and names the input', () => {
    const { platform: _p, ...rest } = signIn();
    const r = evaluate(env, rest);
    expect(r.decision).toBe('notEnoughInformation');
    expect(r.undecidedBy).toEqual(['platform']);
    expect(r.undecidedPolicies).toEqual(['CA220']);
  });

  test('a definite block is a block even when another input is unknown', () => {
    const { platform: _p, ...rest } = signIn({ signInRisk: 'high' });
    expect(evaluate(env, rest).decision).toBe('block');
  });

  test('each policy answers with the inputs that would decide it', () => {
    const { platform: _p, ...rest } = signIn();
    const [first, second] = evaluate(env, rest).policies;
    expect(first).toMatchObject({ applies: 'unknown', reasons: ['notEnoughInformation'], undecidedBy: ['platform'] });
    expect(second).toMatchObject({ applies: false, reasons: ['signInRisk'] });
  });

  test('policies sharing a condition share its answer, the undecided inputs included, and nothing leaks to the next sign-in', () => {
    const shared = stack({
      CA230: policy({ conditions: { locations: { included_locations: ['${azuread_named_location.branch.object_id}'] } }, grant: BLOCK }),
      CA231: policy({ conditions: { locations: { included_locations: ['${azuread_named_location.branch.object_id}'] } }, grant: MFA }),
    });
    expect(shared.memo.gen.length).toBe(3);
    const { ip: _ip, ...rest } = signIn();
    const r = evaluate(shared, rest);
    expect([applies(r, 'CA230'), applies(r, 'CA231')]).toEqual([
      { applies: 'unknown', reasons: ['notEnoughInformation'], undecidedBy: ['ip'] },
      { applies: 'unknown', reasons: ['notEnoughInformation'], undecidedBy: ['ip'] },
    ]);
    const inBranch = run(shared, { ip: '198.51.100.1' });
    expect(inBranch.decision).toBe('block');
    expect(run(shared, { ip: '192.0.2.1' }).decision).toBe('allow');
  });

  test('an unknown input of a policy that cannot apply anyway does not matter', () => {
    const { platform: _p, ...rest } = signIn({ user: { id: BG1 } });
    expect(evaluate(env, rest).decision).toBe('allow');
  });
});
