import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { formatProblem } from '../../core/problems';
import { readExports } from './read';
import type { ExportFile } from './types';

const ROOT = join(__dirname, '__fixtures__', 'j0eyv-ca-baseline');
const CA003 = 'ConditionalAccess/CA003-Global-BaseProtection-RegisterOrJoin-AnyPlatform-MFA.json';
const CA400 = 'ConditionalAccess/CA400-GuestUsers-IdentityProtection-AnyApp-AnyPlatform-MFA.json';
const CA000 = 'ConditionalAccess/CA000-Global-IdentityProtection-AnyApp-AnyPlatform-MFA.json';

const bytesOf = (rel: string) => new Uint8Array(readFileSync(join(ROOT, rel)));
const jsonOf = (rel: string): Record<string, unknown> => JSON.parse(readFileSync(join(ROOT, rel), 'utf8')) as Record<string, unknown>;
const utf8 = (text: string) => new TextEncoder().encode(text);
const file = (path: string, value: unknown): ExportFile => ({ path, bytes: utf8(JSON.stringify(value, null, 2)) });
const utf16le = (text: string, bom = true) => {
  const out = new Uint8Array((bom ? 2 : 0) + text.length * 2);
  if (bom) out.set([0xff, 0xfe]);
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    out[(bom ? 2 : 0) + 2 * i] = c & 0xff;
    out[(bom ? 2 : 0) + 2 * i + 1] = c >> 8;
  }
  return out;
};
/** The graph one fixture file gives when read alone. */
const graphOf = (rel: string) => readExports([{ path: rel, bytes: bytesOf(rel) }]).policies[0]!.graph;

const ID = '11111111-2222-4333-8444-555555555555';
const minimal = (over: Record<string, unknown> = {}): Record<string, unknown> => ({
  id: ID,
  displayName: 'CP001 test policy',
  state: 'enabled',
  conditions: { users: { includeUsers: ['All'] }, applications: { includeApplications: ['All'] }, clientAppTypes: ['all'] },
  grantControls: { operator: 'OR', builtInControls: ['mfa'] },
  ...over,
});
const messages = (files: ExportFile[]) => readExports(files).problems.map(formatProblem);

