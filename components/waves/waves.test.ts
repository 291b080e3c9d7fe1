/**
 * Rollout waves inside one tenant, end to end on the sample: prod pilots CA006 for it-pilot.
 * What a reviewer must be able to rely on: the twin's address, promotion in place, the order
 * rules, What If telling a pilot member from everyone else, and the analysis naming twins.
 */
import { join } from 'node:path';
import { loadEnvironmentFile } from '../../cli/environments';
import { declaredFacts } from '../../environment/declared';
import { withStageCeiling } from '../../environment/brake';
import { readSynthesizedStack } from '../../analysis/model/read';
import { compileEnvironment } from '../../analysis/whatif/compile';
import { evaluate } from '../../analysis/whatif/evaluate';
import { resolveSignIn } from '../../analysis/whatif/input';
import { proveBreakGlass } from '../../analysis/whatif/lockout';
import { formatResult } from '../../analysis/whatif/format';
import { checkReportOnlyFirst } from '../../analysis/diff/report-only-first';
import { diffEnvironment, diffLines } from '../../analysis/diff/compare';
import { buildReport } from '../../analysis/report/document';
import { REPORT_SECTIONS } from '../registry';
import { loadMutated, mutateSample, readSample, SAMPLE_DIR, synthStacks, writeEnvironments, type TfJson } from '../../__tests__/helpers/synth';
import type { Environment } from '../../environment/environment';

const CA = 'azuread_conditional_access_policy';
const IT_STAFF = '6f000000-0000-4000-8000-000000000007';
const EARLY = '${azuread_group.wave_early-adopters.object_id}';
const KIOSKS = '6f000000-0000-4000-8000-000000000001';
const BG_GROUP = '${azuread_group.break_glass_exclusion.object_id}';

const sample = synthStacks();
const prodEnv = loadEnvironmentFile(join(SAMPLE_DIR, 'prod.yaml')).environment!;

/** Both sample environments, prod edited: the stacks synthesized from them. */
function synthProdWith(edit: (env: Record<string, any>) => void): Record<string, TfJson> {
  return synthStacks(writeEnvironments({ dev: readSample('dev'), prod: mutateSample('prod', edit) }));
}

const modelOf = (tf: TfJson, env: Environment = prodEnv) => readSynthesizedStack(tf, { declared: declaredFacts(env), name: env.name });

/** Every resource of a stack by address, its configuration as synthesized. */
function resourcesByAddress(tf: TfJson): Map<string, unknown> {
  const out = new Map<string, unknown>();
  for (const [type, byName] of Object.entries(tf.resource)) for (const [name, config] of Object.entries(byName)) out.set(`${type}.${name}`, config);
  return out;
}

