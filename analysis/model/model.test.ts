import { mkdtempSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadEnvironmentFile } from '../../cli/environments';
import { isPerimeterError } from '../../core/problems';
import { readSynthesizedStack } from './read';
import { findSynthesizedStack, readStackFile } from '../../cli/stacks';
import { SAMPLE_DIR, synthStacks, type TfJson } from '../../__tests__/helpers/synth';
import { declaredFacts } from '../../environment/declared';

let stacks: Record<string, TfJson>;
beforeAll(() => {
  stacks = synthStacks();
});

const prodEnv = () => loadEnvironmentFile(join(SAMPLE_DIR, 'prod.yaml')).environment!;

test('policies come back in the Graph vocabulary with Terraform references resolved to logical ids', () => {
  const model = readSynthesizedStack(stacks.prod!, { declared: declaredFacts(prodEnv()) });
  expect(model.name).toBe('prod');
  expect(model.tenantId).toBe('7e000000-0000-4000-8000-0000000000a1');
  expect(model.policies.map((p) => p.id)).toEqual(
    ['CA001', 'CA002', 'CA003', 'CA004', 'CA005', 'CA006', 'CA006_waves', 'CA007', 'CA008', 'CA009', 'CA010', 'CA011', 'CA012', 'CA013', 'CA014', 'CA015', 'CA016', 'CA017', 'CA018', 'CA019', 'CA020', 'CA021', 'CA022', 'AC001'],
  );
  const ca019 = model.policy('CA019')!;
  expect(ca019.state).toBe('enabled');
  expect(ca019.conditions.locations!.excludeLocations).toEqual([
    {
      id: 'azuread_named_location.sync-egress',
      label: 'location sync-egress (Meridian sync servers egress (Pune datacentre))',
      terraform: { type: 'azuread_named_location', name: 'sync-egress', attribute: 'object_id' },
    },
  ]);
  expect(ca019.conditions.users.excludeGroups.map((g) => g.id)).toEqual(['azuread_group.break_glass_exclusion']);
  expect(ca019.conditions.users.includeUsers.map((u) => u.label)).toEqual(['directory-sync account 1', 'directory-sync account 2']);
  const ca006 = model.policy('CA006')!;
  expect(ca006.conditions.users.excludeGroups.map((g) => g.label)).toEqual([
    'group break_glass_exclusion (CA exclusion: emergency access (break-glass) accounts)',
    'group factory-floor-kiosks',
    'group it-staff (wave it-pilot)',
  ]);
  expect(ca006.conditions.users.excludeGuestsOrExternalUsers).toEqual({
    guestOrExternalUserTypes: ['internalGuest', 'b2bCollaborationGuest', 'b2bCollaborationMember', 'b2bDirectConnectUser', 'otherExternalUser', 'serviceProvider'],
    externalTenants: { membershipKind: 'all' },
  });
  expect(ca006.grantControls).toEqual({ operator: 'OR', builtInControls: ['compliantDevice', 'domainJoinedDevice'], customAuthenticationFactors: [], termsOfUse: [] });
});

test('role template ids, app ids and authentication strengths are labelled from the tables', () => {
  const model = readSynthesizedStack(stacks.prod!, { declared: declaredFacts(prodEnv()) });
  expect(model.policy('CA002')!.conditions.users.includeRoles[0]!.label).toBe('role Global Administrator');
  expect(model.policy('CA002')!.grantControls!.authenticationStrength).toEqual({
    id: '00000000-0000-0000-0000-000000000004',
    label: 'authentication strength phishing-resistant',
  });
  expect(model.policy('CA013')!.conditions.applications.includeApplications.map((a) => a.label)).toEqual([
    'Microsoft Admin Portals (app group)',
    'app azure-management',
  ]);
  expect(model.labelOf('a0000000-0000-4000-8000-00000000F001')).toBe('app finance-erp');
  expect(model.labelOf('b9000000-0000-4000-8000-000000000002')).toBe('break-glass account 2');
  expect(model.labelOf('not-known')).toBe('not-known');
});