describe('shapes', () => {
  test('one object per file: no index, the file as source', () => {
    const r = readExports([{ path: CA003, bytes: bytesOf(CA003) }]);
    expect(r.problems).toEqual([]);
    expect(r.policies.map((p) => [p.source, p.originalId, p.displayName, p.state])).toEqual([
      [{ file: CA003 }, '5c19fad7-8c1b-4a0e-9087-3423c99680ad', 'CA003-Global-BaseProtection-RegisterOrJoin-AnyPlatform-MFA', 'enabled'],
    ]);
    expect(r.policies[0]!.graph.conditions).toEqual({
      clientAppTypes: ['all'],
      applications: { includeUserActions: ['urn:user:registerdevice'] },
      users: { includeUsers: ['All'], excludeGroups: ['2802b872-ccfb-4b29-a9a9-459808dfb11b', 'c4906422-18aa-47d8-b808-8c4919b655d8'] },
    });
  });

  test('a Graph list response: each element read with its index, problems under value[i]', () => {
    const list = { '@odata.context': 'https://graph.microsoft.com/v1.0/$metadata#identity/conditionalAccess/policies', value: [jsonOf(CA003), jsonOf(CA400)] };
    const r = readExports([file('policies.json', list)]);
    expect(r.problems).toEqual([]);
    expect(r.policies.map((p) => p.source)).toEqual([
      { file: 'policies.json', index: 0 },
      { file: 'policies.json', index: 1 },
    ]);
    expect(r.policies[0]!.graph).toEqual(graphOf(CA003));
    expect(r.policies[1]!.graph).toEqual(graphOf(CA400));
    const bad = { value: [jsonOf(CA003), minimal({ grantControls: { operator: 'OR', builtInControls: ['requireMfa'] } })] };
    expect(messages([file('policies.json', bad)])).toEqual([
      'policies.json: value[1].grantControls.builtInControls[0]: "requireMfa" is not a built-in grant control azuread 3.7.0 accepts (approvedApplication | block | compliantApplication | compliantDevice | domainJoinedDevice | mfa | passwordChange)',
    ]);
  });

  test('paged list responses over several files are read as one export', () => {
    const page1 = { '@odata.context': 'x', '@odata.nextLink': 'https://graph.microsoft.com/v1.0/identity/conditionalAccess/policies?$skiptoken=abc', value: [jsonOf(CA003)] };
    const page2 = { '@odata.context': 'x', value: [jsonOf(CA400), minimal()] };
    const r = readExports([file('export/page-2.json', page2), file('export/page-1.json', page1)]);
    expect(r.problems).toEqual([]);
    expect(r.policies.map((p) => [p.source.file, p.source.index, p.displayName.slice(0, 5)])).toEqual([
      ['export/page-1.json', 0, 'CA003'],
      ['export/page-2.json', 0, 'CA400'],
      ['export/page-2.json', 1, 'CP001'],
    ]);
  });

  test('a JSON array, as ConvertTo-Json writes a list', () => {
    const r = readExports([file('all.json', [jsonOf(CA003), jsonOf(CA400)])]);
    expect(r.problems).toEqual([]);
    expect(r.policies.map((p) => p.source)).toEqual([
      { file: 'all.json', index: 0 },
      { file: 'all.json', index: 1 },
    ]);
    expect(messages([file('all.json', [minimal(), 3, null])])).toEqual(['all.json: [1]: is the number 3, where an exported object belongs']);
  });

  test('any .json file anywhere in a directory tree is read, in path order; other files are skipped', () => {
    const r = readExports([
      file('export/tenant/deep/nested/CA400.json', jsonOf(CA400)),
      { path: 'export/README.md', bytes: utf8('# not JSON at all {') },
      { path: 'export/notes.txt', bytes: utf8('nope') },
      file('export/CA003.JSON', jsonOf(CA003)),
    ]);
    expect(r.problems).toEqual([]);
    expect(r.policies.map((p) => p.source.file)).toEqual(['export/CA003.JSON', 'export/tenant/deep/nested/CA400.json']);
  });

  test('the PascalCase of the Graph PowerShell SDK, with its nulls and AdditionalProperties, is the Graph camelCase policy', () => {
    const powershell = {
      Conditions: {
        Applications: {
          ApplicationFilter: { Mode: null, Rule: null },
          ExcludeApplications: [],
          IncludeApplications: ['All'],
          IncludeAuthenticationContextClassReferences: [],
          IncludeUserActions: [],
        },
        ClientAppTypes: ['all'],
        ClientApplications: { ExcludeServicePrincipals: [], IncludeServicePrincipals: [], ServicePrincipalFilter: { Mode: null, Rule: null } },
        Devices: { DeviceFilter: { Mode: null, Rule: null } },
        InsiderRiskLevels: null,
        Locations: { ExcludeLocations: [], IncludeLocations: [] },
        Platforms: { ExcludePlatforms: [], IncludePlatforms: [] },
        ServicePrincipalRiskLevels: [],
        SignInRiskLevels: [],
        UserRiskLevels: [],
        Users: {
          ExcludeGroups: ['2802B872-CCFB-4B29-A9A9-459808DFB11B', '349156c1-2fb1-4ffa-9cd3-5c4418e24e4c'],
          ExcludeGuestsOrExternalUsers: { ExternalTenants: { MembershipKind: null, AdditionalProperties: {} }, GuestOrExternalUserTypes: null },
          ExcludeRoles: [],
          ExcludeUsers: [],
          IncludeGroups: [],
          IncludeGuestsOrExternalUsers: {
            ExternalTenants: { MembershipKind: 'all', AdditionalProperties: { '@odata.type': '#microsoft.graph.conditionalAccessAllExternalTenants' } },
            GuestOrExternalUserTypes: 'internalGuest,b2bCollaborationGuest,b2bCollaborationMember,b2bDirectConnectUser,otherExternalUser,serviceProvider',
          },
          IncludeRoles: [],
          IncludeUsers: [],
        },
        AdditionalProperties: {},
      },
      CreatedDateTime: '2024-05-24T09:28:08.0239156Z',
      Description: null,
      DisplayName: 'CA400-GuestUsers-IdentityProtection-AnyApp-AnyPlatform-MFA',
      GrantControls: {
        AuthenticationStrength: { AllowedCombinations: [], CombinationConfigurations: [], CreatedDateTime: null, Description: null, DisplayName: null, Id: null, PolicyType: null },
        BuiltInControls: ['mfa'],
        CustomAuthenticationFactors: [],
        Operator: 'OR',
        TermsOfUse: [],
        AdditionalProperties: {},
      },
      Id: '1CCCA3DD-93CB-4C14-9AE1-ABE557971060',
      ModifiedDateTime: '2024-05-24T10:57:40.9680552Z',
      SessionControls: {
        ApplicationEnforcedRestrictions: { IsEnabled: null },
        CloudAppSecurity: { CloudAppSecurityType: null, IsEnabled: null },
        DisableResilienceDefaults: null,
        PersistentBrowser: { IsEnabled: null, Mode: null },
        SignInFrequency: { AuthenticationType: null, FrequencyInterval: null, IsEnabled: null, Type: null, Value: null },
        AdditionalProperties: {},
      },
      State: 'enabled',
      TemplateId: 'a4072ac0-722b-4991-981b-7f9755daef14',
      AdditionalProperties: {},
    };
    const r = readExports([file('ps/CA400.json', powershell)]);
    expect(r.problems).toEqual([]);
    expect(r.policies[0]!.graph).toEqual(graphOf(CA400));
    expect(r.policies[0]!.originalId).toBe('1ccca3dd-93cb-4c14-9ae1-abe557971060');
    expect(r.policies[0]!.unexpressible).toEqual([]);
    const bad = { ...powershell, GrantControls: { ...powershell.GrantControls, BuiltInControls: ['mfa', 'riskRemediation'] } };
    expect(messages([file('ps/CA400.json', bad)])).toEqual([
      'ps/CA400.json: GrantControls.BuiltInControls[1]: "riskRemediation" is not a built-in grant control azuread 3.7.0 accepts (approvedApplication | block | compliantApplication | compliantDevice | domainJoinedDevice | mfa | passwordChange)',
    ]);
  });

  test('UTF-8 with and without a byte-order mark, UTF-16LE and UTF-16BE with one, LF or CRLF: one and the same policy', () => {
    const text = readFileSync(join(ROOT, CA400), 'utf8');
    const crlf = text.replace(/\n/g, '\r\n');
    const be = utf16le(crlf).map((_, i, a) => (i % 2 === 0 ? a[i + 1]! : a[i - 1]!));
    const variants: ExportFile[] = [
      { path: 'a-utf8.json', bytes: utf8(text) },
      { path: 'b-utf8-bom.json', bytes: new Uint8Array([0xef, 0xbb, 0xbf, ...utf8(crlf)]) },
      { path: 'c-utf16le.json', bytes: utf16le(crlf) },
      { path: 'd-utf16be.json', bytes: be },
    ];
    for (const v of variants) {
      const r = readExports([v]);
      expect(r.problems).toEqual([]);
      expect(r.policies[0]!.graph).toEqual(graphOf(CA400));
    }
    // And the fixture's own UTF-16LE file with CRLF.
    expect(bytesOf(CA000).subarray(0, 2)).toEqual(new Uint8Array([0xff, 0xfe]));
    expect(readExports([{ path: CA000, bytes: bytesOf(CA000) }]).policies[0]!.displayName).toBe('CA000-Global-IdentityProtection-AnyApp-AnyPlatform-MFA');
  });

  test('OData annotations and action keys are dropped wherever they are', () => {
    const p = minimal({
      '@odata.context': 'https://graph.microsoft.com/beta/$metadata#identity/conditionalAccess/policies/$entity',
      '@odata.type': '#microsoft.graph.conditionalAccessPolicy',
      'state@odata.type': '#microsoft.graph.conditionalAccessPolicyState',
      '#microsoft.graph.restore': { title: 'microsoft.graph.restore', target: 'https://graph.microsoft.com/beta/...' },
      conditions: {
        '@odata.type': '#microsoft.graph.conditionalAccessConditionSet',
        'clientAppTypes@odata.type': '#Collection(microsoft.graph.conditionalAccessClientApp)',
        clientAppTypes: ['all'],
        users: { '@odata.type': '#microsoft.graph.conditionalAccessUsers', includeUsers: ['All'] },
        applications: { includeApplications: ['All'] },
      },
    });
    const r = readExports([file('p.json', p)]);
    expect(r.problems).toEqual([]);
    expect(r.policies[0]!.graph).toEqual(minimal());
    expect(r.policies[0]!.unexpressible).toEqual([]);
  });

  test('fields newer than v1.0 are kept in the graph and reported as unexpressible', () => {
    const p = minimal({
      conditions: {
        users: { includeUsers: ['All'] },
        applications: { includeApplications: ['All'], includeAuthenticationContextClassReferences: ['c1'] },
        clientAppTypes: ['all'],
        devices: { includeDeviceStates: ['Compliant'], deviceFilter: { mode: 'include', rule: 'device.isCompliant -eq True' } },
        futureCondition: { level: 'high', tags: ['a'] },
      },
      sessionControls: { secureSignInSession: { isEnabled: true }, continuousAccessEvaluation: { mode: 'disabled' } },
      description: 'made in the portal',
      partialEnablementStrategy: 'none',
    });
    const r = readExports([file('p.json', p)]);
    expect(r.problems).toEqual([]);
    const policy = r.policies[0]!;
    expect(policy.graph).toEqual(p);
    expect(policy.unexpressible).toEqual([
      'conditions.applications.includeAuthenticationContextClassReferences',
      'conditions.devices.includeDeviceStates',
      'conditions.futureCondition.level',
      'conditions.futureCondition.tags',
      'sessionControls.secureSignInSession.isEnabled',
      'sessionControls.continuousAccessEvaluation.mode',
      'description',
      'partialEnablementStrategy',
    ]);
    expect(policy.declarable).toBe(true);
  });

  test('comma-separated strings become lists where Graph has lists; flags enums stay one string, in Graph order', () => {
    const p = minimal({
      conditions: {
        users: {
          includeUsers: 'All',
          excludeGroups: '2802B872-CCFB-4B29-A9A9-459808DFB11B, 349156c1-2fb1-4ffa-9cd3-5c4418e24e4c',
          excludeGuestsOrExternalUsers: { guestOrExternalUserTypes: ['serviceProvider', 'internalGuest', 'b2bCollaborationGuest'], externalTenants: { membershipKind: 'all' } },
        },
        applications: { includeApplications: 'all' },
        clientAppTypes: 'browser,mobileAppsAndDesktopClients',
        authenticationFlows: { transferMethods: ['authenticationTransfer', 'deviceCodeFlow'] },
      },
    });
    const r = readExports([file('p.json', p)]);
    expect(r.problems).toEqual([]);
    expect(r.policies[0]!.graph.conditions).toEqual({
      users: {
        includeUsers: ['All'],
        excludeGroups: ['2802b872-ccfb-4b29-a9a9-459808dfb11b', '349156c1-2fb1-4ffa-9cd3-5c4418e24e4c'],
        excludeGuestsOrExternalUsers: { guestOrExternalUserTypes: 'internalGuest,b2bCollaborationGuest,serviceProvider', externalTenants: { membershipKind: 'all' } },
      },
      applications: { includeApplications: ['All'] },
      clientAppTypes: ['browser', 'mobileAppsAndDesktopClients'],
      authenticationFlows: { transferMethods: 'deviceCodeFlow,authenticationTransfer' },
    });
  });

  test('values azuread has an argument for, but not for this value, are unexpressible', () => {
    const p = minimal({
      conditions: {
        users: { includeUsers: ['All'] },
        applications: { includeApplications: ['All'] },
        clientAppTypes: ['all'],
        insiderRiskLevels: 'moderate,minor',
        authenticationFlows: { transferMethods: 'none' },
      },
      sessionControls: {
        signInFrequency: { isEnabled: true, frequencyInterval: 'everyTime', authenticationType: 'primaryAndSecondaryAuthentication' },
        applicationEnforcedRestrictions: { isEnabled: true },
        disableResilienceDefaults: true,
      },
    });
    const policy = readExports([file('p.json', p)]).policies[0]!;
    expect(policy.graph.conditions).toMatchObject({ insiderRiskLevels: 'minor,moderate', authenticationFlows: { transferMethods: 'none' } });
    expect(policy.unexpressible).toEqual([
      'conditions.insiderRiskLevels',
      'conditions.authenticationFlows.transferMethods',
      'sessionControls.applicationEnforcedRestrictions.isEnabled',
      'sessionControls.disableResilienceDefaults',
    ]);
    expect(policy.declarable).toBe(true);
  });

  test('a policy left with nothing azuread can declare says why', () => {
    const contextOnly = minimal({
      conditions: { users: { includeUsers: ['All'] }, applications: { includeAuthenticationContextClassReferences: ['c1'] }, clientAppTypes: ['all'] },
    });
    const disabledSession = minimal({ grantControls: { operator: 'OR' }, sessionControls: { persistentBrowser: { isEnabled: false, mode: 'never' } } });
    const r = readExports([file('a.json', contextOnly), file('b.json', { ...disabledSession, id: '21111111-2222-4333-8444-555555555555' })]);
    expect(r.problems).toEqual([]);
    expect(r.policies.map((p) => [p.declarable, p.whyNot])).toEqual([
      [
        false,
        'after dropping what azuread 3.7.0 cannot declare (conditions.applications.includeAuthenticationContextClassReferences), it targets no application and no user action; azuread needs included_applications or included_user_actions',
      ],
      [false, 'it has no grant control and no effective session control; azuread_conditional_access_policy needs at least one'],
    ]);
  });

  test('a migration table and group files give GUIDs names; groups and tables are read in any key case', () => {
    const table = {
      TenantId: '42BA3ED1-AE78-4FD0-8080-5F8BFCC27B29',
      Objects: [
        { DisplayName: 'CA-BreakGlassAccounts - Exclude', Id: '2802b872-ccfb-4b29-a9a9-459808dfb11b', Type: 'Group' },
        { DisplayName: 'Alice Admin', Id: 'A0000000-0000-4000-8000-000000000001', Type: 'User' },
      ],
      Organization: 'contoso.onmicrosoft.com',
    };
    const psGroup = { DisplayName: 'CA400 - Exclude (renamed)', Id: '349156C1-2FB1-4FFA-9CD3-5C4418E24E4C', MailNickname: 'ca400-exclude', SecurityEnabled: true, GroupTypes: [], IsAssignableToRole: true, AdditionalProperties: {} };
    const camelTable = { tenantId: '42ba3ed1-ae78-4fd0-8080-5f8bfcc27b29', objects: [{ displayName: 'Named by table', id: '349156c1-2fb1-4ffa-9cd3-5c4418e24e4c', type: 'Group' }] };
    const r = readExports([file('MigrationTable.json', table), file('Groups/ca400.json', psGroup), file('more/table.json', camelTable)]);
    expect(r.problems).toEqual([]);
    expect(r.tenantId).toBe('42ba3ed1-ae78-4fd0-8080-5f8bfcc27b29');
    expect([...r.names]).toEqual([
      ['349156c1-2fb1-4ffa-9cd3-5c4418e24e4c', { displayName: 'CA400 - Exclude (renamed)', type: 'Group' }],
      ['2802b872-ccfb-4b29-a9a9-459808dfb11b', { displayName: 'CA-BreakGlassAccounts - Exclude', type: 'Group' }],
      ['a0000000-0000-4000-8000-000000000001', { displayName: 'Alice Admin', type: 'User' }],
    ]);
    expect(r.groups).toEqual([
      {
        source: { file: 'Groups/ca400.json' },
        originalId: '349156c1-2fb1-4ffa-9cd3-5c4418e24e4c',
        displayName: 'CA400 - Exclude (renamed)',
        mailNickname: 'ca400-exclude',
        securityEnabled: true,
        isAssignableToRole: true,
        groupTypes: [],
        graph: { displayName: 'CA400 - Exclude (renamed)', id: '349156c1-2fb1-4ffa-9cd3-5c4418e24e4c', mailNickname: 'ca400-exclude', securityEnabled: true, isAssignableToRole: true },
      },
    ]);
  });

  test('named locations: ip, country and other, from Graph, from PowerShell AdditionalProperties, or known by their fields', () => {
    const ip = {
      '@odata.type': '#microsoft.graph.ipNamedLocation',
      id: 'E0000000-0000-4000-8000-000000000001',
      displayName: 'Head office',
      isTrusted: true,
      ipRanges: [
        { '@odata.type': '#microsoft.graph.iPv4CidrRange', cidrAddress: '203.0.113.0/24' },
        { '@odata.type': '#microsoft.graph.iPv6CidrRange', cidrAddress: '2001:db8::/48' },
      ],
    };
    const ps = {
      CreatedDateTime: '2025-01-10T08:00:00Z',
      DisplayName: 'Branch',
      Id: 'e0000000-0000-4000-8000-000000000002',
      ModifiedDateTime: null,
      AdditionalProperties: { '@odata.type': '#microsoft.graph.ipNamedLocation', isTrusted: false, ipRanges: [{ '@odata.type': '#microsoft.graph.iPv4CidrRange', cidrAddress: '198.51.100.0/24' }] },
    };
    const country = { '@odata.type': '#microsoft.graph.countryNamedLocation', id: 'e0000000-0000-4000-8000-000000000003', displayName: 'GPS NL', countriesAndRegions: ['NL'], includeUnknownCountriesAndRegions: true, countryLookupMethod: 'authenticatorAppGps' };
    const untyped = { id: 'e0000000-0000-4000-8000-000000000004', displayName: 'No type', ipRanges: [{ cidrAddress: '192.0.2.0/24' }] };
    const compliant = { '@odata.type': '#microsoft.graph.compliantNetworkNamedLocation', id: 'e0000000-0000-4000-8000-000000000005', displayName: 'GSA', compliantNetworkType: 'allTenantCompliantNetworks', isTrusted: true };
    const r = readExports([file('l1.json', { value: [ip, ps, country, untyped, compliant] })]);
    expect(r.problems).toEqual([]);
    expect(r.namedLocations.map(({ graph: _graph, source: _source, ...rest }) => rest)).toEqual([
      { originalId: 'e0000000-0000-4000-8000-000000000001', displayName: 'Head office', graphType: 'ipNamedLocation', kind: 'ip', ipRanges: ['203.0.113.0/24', '2001:db8::/48'], isTrusted: true, unexpressible: [] },
      { originalId: 'e0000000-0000-4000-8000-000000000002', displayName: 'Branch', graphType: 'ipNamedLocation', kind: 'ip', ipRanges: ['198.51.100.0/24'], isTrusted: false, unexpressible: [] },
      {
        originalId: 'e0000000-0000-4000-8000-000000000003',
        displayName: 'GPS NL',
        graphType: 'countryNamedLocation',
        kind: 'country',
        countriesAndRegions: ['NL'],
        includeUnknownCountriesAndRegions: true,
        countryLookupMethod: 'authenticatorAppGps',
        unexpressible: [],
      },
      { originalId: 'e0000000-0000-4000-8000-000000000004', displayName: 'No type', kind: 'ip', ipRanges: ['192.0.2.0/24'], isTrusted: false, unexpressible: [] },
      { originalId: 'e0000000-0000-4000-8000-000000000005', displayName: 'GSA', graphType: 'compliantNetworkNamedLocation', kind: 'other', unexpressible: ['compliantNetworkType', 'isTrusted'] },
    ]);
    expect(r.namedLocations[1]!.graph).toEqual({ createdDateTime: '2025-01-10T08:00:00Z', displayName: 'Branch', id: 'e0000000-0000-4000-8000-000000000002', isTrusted: false, ipRanges: [{ cidrAddress: '198.51.100.0/24' }] });
  });
});