describe('the sample pilots CA006 for it-pilot', () => {
  const policies = sample.prod!.resource[CA]!;

  test('the twin is azuread_conditional_access_policy.CA006_waves: the same policy, enforced, for the it-pilot group only', () => {
    const twin = policies['CA006_waves'] as any;
    const main = policies['CA006'] as any;
    expect(twin.state).toBe('enabled');
    expect(main.state).toBe('enabledForReportingButNotEnforced');
    expect(twin.display_name).toBe('CA006 Require compliant or hybrid-joined device (waves: it-pilot)');
    expect(twin.conditions.users.included_groups).toEqual([IT_STAFF]);
    expect(twin.conditions.users.included_users).toBeUndefined();
    expect(main.conditions.users.included_users).toEqual(['All']);
    // The main policy is everyone minus the waves; the twin carries every exclusion of its policy.
    expect(main.conditions.users.excluded_groups).toEqual([BG_GROUP, KIOSKS, IT_STAFF]);
    expect(twin.conditions.users.excluded_groups).toEqual([BG_GROUP, KIOSKS]);
    expect(twin.conditions.users.excluded_users).toEqual(main.conditions.users.excluded_users);
    expect(twin.conditions.users.excluded_guests_or_external_users).toEqual(main.conditions.users.excluded_guests_or_external_users);
    expect(twin.grant_controls).toEqual(main.grant_controls);
    expect(twin.conditions.applications).toEqual(main.conditions.applications);
  });

  test('the main policy keeps its guard against destroy; the twin has none, so finishing a pilot can remove it', () => {
    expect((policies['CA006'] as any).lifecycle).toEqual({ prevent_destroy: true });
    expect((policies['CA006_waves'] as any).lifecycle).toBeUndefined();
  });

  test('a wave group perimeter creates is a dynamic security group, never role-assignable, at azuread_group.wave_<name>', () => {
    const group = sample.prod!.resource['azuread_group']!['wave_early-adopters'] as any;
    expect(group).toMatchObject({
      display_name: 'CA rollout wave - early adopters',
      security_enabled: true,
      mail_enabled: false,
      types: ['DynamicMembership'],
      dynamic_membership: { enabled: true, rule: '(user.extensionAttribute5 -eq "ca-early-adopter") and (user.accountEnabled -eq true)' },
      lifecycle: { prevent_destroy: true },
    });
    expect(group.assignable_to_role).toBeUndefined();
    expect(group.members).toBeUndefined();
    const static_ = synthProdWith((e) => (e.waves[1].create = { displayName: 'Early adopters', members: ['e0000000-0000-4000-8000-000000000009'] })).prod!;
    expect(static_.resource['azuread_group']!['wave_early-adopters']).toMatchObject({ members: ['e0000000-0000-4000-8000-000000000009'] });
  });

  test('dev (ring 1) pilots CA006 first, for its lab-pilot wave: a static group of two test users', () => {
    const dev = sample.dev!;
    expect(Object.keys(dev.resource[CA]!).filter((a) => a.endsWith('_waves'))).toEqual(['CA006_waves']);
    expect((dev.resource[CA]!['CA006_waves'] as any).conditions.users.included_groups).toEqual(['${azuread_group.wave_lab-pilot.object_id}']);
    expect(dev.resource['azuread_group']!['wave_lab-pilot']).toMatchObject({
      display_name: 'CA rollout wave - lab pilot',
      members: ['e1000000-0000-4000-8000-00000000de01', 'e1000000-0000-4000-8000-00000000de02'],
      security_enabled: true,
    });
  });
});

describe('promotion', () => {
  test('removing upTo enforces the main policy in place and removes the twin: nothing else changes, resource by resource', () => {
    const before = resourcesByAddress(sample.prod!);
    const after = resourcesByAddress(synthProdWith((e) => delete e.policies.CA006.upTo).prod!);
    expect([...before.keys()].filter((a) => !after.has(a))).toEqual([`${CA}.CA006_waves`]);
    expect([...after.keys()].filter((a) => !before.has(a))).toEqual([]);
    const changed = [...after.keys()].filter((a) => JSON.stringify(after.get(a)) !== JSON.stringify(before.get(a)));
    expect(changed).toEqual([`${CA}.CA006`]);
    const [b, a] = [before.get(`${CA}.CA006`) as any, after.get(`${CA}.CA006`) as any];
    expect(b.state).toBe('enabledForReportingButNotEnforced');
    expect(a.state).toBe('enabled');
    expect(a.conditions.users.excluded_groups).toEqual([BG_GROUP, KIOSKS]);
    // Same address and nothing else different: Terraform updates the object in place.
    expect({ ...a, state: b.state, conditions: { ...a.conditions, users: { ...a.conditions.users, excluded_groups: b.conditions.users.excluded_groups } } }).toEqual(b);
  });

  test('widening the pilot to early-adopters updates the twin and the main policy in place, at the same addresses', () => {
    const before = resourcesByAddress(sample.prod!);
    const after = resourcesByAddress(synthProdWith((e) => (e.policies.CA006.upTo = 'early-adopters')).prod!);
    expect([...before.keys()].sort()).toEqual([...after.keys()].sort());
    const changed = [...after.keys()].filter((a) => JSON.stringify(after.get(a)) !== JSON.stringify(before.get(a)));
    expect(changed).toEqual([`${CA}.CA006`, `${CA}.CA006_waves`]);
    const twin = after.get(`${CA}.CA006_waves`) as any;
    expect(twin.conditions.users.included_groups).toEqual([IT_STAFF, EARLY]);
    expect(twin.display_name).toBe('CA006 Require compliant or hybrid-joined device (waves: it-pilot, early-adopters)');
    expect((after.get(`${CA}.CA006`) as any).conditions.users.excluded_groups).toEqual([BG_GROUP, KIOSKS, IT_STAFF, EARLY]);
  });

  test('the diff says what each step does, in identity terms', () => {
    const base = modelOf(sample.prod!);
    const widened = synthProdWith((e) => (e.policies.CA006.upTo = 'early-adopters')).prod!;
    const finished = synthProdWith((e) => delete e.policies.CA006.upTo).prod!;
    expect(diffEnvironment('prod', base, modelOf(widened), REPORT_SECTIONS).notes).toEqual([
      'wave pilot of CA006 moves from it-pilot to it-pilot, early-adopters: enabled for them, report-only for everyone else',
    ]);
    expect(diffLines(diffEnvironment('prod', base, modelOf(finished), REPORT_SECTIONS))).toEqual(
      expect.arrayContaining([
        'wave pilot of CA006 finished: CA006 is enabled for everyone, in place (same address, same object), and its twin CA006 (waves: it-pilot) is removed (prod)',
        'CA006 Require compliant or hybrid-joined device: report-only -> enabled (prod)',
        'CA006 Require compliant or hybrid-joined device (waves: it-pilot): removed (was enabled) (prod)',
      ]),
    );
    const dropped = synthProdWith((e) => {
      delete e.policies.CA006.upTo;
      delete e.policies.CA006.stage;
    }).prod!;
    expect(diffEnvironment('prod', base, modelOf(dropped), REPORT_SECTIONS).notes).toEqual([
      'wave pilot of CA006 dropped: it-pilot go from enabled back to report-only; enforcement is taken away from them',
    ]);
  });
});

