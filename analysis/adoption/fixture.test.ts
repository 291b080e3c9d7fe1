import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { readExports } from './read';
import type { ExportFile, ImportedPolicy, ReadExports } from './types';

const ROOT = join(__dirname, '__fixtures__', 'j0eyv-ca-baseline');

function exportFiles(dir: string): ExportFile[] {
  const walk = (d: string): string[] => readdirSync(d).flatMap((f) => (statSync(join(d, f)).isDirectory() ? walk(join(d, f)) : [join(d, f)]));
  return walk(dir).map((p) => ({ path: relative(dir, p).split('\\').join('/'), bytes: readFileSync(p) }));
}

/** Facts B.4, machine-readable block (/work/notes/issue18-19-facts.md): file -> unexpressible JSON paths. */
const B4: Record<string, string[]> = {
  'CA000-Global-IdentityProtection-AnyApp-AnyPlatform-MFA.json': [],
  'CA001-Global-AttackSurfaceReduction-AnyApp-AnyPlatform-BLOCK-CountryWhitelist.json': [],
  'CA002-Global-IdentityProtection-AnyApp-AnyPlatform-Block-LegacyAuthentication.json': [],
  'CA003-Global-BaseProtection-RegisterOrJoin-AnyPlatform-MFA.json': [],
  'CA004-Global-IdentityProtection-AnyApp-AnyPlatform-AuthenticationFlows.json': [],
  'CA005-Global-DataProtection-Office365-iOSenAndroid-ClientApps-Unmanaged-AppEnforcedRestrictions.json': [],
  'CA006-Global-DataProtection-Office365-AnyPlatform-Browser-Unmanaged-AppEnforceRestrictions.json': [],
  'CA100-Admins-IdentityProtection-AdminPortals-AnyPlatform-MFA.json': [],
  'CA101-Admins-IdentityProtection-AnyApp-AnyPlatform-MFA.json': [],
  'CA102-Admins-IdentityProtection-AllApps-AnyPlatform-SigninFrequency.json': [],
  'CA103-Admins-IdentityProtection-AllApps-AnyPlatform-PersistentBrowser.json': [],
  'CA104-Admins-IdentityProtection-AllApps-AnyPlatform-ContinuousAccessEvaluation.json': ['sessionControls.continuousAccessEvaluation.mode'],
  'CA105-Admins-IdentityProtection-AnyApp-AnyPlatform-PhishingResistantMFA.json': [],
  'CA200-Internals-IdentityProtection-AnyApp-AnyPlatform-MFA.json': [],
  'CA201-Internals-IdentityProtection-AnyApp-AnyPlatform-BLOCK-HighRiskUser.json': [],
  'CA202-Internals-IdentityProtection-AllApps-WindowsMacOS-SigninFrequency-UnmanagedDevices.json': [],
  'CA203-Internals-AppProtection-MicrosoftIntuneEnrollment-AnyPlatform-MFA.json': [],
  'CA204-Internals-AttackSurfaceReduction-AllApps-AnyPlatform-BlockUnknownPlatforms.json': [],
  'CA205-Internals-BaseProtection-AnyApp-Windows-CompliantorAADHJ.json': [],
  'CA206-Internals-IdentityProtection-AllApps-AnyPlatform-PersistentBrowser.json': [],
  'CA207-Internals-AttackSurfaceReduction-SelectedApps-AnyPlatform-BLOCK.json': [],
  'CA208-Internals-BaseProtection-AnyApp-MacOS-Compliant.json': [],
  'CA209-Internals-IdentityProtection-AllApps-AnyPlatform-ContinuousAccessEvaluation.json': ['sessionControls.continuousAccessEvaluation.mode'],
  'CA210-Internals-IdentityProtection-AnyApp-AnyPlatform-BLOCK-HighRiskSignIn.json': [],
  'CA300-ServiceAccounts-IdentityProtection-AnyApp-AnyPlatform-MFA.json': [],
  'CA301-ServiceAccounts-AttackSurfaceReduction-AllApps-AnyPlatform-BlockUntrustedLocations.json': [],
  'CA400-GuestUsers-IdentityProtection-AnyApp-AnyPlatform-MFA.json': [],
  'CA401-GuestUsers-AttackSurfaceReduction-AllApps-AnyPlatform-BlockNonGuestAppAccess.json': [],
  'CA402-GuestUsers-IdentityProtection-AllApps-AnyPlatform-SigninFrequency.json': [],
  'CA403-GuestUsers-IdentityProtection-AllApps-AnyPlatform-PersistentBrowser.json': [],
  'CA404-GuestUsers-AttackSurfaceReduction-SelectedApps-AnyPlatform-BLOCK.json': [],
  'CA501-Agents-IdentityProtection-AnyApp-AnyPlatform-BLOCK-HighRiskAgent.json': ['conditions.agentIdRiskLevels', 'conditions.clientApplications.includeAgentIdServicePrincipals'],
  'CA502-Agents-AttackSurfaceReduction-AllAgentIdentities-AllAgentResources-BLOCK.json': ['conditions.clientApplications.includeAgentIdServicePrincipals'],
  'CA503-Agents-BaseProtection-AllAgentUsers-RequireCompliantDevice.json': ['conditions.agents.includeAgentUsers', 'conditions.agentContext.includeAgentContexts'],
  'CA504-Agents-IdentityProtection-AllAgentUsers-AllResources-BlockRiskyAgents.json': ['conditions.agentIdRiskLevels', 'conditions.agents.includeAgentUsers'],
  'CA505-Agents-AttackSurfaceReduction-AllAgentUsers-AllResources-RequireCompliantNetWork.json': ['conditions.agents.includeAgentUsers'],
};

