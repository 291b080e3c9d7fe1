/**
 * Custom policies: policies/custom/<id>.yaml on the baseline's model, with everything azuread
 * 3.7.0 can express, bound to each environment by its logical names, and adopted in place.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { isPerimeterError } from '../../core/problems';
import { readSynthesizedStack } from '../../analysis/model/read';
import { checkReportOnlyFirst } from '../../analysis/diff/report-only-first';
import { loadEnvironments } from '../../cli/environments';
import { appFromFiles } from '../../cli/synth';
import { declaredFacts } from '../../environment/declared';
import { mutateSample, readSample, synthStacks } from '../../__tests__/helpers/synth';

const PARTNER_TENANT = '7e000000-0000-4000-8000-0000000000e1';
const TOU = '70000000-0000-4000-8000-000000000001';
const VPN_ID = '4c000000-0000-4000-8000-000000000001';

/** A custom policy using every kind of condition and control the model has. */
const CP001 = {
  id: 'CP001',
  title: 'Partners: MFA and terms of use on HR apps from the VPN',
  description: 'Imported from the partner programme tenant.',
  users: {
    include: { groups: ['hr-staff'], roles: ['Helpdesk Administrator'], guests: { types: ['b2bCollaborationGuest', 'internalGuest'], tenants: [PARTNER_TENANT] } },
    exclude: { users: ['ad000000-0000-4000-8000-0000000000f1'], groups: ['factory-floor-kiosks'] },
  },
  applications: { include: ['finance-erp', 'Office365'], exclude: ['engineering-plm'] },
  conditions: {
    clientAppTypes: ['browser', 'mobileAppsAndDesktopClients'],
    platforms: { include: ['all'], exclude: ['linux'] },
    locations: { include: ['All'], exclude: ['corp-egress', VPN_ID] },
    signInRiskLevels: ['medium', 'high'],
    userRiskLevels: ['high'],
    servicePrincipalRiskLevels: ['high'],
    insiderRiskLevel: 'elevated',
    authenticationFlows: ['deviceCodeFlow'],
    deviceFilter: { mode: 'exclude', rule: 'device.trustType -eq "ServerAD"' },
  },
  grant: { operator: 'AND', controls: ['mfa'], termsOfUse: [TOU] },
  session: { signInFrequency: { value: 2, unit: 'hours' }, signInFrequencyAuthenticationType: 'secondaryAuthentication', persistentBrowser: 'never', applicationEnforcedRestrictions: true, cloudAppSecurity: 'monitorOnly', disableResilienceDefaults: true },
};

/** A fresh project folder: environments/ with the edited samples, policies/custom/ with `files`. */
function withCustom(files: Record<string, unknown>, prodEdit: (e: Record<string, any>) => void, devEdit: (e: Record<string, any>) => void = () => undefined): string {
  const root = mkdtempSync(join(tmpdir(), 'perimeter-custom-'));
  const dir = join(root, 'environments');
  mkdirSync(dir);
  for (const [name, content] of Object.entries({ dev: mutateSample('dev', devEdit), prod: mutateSample('prod', prodEdit) })) {
    writeFileSync(join(dir, `${name}.yaml`), stringify(content, { aliasDuplicateObjects: false }));
  }
  const custom = join(root, 'policies', 'custom');
  mkdirSync(custom, { recursive: true });
  for (const [name, content] of Object.entries(files)) writeFileSync(join(custom, `${name}.yaml`), typeof content === 'string' ? content : stringify(content));
  return dir;
}

const error = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    if (isPerimeterError(e)) return e.message;
    throw e;
  }
  return 'no error';
};

