/**
 * `npm run import` end to end, on the j0eyv export (36 real policies): what it decides, what
 * it writes, that the result synthesizes to import blocks and round-trips through the
 * analysis model, that a second import changes nothing, and that bad input writes nothing.
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { TF } from '../core/addresses';
import type { FidelityReport } from '../analysis/adoption/fidelity';
import { policyModelOf } from '../analysis/adoption/model';
import { mapLocationRefs } from '../analysis/adoption/plan';
import { readExports } from '../analysis/adoption/read';
import { readSynthesizedStack } from '../analysis/model/read';
import type { PolicyModel, Ref } from '../analysis/model/types';
import { declaredFacts } from '../environment/declared';
import { diffEnvironment } from '../analysis/diff/compare';
import { loadEnvironments } from './environments';
import { runImport } from './import';
import { commandOutcome } from './run';
import { synthesize } from './synth';
import { runWhatIf } from './whatif';

const FIXTURE = join(__dirname, '..', 'analysis', 'adoption', '__fixtures__', 'j0eyv-ca-baseline');
const TENANT = '42ba3ed1-ae78-4fd0-8080-5f8bfcc27b29';
const BREAK_GLASS = ['b9000000-0000-4000-8000-0000000000b1', 'b9000000-0000-4000-8000-0000000000b2'];

const environmentFile = (name: string, tenantId: string, extra: Record<string, unknown> = {}) =>
  `# ${name}: adopted from its tenant's export\n` +
  stringify({
    tenantId,
    ring: 1,
    stage: 'off',
    pipeline: false,
    breakGlass: { accounts: BREAK_GLASS },
    telemetry: {
      workspace: { name: `law-identity-${name}`, resourceGroup: `rg-identity-${name}`, location: 'westeurope', subscriptionId: 'c5000000-0000-4000-8000-0000000000c0' },
      deploymentAppId: 'd3000000-0000-4000-8000-0000000000c0',
      rules: { SEN001: { stage: 'enabled' } },
    },
    ...extra,
  });

/** A project folder: environments/contoso.yaml (the j0eyv tenant) and environments/lab.yaml (another tenant). */
function project(): { root: string; environments: string } {
  const root = mkdtempSync(join(tmpdir(), 'perimeter-import-'));
  const environments = join(root, 'environments');
  mkdirSync(environments);
  writeFileSync(join(environments, 'contoso.yaml'), environmentFile('contoso', TENANT));
  writeFileSync(join(environments, 'lab.yaml'), environmentFile('lab', '7e000000-0000-4000-8000-0000000000a1'));
  return { root, environments };
}

/** Every file under `dir`, path -> text: what "nothing changed" compares. */
function tree(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const f of readdirSync(d).sort()) {
      const p = join(d, f);
      if (statSync(p).isDirectory()) walk(p);
      else out[p.slice(dir.length + 1)] = readFileSync(p, 'utf8');
    }
  };
  walk(dir);
  return out;
}

const importInto = (environments: string, from: string, ...flags: string[]) =>
  commandOutcome(() => runImport(['--from', from, '--env', 'contoso', '--environments', environments, '--json', ...flags]));

const reportOf = (r: { stdout?: string }) => JSON.parse(r.stdout ?? 'null') as FidelityReport;

/** The policy without labels, break-glass exclusions or display name: what must survive the round trip. */
function essence(p: PolicyModel): unknown {
  const ids = (refs: readonly Ref[]) => refs.map((r) => r.id).filter((id) => !BREAK_GLASS.includes(id) && id !== `${TF.group}.break_glass_exclusion`).sort();
  const u = p.conditions.users;
  const a = p.conditions.applications;
  const l = p.conditions.locations;
  return JSON.parse(
    JSON.stringify({
      state: p.state,
      conditions: {
        ...p.conditions,
        users: { ...u, includeUsers: ids(u.includeUsers), excludeUsers: ids(u.excludeUsers), includeGroups: ids(u.includeGroups), excludeGroups: ids(u.excludeGroups), includeRoles: ids(u.includeRoles), excludeRoles: ids(u.excludeRoles) },
        applications: { ...a, includeApplications: ids(a.includeApplications), excludeApplications: ids(a.excludeApplications) },
        ...(l ? { locations: { includeLocations: ids(l.includeLocations), excludeLocations: ids(l.excludeLocations) } } : {}),
      },
      grantControls: p.grantControls ? { ...p.grantControls, authenticationStrength: p.grantControls.authenticationStrength?.id } : undefined,
      sessionControls: p.sessionControls,
    }),
  );
}