/** Facts B.4, column "Read-only fields lost". */
const TEMPLATES: Record<string, string> = {
  CA002: '0b2282f9-2862-4178-88b5-d79340b36cb8',
  CA100: '6364131e-bc4a-47c4-a20b-33492d1fff6c',
  CA105: '76c03f19-ea37-4656-a772-a183b4ddb81d',
  CA201: '6b619f55-792e-45dc-9711-d83ec9d7ae90',
  CA400: 'a4072ac0-722b-4991-981b-7f9755daef14',
  CA501: '6bdcbbb7-ebd1-4f8f-a02f-652db0e3665d',
};

let read: ReadExports;
beforeAll(() => {
  read = readExports(exportFiles(ROOT));
});

const byFile = () => new Map(read.policies.map((p) => [p.source.file.replace('ConditionalAccess/', ''), p]));
const policy = (prefix: string): ImportedPolicy => read.policies.find((p) => p.displayName.startsWith(prefix))!;

test('reads all 36 policies, each from its own file, three of them UTF-16LE with a byte-order mark and CRLF', () => {
  expect(read.policies).toHaveLength(36);
  expect([...byFile().keys()]).toEqual(Object.keys(B4));
  for (const p of read.policies) expect(p.source.index).toBeUndefined();
  const utf16 = ['CA000', 'CA001', 'CA002'].map(policy);
  expect(utf16.map((p) => p.originalId)).toEqual(['809741fe-fb1b-4746-9ff0-83a978a4c891', '19bbdbd4-d871-4964-a6ef-9b3054b9337c', 'c1acdef5-cfc8-470b-a7db-1f71ba4be1fb']);
  expect(utf16[0]!.graph.displayName).toBe('CA000-Global-IdentityProtection-AnyApp-AnyPlatform-MFA');
  expect(utf16[0]!.state).toBe('enabled');
});

test('the unexpressible JSON paths are exactly those of facts B.4, file by file, in file order', () => {
  const got = Object.fromEntries([...byFile()].map(([file, p]) => [file, p.unexpressible]));
  expect(got).toEqual(B4);
});

