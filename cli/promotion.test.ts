import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { mutateSample as mutateRaw, REPO_ROOT } from '../__tests__/helpers/synth';
import { asRecorded } from '../__tests__/helpers/replay-sample';
import { runDiff } from './diff';
import { SOURCE_DIRS } from './lint';
import { reportOnlySinceFromHistory } from './promotion';
import { runReplay } from './replay';
import { commandOutcome } from './run';
import { stampFingerprint } from './synth';
import { synthStacks } from '../__tests__/helpers/synth';

type Edit = (env: Record<string, any>) => void;
/**
 * The samples as the replay fixtures were recorded against (__tests__/helpers/replay-sample.ts):
 * CA006 without its wave pilot, so these tests count its report-only days and replay its promotion.
 */
const mutateSample = (name: string, edit: (e: Record<string, any>) => void) =>
  mutateRaw(name, (e) => {
    asRecorded(e);
    edit(e);
  });

const stage = (id: string, s: string): Edit => (e) => {
  e.policies = { ...(e.policies ?? {}), [id]: { ...(e.policies?.[id] ?? {}), stage: s } };
};

function gitIn(repo: string) {
  return (date: string | undefined, ...args: string[]) => {
    const env = date ? { ...process.env, GIT_COMMITTER_DATE: date, GIT_AUTHOR_DATE: date } : process.env;
    const r = spawnSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], { cwd: repo, encoding: 'utf8', env });
    if (r.status !== 0) throw new Error(`git ${args.join(' ')}: ${r.stderr}`);
    return r.stdout.trim();
  };
}

test('the report-only count starts at the commit that made the policy report-only', () => {
  const repo = mkdtempSync(join(tmpdir(), 'perimeter-history-'));
  try {
    mkdirSync(join(repo, 'environments'));
    const git = gitIn(repo);
    const write = (edit: Edit) => writeFileSync(join(repo, 'environments', 'prod.yaml'), stringify(mutateSample('prod', edit), { aliasDuplicateObjects: false }));
    git(undefined, 'init', '--quiet', '--initial-branch=main');
    write(stage('CA014', 'off'));
    git('2026-10-01T09:00:00Z', 'add', '-A');
    git('2026-10-01T09:00:00Z', 'commit', '--quiet', '-m', 'CA014 off');
    write(stage('CA014', 'report-only'));
    git('2026-11-20T09:00:00Z', 'commit', '--quiet', '-am', 'CA014 report-only');
    const madeReportOnly = git(undefined, 'rev-parse', 'HEAD');
    // A later edit that keeps it report-only does not restart the count.
    write((e) => {
      stage('CA014', 'report-only')(e);
      e.policies.CA013 = { stage: 'report-only' };
    });
    git('2026-11-25T09:00:00Z', 'commit', '--quiet', '-am', 'unrelated');
    const head = git(undefined, 'rev-parse', 'HEAD');
    const since = reportOnlySinceFromHistory(repo, head, 'prod');
    expect(since('CA014')).toEqual({ commit: madeReportOnly, date: new Date('2026-11-20T09:00:00Z') });
    // CA006 has been report-only (the file's stage) since the first commit.
    expect(since('CA006')?.date).toEqual(new Date('2026-10-01T09:00:00Z'));
    expect(since('CA001')).toBeUndefined();
  } finally {
    rmSync(repo, { recursive: true, force: true });
  }
});