describe('the j0eyv export imported into a fresh environment', () => {
  const { root, environments } = project();
  const first = importInto(environments, FIXTURE);
  const report = reportOf(first);
  const written = tree(root);
  const outdir = join(root, 'cdktf.out');
  synthesize({ environmentsDir: environments, outdir });
  const stack = JSON.parse(readFileSync(join(outdir, 'stacks', 'contoso', 'cdk.tf.json'), 'utf8')) as { import?: { to: string; id: string }[] };

  test('every one of the 36 policies has an outcome: 3 adopted as baseline policies, 26 custom, 7 unmanaged, and the lockout proof holds', () => {
    expect(first.exitCode).toBe(0);
    expect(report.policies).toHaveLength(36);
    const by = (outcome: string) => report.policies.filter((p) => p.outcome === outcome);
    expect(by('baseline').map((p) => [p.displayName, p.id])).toEqual([
      ['CA002-Global-IdentityProtection-AnyApp-AnyPlatform-Block-LegacyAuthentication', 'CA003'],
      ['CA003-Global-BaseProtection-RegisterOrJoin-AnyPlatform-MFA', 'CA012'],
      ['CA400-GuestUsers-IdentityProtection-AnyApp-AnyPlatform-MFA', 'CA014'],
    ]);
    expect(by('custom').map((p) => p.id)).toEqual(Array.from({ length: 26 }, (_, i) => `CP${String(i + 1).padStart(3, '0')}`));
    expect(by('unmanaged').map((p) => [p.displayName.slice(0, 5), p.unexpressible])).toEqual([
      ['CA104', ['sessionControls.continuousAccessEvaluation.mode']],
      ['CA209', ['sessionControls.continuousAccessEvaluation.mode']],
      ['CA501', expect.arrayContaining(['conditions.agentIdRiskLevels', 'conditions.clientApplications.includeAgentIdServicePrincipals'])],
      ['CA502', expect.arrayContaining(['conditions.clientApplications.includeAgentIdServicePrincipals'])],
      ['CA503', expect.arrayContaining(['conditions.agents.includeAgentUsers'])],
      ['CA504', expect.arrayContaining(['conditions.agents.includeAgentUsers'])],
      ['CA505', expect.arrayContaining(['conditions.agents.includeAgentUsers'])],
    ]);
    expect(by('unmanaged').every((p) => p.changes.length === 0 && p.id === undefined)).toBe(true);
    expect(report.policies.find((p) => p.originalId === '809741fe-fb1b-4746-9ff0-83a978a4c891')).toMatchObject({
      source: { file: expect.stringMatching(/ConditionalAccess\/CA000-Global-IdentityProtection-AnyApp-AnyPlatform-MFA\.json$/) },
      outcome: 'custom',
      id: 'CP001',
    });
    expect(report.namedLocations.map((l) => [l.displayName, l.outcome, l.id ?? null])).toEqual([
      ['ALLOWED COUNTRIES - SERVICE ACCOUNTS', 'managed', 'allowed-countries-service-accounts'],
      ['ALLOWED COUNTRIES', 'managed', 'allowed-countries'],
      ['All Compliant Network locations', 'unmanaged', null],
    ]);
    expect(report.guardrails.errors).toEqual([]);
    expect(report.lockoutProof.proved).toBe(true);
  });

  test('the fidelity report says, in identity terms, what the first deploy changes', () => {
    const legacy = report.policies.find((p) => p.id === 'CA003')!;
    expect(legacy.changes).toEqual([
      'renames "CA002-Global-IdentityProtection-AnyApp-AnyPlatform-Block-LegacyAuthentication" to "CA003 Block legacy authentication"',
      'adds the break-glass exclusion (break-glass account 1, break-glass account 2, the break-glass group) to the excluded users of "CA002-Global-IdentityProtection-AnyApp-AnyPlatform-Block-LegacyAuthentication"',
    ]);
    expect(report.policies.find((p) => p.id === 'CP001')!.changes[0]).toBe('renames "CA000-Global-IdentityProtection-AnyApp-AnyPlatform-MFA" to "CP001 CA000-Global-IdentityProtection-AnyApp-AnyPlatform-MFA"');
    expect(report.creates).toContain('creates the policy "CA001 Require MFA for all users" (off)');
    expect(report.creates.every((c) => / \(off\)$/.test(c))).toBe(true);
    const markdown = commandOutcome(() => runImport(['--from', FIXTURE, '--env', 'contoso', '--environments', environments, '--dry-run'])).stdout!;
    expect(markdown).toContain('36 policies from');
    expect(markdown).toContain('3 adopted as baseline policies, 26 imported as custom policies, 7 left unmanaged');
    expect(markdown).toContain('| CA002-Global-IdentityProtection-AnyApp-AnyPlatform-Block-LegacyAuthentication<br>');
    expect(markdown).toContain('Break-glass lockout proof: PROVED');
  });

  test('it writes the bindings, the adoption map, the custom policies and the unmanaged snapshot', () => {
    expect(Object.keys(written).filter((f) => f.startsWith('policies/custom/'))).toHaveLength(26);
    const env = written['environments/contoso.yaml']!;
    expect(env.startsWith('# contoso: adopted from its tenant\'s export\n')).toBe(true);
    expect(env).toContain('  CA003:\n    stage: enabled\n    adopt: c1acdef5-cfc8-470b-a7db-1f71ba4be1fb\n    exclude:\n      groups:\n        - ca-breakglassaccounts-exclude\n');
    expect(env).toContain('  allowed-countries:\n    displayName: ALLOWED COUNTRIES\n    countries:\n      - BE\n      - LU\n      - NL\n');
    expect(env).toContain('  ca-breakglassaccounts-exclude:\n    objectId: 2802b872-ccfb-4b29-a9a9-459808dfb11b\n    description: CA-BreakGlassAccounts - Exclude\n');
    expect(env).toMatch(/ {2}CP010:\n {4}stage: report-only\n {4}adopt: d2cebefb-fc77-4986-8890-4fe511825ee7\n/);
    const snapshot = readExports([{ path: 'contoso.unmanaged.json', bytes: Buffer.from(written['environments/contoso.unmanaged.json']!) }]);
    expect(snapshot.problems).toEqual([]);
    expect(snapshot.policies.map((p) => p.displayName.slice(0, 5))).toEqual(['CA104', 'CA209', 'CA501', 'CA502', 'CA503', 'CA504', 'CA505']);
    expect(snapshot.namedLocations.map((l) => [l.displayName, l.kind])).toEqual([['All Compliant Network locations', 'other']]);
  });

  test('synth adopts every managed object in place: one import block each, with the id azuread 3.7.0 expects, in that environment only', () => {
    const imports = stack.import ?? [];
    expect(imports).toHaveLength(29 + 2);
    expect(imports).toContainEqual({ to: 'azuread_conditional_access_policy.CA003', id: '/identity/conditionalAccess/policies/c1acdef5-cfc8-470b-a7db-1f71ba4be1fb' });
    expect(imports).toContainEqual({ to: 'azuread_named_location.allowed-countries', id: '/identity/conditionalAccess/namedLocations/185c993e-10a9-44fa-98d1-230c8f72f497' });
    expect(imports.every((i) => /^\/identity\/conditionalAccess\/(policies|namedLocations)\/[0-9a-f-]{36}$/.test(i.id))).toBe(true);
    const lab = JSON.parse(readFileSync(join(outdir, 'stacks', 'lab', 'cdk.tf.json'), 'utf8')) as Record<string, unknown>;
    expect(lab.import).toBeUndefined();
  });

  test('round trip: every policy azuread can express reads back from the synthesized stack as it was exported, apart from the break-glass exclusion and the name', () => {
    const environment = loadEnvironments(environments, root).find((e) => e.name === 'contoso')!;
    const model = readSynthesizedStack(stack, { name: 'contoso', declared: declaredFacts(environment) });
    const exports = readExports([]);
    expect(exports.policies).toEqual([]);
    const exported = readExportsOf(FIXTURE);
    const managed = report.policies.filter((p) => p.outcome !== 'unmanaged');
    expect(managed).toHaveLength(29);
    for (const entry of managed) {
      const imported = exported.policies.find((p) => p.originalId === entry.originalId)!;
      const keys = new Map(report.namedLocations.flatMap((l) => (l.id ? [[l.originalId, l.id] as const] : [])));
      const before = mapLocationRefs(policyModelOf(imported, entry.id!), (r) => (keys.has(r.id) ? { id: `${TF.namedLocation}.${keys.get(r.id)!}`, label: r.label } : r));
      const after = model.policy(entry.id!)!;
      expect({ id: entry.id, policy: essence(after) }).toEqual({ id: entry.id, policy: essence(before) });
      if (entry.outcome === 'custom') expect(after.displayName).toBe(`${entry.id} ${imported.displayName}`);
      const excluded = [...after.conditions.users.excludeUsers, ...after.conditions.users.excludeGroups].map((r) => r.id);
      expect(excluded).toEqual(expect.arrayContaining([...BREAK_GLASS, `${TF.group}.break_glass_exclusion`]));
    }
    // The unmanaged ones are in the model too, as they are in the tenant.
    expect(model.unmanagedPolicies.map((p) => p.displayName.slice(0, 5))).toEqual(['CA104', 'CA209', 'CA501', 'CA502', 'CA503', 'CA504', 'CA505']);
    expect(model.unmanagedPolicies.every((p) => p.displayName.endsWith(' (unmanaged)'))).toBe(true);
  });

  test('the diff reports the tenant\'s unmanaged policies as what they are: in force, changed in the tenant, never by a deploy', () => {
    const environment = loadEnvironments(environments, root).find((e) => e.name === 'contoso')!;
    const facts = declaredFacts(environment);
    const cae = facts.unmanagedPolicies.find((p) => p.displayName.startsWith('CA104'))!;
    const base = readSynthesizedStack(stack, { name: 'contoso', declared: { ...facts, unmanagedPolicies: facts.unmanagedPolicies.filter((p) => p !== cae) } });
    const head = readSynthesizedStack(stack, {
      name: 'contoso',
      declared: { ...facts, unmanagedPolicies: facts.unmanagedPolicies.filter((p) => !p.displayName.startsWith('CA209')).map((p) => (p.displayName.startsWith('CA505') ? { ...p, state: 'enabled' as const } : p)) },
    });
    const d = diffEnvironment('contoso', base, head, []);
    expect(d.policiesAdded).toEqual([]);
    expect(d.unmanagedChanges).toEqual([
      "CA104-Admins-IdentityProtection-AllApps-AnyPlatform-ContinuousAccessEvaluation (unmanaged): now listed in the tenant's snapshot, enabled; in force, and a deploy does not change it",
      "CA505-Agents-AttackSurfaceReduction-AllAgentUsers-AllResources-RequireCompliantNetWork (unmanaged): report-only -> enabled in the tenant's snapshot; a deploy does not change it",
      "CA209-Internals-IdentityProtection-AllApps-AnyPlatform-ContinuousAccessEvaluation (unmanaged): no longer in the tenant's snapshot (adopted, or deleted in the tenant)",
    ]);
  });

  test('a second import of the same export changes nothing', () => {
    const again = importInto(environments, FIXTURE);
    expect(again.exitCode).toBe(0);
    expect(tree(root)).toEqual({ ...written, ...Object.fromEntries(Object.entries(tree(root)).filter(([f]) => f.startsWith('cdktf.out/'))) });
    expect(reportOf(again).files.every((f) => f.change === 'unchanged')).toBe(true);
    expect(reportOf(again).policies.map((p) => [p.outcome, p.id])).toEqual(report.policies.map((p) => [p.outcome, p.id]));
  });
});