test('a custom policy with every condition and control synthesizes to exactly these azuread arguments', () => {
  const dir = withCustom({ CP001 }, (e) => (e.policies.CP001 = { stage: 'report-only' }));
  const tf = synthStacks(dir)['prod']!;
  const p = tf.resource['azuread_conditional_access_policy']!['CP001'] as Record<string, any>;
  const groups = readSample('prod')['groups'] as Record<string, { objectId: string }>;
  const apps = readSample('prod')['apps'] as Record<string, string>;
  expect(p).toEqual({
    display_name: 'CP001 Partners: MFA and terms of use on HR apps from the VPN',
    state: 'enabledForReportingButNotEnforced',
    lifecycle: { prevent_destroy: true },
    conditions: {
      client_app_types: ['browser', 'mobileAppsAndDesktopClients'],
      applications: { included_applications: [apps['finance-erp'], 'Office365'], excluded_applications: [apps['engineering-plm']] },
      users: {
        included_groups: [groups['hr-staff']!.objectId],
        included_roles: ['729827e3-9c14-49f7-bb1b-9608f156bbb8'],
        included_guests_or_external_users: [{ guest_or_external_user_types: ['internalGuest', 'b2bCollaborationGuest'], external_tenants: [{ membership_kind: 'enumerated', members: [PARTNER_TENANT] }] }],
        excluded_users: ['b9000000-0000-4000-8000-000000000001', 'b9000000-0000-4000-8000-000000000002', 'ad000000-0000-4000-8000-0000000000f1'],
        excluded_groups: ['${azuread_group.break_glass_exclusion.object_id}', groups['factory-floor-kiosks']!.objectId],
      },
      locations: { included_locations: ['All'], excluded_locations: ['${azuread_named_location.corp-egress.object_id}', VPN_ID] },
      platforms: { included_platforms: ['all'], excluded_platforms: ['linux'] },
      sign_in_risk_levels: ['medium', 'high'],
      user_risk_levels: ['high'],
      service_principal_risk_levels: ['high'],
      insider_risk_levels: 'elevated',
      authentication_flow_transfer_methods: ['deviceCodeFlow'],
      devices: { filter: { mode: 'exclude', rule: 'device.trustType -eq "ServerAD"' } },
    },
    grant_controls: { operator: 'AND', built_in_controls: ['mfa'], terms_of_use: [TOU] },
    session_controls: {
      sign_in_frequency: 2,
      sign_in_frequency_period: 'hours',
      sign_in_frequency_interval: 'timeBased',
      sign_in_frequency_authentication_type: 'secondaryAuthentication',
      persistent_browser_mode: 'never',
      application_enforced_restrictions_enabled: true,
      cloud_app_security_policy: 'monitorOnly',
      disable_resilience_defaults: true,
    },
  });
  // The analysis model reads it back: the same reader every review, What If and guardrail uses.
  const model = readSynthesizedStack(tf, { name: 'prod' });
  const read = model.policy('CP001')!;
  expect(read.conditions.insiderRiskLevels).toBe('elevated');
  expect(read.conditions.users.includeGuestsOrExternalUsers).toEqual({ guestOrExternalUserTypes: ['internalGuest', 'b2bCollaborationGuest'], externalTenants: { membershipKind: 'enumerated', members: [PARTNER_TENANT] } });
  expect(read.grantControls!.termsOfUse).toEqual([TOU]);
});

test('a custom policy is part of an environment only where its policies: lists it', () => {
  const dir = withCustom({ CP001 }, (e) => (e.policies.CP001 = { stage: 'off' }));
  const stacks = synthStacks(dir);
  expect(Object.keys(stacks['prod']!.resource['azuread_conditional_access_policy']!)).toContain('CP001');
  expect(Object.keys(stacks['dev']!.resource['azuread_conditional_access_policy']!)).not.toContain('CP001');
});

test('the keys a custom policy names must exist in every environment that lists it', () => {
  const dir = withCustom({ CP001 }, () => undefined, (e) => (e.policies.CP001 = { stage: 'off' }));
  expect(error(() => loadEnvironments(dir, dir))).toContain(
    'dev.yaml:32: policies.CP001: ../policies/custom/CP001.yaml names group "hr-staff", which this environment does not define under groups: (none defined)',
  );
  expect(error(() => loadEnvironments(dir, dir))).toContain(
    'policies.CP001: ../policies/custom/CP001.yaml names named location "corp-egress", which this environment does not define under namedLocations: (allowed-countries, lab-egress, lab-sync-egress)',
  );
});

test('custom policy files get the same line-precise messages as environment files', () => {
  const dir = withCustom(
    { CP002: 'id: CP002\ntitle: x\nusers:\n  include: { users: [All] }\napplications:\n  include: [All]\ngrant:\n  operator: OR\n  controls: [mfaa]\n', CP003: { ...CP001, id: 'CP001' } },
    (e) => (e.policies.CP002 = { stage: 'off' }),
  );
  const message = error(() => loadEnvironments(dir, dir));
  expect(message).toContain('../policies/custom/CP002.yaml:9: grant.controls[0]: is not allowed; use one of: block | mfa | compliantDevice | domainJoinedDevice | approvedApplication | compliantApplication | passwordChange');
  expect(message).toContain("../policies/custom/CP003.yaml:1: id: is CP001, but the file is CP003.yaml; a custom policy's file is named after its id");
  const nothing = withCustom({ CP004: { ...CP001, id: 'CP004', grant: undefined, session: undefined } }, () => undefined);
  expect(error(() => loadEnvironments(nothing, nothing))).toContain('CP004.yaml:1: grant: a policy needs a grant control or a session control (azuread requires one); a policy with neither does nothing');
  const unknown = withCustom({}, (e) => (e.policies.CP009 = { stage: 'off' }));
  expect(error(() => loadEnvironments(unknown, unknown))).toContain('policies.CP009: unknown custom policy CP009: there is no policies/custom/CP009.yaml');
});

