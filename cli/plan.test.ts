import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import fc from 'fast-check';
import { runPlan } from './plan';
import { commandOutcome } from './run';
import { stampFingerprint } from './synth';
import { mutateSample, SAMPLE_DIR, writeEnvironments } from '../__tests__/helpers/synth';

const FIXTURES = join(__dirname, '..', 'analysis', 'plan', '__fixtures__');
const fixture = (name: string) => join(FIXTURES, name);

/** A cdktf.out as `npm run synth` leaves it, holding one of the fixture stacks as prod. */
function outdirWith(stack: string, environmentsDir = SAMPLE_DIR): string {
  const dir = mkdtempSync(join(tmpdir(), 'perimeter-plan-out-'));
  mkdirSync(join(dir, 'stacks', 'prod'), { recursive: true });
  copyFileSync(fixture(stack), join(dir, 'stacks', 'prod', 'cdk.tf.json'));
  stampFingerprint(dir, ['prod'], { environmentsDir });
  return dir;
}

const PROD_OUT = outdirWith('prod.cdk.tf.json');
const CHANGES_OUT = outdirWith('changes.cdk.tf.json');

function plan(args: readonly string[], outdir: string, environmentsDir = SAMPLE_DIR) {
  const r = commandOutcome(() => runPlan([...args, '--outdir', outdir, '--environments', environmentsDir]));
  return { code: r.exitCode, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
}

/** How the command shows a path: relative to the working directory. */
const shown = (path: string) => relative(process.cwd(), path);
const scratch = () => mkdtempSync(join(tmpdir(), 'perimeter-plan-'));
const LEGACY_ERROR =
  'error: azuread_named_location.legacy-vpn-egress: named location legacy-vpn-egress "Meridian legacy VPN egress (decommissioned)" (trusted IP ranges) would be destroyed because it is no longer in the configuration: it was removed from the YAML.';

test('a first deploy passes: exit 0, the review on stdout, nothing on stderr', () => {
  const r = plan(['--env', 'prod', '--plan', fixture('first-deploy.plan.json')], PROD_OUT);
  expect([r.code, r.stderr]).toEqual([0, '']);
  expect(r.stdout).toContain('**Gate: passed.**');
  expect(r.stdout).toContain('| create | 125 | 22 policies, 3 named locations, 6 groups, 7 role assignments, 38 PIM, 15 App Proxy, 34 telemetry |');
  expect(r.stdout).toContain('| policy CA006 Require compliant or hybrid-joined device (report-only) | `azuread_conditional_access_policy.CA006` | require a compliant device OR require a hybrid-joined device |');
});

test('an unacknowledged destroy and replacement fail the gate: exit 1, one error line each, the review still printed', () => {
  const r = plan(['--env', 'prod', '--plan', fixture('changes.plan.json')], CHANGES_OUT);
  expect(r.code).toBe(1);
  const errors = r.stderr.trimEnd().split('\n');
  expect(errors).toEqual([
    `error: azuread_named_location.allowed-countries: named location allowed-countries "Meridian operating countries" (countries) would be replaced (destroyed, then created again with a new object id) because Terraform cannot change an IP-range location into a country location in place. No retire: entry in ${shown(join(SAMPLE_DIR, 'prod.yaml'))} names allowed-countries; if this is intended, add retire: [{ target: allowed-countries, reason: <why, at least 10 characters> }]`,
    `${LEGACY_ERROR} No retire: entry in ${shown(join(SAMPLE_DIR, 'prod.yaml'))} names legacy-vpn-egress; if this is intended, add retire: [{ target: legacy-vpn-egress, reason: <why, at least 10 characters> }]`,
  ]);
  expect(r.stdout).toContain('**Gate: FAILED** (2 findings, below).');
  expect(r.stdout).toContain('| policy CA006 Require compliant or hybrid-joined device (enabled) | `azuread_conditional_access_policy.CA006` | stage: report-only -> enabled<br>excluded users: added group factory-floor-kiosks (reason: Shared factory-floor kiosks enrol in Intune in Q1 (change CHG-2291); MFA (CA001) still applies to them.) |');
});

test('retire: entries in the environment file acknowledge them: exit 0, the reasons in the review', () => {
  const environments = writeEnvironments({
    prod: mutateSample('prod', (e) => {
      e.retire = [
        { target: 'legacy-vpn-egress', reason: 'The legacy VPN concentrator was switched off in CHG-3141' },
        { target: 'allowed-countries', reason: 'Operating countries are matched by country now, not by IP range' },
      ];
    }),
  });
  const r = plan(['--env', 'prod', '--plan', fixture('changes.plan.json')], outdirWith('changes.cdk.tf.json', environments), environments);
  expect([r.code, r.stderr]).toEqual([0, '']);
  expect(r.stdout).toContain('- acknowledged: `azuread_named_location.legacy-vpn-egress` (named location legacy-vpn-egress "Meridian legacy VPN egress (decommissioned)" (trusted IP ranges)) would be destroyed; retire: The legacy VPN concentrator was switched off in CHG-3141');
});

test('only the removal, acknowledged by a retire: entry for an object no longer in the file, passes', () => {
  const environments = writeEnvironments({ prod: mutateSample('prod', (e) => (e.retire = [{ target: 'legacy-vpn-egress', reason: 'The legacy VPN concentrator was switched off in CHG-3141' }])) });
  const json = JSON.parse(readFileSync(fixture('changes.plan.json'), 'utf8')) as { resource_changes: { address: string; change: { actions: string[] } }[] };
  for (const c of json.resource_changes) if (c.address !== 'azuread_named_location.legacy-vpn-egress') c.change.actions = ['no-op'];
  const file = join(scratch(), 'plan.json');
  writeFileSync(file, JSON.stringify(json));
  const r = plan(['--env', 'prod', '--plan', file], outdirWith('changes.cdk.tf.json', environments), environments);
  expect([r.code, r.stderr]).toEqual([0, '']);
  expect(r.stdout).toContain('| destroy | 1 | 1 named location |');
});

test('a plan Terraform refused fails with why, before the per-object findings', () => {
  const r = plan(['--env', 'prod', '--plan', fixture('prevent-destroy.plan.json')], PROD_OUT);
  expect(r.code).toBe(1);
  expect(r.stderr.split('\n')[0]).toBe(
    'error: Terraform refused this plan (errored: it cannot be applied): it would replace azuread_named_location.allowed-countries (named location allowed-countries "Meridian operating countries" (countries)), which has lifecycle.prevent_destroy; perimeter sets that guard on every protected object, and a retire: entry for its target lifts it',
  );
  expect(r.stderr.split('\n').filter(Boolean)).toHaveLength(3);
});

test('--json prints the review as JSON; --out also writes it to a file', () => {
  const out = join(scratch(), 'summary', 'plan-review.json');
  const r = plan(['--env', 'prod', '--plan', fixture('changes.plan.json'), '--json', '--out', out], CHANGES_OUT);
  expect(r.code).toBe(1);
  expect(readFileSync(out, 'utf8')).toBe(r.stdout);
  const json = JSON.parse(r.stdout) as { env: string; gate: { passed: boolean; findings: { address: string }[] }; counts: Record<string, number> };
  expect([json.env, json.gate.passed, json.gate.findings.map((f) => f.address), json.counts.unchanged]).toEqual(['prod', false, ['azuread_named_location.allowed-countries', 'azuread_named_location.legacy-vpn-egress'], 118]);
  const markdown = join(scratch(), 'review.md');
  const m = plan(['--env', 'prod', '--plan', fixture('first-deploy.plan.json'), '--out', markdown], PROD_OUT);
  expect([m.code, readFileSync(markdown, 'utf8')]).toEqual([0, m.stdout]);
});

describe('bad input: exit 2, one clear message, no stack trace', () => {
  const planFile = (content: string | Uint8Array) => {
    const file = join(scratch(), 'plan.json');
    writeFileSync(file, content);
    return file;
  };
  const refused = (args: readonly string[], outdir = PROD_OUT) => {
    const r = plan(args, outdir);
    expect([r.code, r.stdout]).toEqual([2, '']);
    expect(r.stderr).not.toMatch(/^\s+at /m);
    return r.stderr;
  };

  test('a plan file that is missing, a folder, or not a plan', () => {
    const missing = join(scratch(), 'nope.json');
    expect(refused(['--env', 'prod', '--plan', missing])).toContain(`${shown(missing)}: does not exist`);
    const folder = scratch();
    expect(refused(['--env', 'prod', '--plan', folder])).toContain(`${shown(folder)}: is a directory, not a plan (the output of \`terraform show -json plan.tfplan\`)`);
    const stack = fixture('prod.cdk.tf.json');
    expect(refused(['--env', 'prod', '--plan', stack])).toBe(
      `perimeter: plan review stopped (1 problem):\n  - ${shown(stack)}: is Terraform configuration (like cdk.tf.json), not a plan; expected the output of \`terraform show -json plan.tfplan\` (run in cdktf.out/stacks/<env> after \`terraform plan -out=plan.tfplan\`)\n`,
    );
    const binary = planFile(Uint8Array.from([0x50, 0x4b, 0x03, 0x04, 0, 0]));
    expect(refused(['--env', 'prod', '--plan', binary])).toContain('is a binary plan file (what `terraform plan -out` writes), not its JSON');
    const garbage = planFile('{"format_version":"1.2","resource_changes":[{"address":"x"}]}');
    expect(refused(['--env', 'prod', '--plan', garbage])).toContain(`${shown(garbage)}: resource_changes[0].type: is nothing; expected the resource's type as text`);
  });

  test('a plan of another stack or tenant', () => {
    expect(refused(['--env', 'prod', '--plan', fixture('terraform-data.plan.json')])).toContain(
      `${shown(fixture('terraform-data.plan.json'))}: was not made from ${shown(join(PROD_OUT, 'stacks', 'prod', 'cdk.tf.json'))}: it configures 7 resources the stack does not have`,
    );
    const text = readFileSync(fixture('first-deploy.plan.json'), 'utf8').replace(/"constant_value":"7e000000-0000-4000-8000-0000000000a1"/g, '"constant_value":"7e000000-0000-4000-8000-0000000000d1"');
    expect(refused(['--env', 'prod', '--plan', planFile(text)])).toContain('was made for tenant 7e000000-0000-4000-8000-0000000000d1, but');
  });

  test('a bad environment name, a missing flag, a stale or missing cdktf.out', () => {
    expect(refused(['--env', '../etc', '--plan', fixture('first-deploy.plan.json')])).toContain('--env "../etc" is not an environment name');
    expect(refused(['--env', 'prod'])).toContain('npm run plan: --plan is required');
    expect(refused(['--env', 'dev', '--plan', fixture('first-deploy.plan.json')])).toContain('does not exist (environment "dev"); synthesized environments: prod');
    const stale = outdirWith('prod.cdk.tf.json');
    writeFileSync(join(stale, 'stacks', 'prod', 'cdk.tf.json'), '{}');
    expect(refused(['--env', 'prod', '--plan', fixture('first-deploy.plan.json')], stale)).toContain('is not the file synth wrote');
  });

  test('whatever the plan file holds, the command ends with 0, 1 or 2 and never an internal error', () => {
    // Terraform's own plan without its configuration (so it is reviewed against prod), plus a policy and a location.
    const base = JSON.parse(readFileSync(fixture('terraform-data.plan.json'), 'utf8')) as Record<string, unknown> & { resource_changes: Record<string, unknown>[] };
    delete base.configuration;
    const prod = JSON.parse(readFileSync(fixture('changes.plan.json'), 'utf8')) as { resource_changes: Record<string, unknown>[] };
    for (const address of ['azuread_conditional_access_policy.CA006', 'azuread_named_location.allowed-countries']) base.resource_changes.push(prod.resource_changes.find((c) => c.address === address)!);
    const junk = fc.oneof(fc.jsonValue(), fc.string(), fc.constant(null), fc.constant([]), fc.constant({}));
    const top = ['format_version', 'resource_changes', 'resource_drift', 'planned_values', 'prior_state', 'configuration', 'errored', 'complete', 'deferred_changes'];
    const fields = ['address', 'type', 'name', 'mode', 'change', 'action_reason', 'index', 'deposed', 'previous_address'];
    const changeFields = ['actions', 'before', 'after', 'after_unknown', 'before_sensitive', 'after_sensitive', 'replace_paths', 'importing'];
    fc.assert(
      fc.property(fc.constantFrom(...top), junk, fc.nat({ max: base.resource_changes.length - 1 }), fc.constantFrom(...fields), fc.constantFrom(...changeFields), junk, (key, value, i, field, changeField, fieldValue) => {
        const candidates = [
          { ...base, [key]: value },
          { ...base, resource_changes: base.resource_changes.map((c, n) => (n === i ? { ...c, [field]: fieldValue } : c)) },
          { ...base, resource_changes: base.resource_changes.map((c, n) => (n === i ? { ...c, change: { ...(c.change as object), [changeField]: fieldValue } } : c)) },
        ];
        for (const candidate of candidates) {
          const r = commandOutcome(() => runPlan(['--env', 'prod', '--plan', planFile(JSON.stringify(candidate)), '--outdir', PROD_OUT, '--environments', SAMPLE_DIR]));
          expect([r.exitCode, r.stderr?.includes('internal error') ?? false]).toEqual([expect.any(Number), false]);
          expect([0, 1, 2]).toContain(r.exitCode);
        }
      }),
      // PERIMETER_FUZZ_RUNS and PERIMETER_FUZZ_SEED run more, as for cli/cli.fuzz.test.ts.
      { numRuns: Number(process.env['PERIMETER_FUZZ_RUNS'] ?? 60), seed: Number(process.env['PERIMETER_FUZZ_SEED'] ?? 20261203) },
    );
  });
});
