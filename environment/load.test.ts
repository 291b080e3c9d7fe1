/** Every user mistake stops synth with the file, the line, the key path, the bad value and what is allowed. */
import { loadEnvironments } from '../cli/environments';
import { isPerimeterError } from '../core/problems';
import { appFromFiles } from '../cli/synth';
import { loadMutated, mutateSample, readSample, writeEnvironments } from '../__tests__/helpers/synth';

/** The PerimeterError message for a directory of environments, or a failure if it loads. */
function errorOf(load: () => unknown): string {
  try {
    load();
  } catch (e) {
    if (isPerimeterError(e)) return e.message;
    throw e;
  }
  throw new Error('expected a PerimeterError, but the environments loaded');
}

const loadError = (files: Record<string, Record<string, unknown> | string>) => {
  const dir = writeEnvironments(files);
  return errorOf(() => loadEnvironments(dir, dir));
};
const prodWith = (edit: (env: Record<string, any>) => void) => loadError({ prod: mutateSample('prod', edit) });

test('the sample environments load', () => {
  const dir = writeEnvironments({ dev: readSample('dev'), prod: readSample('prod') });
  expect(loadEnvironments(dir, dir).map((e) => [e.name, e.ring])).toEqual([['dev', 1], ['prod', 2]]);
});

test('stage: on names the key, the value and the allowed stages', () => {
  const msg = prodWith((e) => (e.stage = 'on'));
  expect(msg).toContain('prod.yaml:');
  expect(msg).toContain('stage: "on" is not allowed; use one of: off | report-only | enabled');
});

test('a per-policy stage is checked the same way', () => {
  expect(prodWith((e) => (e.policies.CA003.stage = 'enforced'))).toContain(
    'policies.CA003.stage: "enforced" is not allowed; use one of: off | report-only | enabled',
  );
});

test('an unknown key names the key and what is allowed there', () => {
  const msg = prodWith((e) => (e.breakGlass.acounts = e.breakGlass.accounts));
  expect(msg).toMatch(/prod\.yaml:\d+: breakGlass\.acounts: unknown key "acounts"; did you mean "accounts"\?; allowed here: accounts, exclusionGroupName/);
});

test('an unknown top-level key is rejected', () => {
  expect(prodWith((e) => (e.conditionalAccess = {}))).toContain('conditionalAccess: unknown key "conditionalAccess"; allowed here: tenantId, ring, stage');
});

test('an unknown policy id lists the baseline ids', () => {
  const msg = prodWith((e) => (e.policies.CA099 = { stage: 'enabled' }));
  expect(msg).toContain('policies.CA099: unknown policy id "CA099"; the baseline has CA001, CA002');
});

test('a policy id of the wrong form is rejected by the schema', () => {
  expect(prodWith((e) => (e.policies['block-legacy'] = { stage: 'enabled' }))).toContain('policies.block-legacy: the key "block-legacy" must be a policy id: CA and three digits for the baseline (CA003), CP and three digits for a custom policy (CP001)');
});

test('a policy that needs a feature the environment lacks says which keys enable it', () => {
  const msg = prodWith((e) => {
    delete e.countryAccess;
    e.policies.CA020 = { stage: 'report-only' };
  });
  expect(msg).toContain('policies.CA020: CA020 is part of an environment only when countryAccess is set');
});

test('a break-glass account that is not a GUID', () => {
  expect(prodWith((e) => (e.breakGlass.accounts[1] = 'bg-02@meridiancomponents.onmicrosoft.com'))).toContain(
    'breakGlass.accounts[1]: "bg-02@meridiancomponents.onmicrosoft.com" must be an object id written as a GUID',
  );
});

test('fewer than two break-glass accounts', () => {
  expect(prodWith((e) => (e.breakGlass.accounts = [e.breakGlass.accounts[0]]))).toContain(
    'breakGlass.accounts: needs at least two cloud-only emergency access accounts (object ids); Microsoft recommends two, got 1',
  );
});

test('the same break-glass account twice', () => {
  expect(prodWith((e) => (e.breakGlass.accounts = [e.breakGlass.accounts[0], e.breakGlass.accounts[0]]))).toContain(
    'breakGlass.accounts[1]: "b9000000-0000-4000-8000-000000000001" is listed twice',
  );
});

test('a CIDR with an impossible prefix', () => {
  expect(prodWith((e) => (e.namedLocations['corp-egress'].ipRanges[0] = '203.0.113.0/33'))).toContain(
    'namedLocations.corp-egress.ipRanges[0]: "203.0.113.0/33" the prefix length must be a whole number from 8 to 32',
  );
});

test('a prefix shorter than /8', () => {
  expect(prodWith((e) => (e.namedLocations['corp-egress'].ipRanges[0] = '0.0.0.0/0'))).toContain(
    '"0.0.0.0/0" a /0 is wider than Conditional Access allows; use /8 or longer',
  );
});