test('a custom policy in prod only is compared by the ring rule only where it exists: adopting an enforcing tenant forces no one to weaken it', () => {
  const dir = withCustom({ CP001 }, (e) => (e.policies.CP001 = { stage: 'enabled' }));
  expect(() => appFromFiles({ environmentsDir: dir })).not.toThrow();
  const both = withCustom({ CP001 }, (e) => (e.policies.CP001 = { stage: 'enabled' }), (e) => {
    e.groups = { ...(e.groups ?? {}), 'hr-staff': { objectId: '6f000000-0000-4000-8000-0000000000d1' }, 'factory-floor-kiosks': { objectId: '6f000000-0000-4000-8000-0000000000d2' } };
    e.apps = { ...e.apps, 'finance-erp': e.apps['finance-erp'], 'engineering-plm': e.apps['engineering-plm'] };
    e.namedLocations['corp-egress'] = { ipRanges: ['198.51.100.128/28'], trusted: true };
    e.policies.CP001 = { stage: 'report-only' };
  });
  expect(error(() => appFromFiles({ environmentsDir: both }))).toContain('ring order violated: CP001 is enabled in prod (ring 2) but only report-only in dev (ring 1');
});

test('a baseline policy adopted at the tenant\'s stage is no promotion: the ring rule does not make a lower ring lead it', () => {
  const ahead = withCustom({}, (e) => (e.policies.CA009 = { stage: 'enabled' }));
  expect(error(() => appFromFiles({ environmentsDir: ahead }))).toContain('ring order violated: CA009 is enabled in prod (ring 2) but only report-only in dev (ring 1');
  const adopted = withCustom({}, (e) => (e.policies.CA009 = { stage: 'enabled', adopt: '0b5a0c1e-0000-4000-8000-000000000009' }));
  expect(() => appFromFiles({ environmentsDir: adopted })).not.toThrow();
});

test('an adopted policy becomes an import block with the id azuread accepts, and is not a report-only-first violation', () => {
  const ADOPTED = '809741fe-fb1b-4746-9ff0-83a978a4c891';
  const LOCATION = '3d46dbda-0000-4000-8000-000000000001';
  const dir = withCustom({ CP001 }, (e) => {
    e.policies.CP001 = { stage: 'enabled', adopt: ADOPTED.toUpperCase() };
    e.namedLocations['corp-egress'].adopt = LOCATION;
  });
  const tf = synthStacks(dir)['prod']! as unknown as { import: { to: string; id: string }[] };
  expect(tf.import).toEqual([
    { to: 'azuread_named_location.corp-egress', id: `/identity/conditionalAccess/namedLocations/${LOCATION}` },
    { to: 'azuread_conditional_access_policy.CP001', id: `/identity/conditionalAccess/policies/${ADOPTED}` },
  ]);
  const environment = loadEnvironments(dir, dir).find((e) => e.name === 'prod')!;
  const head = readSynthesizedStack(tf, { name: 'prod', declared: declaredFacts(environment) });
  const rule = checkReportOnlyFirst('prod', readSynthesizedStack(synthStacks()['prod']!, { name: 'prod' }), head);
  expect(rule.violations).toEqual([]);
  expect(rule.adopted.map((a) => a.policyId)).toEqual(['CP001']);
  // Two policies cannot take over one object.
  const twice = withCustom({ CP001 }, (e) => ((e.policies.CP001 = { stage: 'off', adopt: ADOPTED }), (e.policies.CA003 = { ...e.policies.CA003, adopt: ADOPTED })));
  expect(error(() => loadEnvironments(twice, twice))).toContain(`policies.CP001.adopt: ${ADOPTED} is adopted by CA003 too; one existing policy becomes one perimeter policy`);
});
