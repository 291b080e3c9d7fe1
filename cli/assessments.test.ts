import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { SAMPLE_DIR } from '../__tests__/helpers/synth';
import { maesterConfig } from '../analysis/assessments/maester';
import { scubaGearConfig } from '../analysis/assessments/scubagear';
import { declaredFacts } from '../environment/declared';
import { runAssessments } from './assessments';
import { loadEnvironmentFile } from './environments';
import { commandOutcome } from './run';
import { readStackFile, synthesizedStackPath } from './stacks';
import { synthesize } from './synth';

let root: string;
let outdir: string;
beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'perimeter-assessments-'));
  outdir = join(root, 'cdktf.out');
  synthesize({ environmentsDir: SAMPLE_DIR, outdir });
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

const run = (...argv: string[]) => commandOutcome(() => runAssessments([...argv, '--outdir', outdir, '--environments', SAMPLE_DIR]));
const BG_GROUP = '0b000000-0000-4000-8000-0000000000a1';
const PIM_GA = '0c000000-0000-4000-8000-0000000000a1';

/** What `terraform -chdir=cdktf.out/stacks/prod output -json` prints after a deploy (abridged). */
function outputsFile(content: unknown, name = 'outputs.json'): string {
  const path = join(root, name);
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content, null, 2));
  return path;
}
const deployed = {
  app_proxy_applications: { sensitive: false, type: ['object', {}], value: {} },
  break_glass_exclusion_group_object_id: { sensitive: false, type: 'string', value: BG_GROUP },
  pim_global_administrator_group_object_id: { sensitive: false, type: 'string', value: PIM_GA },
  pim_hybrid_identity_administrator_group_object_id: { sensitive: false, type: 'string', value: '0c000000-0000-4000-8000-0000000000a3' },
  pim_privileged_role_administrator_group_object_id: { sensitive: false, type: 'string', value: '0c000000-0000-4000-8000-0000000000a2' },
  pim_security_administrator_group_object_id: { sensitive: false, type: 'string', value: '0c000000-0000-4000-8000-0000000000a4' },
  pim_conditional_access_administrator_group_object_id: { sensitive: false, type: 'string', value: '0c000000-0000-4000-8000-0000000000a5' },
  'wave_early-adopters_group_object_id': { sensitive: false, type: 'string', value: '0d000000-0000-4000-8000-0000000000a1' },
};

test('writes both files for one environment, the same the pure functions give, and warns they are not complete yet', () => {
  const outDir = join(root, 'reports');
  const result = run('--env', 'prod', '--out-dir', outDir);
  const scuba = join(outDir, 'prod', 'scubagear.yaml');
  const maester = join(outDir, 'prod', 'maester-config.json');
  expect(result).toEqual({
    stdout: `wrote ${scuba}\nwrote ${maester}\n`,
    stderr:
      `warning: ${scuba} is not complete: the object ids of break_glass_exclusion, pim_global_administrator, pim_hybrid_identity_administrator, pim_privileged_role_administrator exist after the first deploy; then run \`terraform -chdir=cdktf.out/stacks/prod output -json > outputs.json\` and \`npm run assessments -- --env prod --outputs outputs.json\`\n` +
      `warning: ${maester}: the break-glass exclusion group is not listed yet: its object id exists after the first deploy (Terraform output break_glass_exclusion_group_object_id)\n`,
    exitCode: 0,
  });
  const environment = loadEnvironmentFile(join(SAMPLE_DIR, 'prod.yaml')).environment!;
  const model = readStackFile(synthesizedStackPath('prod', outdir), { name: 'prod', declared: declaredFacts(environment) });
  expect(readFileSync(scuba, 'utf8')).toBe(scubaGearConfig(model).content);
  expect(readFileSync(maester, 'utf8')).toBe(maesterConfig(model).content);
  expect(readFileSync(scuba, 'utf8')).toContain('# group factory-floor-kiosks, excluded from CA006: Shared factory-floor kiosks enrol in Intune in Q1 (change CHG-2291)');
});

test('the environment file reasons come through the declared facts, with object ids', () => {
  const environment = loadEnvironmentFile(join(SAMPLE_DIR, 'prod.yaml')).environment!;
  expect(declaredFacts(environment).policyExclusions).toEqual([
    {
      policy: 'CA006',
      users: [],
      groups: ['6f000000-0000-4000-8000-000000000001'],
      reason: 'Shared factory-floor kiosks enrol in Intune in Q1 (change CHG-2291); MFA (CA001) still applies to them.',
    },
  ]);
});

