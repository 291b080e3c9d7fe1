/** Reading the environments folder never crashes and never reads outside the project. */
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isPerimeterError } from '../core/problems';
import { loadEnvironments } from './environments';
import { runReport } from './report';
import { commandOutcome } from './run';
import { runWhatIf } from './whatif';
import { readSample, SAMPLE_DIR, writeEnvironments } from '../__tests__/helpers/synth';
import { synthesize } from './synth';

const messageOf = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    if (isPerimeterError(e)) return e.message;
    throw e;
  }
  throw new Error('expected a PerimeterError');
};

test('a missing folder, or a file where the folder should be', () => {
  const dir = mkdtempSync(join(tmpdir(), 'perimeter-envs-'));
  expect(messageOf(() => loadEnvironments(join(dir, 'nope'), dir))).toBe(
    'perimeter: synth stopped (1 problem):\n  - nope: does not exist; create it with one <name>.yaml per environment (see docs/environment-file.md)',
  );
  writeFileSync(join(dir, 'flat'), 'x');
  expect(messageOf(() => loadEnvironments(join(dir, 'flat'), dir))).toContain('flat: is not a folder; environments are <name>.yaml files in a folder');
});

test('a directory named like a file, a dangling link and a FIFO are each named; the good files still load', () => {
  const dir = writeEnvironments({ dev: readSample('dev'), prod: readSample('prod') });
  mkdirSync(join(dir, 'staging.yaml'));
  symlinkSync(join(dir, 'gone.yaml.orig'), join(dir, 'pilot.yaml'));
  const message = messageOf(() => loadEnvironments(dir, dir));
  expect(message).toContain('  - pilot.yaml: is a symbolic link to');
  expect(message).toContain('gone.yaml.orig", which does not exist');
  expect(message).toContain('  - staging.yaml: is a directory, not an environment file');
  expect(message).toContain('(2 problems)');
});

test('--env outside the name pattern is refused before any file is read or written', () => {
  for (const env of ['../../etc/passwd', 'Prod', 'prod/x', '']) {
    const r = commandOutcome(() => runReport(['--env', env]));
    expect([env, r.exitCode]).toEqual([env, 2]);
    expect(r.stderr).toContain(`--env ${JSON.stringify(env)} is not an environment name: lower-case letters, digits and hyphens, starting with a letter`);
  }
  const w = commandOutcome(() => runWhatIf(['--env', '../x', '--personas']));
  expect(w.stderr).toContain('perimeter: whatif stopped (1 problem):\n  - npm run whatif: --env "../x" is not an environment name');
});

test('a scenario file with YAML features is refused with its line', () => {
  const dir = mkdtempSync(join(tmpdir(), 'perimeter-scen-'));
  const outdir = join(dir, 'cdktf.out');
  synthesize({ environmentsDir: SAMPLE_DIR, outdir });
  const file = join(dir, 'prod.yaml');
  writeFileSync(file, 'scenarios:\n  - &s\n    name: a\n  - *s\n');
  const whatif = (...args: string[]) => commandOutcome(() => runWhatIf(['--env', 'prod', '--outdir', outdir, '--environments', SAMPLE_DIR, ...args]));
  const r = whatif('--scenarios', file);
  expect(r.exitCode).toBe(2);
  expect(r.stderr).toContain(`perimeter: whatif stopped (2 problems):\n  - ${file}:3: scenarios[0]: defines the anchor &s`);
  const folder = whatif('--scenarios', dir);
  expect(folder.stderr).toContain(`${dir} is a directory, not a scenario file`);
});