describe('npm run diff with the evidence rules', () => {
  let repo: string;
  beforeAll(() => {
    repo = mkdtempSync(join(tmpdir(), 'perimeter-evidence-repo-'));
    for (const p of [...SOURCE_DIRS.filter((d) => d !== '__tests__'), 'environments', 'tsconfig.json', 'package.json', 'cdktf.json', '.gitignore']) {
      cpSync(join(REPO_ROOT, p), join(repo, p), { recursive: true });
    }
    symlinkSync(join(REPO_ROOT, 'node_modules'), join(repo, 'node_modules'), 'dir');
    const git = gitIn(repo);
    const day = (daysAgo: number) => new Date(Date.now() - daysAgo * 86_400_000).toISOString();
    for (const env of ['dev', 'prod']) writeFileSync(join(repo, 'environments', `${env}.yaml`), stringify(mutateSample(env, stage('CA014', 'off')), { aliasDuplicateObjects: false }));
    git(undefined, 'init', '--quiet', '--initial-branch=main');
    git(day(30), 'add', '-A');
    git(day(30), 'commit', '--quiet', '-m', 'the sample with CA014 off: CA006 report-only for 30 days');
    for (const env of ['dev', 'prod']) writeFileSync(join(repo, 'environments', `${env}.yaml`), stringify(mutateSample(env, stage('CA014', 'report-only')), { aliasDuplicateObjects: false }));
    git(day(2), 'commit', '--quiet', '-am', 'CA014 report-only two days ago');
    // The change under review: enable both in both rings.
    for (const env of ['dev', 'prod']) {
      writeFileSync(join(repo, 'environments', `${env}.yaml`), stringify(mutateSample(env, (e) => [stage('CA014', 'enabled'), stage('CA006', 'enabled')].forEach((f) => f(e))), { aliasDuplicateObjects: false }));
    }
    writeFileSync(
      join(repo, 'replay.json'),
      JSON.stringify({ environment: 'prod', base: 'main', records: 200, skipped: 0, undecided: 0, policies: [{ id: 'CA006', newlyBlocked: { signIns: 92, users: 89 } }, { id: 'CA014', newlyBlocked: { signIns: 0, users: 0 } }], disagreements: [] }),
    );
  });
  afterAll(() => rmSync(repo, { recursive: true, force: true }));

  test('too soon after report-only fails; over the replayed limit fails; the 30-day one passes the day count', () => {
    const result = runDiff(['--base', 'main', '--evidence', join(repo, 'replay.json')], repo);
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toContain('## Evidence before enforcement (PRM-EVD001, PRM-EVD002)');
    expect(result.stdout).toMatch(/- \*\*FAIL\*\* PRM-EVD001: CA014 Require MFA for guests and external users: report-only -> enabled \(dev\) after too short a time: report-only since \d{4}-\d\d-\d\d \(commit [0-9a-f]{12}\), 2\.0 days; promotion\.minReportOnlyDays is 7\./);
    expect(result.stdout).toMatch(/- ok: CA006 Require compliant or hybrid-joined device \(prod\): report-only since \d{4}-\d\d-\d\d, 30\.0 days \(at least 7\)/);
    expect(result.stdout).toContain('- **FAIL** PRM-EVD002: CA006 Require compliant or hybrid-joined device: report-only -> enabled (prod) newly blocks 92 sign-ins of 89 users in the replay');
    expect(result.stdout).toContain('- ok: CA014 Require MFA for guests and external users (prod) newly blocks 0 sign-ins of 0 users in the replay (limit 0 and 0)');
    expect(result.stdout).toContain('Result: NOT promotable: a policy is enabled before its report-only days are up; a replay shows a promotion or widening over promotion.maxNewlyBlocked (see above).');
    expect(result.stderr).toContain('error: PRM-EVD002: CA006');
  }, 180_000);

  test('npm run replay --base measures the change against the base ref\'s enforced policies', () => {
    const environments = join(repo, 'environments');
    const stacks = synthStacks(environments);
    const outdir = mkdtempSync(join(tmpdir(), 'perimeter-out-'));
    for (const [name, tf] of Object.entries(stacks)) {
      mkdirSync(join(outdir, 'stacks', name), { recursive: true });
      writeFileSync(join(outdir, 'stacks', name, 'cdk.tf.json'), JSON.stringify(tf));
    }
    stampFingerprint(outdir, Object.keys(stacks), { environmentsDir: environments });
    const fixtures = join(REPO_ROOT, 'analysis', 'replay', '__fixtures__');
    const r = commandOutcome(() =>
      runReplay(['--env', 'prod', '--logs', join(fixtures, 'prod-signins.jsonl'), '--directory', join(fixtures, 'prod-directory.json'), '--base', 'main', '--json', '--outdir', outdir, '--environments', environments], repo),
    );
    expect(r.stderr ?? '').toBe('');
    const json = JSON.parse(r.stdout!);
    expect(json.base).toMatch(/^main \([0-9a-f]{12}\)$/);
    const policy = (id: string) => json.policies.find((p: { id: string }) => p.id === id);
    expect(policy('CA006')).toMatchObject({ state: 'enabled', newlyBlocked: { signIns: 92, users: 89 } });
    // CA001 is enforced on both sides: it challenges nobody new.
    expect(policy('CA001').newlyChallenged).toEqual({ signIns: 0, users: 0 });
  }, 180_000);
});