test('a CIDR with host bits set gives the network address', () => {
  expect(prodWith((e) => (e.namedLocations['corp-egress'].ipRanges[0] = '203.0.113.7/24'))).toContain(
    '"203.0.113.7/24" has host bits set; the network address is 203.0.113.0/24',
  );
});

test('a bare address is not CIDR notation', () => {
  expect(prodWith((e) => (e.namedLocations['corp-egress'].ipRanges[0] = '203.0.113.7'))).toContain(
    '"203.0.113.7" is not in CIDR notation (a single address is written 203.0.113.7/32)',
  );
});

test('UK is not an ISO country code: say GB', () => {
  expect(prodWith((e) => (e.namedLocations['allowed-countries'].countries = ['UK', 'DE']))).toContain(
    'namedLocations.allowed-countries.countries[0]: "UK" is not an ISO 3166-1 alpha-2 code; use GB (the ISO 3166 code for the United Kingdom)',
  );
});

test('a named location with both kinds of content', () => {
  expect(prodWith((e) => (e.namedLocations['corp-egress'].countries = ['GB']))).toContain(
    'namedLocations.corp-egress: a named location has exactly one of ipRanges (an IP location) or countries (a country location)',
  );
});

test('a YAML syntax error gives the line', () => {
  const msg = loadError({ prod: 'tenantId: 7e000000-0000-4000-8000-0000000000a1\nring: 2\nstage: [report-only\nbreakGlass: {}\n' });
  expect(msg).toContain('prod.yaml:4:1: stage: YAML syntax error: Flow sequence in block collection must be sufficiently indented and end with a ] (at "breakGlass:")');
});

test('a named location referenced but not defined lists the defined ones', () => {
  const msg = prodWith((e) => (e.directorySync.allowedLocation = 'sync-egres'));
  expect(msg).toContain(
    'directorySync.allowedLocation: named location "sync-egres" is not defined under namedLocations; did you mean "sync-egress"? (defined named locations: allowed-countries, corp-egress, sync-egress)',
  );
});

test('the sync location must be an IP location', () => {
  expect(prodWith((e) => (e.directorySync.allowedLocation = 'allowed-countries'))).toContain(
    'named location "allowed-countries" must be an IP location (ipRanges), not a country location',
  );
});

test('an app or group referenced but not defined', () => {
  expect(prodWith((e) => e.sensitiveApps.push('payroll'))).toContain('sensitiveApps[3]: app "payroll" is not defined under apps');
  expect(prodWith((e) => (e.policies.CA006.exclude.groups = ['kiosks']))).toContain(
    'policies.CA006.exclude.groups[0]: group "kiosks" is not defined under groups (defined groups: engineering-staff, factory-floor-kiosks, finance-staff, hr-staff, it-staff, p2-licensed)',
  );
});

test('an exclusion without a reason', () => {
  expect(prodWith((e) => (e.policies.CA006.exclude.reason = 'kiosks'))).toContain(
    'policies.CA006.exclude.reason: must say why, in at least 10 characters',
  );
});

test('every problem of every file is reported at once', () => {
  const msg = loadError({
    dev: mutateSample('dev', (e) => (e.stage = 'on')),
    prod: mutateSample('prod', (e) => (e.ring = 0)),
  });
  expect(msg).toContain('(2 problems)');
  expect(msg).toContain('dev.yaml:3: stage:');
  expect(msg).toContain('prod.yaml:2: ring: must be a whole number of 1 or more (got 0)');
});

test('a ring violation names the policy, both environments and both stages', () => {
  const dir = writeEnvironments({
    dev: mutateSample('dev', (e) => (e.policies.CA003 = { stage: 'report-only' })),
    prod: readSample('prod'),
  });
  const msg = errorOf(() => appFromFiles({ environmentsDir: dir }));
  expect(msg).toContain('PRM-STG001 [prod]');
  expect(msg).toContain(
    'ring order violated: CA003 is enabled in prod (ring 2) but only report-only in dev (ring 1',
  );
  expect(msg).toContain('promote it in dev first or lower it in prod');
});

test('a policy a lower ring does not have counts as off there', () => {
  const dir = writeEnvironments({
    dev: mutateSample('dev', (e) => {
      delete e.countryAccess;
    }),
    prod: readSample('prod'),
  });
  expect(errorOf(() => appFromFiles({ environmentsDir: dir }))).toContain('CA020 is report-only in prod (ring 2) but only off in dev (ring 1');
});

test('types are named in the author\'s words', () => {
  expect(prodWith((e) => (e.ring = 1.5))).toContain('ring: must be a whole number, got 1.5');
  expect(prodWith((e) => (e.breakGlass.accounts = 'b9000000-0000-4000-8000-000000000001'))).toContain('breakGlass.accounts: must be a list, got "b9000000');
  expect(prodWith((e) => delete e.tenantId)).toContain('tenantId: is required (a string)');
});