describe('order rules', () => {
  test('a pilot must be further along for its waves than for everyone after them', () => {
    expect(loadMutated('prod', (e) => (e.policies.CA006.stage = 'report-only')).problems).toEqual([
      expect.stringMatching(
        /^prod\.yaml:\d+: policies\.CA006\.upTo: wave order: CA006 would be report-only for the waves up to it-pilot but report-only \(the environment's stage\) for everyone after them; a pilot must be further along for its waves than for later ones: raise policies\.CA006\.stage above report-only, or remove upTo$/,
      ),
    ]);
    expect(loadMutated('prod', (e) => (e.stage = 'enabled')).problems).toEqual([expect.stringContaining('policies.CA006.upTo: wave order: CA006 would be enabled for the waves up to it-pilot but enabled')]);
  });

  test('upTo names a wave of waves:, in a file that has waves', () => {
    expect(loadMutated('prod', (e) => (e.policies.CA006.upTo = 'it'))).toMatchObject({
      problems: [expect.stringMatching(/policies\.CA006\.upTo: wave "it" is not defined under waves \(waves, in order: it-pilot, early-adopters\)$/)],
    });
    expect(loadMutated('prod', (e) => delete e.waves).problems).toEqual([expect.stringMatching(/policies\.CA006\.upTo: wave "it-pilot" is not defined under waves \(the file has no waves:\)$/)]);
  });

  test('only a policy for all users can be piloted, and never for a wave it excludes', () => {
    expect(loadMutated('prod', (e) => (e.policies.CA002 = { stage: 'enabled', upTo: 'it-pilot' })).problems).toEqual([
      expect.stringMatching(/policies\.CA002\.upTo: CA002 does not include all users \(it targets privileged-roles\); a wave pilot needs a policy for all users/),
    ]);
    expect(loadMutated('prod', (e) => (e.policies.CA006.exclude.groups = ['factory-floor-kiosks', 'it-staff'])).problems).toEqual([
      expect.stringMatching(/policies\.CA006\.upTo: wave it-pilot's group it-staff is excluded from CA006 \(policies\.CA006\.exclude\.groups\), so the pilot would enforce CA006 for nobody in it$/),
    ]);
  });

  test('waves: each has one name and one group; a wave group holds no break-glass or sync account', () => {
    const problems = loadMutated('prod', (e) => {
      e.waves.push({ name: 'it-pilot', group: 'it-staff' });
      e.waves.push({ name: 'everyone-else', group: 'it-staff', create: { displayName: 'x', members: ['e0000000-0000-4000-8000-000000000009'] } });
      e.waves.push({ name: 'kiosks', group: 'kiosk' });
      e.waves.push({ name: 'admins', create: { displayName: 'Admins', members: ['b9000000-0000-4000-8000-000000000002', '5c000000-0000-4000-8000-000000000001'] } });
      e.waves.push({ name: 'empty', create: { displayName: 'Nobody' } });
    }).problems;
    expect(problems.map((p) => p.replace(/^prod\.yaml:\d+: /, ''))).toEqual([
      'waves[2].name: wave "it-pilot" is already waves[0]; each wave has one name',
      'waves[2].group: group it-staff is the group of wave it-pilot already; each wave has its own group',
      'waves[3]: needs exactly one of group (an existing group, a key of groups:) or create (a group perimeter creates)',
      'waves[4].group: group "kiosk" is not defined under groups (defined groups: engineering-staff, factory-floor-kiosks, finance-staff, hr-staff, it-staff, p2-licensed)',
      'waves[5].create.members[0]: b9000000-0000-4000-8000-000000000002 is a break-glass account; a wave group may not contain one (every policy excludes it, and a wave must not look like it includes it)',
      'waves[5].create.members[1]: 5c000000-0000-4000-8000-000000000001 is a directory-sync account; a wave group may not contain one (every policy excludes it, and a wave must not look like it includes it)',
      'waves[6].create: needs exactly one of members (static object ids) or membershipRule (a dynamic group)',
    ]);
  });

  test('a twin\'s display name stays within what Entra allows', () => {
    const long = (i: number) => `wave-${i}-${'x'.repeat(50)}`;
    const problems = loadMutated('prod', (e) => {
      e.waves = [0, 1, 2, 3].map((i) => ({ name: long(i), create: { displayName: `Wave ${i}`, members: [`e0000000-0000-4000-8000-00000000000${i + 1}`] } }));
      e.policies.CA006.upTo = long(3);
    }).problems;
    expect(problems).toEqual([expect.stringMatching(/policies\.CA006\.upTo: the wave twin's display name "CA006 Require compliant or hybrid-joined device \(waves: wave-0-x+, .*\)" would be 291 characters, more than the 256 Entra allows; give the waves shorter names$/)]);
  });

  test('across environments, the ring rule compares how far along the policy is anywhere: its waves', () => {
    const dir = writeEnvironments({ dev: mutateSample('dev', (e) => delete e.policies.CA006), prod: readSample('prod') });
    expect(() => synthStacks(dir)).toThrow(/ring order violated: CA006 is enabled in prod \(ring 2\) but only report-only in dev/);
  });

  test('the brake caps the waves too, and the twin stays where it is', () => {
    const braked = withStageCeiling(prodEnv, 'report-only');
    const ca006 = braked.conditionalAccess.policies.find((p) => p.definition.id === 'CA006')!;
    expect([ca006.stage, ca006.wave?.stage]).toEqual(['report-only', 'report-only']);
    expect(braked.stageCeiling?.lowered).toContainEqual({ id: 'CA006', from: 'enabled', to: 'report-only' });
    const off = withStageCeiling(prodEnv, 'off').conditionalAccess.policies.find((p) => p.definition.id === 'CA006')!;
    expect([off.stage, off.wave?.stage]).toEqual(['off', 'off']);
  });
});

describe('report-only first, per wave', () => {
  const baseline = modelOf(synthProdWith((e) => delete e.policies.CA006.upTo && delete e.policies.CA006.stage).prod!);
  test('a pilot that enforces waves that were report-only in the main policy passes', () => {
    expect(checkReportOnlyFirst('prod', baseline, modelOf(sample.prod!)).violations).toEqual([]);
  });
  test('a pilot that enforces a wave that was off fails, naming the wave', () => {
    const off = modelOf(synthProdWith((e) => (e.policies.CA006 = { stage: 'off', exclude: e.policies.CA006.exclude })).prod!);
    const result = checkReportOnlyFirst('prod', off, modelOf(sample.prod!));
    expect(result.violations).toEqual([
      { env: 'prod', policyId: 'CA006', displayName: 'CA006 Require compliant or hybrid-joined device (waves: it-pilot)', from: 'off', waves: ['it-pilot'] },
    ]);
    const suppressed = checkReportOnlyFirst('prod', off, modelOf(sample.prod!), [{ rule: 'PRM-STG002', target: 'CA006', reason: 'pilot approved in CAB-42 after the lab run' }]);
    expect(suppressed.violations).toEqual([]);
  });
  test('widening and finishing pass: every wave the twin or the main policy reaches was report-only before', () => {
    const widened = modelOf(synthProdWith((e) => (e.policies.CA006.upTo = 'early-adopters')).prod!);
    expect(checkReportOnlyFirst('prod', modelOf(sample.prod!), widened).violations).toEqual([]);
    const finished = modelOf(synthProdWith((e) => delete e.policies.CA006.upTo).prod!);
    expect(checkReportOnlyFirst('prod', widened, finished).violations).toEqual([]);
  });
});

describe('the analysis sees waves', () => {
  const model = modelOf(sample.prod!);
  const compiled = compileEnvironment(model);
  const device = { user: 'member', app: 'All', client: 'browser' as const, platform: 'windows' as const, ip: '192.0.2.10', country: 'GB', device: 'registered' as const };

  test('the model reads the twin as the pilot of CA006 for it-pilot', () => {
    expect(model.policy('CA006_waves')?.wave).toEqual({ of: 'CA006', waves: ['it-pilot'] });
    expect(model.policy('CA006')?.wave).toBeUndefined();
    expect(model.labelOf(IT_STAFF)).toBe('group it-staff (wave it-pilot)');
    expect(model.labelOf('azuread_group.wave_early-adopters')).toBe('group wave_early-adopters (CA rollout wave - early adopters; wave early-adopters)');
  });

  test('What If: a pilot member on an unmanaged device is blocked by the twin; everyone else is only reported on', () => {
    const member = evaluate(compiled, resolveSignIn({ ...device, groups: ['it-staff'] }, model).signIn!);
    const other = evaluate(compiled, resolveSignIn(device, model).signIn!);
    expect(member.decision).toBe('block');
    expect(member.policies.find((p) => p.id === 'CA006_waves')).toMatchObject({ applies: true, state: 'enabled' });
    expect(member.policies.find((p) => p.id === 'CA006')).toMatchObject({ applies: false });
    expect(other.decision).not.toBe('block');
    expect(other.policies.find((p) => p.id === 'CA006_waves')).toMatchObject({ applies: false });
    expect(other.reportOnly.map((r) => r.id)).toContain('CA006');
    const text = formatResult(compiled, resolveSignIn({ ...device, groups: ['it-staff'] }, model).signIn!, member);
    expect(text).toContain('  CA006 (waves: it-pilot) Require compliant or hybrid-joined device: requires compliantDevice');
  });

  test('the lockout proof holds with the twin, and names it', () => {
    const proof = proveBreakGlass(compiled);
    expect(proof.proved).toBe(true);
    expect(proof.enforcedPolicies).toContain('CA006_waves');
  });

  test('the report shows the wave progression and what the tenant can still afford', () => {
    const doc = buildReport(model, REPORT_SECTIONS);
    const table = doc.tables.find((t) => t.title === 'Wave progression')!;
    expect(table.columns).toEqual(['Policy', 'it-pilot', 'early-adopters', 'Everyone else']);
    expect(table.rows).toEqual([[['CA006 Require compliant or hybrid-joined device', 'twin: azuread_conditional_access_policy.CA006_waves'], ['enabled'], ['report-only'], ['report-only']]]);
    const total = model.policies.length;
    expect(doc.summary).toContain(`Waves: it-pilot, early-adopters; wave pilots: 1 (each adds one twin; ${total} of the tenant's 195 policies used, room for ${195 - total} more)`);
  });
});