test('with --outputs the group ids are filled in', () => {
  const outDir = join(root, 'complete');
  // Every stack group has an output: what the deploy prints completes the file.
  const result = run('--env', 'prod', '--out-dir', outDir, '--outputs', outputsFile(deployed));
  expect([result.exitCode, result.stderr]).toEqual([0, '']);
  const scuba = parse(readFileSync(join(outDir, 'prod', 'scubagear.yaml'), 'utf8')) as { Aad: Record<string, { CapExclusions?: { Groups: string[] }; RoleExclusions?: { Groups: string[] } }> };
  expect(scuba.Aad['MS.AAD.1.1v1']!.CapExclusions!.Groups).toEqual([BG_GROUP]);
  // Global, Privileged Role and Hybrid Identity Administrator: the highly privileged roles ScubaGear checks.
  expect(scuba.Aad['MS.AAD.7.4v1']!.RoleExclusions!.Groups).toEqual([PIM_GA, '0c000000-0000-4000-8000-0000000000a3', '0c000000-0000-4000-8000-0000000000a2']);
  expect(JSON.parse(readFileSync(join(outDir, 'prod', 'maester-config.json'), 'utf8')).GlobalSettings.EmergencyAccessAccounts.at(-1)).toEqual({ Id: BG_GROUP, Type: 'Group' });

  expect(readFileSync(join(outDir, 'prod', 'scubagear.yaml'), 'utf8')).toContain('\n# Complete: every object id it needs is known.\n');
});

test('the default out-dir is reports/assessments', () => {
  const cwd = process.cwd();
  const here = mkdtempSync(join(tmpdir(), 'perimeter-assessments-cwd-'));
  try {
    process.chdir(here);
    const result = commandOutcome(() => runAssessments(['--env', 'dev', '--outdir', outdir, '--environments', SAMPLE_DIR]));
    expect(result.stdout).toBe(`wrote ${join('reports', 'assessments', 'dev', 'scubagear.yaml')}\nwrote ${join('reports', 'assessments', 'dev', 'maester-config.json')}\n`);
    expect(readFileSync(join(here, 'reports', 'assessments', 'dev', 'scubagear.yaml'), 'utf8')).toMatch(/^# ScubaGear configuration of the dev environment/);
  } finally {
    process.chdir(cwd);
    rmSync(here, { recursive: true, force: true });
  }
});

test.each([
  ['not JSON', () => outputsFile('Outputs:\nbreak_glass_exclusion_group_object_id = "0b00..."\n', 'text.txt'), (f: string) => `  - ${f}: is not JSON (`],
  ['a missing output', () => outputsFile({ ...deployed, break_glass_exclusion_group_object_id: undefined }, 'missing.json'), (f: string) =>
    `  - ${f}: break_glass_exclusion_group_object_id: is missing (the object id of the break-glass exclusion group); the file must be what \`terraform -chdir=cdktf.out/stacks/prod output -json\` prints after a deploy of prod; it has app_proxy_applications, pim_conditional_access_administrator_group_object_id, pim_global_administrator_group_object_id`],
  ['a value that is no object id', () => outputsFile({ ...deployed, break_glass_exclusion_group_object_id: { value: '(known after apply)' } }, 'unknown.json'), (f: string) =>
    `  - ${f}: break_glass_exclusion_group_object_id.value: "(known after apply)" is not an object id; expected a GUID such as 3f2504e0-4f89-41d3-9a0c-0305e82c3301`],
  ['a file that does not exist', () => join(root, 'nope.json'), (f: string) => `  - ${f}: does not exist (given as --outputs)`],
  ['a folder', () => root, (f: string) => `  - ${f}: is a directory, not a \`terraform output -json\` file (given as --outputs)`],
])('--outputs with %s is a clear message, exit 2, no stack trace', (_what, file, line) => {
  const path = file();
  const result = run('--env', 'prod', '--out-dir', join(root, 'bad'), '--outputs', path);
  expect(result.exitCode).toBe(2);
  expect(result.stderr!.split('\n')[0]).toBe('perimeter: assessments stopped (1 problem):');
  expect(result.stderr!.split('\n')[1]!.startsWith(line(path))).toBe(true);
  expect(result.stderr).not.toMatch(/\n\s+at /);
  expect(result.stdout).toBeUndefined();
});

test('usage mistakes and unknown environments are exit 2; --help is exit 0', () => {
  const unknownFlag = commandOutcome(() => runAssessments(['--env', 'prod', '--out', 'x']));
  expect([unknownFlag.exitCode, unknownFlag.stderr!.split('\n')[1]]).toEqual([2, '  - npm run assessments: unknown option "--out"; the options are --env --outputs --out-dir --outdir --environments']);
  const noEnv = commandOutcome(() => runAssessments([]));
  expect([noEnv.exitCode, noEnv.stderr!.split('\n')[1]]).toEqual([2, '  - npm run assessments: --env is required']);
  const badName = run('--env', '../etc');
  expect([badName.exitCode, badName.stderr!.split('\n')[1]!.startsWith('  - npm run assessments: --env "../etc" is not an environment name')]).toEqual([2, true]);
  const missing = run('--env', 'staging');
  expect([missing.exitCode, missing.stderr]).toEqual([2, expect.stringContaining('cdk.tf.json: does not exist (environment "staging"); synthesized environments: dev, ')]);
  const help = commandOutcome(() => runAssessments(['--help']));
  expect([help.exitCode, help.stdout!.split('\n')[0]]).toEqual([0, 'usage: npm run assessments -- --env <name>']);
});
