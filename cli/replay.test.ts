import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readDoc } from '../__tests__/helpers/docs';
import { synthStacks } from '../__tests__/helpers/synth';
import { recordedSamples } from '../__tests__/helpers/replay-sample';

/** The samples as the fixtures were recorded against (__tests__/helpers/replay-sample.ts). */
const SAMPLE_DIR = recordedSamples();
import { runReplay } from './replay';
import { runReport } from './report';
import { commandOutcome } from './run';
import { stampFingerprint } from './synth';

const FIXTURES = join(__dirname, '..', 'analysis', 'replay', '__fixtures__');
const fixture = (name: string) => join(FIXTURES, name);

const OUTDIR = (() => {
  const stacks = synthStacks(SAMPLE_DIR);
  const dir = mkdtempSync(join(tmpdir(), 'perimeter-out-'));
  for (const [name, tf] of Object.entries(stacks)) {
    mkdirSync(join(dir, 'stacks', name), { recursive: true });
    writeFileSync(join(dir, 'stacks', name, 'cdk.tf.json'), JSON.stringify(tf));
  }
  stampFingerprint(dir, Object.keys(stacks), { environmentsDir: SAMPLE_DIR });
  return dir;
})();

function cli(args: readonly string[]) {
  const r = commandOutcome(() => runReplay([...args, '--outdir', OUTDIR, '--environments', SAMPLE_DIR]));
  return { code: r.exitCode, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
}

test('the shipped fixture replays to the figures the README and docs/replay.md show', () => {
  const r = cli(['--env', 'prod', '--logs', fixture('prod-signins.jsonl'), '--directory', fixture('prod-directory.json'), '--json']);
  expect(r.code).toBe(0);
  expect(r.stderr).toBe('');
  const json = JSON.parse(r.stdout);
  expect(Object.keys(json)).toEqual(expect.arrayContaining(['records', 'skipped', 'undecided', 'policies', 'disagreements']));
  expect([json.records, json.skipped, json.agreement.compared, json.agreement.agreed]).toEqual([200, 0, 3795, 3790]);
  expect(Object.keys(json.policies[0])).toEqual(expect.arrayContaining(['id', 'displayName', 'state', 'applied', 'newlyBlocked', 'newlyChallenged', 'agreement']));
  expect(Object.keys(json.disagreements[0])).toEqual(expect.arrayContaining(['record', 'policy', 'ours', 'entra']));
  for (const doc of [readDoc('README.md'), readDoc('docs/replay.md')]) expect(doc).toContain('3,790 of 3,795');
});

test('a folder of files is read in name order; the human output names the figures', () => {
  const dir = mkdtempSync(join(tmpdir(), 'perimeter-logs-'));
  writeFileSync(join(dir, 'b.jsonl'), readFileSync(fixture('bad-records.jsonl')));
  writeFileSync(join(dir, 'a.csv'), readFileSync(fixture('la-signinlogs.csv')));
  const r = cli(['--env', 'prod', '--logs', dir]);
  expect(r.code).toBe(0);
  expect(r.stdout).toContain('5 sign-ins replayed against prod (newly: relative to the other enforced policies of the working tree); 4 records skipped');
  expect(r.stdout).toMatch(/b\.jsonl:2 \| is not valid JSON \(Unexpected end of JSON input\)/);
  expect(r.stdout).toMatch(/b\.jsonl:4 \| is a service principal sign-in; replay covers user sign-ins/);
});

test('a file that is not a sign-in export stops with one message; a bad directory names its key', () => {
  const notLogs = cli(['--env', 'prod', '--logs', fixture('not-signins.json')]);
  expect(notLogs.code).toBe(2);
  expect(notLogs.stderr).toMatch(/not-signins\.json:1: is not a sign-in export: its first record \(line 1\) has none of userId/);
  const dir = mkdtempSync(join(tmpdir(), 'perimeter-dir-'));
  writeFileSync(join(dir, 'directory.json'), JSON.stringify({ 'e1000000-0000-4000-8000-000000000001': { groups: ['kiosks'] } }));
  const badDirectory = cli(['--env', 'prod', '--logs', fixture('graph-page.json'), '--directory', join(dir, 'directory.json')]);
  expect(badDirectory.code).toBe(2);
  expect(badDirectory.stderr).toContain('e1000000-0000-4000-8000-000000000001.groups: must be a list of object ids (GUIDs)');
  expect(cli(['--env', 'prod']).stderr).toContain('--logs is required');
});

test('--format html writes a page; npm run report --replay adds the replay as a section', () => {
  const dir = mkdtempSync(join(tmpdir(), 'perimeter-html-'));
  const html = cli(['--env', 'prod', '--logs', fixture('graph-page.json'), '--format', 'html', '--out', join(dir, 'replay.html')]);
  expect(html.code).toBe(0);
  expect(readFileSync(join(dir, 'replay.html'), 'utf8')).toContain('<h2 id="replayed-impact-by-policy">Replayed impact by policy (22)</h2>');
  const json = cli(['--env', 'prod', '--logs', fixture('graph-page.json'), '--json', '--out', join(dir, 'replay.json')]);
  expect(json.code).toBe(0);
  const report = commandOutcome(() => runReport(['--env', 'prod', '--format', 'html', '--out', '-', '--replay', join(dir, 'replay.json'), '--outdir', OUTDIR, '--environments', SAMPLE_DIR]));
  expect(report.exitCode).toBe(0);
  expect(report.stdout).toContain('<h2 id="replay-of-sign-in-logs-replayed-impact-by-policy">Replay of sign-in logs: replayed impact by policy (22)</h2>');
  // The dashboard shows the replay as evidence, next to the proof.
  expect(report.stdout).toContain('<h2 id="evidence">Evidence</h2>');
  const wrongEnv = commandOutcome(() => runReport(['--env', 'dev', '--replay', join(dir, 'replay.json'), '--outdir', OUTDIR, '--environments', SAMPLE_DIR]));
  expect(wrongEnv.stderr).toContain('environment: is the replay of "prod", not of "dev"');
});
