/**
 * Synth as the cdktf CLI runs it (cdktf.json's app): a user mistake is a message and exit
 * code 2, a guardrail error exit code 1, both with no stack trace and nothing written; a good
 * synth is byte-identical across runs and machines.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { mutateSample, readSample, REPO_ROOT, writeEnvironments } from './helpers/synth';

function runApp(environmentsDir: string, outdir: string) {
  const r = spawnSync(process.execPath, ['-r', './cli/register.js', 'cli/main.ts', 'synth'], {
    cwd: REPO_ROOT,
    env: { ...process.env, PERIMETER_ENVIRONMENTS_DIR: environmentsDir, CDKTF_OUTDIR: outdir },
    encoding: 'utf8',
  });
  return { status: r.status, stderr: r.stderr, stdout: r.stdout };
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? filesUnder(p) : [p];
  });
}

const tmp = () => mkdtempSync(join(tmpdir(), 'perimeter-cli-'));

test('a user mistake exits 2 with the message, no stack trace, and writes nothing', () => {
  const dir = writeEnvironments({ prod: mutateSample('prod', (e) => (e.stage = 'on')) });
  const out = join(tmp(), 'cdktf.out');
  const r = runApp(dir, out);
  expect(r.status).toBe(2);
  expect(r.stderr).toContain('stage: "on" is not allowed; use one of: off | report-only | enabled');
  expect(r.stderr).not.toMatch(/^\s+at /m);
  expect(existsSync(out)).toBe(false);
});

test('a guardrail error in one environment stops synth before any environment is written', () => {
  const dir = writeEnvironments({
    dev: readSample('dev'),
    prod: mutateSample('prod', (e) => (e.namedLocations['corp-egress'].ipRanges = ['10.0.0.0/8'])),
  });
  const out = join(tmp(), 'cdktf.out');
  const r = runApp(dir, out);
  expect(r.status).toBe(1);
  expect(r.stderr).toContain('PRM-LOC001 [prod] azuread_named_location.corp-egress: trusted location corp-egress contains 10.0.0.0/8, a RFC 1918 private range');
  expect(r.stderr).toContain('why: Conditional Access sees the public egress address');
  expect(r.stderr).toContain('fix: Replace the range with the public egress ranges');
  expect(r.stderr).not.toMatch(/^\s+at /m);
  // cdktf's App creates the output folder; nothing may be written into it.
  expect(existsSync(out) ? filesUnder(out) : []).toEqual([]);
});

test('synth is byte-identical across runs and output locations, with no absolute path in it', () => {
  const a = join(tmp(), 'one');
  const b = join(tmp(), 'deeper');
  expect(runApp(join(REPO_ROOT, 'environments'), a).status).toBe(0);
  expect(runApp(join(REPO_ROOT, 'environments'), b).status).toBe(0);
  const filesA = filesUnder(a).map((f) => relative(a, f)).sort();
  const filesB = filesUnder(b).map((f) => relative(b, f)).sort();
  expect(filesA).toEqual(filesB);
  expect(filesA).toEqual(expect.arrayContaining(['manifest.json', 'stacks/dev/cdk.tf.json', 'stacks/prod/cdk.tf.json']));
  for (const f of filesA) {
    const textA = readFileSync(join(a, f), 'utf8');
    expect(textA).toBe(readFileSync(join(b, f), 'utf8'));
    expect(textA).not.toContain(REPO_ROOT);
    expect(textA).not.toContain(tmpdir());
  }
  const manifest = JSON.parse(readFileSync(join(a, 'manifest.json'), 'utf8'));
  const annotations = Object.values(manifest.stacks).flatMap((s: any) => s.annotations);
  expect(annotations.every((x: any) => x.stacktrace === undefined)).toBe(true);
  rmSync(a, { recursive: true, force: true });
  rmSync(b, { recursive: true, force: true });
});

test('npm run synth prints a mistake once, with exit 2 and no checkpoint or telemetry noise', () => {
  const dir = writeEnvironments({ prod: mutateSample('prod', (e) => (e.stage = 'on')) });
  const cwd = tmp();
  const r = spawnSync(process.execPath, ['-r', join(REPO_ROOT, 'cli/register.js'), join(REPO_ROOT, 'cli/main.ts'), 'synth'], {
    cwd,
    env: { PATH: process.env['PATH'], PERIMETER_ENVIRONMENTS_DIR: dir },
    encoding: 'utf8',
  });
  expect(r.status).toBe(2);
  const output = `${r.stdout}${r.stderr}`;
  expect(output.split('stage: "on" is not allowed').length - 1).toBe(1);
  expect(output).not.toMatch(/checkpoint|telemetry|terraformrc/i);
  expect(existsSync(join(cwd, 'cdktf.out'))).toBe(false);
});