function readExportsOf(dir: string) {
  const files: { path: string; bytes: Uint8Array }[] = [];
  const walk = (d: string) => {
    for (const f of readdirSync(d).sort()) {
      const p = join(d, f);
      if (statSync(p).isDirectory()) walk(p);
      else files.push({ path: p, bytes: readFileSync(p) });
    }
  };
  walk(dir);
  return readExports(files);
}

test('--dry-run decides and reports the same, and writes nothing', () => {
  const { root, environments } = project();
  const before = tree(root);
  const dry = importInto(environments, FIXTURE, '--dry-run');
  expect(dry.exitCode).toBe(0);
  expect(tree(root)).toEqual(before);
  expect(existsSync(join(root, 'policies'))).toBe(false);
  const report = reportOf(dry);
  expect(report.dryRun).toBe(true);
  expect(report.policies.filter((p) => p.outcome === 'custom')).toHaveLength(26);
  expect(report.files.find((f) => f.path.endsWith('contoso.yaml'))!.change).toBe('updated');
});

test('one Graph list file, PascalCase, UTF-16LE with a byte-order mark and CRLF, imports exactly as the folder does', () => {
  const folder = project();
  const fromFolder = reportOf(importInto(folder.environments, FIXTURE, '--dry-run'));
  const exported = readExportsOf(FIXTURE);
  const pascal = (v: unknown): unknown =>
    Array.isArray(v) ? v.map(pascal) : v && typeof v === 'object' ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k[0]!.toUpperCase() + k.slice(1), pascal(x)])) : v;
  const list = {
    '@odata.context': 'https://graph.microsoft.com/beta/$metadata#identity/conditionalAccess/policies',
    value: [...exported.policies.map((p) => pascal(p.graph)), ...exported.namedLocations.map((l) => ({ '@odata.type': `#microsoft.graph.${l.graphType}`, ...(pascal(l.graph) as object) }))],
  };
  const text = JSON.stringify(list, null, 2).replace(/\n/g, '\r\n');
  const file = join(mkdtempSync(join(tmpdir(), 'perimeter-export-')), 'policies.json');
  writeFileSync(file, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]));
  const { environments } = project();
  const fromList = importInto(environments, file, '--dry-run');
  expect(fromList.exitCode).toBe(0);
  const shape = (r: FidelityReport) => r.policies.map((p) => [p.originalId, p.outcome, p.id ?? null, p.unexpressible]);
  expect(shape(reportOf(fromList))).toEqual(shape(fromFolder));
  expect(reportOf(fromList).policies[0]!.source).toEqual({ file: expect.stringMatching(/policies\.json$/), index: 0 });
});