test('declarable is false exactly for CA104, CA209 and the five agent policies, each with its reason', () => {
  const notDeclarable = read.policies.filter((p) => !p.declarable).map((p) => p.displayName.slice(0, 5));
  expect(notDeclarable).toEqual(['CA104', 'CA209', 'CA501', 'CA502', 'CA503', 'CA504', 'CA505']);
  for (const p of read.policies) expect(p.whyNot === undefined).toBe(p.declarable);
  expect(policy('CA104').whyNot).toBe(
    'after dropping what azuread 3.7.0 cannot declare (sessionControls.continuousAccessEvaluation.mode), it has no grant control and no effective session control; azuread_conditional_access_policy needs at least one',
  );
  expect(policy('CA209').whyNot).toBe(policy('CA104').whyNot);
  expect(policy('CA501').whyNot).toBe(
    'it targets agent identities (conditions.agentIdRiskLevels, conditions.clientApplications.includeAgentIdServicePrincipals), which azuread 3.7.0 cannot declare; without them it would apply to users None only, that is to nobody',
  );
  expect(policy('CA503').whyNot).toBe(
    'it targets agent identities (conditions.agents.includeAgentUsers, conditions.agentContext.includeAgentContexts), which azuread 3.7.0 cannot declare; without them it would apply to users None only, that is to nobody',
  );
  expect(policy('CA505').whyNot).toBe(
    'it targets agent identities (conditions.agents.includeAgentUsers), which azuread 3.7.0 cannot declare; without them it would apply to users None only, that is to nobody',
  );
});

test('templateId is the only read-only field lost, on the six policies facts B.4 names', () => {
  const withNotes = Object.fromEntries(read.policies.filter((p) => p.notes.length).map((p) => [p.displayName.slice(0, 5), p.notes]));
  expect(Object.keys(withNotes)).toEqual(Object.keys(TEMPLATES));
  for (const [key, template] of Object.entries(TEMPLATES)) {
    expect(withNotes[key]).toEqual([
      `created from the Microsoft template ${template}: templateId is read-only, so Terraform keeps it only while it manages this very policy, and it is lost if the policy is ever created again`,
    ]);
  }
});

test('annotations and empty values are gone, unexpressible values are kept, comma strings stay as Graph writes them', () => {
  const keys = (v: unknown): string[] => (v && typeof v === 'object' ? Object.entries(v).flatMap(([k, x]) => [k, ...keys(x)]) : []);
  const values = (v: unknown): unknown[] => (v && typeof v === 'object' ? Object.values(v).flatMap(values) : [v]);
  for (const p of read.policies) {
    expect(keys(p.graph).filter((k) => k.includes('@') || k.startsWith('#'))).toEqual([]);
    expect(JSON.stringify(p.graph)).not.toMatch(/null|\[\]|\{\}/);
    expect(values(p.graph)).not.toContain(null);
  }
  expect(policy('CA104').graph.sessionControls).toEqual({ continuousAccessEvaluation: { mode: 'strictLocation' } });
  expect(policy('CA504').graph.conditions).toMatchObject({ agentIdRiskLevels: 'medium,high', agents: { includeAgentUsers: ['All'] } });
  expect(policy('CA400').graph.conditions).toMatchObject({
    users: {
      includeGuestsOrExternalUsers: {
        guestOrExternalUserTypes: 'internalGuest,b2bCollaborationGuest,b2bCollaborationMember,b2bDirectConnectUser,otherExternalUser,serviceProvider',
        externalTenants: { membershipKind: 'all' },
      },
    },
  });
  expect(policy('CA004').graph.conditions).toMatchObject({ authenticationFlows: { transferMethods: 'deviceCodeFlow,authenticationTransfer' } });
  expect(policy('CA105').graph.grantControls).toMatchObject({ operator: 'OR', authenticationStrength: { id: '00000000-0000-0000-0000-000000000004', policyType: 'builtIn' } });
  expect(policy('CA105').state).toBe('enabledForReportingButNotEnforced');
});