describe('one notion of an id', () => {
  test('GUIDs are lower case once loaded, whatever the file wrote', () => {
    const upper = (id: string) => id.toUpperCase();
    const { environment, problems } = loadMutated('prod', (e) => {
      e.tenantId = upper(e.tenantId);
      e.breakGlass.accounts = e.breakGlass.accounts.map(upper);
      e.groups['hr-staff'].objectId = upper(e.groups['hr-staff'].objectId);
    });
    expect(problems).toEqual([]);
    const sample = loadMutated('prod', () => undefined).environment!;
    expect(environment!.tenantId).toBe(sample.tenantId);
    expect(environment!.breakGlass.accounts).toEqual(sample.breakGlass.accounts);
    expect(environment!.groups['hr-staff']!.objectId).toBe(sample.groups['hr-staff']!.objectId);
  });

  test('a break-glass account listed twice in two spellings is listed twice', () => {
    const { problems } = loadMutated('prod', (e) => e.breakGlass.accounts.push(e.breakGlass.accounts[0].toUpperCase()));
    expect(problems).toEqual([expect.stringMatching(/breakGlass\.accounts\[2\]: "b9000000-0000-4000-8000-000000000001" is listed twice$/)]);
  });

  test('the nil GUID is refused where an object must exist', () => {
    expect(loadMutated('prod', (e) => (e.breakGlass.accounts[1] = '00000000-0000-0000-0000-000000000000')).problems).toEqual([
      expect.stringMatching(/breakGlass\.accounts\[1\]: is the nil GUID \(all zeros\), which no object, tenant or subscription has$/),
    ]);
    expect(loadMutated('prod', (e) => (e.tenantId = '00000000-0000-0000-0000-000000000000')).problems).toEqual([expect.stringMatching(/tenantId: is the nil GUID/)]);
  });

  test('dev written with prod\'s tenant id in upper case is caught: its policies would exclude only dev\'s break-glass accounts', () => {
    const prodTenant = readSample('prod')['tenantId'] as string;
    const dir = writeEnvironments({ dev: mutateSample('dev', (e) => (e.tenantId = prodTenant.toUpperCase())), prod: readSample('prod') });
    const msg = errorOf(() => appFromFiles({ environmentsDir: dir }));
    expect(msg).toContain(`PRM-TEN003 [dev]`);
    expect(msg).toContain(`deploys into tenant ${prodTenant}, and so does`);
  });
});

describe('secrets are refused where they are written', () => {
  test('a password in an App Proxy URL', () => {
    expect(loadMutated('prod', (e) => (e.appProxy.apps['hr-portal'].internalUrl = 'http://svc-hr:Winter2026!@hr.corp.example.local/')).problems).toEqual([
      expect.stringMatching(/^prod\.yaml:\d+: appProxy\.apps\.hr-portal\.internalUrl: looks like a URL with a user name or password in it .*perimeter never takes a secret: deploys sign in with OIDC/),
    ]);
  });
  test('a SAS token in the state key', () => {
    const backend = { storageAccountName: 'stperimeterstate', containerName: 'tfstate', key: 'prod.tfstate?sv=2024-11-04&sp=rw' };
    expect(loadMutated('prod', (e) => (e.backend = backend)).problems).toEqual([
      expect.stringMatching(/^prod\.yaml:\d+: backend\.key: looks like a shared access signature \(SAS\) token\. perimeter never takes a secret/),
    ]);
    expect(loadMutated('prod', (e) => (e.backend = { ...backend, key: 'prod.tfstate?x=1' })).problems).toEqual([
      expect.stringMatching(/^prod\.yaml:\d+: backend\.key: holds a query string \(\?, & or #\): a state key is a blob name, and a SAS token never belongs in perimeter/),
    ]);
  });
});

describe('display names follow Entra\'s rules', () => {
  test('at most 256 characters', () => {
    expect(loadMutated('prod', (e) => (e.namedLocations['corp-egress'].displayName = 'x'.repeat(257))).problems).toEqual([
      expect.stringMatching(/namedLocations\.corp-egress\.displayName: is longer than 256 characters, the most Entra allows for a named location \(got "x{60}…" \(257 characters\)\)$/),
    ]);
  });
  test('no bidi overrides', () => {
    expect(loadMutated('prod', (e) => (e.appProxy.apps['hr-portal'].displayName = 'HR \u202Elatrop')).problems).toEqual([
      expect.stringMatching(/appProxy\.apps\.hr-portal\.displayName: the value holds the bidirectional-override character U\+202E/),
    ]);
  });
});

describe('keys JavaScript objects know', () => {
  test('a named location called constructor is a named location like any other', () => {
    const { environment, problems } = loadMutated('prod', (e) => (e.namedLocations['constructor'] = { ipRanges: ['198.51.100.0/28'] }));
    expect(problems).toEqual([]);
    expect(environment!.namedLocations['constructor']).toEqual({ kind: 'ip', displayName: 'constructor', ipRanges: ['198.51.100.0/28'], trusted: false });
  });
  test('a reference to an undefined group called toString is an undefined group', () => {
    expect(prodWith((e) => (e.policies.CA006.exclude.groups = ['constructor']))).toContain('policies.CA006.exclude.groups[0]: group "constructor" is not defined under groups');
  });
});