describe('bad input writes nothing and names the file and the JSON path', () => {
  const exportWith = (files: Record<string, string | Buffer>) => {
    const dir = mkdtempSync(join(tmpdir(), 'perimeter-bad-export-'));
    cpSync(FIXTURE, dir, { recursive: true });
    for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), content);
    return dir;
  };
  const exported = readExportsOf(FIXTURE);
  const policy = (file: string) => exported.policies.find((p) => p.source.file.endsWith(`/${file}`))!.graph as Record<string, any>;

  test.each([
    ['a file that is not JSON', { 'ConditionalAccess/broken.json': '{ "displayName": "half' }, /broken\.json:1:18: displayName: is not JSON: has a string that is not closed before the end of the file/],
    [
      'a policy with an unknown field value',
      { 'ConditionalAccess/CA000-Global-IdentityProtection-AnyApp-AnyPlatform-MFA.json': JSON.stringify({ ...policy('CA000-Global-IdentityProtection-AnyApp-AnyPlatform-MFA.json'), state: 'on' }) },
      /CA000-Global-IdentityProtection-AnyApp-AnyPlatform-MFA\.json: state: "on" is not a Conditional Access state azuread 3\.7\.0 accepts \(enabled \| disabled \| enabledForReportingButNotEnforced\)/,
    ],
    [
      'a reference to a group the export does not contain',
      {
        'ConditionalAccess/CA000-Global-IdentityProtection-AnyApp-AnyPlatform-MFA.json': JSON.stringify({
          ...policy('CA000-Global-IdentityProtection-AnyApp-AnyPlatform-MFA.json'),
          conditions: { ...policy('CA000-Global-IdentityProtection-AnyApp-AnyPlatform-MFA.json').conditions, users: { includeUsers: ['All'], excludeGroups: ['0a0a0a0a-0000-4000-8000-000000000001'] } },
        }),
      },
      /conditions\.users\.excludeGroups\[0\]: names the group 0a0a0a0a-0000-4000-8000-000000000001, which the export does not contain/,
    ],
  ])('%s', (_what, files, message) => {
    const { root, environments } = project();
    const before = tree(root);
    const r = importInto(environments, exportWith(files));
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(/^perimeter: import stopped; nothing was written/);
    expect(r.stderr).toMatch(message);
    expect(tree(root)).toEqual(before);
  });

  test('an export from another tenant, a missing environment, and an object another environment adopts', () => {
    const { root, environments } = project();
    const before = tree(root);
    writeFileSync(join(environments, 'contoso.yaml'), environmentFile('contoso', '7e000000-0000-4000-8000-0000000000c9'));
    const other = importInto(environments, FIXTURE);
    expect([other.exitCode, other.stderr]).toEqual([2, expect.stringContaining(`contoso.yaml: tenantId: is 7e000000-0000-4000-8000-0000000000c9, but the export comes from the tenant ${TENANT}`)]);
    const missing = commandOutcome(() => runImport(['--from', FIXTURE, '--env', 'fabrikam', '--environments', environments]));
    expect([missing.exitCode, missing.stderr]).toEqual([2, expect.stringContaining('fabrikam.yaml: does not exist; write the environment first')]);
    writeFileSync(join(environments, 'contoso.yaml'), before['environments/contoso.yaml']!);
    writeFileSync(join(environments, 'lab.yaml'), environmentFile('lab', '7e000000-0000-4000-8000-0000000000a1', { namedLocations: { 'allowed-countries': { countries: ['NL'], adopt: '185c993e-10a9-44fa-98d1-230c8f72f497' } }, countryAccess: { mode: 'allow', location: 'allowed-countries' } }));
    const claimed = importInto(environments, FIXTURE);
    expect([claimed.exitCode, claimed.stderr]).toEqual([2, expect.stringContaining('lab.yaml: namedLocations.allowed-countries.adopt: adopts 185c993e-10a9-44fa-98d1-230c8f72f497, which the export for contoso holds')]);
    expect(existsSync(join(root, 'policies'))).toBe(false);
  });
});

