/**
 * Output that is never stale: synth replaces cdktf.out whole, a failed synth marks the old
 * tree, and every reader refuses a tree whose inputs changed since.
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { codeFingerprint, FAILED_MARKER } from './fingerprint';
import { runReport } from './report';
import { commandOutcome } from './run';
import { synthesize } from './synth';
import { runWhatIf } from './whatif';
import { mutateSample, newEnvironmentFromDev, readSample, REPO_ROOT, writeEnvironments } from '../__tests__/helpers/synth';

const fresh = () => {
  const root = mkdtempSync(join(tmpdir(), 'perimeter-synth-'));
  return { environments: writeEnvironments({ dev: readSample('dev'), prod: readSample('prod') }), outdir: join(root, 'cdktf.out'), root };
};
const report = (outdir: string, environments: string) => commandOutcome(() => runReport(['--env', 'prod', '--outdir', outdir, '--environments', environments]));

test('a synth records its inputs; the report reads it while they are unchanged', () => {
  const { environments, outdir } = fresh();
  const result = synthesize({ environmentsDir: environments, outdir });
  expect(result.stacks).toEqual(['dev', 'prod']);
  const manifest = JSON.parse(readFileSync(join(outdir, 'manifest.json'), 'utf8'));
  expect(Object.keys(manifest.perimeter.environments)).toEqual(['dev.yaml', 'prod.yaml']);
  expect(manifest.perimeter.code).toBe(codeFingerprint());
  expect(manifest.perimeter.options).toEqual({ stageCeiling: null, skipConnectorGroupAssignment: false });
  expect(report(outdir, environments).exitCode).toBe(0);
});

test('an environment file changed since synth: report and the lockout proof refuse, naming it (the proof never says PROVED about an old stack)', () => {
  const { environments, outdir } = fresh();
  synthesize({ environmentsDir: environments, outdir });
  writeFileSync(join(environments, 'prod.yaml'), stringify(mutateSample('prod', (e) => (e.stage = 'off')), { aliasDuplicateObjects: false }));
  const r = report(outdir, environments);
  expect(r.exitCode).toBe(2);
  expect(r.stderr).toContain('perimeter: cdktf.out is not current (1 problem):');
  expect(r.stderr).toContain(`${join(environments, 'prod.yaml')} changed; run \`npm run synth\``);
  const proof = commandOutcome(() => runWhatIf(['--env', 'prod', '--prove-break-glass', '--outdir', outdir, '--environments', environments]));
  expect([proof.exitCode, proof.stdout]).toEqual([2, undefined]);
  writeFileSync(join(environments, 'pilot.yaml'), 'tenantId: x\n');
  expect(report(outdir, environments).stderr).toContain(`${join(environments, 'pilot.yaml')} is new`);
});

test('code changed since synth, or a stack edited by hand: refused', () => {
  const { environments, outdir } = fresh();
  synthesize({ environmentsDir: environments, outdir });
  const stack = join(outdir, 'stacks', 'prod', 'cdk.tf.json');
  writeFileSync(stack, readFileSync(stack, 'utf8').replace('"enabled"', '"disabled"'));
  expect(report(outdir, environments).stderr).toContain('is not the file synth wrote (it was changed or partly written since); run `npm run synth`');

  // The code fingerprint covers every non-test source file and the lockfile.
  const copy = mkdtempSync(join(tmpdir(), 'perimeter-code-'));
  for (const d of ['core', 'cli']) cpSync(join(REPO_ROOT, d), join(copy, d), { recursive: true });
  cpSync(join(REPO_ROOT, 'package-lock.json'), join(copy, 'package-lock.json'));
  const before = codeFingerprint(copy);
  writeFileSync(join(copy, 'core', 'yaml.test.ts'), '// a test file does not count\n');
  expect(codeFingerprint(copy)).toBe(before);
  writeFileSync(join(copy, 'core', 'ids.ts'), `${readFileSync(join(copy, 'core', 'ids.ts'), 'utf8')}\n// changed\n`);
  expect(codeFingerprint(copy)).not.toBe(before);
});

test('a failed synth leaves the previous tree marked, so nothing reads it as current; the next good synth clears it', () => {
  const { environments, outdir } = fresh();
  synthesize({ environmentsDir: environments, outdir });
  const broken = writeEnvironments({ dev: readSample('dev'), prod: mutateSample('prod', (e) => (e.stage = 'on')) });
  expect(() => synthesize({ environmentsDir: broken, outdir })).toThrow('stage: "on" is not allowed');
  expect(existsSync(join(outdir, 'stacks', 'prod', 'cdk.tf.json'))).toBe(true);
  const r = report(outdir, environments);
  expect(r.exitCode).toBe(2);
  expect(r.stderr).toContain(`${FAILED_MARKER}: the last npm run synth failed (perimeter: synth stopped (1 problem):); what cdktf.out still holds is older than your files. Fix the problem, then run \`npm run synth\``);
  synthesize({ environmentsDir: environments, outdir });
  expect(existsSync(join(outdir, FAILED_MARKER))).toBe(false);
  expect(report(outdir, environments).exitCode).toBe(0);
});

test('the new tree replaces the old one whole: a removed environment leaves no stack behind; a killed synth leaves no debris', () => {
  const { environments, outdir, root } = fresh();
  writeFileSync(join(environments, 'pilot.yaml'), stringify(newEnvironmentFromDev('pilot'), { aliasDuplicateObjects: false }));
  synthesize({ environmentsDir: environments, outdir });
  expect(readdirSync(join(outdir, 'stacks')).sort()).toEqual(['dev', 'pilot', 'prod']);
  // What a synth killed half-way leaves next to cdktf.out: its staging tree.
  mkdirSync(join(root, '.cdktf.out.staging-99999-1'), { recursive: true });
  writeFileSync(join(root, '.cdktf.out.staging-99999-1', 'manifest.json'), '{}');
  const pilot = join(environments, 'pilot.yaml');
  cpSync(pilot, join(root, 'pilot.yaml.bak'));
  rmSync(pilot);
  synthesize({ environmentsDir: environments, outdir });
  expect(readdirSync(join(outdir, 'stacks')).sort()).toEqual(['dev', 'prod']);
  expect(readdirSync(root).sort()).toEqual(['cdktf.out', 'pilot.yaml.bak']);
});