test('without an environment, object ids stay ids but stack objects are still named', () => {
  const model = readSynthesizedStack(stacks.prod!, { name: 'prod' });
  expect(model.labelOf('b9000000-0000-4000-8000-000000000001')).toBe('b9000000-0000-4000-8000-000000000001');
  expect(model.group('azuread_group.break_glass_exclusion')!.members).toEqual([
    'b9000000-0000-4000-8000-000000000001',
    'b9000000-0000-4000-8000-000000000002',
  ]);
});

test('named locations, session controls, device filters and flows are read', () => {
  const model = readSynthesizedStack(stacks.prod!, { declared: declaredFacts(prodEnv()) });
  expect(model.namedLocations).toEqual([
    { kind: 'country', key: 'allowed-countries', address: 'azuread_named_location.allowed-countries', displayName: 'Meridian operating countries', countriesAndRegions: ['GB', 'DE', 'IN'], includeUnknownCountriesAndRegions: false, countryLookupMethod: 'clientIpAddress' },
    { kind: 'ip', key: 'corp-egress', address: 'azuread_named_location.corp-egress', displayName: 'Meridian corporate egress (Pune, Manchester, Stuttgart)', ipRanges: ['203.0.113.0/25', '198.51.100.0/26'], isTrusted: true },
    { kind: 'ip', key: 'sync-egress', address: 'azuread_named_location.sync-egress', displayName: 'Meridian sync servers egress (Pune datacentre)', ipRanges: ['203.0.113.200/29'], isTrusted: false },
  ]);
  expect(model.policy('CA017')!.sessionControls).toEqual({
    signInFrequency: { frequencyInterval: 'timeBased', value: 4, type: 'hours', authenticationType: 'primaryAndSecondaryAuthentication' },
    persistentBrowser: { mode: 'never' },
  });
  expect(model.policy('CA018')!.conditions.devices).toEqual({ deviceFilter: { mode: 'include', rule: 'device.isCompliant -ne True -and device.trustType -ne "ServerAD"' } });
  expect(model.policy('CA004')!.conditions.authenticationFlows).toEqual({ transferMethods: ['deviceCodeFlow'] });
  expect(model.policy('CA009')!.sessionControls!.signInFrequency!.frequencyInterval).toBe('everyTime');
});

test('a missing synth output tells the user to run npm run synth', () => {
  const dir = mkdtempSync(join(tmpdir(), 'perimeter-out-'));
  try {
    findSynthesizedStack('prod', dir, dir);
    throw new Error('expected a PerimeterError');
  } catch (e) {
    expect(isPerimeterError(e)).toBe(true);
    expect((e as Error).message).toContain('stacks/prod/cdk.tf.json: does not exist (environment "prod"); nothing has been synthesized yet; run `npm run synth` first');
  }
  mkdirSync(join(dir, 'stacks', 'dev'), { recursive: true });
  writeFileSync(join(dir, 'stacks', 'dev', 'cdk.tf.json'), '{ not json');
  expect(() => findSynthesizedStack('prod', dir, dir)).toThrow('synthesized environments: dev; if "prod" is new, run `npm run synth`');
  expect(() => readStackFile(join(dir, 'stacks', 'dev', 'cdk.tf.json'), { name: 'dev' })).toThrow(/cdk\.tf\.json: is not valid JSON .*run `npm run synth` again/);
});

test('a policy with an invalid state is reported with its key path', () => {
  const broken = JSON.parse(JSON.stringify(stacks.dev)) as TfJson;
  (broken.resource.azuread_conditional_access_policy!.CA001 as Record<string, unknown>).state = 'on';
  expect(() => readSynthesizedStack(broken, { name: 'dev' })).toThrow(
    'resource.azuread_conditional_access_policy.CA001.state: "on" is not a Conditional Access state (enabled | disabled | enabledForReportingButNotEnforced)',
  );
});