test('a lockout through a policy perimeter cannot manage is reported like any other: the import and What If both fail the proof', () => {
  const { root, environments } = project();
  const dir = mkdtempSync(join(tmpdir(), 'perimeter-lockout-export-'));
  writeFileSync(
    join(dir, 'policies.json'),
    JSON.stringify({
      value: [
        {
          id: '0c0c0c0c-0000-4000-8000-000000000001',
          displayName: 'Block everyone, with continuous access evaluation',
          state: 'enabled',
          conditions: { users: { includeUsers: ['All'] }, applications: { includeApplications: ['All'] }, clientAppTypes: ['all'] },
          grantControls: { operator: 'OR', builtInControls: ['block'] },
          sessionControls: { continuousAccessEvaluation: { mode: 'strictEnforcement' } },
        },
      ],
    }),
  );
  const r = importInto(environments, dir);
  expect(r.exitCode).toBe(1);
  const report = reportOf(r);
  expect(report.policies.map((p) => [p.outcome, p.unexpressible])).toEqual([['unmanaged', ['sessionControls.continuousAccessEvaluation.mode']]]);
  expect(report.lockoutProof.proved).toBe(false);
  expect(report.lockoutProof.summary.join('\n')).toContain('Block everyone, with continuous access evaluation (unmanaged)');
  const outdir = join(root, 'cdktf.out');
  synthesize({ environmentsDir: environments, outdir });
  const proof = commandOutcome(() => runWhatIf(['--env', 'contoso', '--prove-break-glass', '--outdir', outdir, '--environments', environments]));
  expect(proof.exitCode).toBe(1);
  expect(proof.stdout).toContain('Block everyone, with continuous access evaluation (unmanaged)');
});