describe('bad input is a problem with the file and the JSON path, never a throw', () => {
  test('a file that is not JSON says where it fails', () => {
    expect(messages([{ path: 'x/bad.json', bytes: utf8('{\n  "displayName": "x",\n  "state": }\n') }])).toEqual([
      'x/bad.json:3:12: state: is not JSON: expected a JSON value (an object, a list, a string, a number, true, false or null), found "}"',
    ]);
    expect(messages([{ path: 'trailing.json', bytes: utf8('{ "a": 1, }') }])).toEqual([
      'trailing.json:1:11: is not JSON: expected a property name in double quotes (JSON allows no comma before }), found "}"',
    ]);
    expect(messages([{ path: 'cut.json', bytes: utf8('{ "value": [ { "id": "a') }])).toEqual(['cut.json:1:22: value[0].id: is not JSON: has a string that is not closed before the end of the file']);
    expect(messages([{ path: 'two.json', bytes: utf8('{ "a": 1 }\r\n{ "b": 2 }') }])).toEqual([
      'two.json:2:1: is not JSON: has more after the JSON value ends: a file holds one JSON value (put several objects in a list)',
    ]);
    expect(messages([{ path: 'c.json', bytes: utf8("{ 'a': 1 }") }])).toEqual([
      "c.json:1:3: is not JSON: expected a property name in double quotes, found ' (JSON strings use double quotes)",
    ]);
    expect(messages([{ path: 'e.json', bytes: new Uint8Array() }])).toEqual(['e.json: is empty: an export file holds a JSON object or a list of them']);
  });

  test('a key twice in one object is refused: JSON readers disagree on which one counts', () => {
    expect(messages([{ path: 'd.json', bytes: utf8('{\n "state": "disabled",\n "conditions": {},\n "state": "enabled"\n}') }])).toEqual([
      'd.json:4:2: is not JSON: has the key "state" twice (lines 2 and 4); JSON readers disagree about which one counts: keep one',
    ]);
  });

  test('UTF-16 without a byte-order mark, and bytes that are not UTF-8', () => {
    const text = JSON.stringify(minimal());
    expect(messages([{ path: 'le.json', bytes: utf16le(text, false) }])).toEqual([
      'le.json: is UTF-16LE without a byte-order mark; save it as UTF-8, or as UTF-16LE with a byte-order mark (PowerShell: Out-File -Encoding utf8)',
    ]);
    const be = utf16le(text, false).map((_, i, a) => (i % 2 === 0 ? a[i + 1]! : a[i - 1]!));
    expect(messages([{ path: 'be.json', bytes: be }])).toEqual([
      'be.json: is UTF-16BE without a byte-order mark; save it as UTF-8, or as UTF-16LE with a byte-order mark (PowerShell: Out-File -Encoding utf8)',
    ]);
    const latin1 = utf8('{\n "displayName": "Caf_"\n}');
    latin1[19] = 0xe9;
    expect(messages([{ path: 'l.json', bytes: latin1 }])).toEqual([
      'l.json:2: is not valid UTF-8: byte 19 (0xe9) starts no character; save it as UTF-8, or as UTF-16LE with a byte-order mark (PowerShell: Out-File -Encoding utf8)',
    ]);
  });

  test('a value outside an enum azuread validates names the allowed values', () => {
    const p = minimal({
      state: 'on',
      conditions: { users: { includeUsers: ['All'] }, applications: { includeApplications: ['All'] }, clientAppTypes: ['all', 'legacy'], platforms: { includePlatforms: ['Windows'] } },
      sessionControls: { signInFrequency: { isEnabled: true, value: 4, type: 'weeks', frequencyInterval: 'unknownFutureValue' } },
    });
    expect(messages([file('p.json', p)])).toEqual([
      'p.json: state: "on" is not a Conditional Access state azuread 3.7.0 accepts (enabled | disabled | enabledForReportingButNotEnforced)',
      'p.json: conditions.clientAppTypes[1]: "legacy" is not a client app type azuread 3.7.0 accepts (all | browser | easSupported | exchangeActiveSync | mobileAppsAndDesktopClients | other)',
      'p.json: conditions.platforms.includePlatforms[0]: "Windows" is not a device platform azuread 3.7.0 accepts (all | android | iOS | linux | macOS | windows | windowsPhone)',
      'p.json: sessionControls.signInFrequency.type: "weeks" is not a sign-in frequency period azuread 3.7.0 accepts (days | hours)',
      'p.json: sessionControls.signInFrequency.frequencyInterval: is "unknownFutureValue": Graph hid a sign-in frequency interval newer than the API version the export used; export again with the request header Prefer: include-unknown-enum-members, or from the beta API',
    ]);
    expect(readExports([file('p.json', p)]).policies).toEqual([]);
    expect(messages([file('g.json', minimal({ conditions: { users: { includeGuestsOrExternalUsers: { guestOrExternalUserTypes: 'internalGuest,b2bGuest' } }, applications: { includeApplications: ['All'] } } }))])).toEqual([
      'g.json: conditions.users.includeGuestsOrExternalUsers.guestOrExternalUserTypes: "b2bGuest" is not a guest or external user type azuread 3.7.0 accepts (none | internalGuest | b2bCollaborationGuest | b2bCollaborationMember | b2bDirectConnectUser | otherExternalUser | serviceProvider)',
    ]);
  });

  test('ids where Graph has object ids: a user principal name in includeUsers is refused', () => {
    const p = minimal({ conditions: { users: { includeUsers: ['alice@contoso.com'], excludeRoles: ['Global Administrator'] }, applications: { includeApplications: ['All'] }, clientAppTypes: ['all'] } });
    expect(messages([file('p.json', p)])).toEqual([
      'p.json: conditions.users.includeUsers[0]: "alice@contoso.com" is not a user id: this list takes object ids (GUIDs), or All, None, GuestsOrExternalUsers',
      'p.json: conditions.users.excludeRoles[0]: "Global Administrator" is not a directory role template id: this list takes object ids (GUIDs)',
    ]);
  });

  test('a missing id, an id that is not a GUID, a missing state or display name', () => {
    const { id: _id, ...noId } = minimal();
    const { state: _state, displayName: _name, ...bare } = minimal();
    expect(messages([file('a.json', noId), file('b.json', minimal({ id: 'CA001' })), file('c.json', bare)])).toEqual([
      'a.json: id: is missing: every exported Conditional Access policy carries its object id (a GUID), and adopting it needs that id',
      'b.json: id: "CA001" is not an object id: a Conditional Access policy id is a GUID',
      'c.json: displayName: is missing or empty: a Conditional Access policy needs a display name',
      'c.json: state: is missing: a policy is enabled, disabled or enabledForReportingButNotEnforced',
    ]);
    const { Id: _psId, ...psNoId } = { Id: ID, DisplayName: 'x', SecurityEnabled: true };
    expect(messages([file('g.json', { value: [psNoId] })])).toEqual([
      'g.json: value[0].id: is missing: every exported group carries its object id (a GUID), and adopting it needs that id',
    ]);
  });

  test('two objects with the same id: in two files, or twice in one list', () => {
    const a = minimal();
    const b = minimal({ id: ID.toUpperCase(), state: 'disabled' });
    expect(messages([file('one.json', a), file('two.json', b)])).toEqual([
      `two.json: has the id ${ID} of the policy "CP001 test policy" in one.json; an export holds each object once: remove one of the two (they differ in state)`,
    ]);
    const r = readExports([file('list.json', { value: [a, a] })]);
    expect(r.problems.map(formatProblem)).toEqual([
      `list.json: value[1]: has the id ${ID} of the policy "CP001 test policy" in list.json at value[0]; an export holds each object once: remove one of the two (they are identical)`,
    ]);
    expect(r.policies).toHaveLength(1);
  });

  test('a policy naming a group the export does not contain, once the export has groups or a migration table', () => {
    const missing = 'f389fc8e-3965-4ae0-aa53-87511ab05f2b';
    const p = minimal({ conditions: { users: { includeUsers: ['All'], excludeGroups: ['2802b872-ccfb-4b29-a9a9-459808dfb11b', missing] }, applications: { includeApplications: ['All'] } } });
    const group = { id: '2802b872-ccfb-4b29-a9a9-459808dfb11b', displayName: 'Break glass', securityEnabled: true };
    const expected = `policies/p.json: conditions.users.excludeGroups[1]: names the group ${missing}, which the export does not contain (no group file and no migration table entry has that id): policy "CP001 test policy"; export the group too, or take it out of the policy`;
    expect(messages([file('policies/p.json', p), file('groups/g.json', group)])).toEqual([expected]);
    const table = { TenantId: '42ba3ed1-ae78-4fd0-8080-5f8bfcc27b29', Objects: [{ DisplayName: 'Break glass', Id: '2802b872-ccfb-4b29-a9a9-459808dfb11b', Type: 'Group' }] };
    expect(messages([file('policies/p.json', p), file('MigrationTable.json', table)])).toEqual([expected]);
    // Without groups or a table, nothing says which groups exist.
    expect(messages([file('policies/p.json', p)])).toEqual([]);
    // PascalCase paths are the file's own.
    const ps = { Id: ID, DisplayName: 'PS policy', State: 'enabled', Conditions: { Users: { IncludeGroups: [missing] }, Applications: { IncludeApplications: ['All'] } }, GrantControls: { Operator: 'OR', BuiltInControls: ['block'] } };
    expect(messages([file('ps.json', ps), file('groups/g.json', group)])).toEqual([
      `ps.json: Conditions.Users.IncludeGroups[0]: names the group ${missing}, which the export does not contain (no group file and no migration table entry has that id): policy "PS policy"; export the group too, or take it out of the policy`,
    ]);
  });

  test('an object that is no policy, named location, group or migration table', () => {
    expect(messages([file('intune.json', { value: [{ id: ID, '@odata.type': '#microsoft.graph.deviceCompliancePolicy', displayName: 'Windows' }] }), file('s.json', 'just text')])).toEqual([
      'intune.json: value[0]: is not a Conditional Access policy, named location, group or migration table: a policy has conditions and state, a named location an @odata.type of #microsoft.graph.ipNamedLocation or #microsoft.graph.countryNamedLocation (or ipRanges or countriesAndRegions), a group securityEnabled, mailNickname or groupTypes, a migration table Objects',
      's.json: holds the string "just text", where an exported object or a list of them belongs',
    ]);
  });

  test('ConvertTo-Json below its default depth writes .NET type names where objects belong', () => {
    const cut = {
      Id: ID,
      DisplayName: 'Cut short',
      State: 'enabled',
      Conditions: { Applications: 'Microsoft.Graph.PowerShell.Models.MicrosoftGraphConditionalAccessApplications', Users: 'Microsoft.Graph.PowerShell.Models.MicrosoftGraphConditionalAccessUsers' },
      GrantControls: { BuiltInControls: ['mfa'], Operator: 'OR', AdditionalProperties: 'System.Collections.Generic.Dictionary`2[System.String,System.Object]' },
    };
    expect(messages([file('cut.json', cut)])).toEqual([
      'cut.json: Conditions.Applications: is the text "Microsoft.Graph.PowerShell.Models.MicrosoftGraphConditionalAccessApplications" where an object belongs: ConvertTo-Json cut the export at its default depth; export again with ConvertTo-Json -Depth 10',
      'cut.json: Conditions.Users: is the text "Microsoft.Graph.PowerShell.Models.MicrosoftGraphConditionalAccessUsers" where an object belongs: ConvertTo-Json cut the export at its default depth; export again with ConvertTo-Json -Depth 10',
      'cut.json: GrantControls.AdditionalProperties: is the text "System.Collections.Generic.Dictionary`2[System.String,System.Object]" where an object belongs: ConvertTo-Json cut the export at its default depth; export again with ConvertTo-Json -Depth 10',
    ]);
  });

  test('two spellings of one field with different values, and types that do not fit', () => {
    const p = { ...minimal(), DisplayName: 'Other name' };
    expect(messages([file('p.json', p)])).toEqual(['p.json: DisplayName: gives displayName a second value, different from the one at displayName; keep one']);
    const q = minimal({ conditions: { users: { includeUsers: ['All'] }, applications: { includeApplications: [7] }, clientAppTypes: ['all'] }, sessionControls: { persistentBrowser: { isEnabled: 'yes', mode: 'always' } } });
    expect(messages([file('q.json', q)])).toEqual([
      'q.json: conditions.applications.includeApplications[0]: must be a string, found the number 7',
      'q.json: sessionControls.persistentBrowser.isEnabled: must be true or false, found the string "yes"',
    ]);
  });

  test('named location ranges azuread refuses, and migration table entries without an id', () => {
    const ip = { '@odata.type': '#microsoft.graph.ipNamedLocation', id: ID, displayName: 'Bad', ipRanges: [{ cidrAddress: '10.0.0.1' }, { cidrAddress: '10.0.0.0/7' }, { cidrAddress: '10.1.2.3/16' }] };
    const table = { TenantId: 'contoso', Objects: [{ DisplayName: 'No id', Type: 'Group' }, { DisplayName: 'x', Id: 'not-a-guid' }] };
    expect(messages([file('ip.json', ip), file('MigrationTable.json', table)])).toEqual([
      'MigrationTable.json: TenantId: "contoso" is not a tenant id (a GUID)',
      'MigrationTable.json: Objects[0].Id: is missing: each migration table entry names an object id (a GUID)',
      'MigrationTable.json: Objects[1].Id: "not-a-guid" is not an object id (a GUID)',
      'ip.json: ipRanges[0].cidrAddress: "10.0.0.1" is not an IP range in CIDR notation (203.0.113.0/24, 2001:db8::/48)',
      'ip.json: ipRanges[1].cidrAddress: "10.0.0.0/7" has a prefix length azuread 3.7.0 refuses (8 to 32)',
    ]);
  });

  test('no cut, nesting or byte flip of a real export makes the reader throw', () => {
    const text = readFileSync(join(ROOT, CA400), 'utf8');
    for (let n = 0; n < text.length; n += 5) {
      const r = readExports([{ path: 'cut.json', bytes: utf8(text.slice(0, n)) }]);
      expect(r.problems.length).toBeGreaterThan(0);
    }
    const bytes = bytesOf(CA400);
    for (let i = 0; i < bytes.length; i += 11) {
      const flipped = bytes.slice();
      flipped[i] = flipped[i]! ^ 0x5a;
      expect(() => readExports([{ path: 'flip.json', bytes: flipped }])).not.toThrow();
    }
    expect(messages([{ path: 'deep.json', bytes: utf8('['.repeat(100000)) }])).toEqual(['deep.json:1:258: is not JSON: nests deeper than 256 levels']);
  });
});