test('three named locations with their kinds; the compliant network location is other, every field but its name unexpressible', () => {
  expect(read.namedLocations.map((l) => [l.displayName, l.kind, l.graphType, l.originalId])).toEqual([
    ['ALLOWED COUNTRIES - SERVICE ACCOUNTS', 'country', 'countryNamedLocation', '1cc7e30b-f894-43a2-9da6-30aa7c085dda'],
    ['ALLOWED COUNTRIES', 'country', 'countryNamedLocation', '185c993e-10a9-44fa-98d1-230c8f72f497'],
    ['All Compliant Network locations', 'other', 'compliantNetworkNamedLocation', '3d46dbda-8382-466a-856d-eb00cbc6b910'],
  ]);
  const [service, allowed, compliant] = read.namedLocations;
  expect(allowed).toMatchObject({ kind: 'country', countriesAndRegions: ['BE', 'LU', 'NL'], includeUnknownCountriesAndRegions: false, countryLookupMethod: 'clientIpAddress', unexpressible: [] });
  expect(service).toMatchObject({ countriesAndRegions: ['NL'], unexpressible: [] });
  expect(compliant!.unexpressible).toEqual(['compliantNetworkType', 'isTrusted']);
});

test('group names come from the group files and the migration table; the tenant id from the table', () => {
  expect(read.tenantId).toBe('42ba3ed1-ae78-4fd0-8080-5f8bfcc27b29');
  expect(read.names.size).toBe(34);
  expect(read.names.get('2802b872-ccfb-4b29-a9a9-459808dfb11b')).toEqual({ displayName: 'CA-BreakGlassAccounts - Exclude', type: 'Group' });
  expect(read.groups).toHaveLength(34);
  const breakGlass = read.groups.find((g) => g.originalId === '2802b872-ccfb-4b29-a9a9-459808dfb11b')!;
  expect(breakGlass).toMatchObject({ displayName: 'CA-BreakGlassAccounts - Exclude', mailNickname: '870822ac-b', securityEnabled: true, mailEnabled: false, groupTypes: [] });
  expect(breakGlass.isAssignableToRole).toBeUndefined();
  // Every group a policy names is in the export, so no reference problem.
  expect(read.problems.filter((p) => p.message.includes('does not contain'))).toEqual([]);
});

test('the fixture reads without a problem; the two groups exported twice under two names are warnings, the first file kept', () => {
  expect(read.problems).toEqual([]);
  expect(read.warnings).toEqual([
    'Groups/CA005-Global-DataProtection-Office365-iOSenAndroid-ClientApps-Unmanaged-RequireAppProtection - Exclude.json: the group 20cd89e3-25e2-4fcd-82c5-de666dfd31a4 is exported a second time (first Groups/CA005-Global-DataProtection-Office365-AnyPlatform-Unmanaged-RequireAppProtection - Exclude.json "CA005-Global-DataProtection-Office365-AnyPlatform-Unmanaged-RequireAppProtection - Exclude"; they differ in displayName); perimeter uses the first',
    'Groups/CA006-Global-DataProtection-Office365-iOSenAndroid-RequireAppProtection - Exclude.json: the group a8e55fcf-f8ed-43c2-bb4f-0c62edd62963 is exported a second time (first Groups/CA006-Global-DataProtection-Office365-AnyPlatform-Browser-Unmanaged-AppEnforceRestrictions - Exclude.json "CA006-Global-DataProtection-Office365-AnyPlatform-Browser-Unmanaged-AppEnforceRestrictions - Exclude"; they differ in displayName); perimeter uses the first',
  ]);
});

test('the copied fixture is byte for byte the shared one: three UTF-16LE files with a byte-order mark', () => {
  const boms = exportFiles(ROOT)
    .filter((f) => f.bytes[0] === 0xff && f.bytes[1] === 0xfe)
    .map((f) => f.path);
  expect(boms).toEqual([
    'ConditionalAccess/CA000-Global-IdentityProtection-AnyApp-AnyPlatform-MFA.json',
    'ConditionalAccess/CA001-Global-AttackSurfaceReduction-AnyApp-AnyPlatform-BLOCK-CountryWhitelist.json',
    'ConditionalAccess/CA002-Global-IdentityProtection-AnyApp-AnyPlatform-Block-LegacyAuthentication.json',
  ]);
});