test('a tenant with 200 policies imports in under 2 s, and the policy limit counts every one of them', () => {
  const { environments } = project();
  const dir = mkdtempSync(join(tmpdir(), 'perimeter-200-export-'));
  const hex = (n: number) => n.toString(16).padStart(12, '0');
  const policies = Array.from({ length: 200 }, (_, i) => ({
    id: `0d0d0d0d-0000-4000-8000-${hex(i)}`,
    displayName: `Tenant policy ${i}`,
    state: i % 3 === 0 ? 'enabledForReportingButNotEnforced' : 'enabled',
    conditions: {
      users: { includeUsers: ['All'], excludeUsers: [`0e0e0e0e-0000-4000-8000-${hex(i)}`] },
      applications: { includeApplications: i % 2 ? ['All'] : ['Office365'] },
      clientAppTypes: ['all'],
      ...(i % 5 === 0 ? { signInRiskLevels: ['high'] } : {}),
      ...(i % 7 === 0 ? { platforms: { includePlatforms: ['android', 'iOS'] } } : {}),
    },
    grantControls: { operator: 'OR', builtInControls: [i % 4 === 0 ? 'compliantDevice' : 'mfa'] },
    ...(i % 10 === 0 ? { sessionControls: { signInFrequency: { isEnabled: true, type: 'hours', value: 1 + (i % 23) } } } : {}),
  }));
  writeFileSync(join(dir, 'policies.json'), JSON.stringify({ value: policies }));
  const started = performance.now();
  const r = importInto(environments, dir, '--dry-run');
  const millis = performance.now() - started;
  // "Tenant policy 1" (everyone, every app, MFA, one excluded user) means what CA001 means: it is adopted as CA001.
  expect(reportOf(r).policies.filter((p) => p.outcome === 'baseline').map((p) => [p.displayName, p.id])).toEqual([['Tenant policy 1', 'CA001']]);
  expect(reportOf(r).policies.filter((p) => p.outcome === 'custom')).toHaveLength(199);
  expect(reportOf(r).guardrails.errors.join('\n')).toContain('PRM-TEN001');
  expect(r.exitCode).toBe(1);
  expect(millis).toBeLessThan(2000);
});
