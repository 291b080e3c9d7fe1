import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { loadEnvironmentFile } from './environments';
import { isPerimeterError } from '../core/problems';
import { readSynthesizedStack } from '../analysis/model/read';
import type { EnvironmentModel } from '../analysis/model/types';
import { diffEnvironment as diffWith, diffLines } from '../analysis/diff/compare';
import { checkReportOnlyFirst, REPORT_ONLY_FIRST_RULE } from '../analysis/diff/report-only-first';
import { renderDiff } from '../analysis/diff/outcome';
import { reportOnlyFirst } from '../components/conditional-access/guardrails/PRM-STG002-report-only-first';
import { REPORT_SECTIONS } from '../components/registry';
import { declaredFacts } from '../environment/declared';
import { runDiff } from './diff';
import { runReport } from './report';
import { synthesize } from './synth';
import { SOURCE_DIRS } from './lint';
import { mutateSample, readSample, REPO_ROOT, synthStacks, writeEnvironments } from '../__tests__/helpers/synth';

type Edit = (env: Record<string, any>) => void;

const diffEnvironment = (env: string, base: EnvironmentModel | undefined, head: EnvironmentModel | undefined) => diffWith(env, base, head, REPORT_SECTIONS);

/** Labelled models of both sample environments after `edit`s, as a synth of that YAML produces them. */
function models(edits: { dev?: Edit; prod?: Edit } = {}): Record<'dev' | 'prod', EnvironmentModel> {
  const dir = writeEnvironments({
    dev: edits.dev ? mutateSample('dev', edits.dev) : readSample('dev'),
    prod: edits.prod ? mutateSample('prod', edits.prod) : readSample('prod'),
  });
  const tf = synthStacks(dir);
  const model = (name: 'dev' | 'prod') =>
    readSynthesizedStack(tf[name]!, { name, declared: declaredFacts(loadEnvironmentFile(join(dir, `${name}.yaml`)).environment!) });
  return { dev: model('dev'), prod: model('prod') };
}

const stage = (id: string, s: string): Edit => (e) => {
  e.policies = { ...(e.policies ?? {}), [id]: { ...(e.policies?.[id] ?? {}), stage: s } };
};
const both = (...edits: Edit[]): Edit => (e) => edits.forEach((f) => f(e));

let sample: Record<'dev' | 'prod', EnvironmentModel>;
beforeAll(() => {
  sample = models();
});

test('the diff enforces the guardrail pack\'s PRM-STG002, the rule suppressions name', () => {
  expect(REPORT_ONLY_FIRST_RULE).toBe(reportOnlyFirst.id);
  expect(reportOnlyFirst.phase).toBe('diff');
});

test('no change, no lines', () => {
  expect(diffLines(diffEnvironment('prod', sample.prod, models().prod))).toEqual([]);
});

test('a name only one side can resolve is not a change; ids are compared, names are shown', () => {
  const tf = synthStacks();
  const unlabelled = readSynthesizedStack(tf.prod!, { name: 'prod' });
  expect(diffLines(diffEnvironment('prod', unlabelled, sample.prod))).toEqual([]);
  const head = models({ prod: (e) => (e.breakGlass.accounts = [e.breakGlass.accounts[0], 'b9000000-0000-4000-8000-000000000003']) });
  expect(diffLines(diffEnvironment('prod', unlabelled, head.prod))).toContain(
    'group break_glass_exclusion: members: added break-glass account 2, removed b9000000-0000-4000-8000-000000000002 (prod)',
  );
});

test('a stage promotion is one line in the words of the issue', () => {
  // CA009, not CA006: the sample pilots CA006 in waves, and finishing a pilot is docs/waves.md's business.
  const head = models({ dev: stage('CA009', 'enabled'), prod: stage('CA009', 'enabled') });
  expect(diffLines(diffEnvironment('prod', sample.prod, head.prod))).toEqual([
    'CA009 Require MFA for medium and high sign-in risk: report-only -> enabled (prod)',
  ]);
  expect(checkReportOnlyFirst('prod', sample.prod, head.prod).violations).toEqual([]);
});

test('a new policy and a removed policy', () => {
  const noCountries: Edit = (e) => delete e.countryAccess;
  const base = models({ dev: noCountries, prod: noCountries });
  expect(diffLines(diffEnvironment('prod', base.prod, sample.prod))).toEqual([
    'CA020 Block sign-in from outside allowed countries: new policy, report-only (prod)',
    // Telemetry keeps a report-only evidence search per policy.
    'Telemetry: saved search CA020 Block sign-in from outside allowed countries: report-only evidence: added (prod)',
  ]);
  const noSensitive: Edit = (e) => delete e.sensitiveApps;
  const head = models({ prod: noSensitive });
  expect(diffLines(diffEnvironment('prod', sample.prod, head.prod))).toEqual([
    'CA007 Require MFA and a compliant device for sensitive apps: removed (was report-only) (prod)',
    'Telemetry: saved search CA007 Require MFA and a compliant device for sensitive apps: report-only evidence: removed (prod)',
  ]);
});

test('an analytics rule promotion is a stage change too', () => {
  const promote: Edit = (e) => (e.telemetry.rules = { ...(e.telemetry.rules ?? {}), SEN002: { stage: 'enabled' } });
  const head = models({ dev: promote, prod: promote });
  const lines = diffLines(diffEnvironment('prod', sample.prod, head.prod));
  expect(lines[0]).toBe('SEN002 Break-glass account changed: report-only -> enabled (prod)');
  expect(lines).toContain('SEN002 Break-glass account changed: raises: "an alert, no incident" -> "an alert and an incident" (prod)');
});

test('field changes in plain words, with logical names', () => {
  const head = models({
    prod: (e) => {
      e.sessions.adminSignInFrequencyHours = 8;
      e.groups['contractors'] = { objectId: '6f000000-0000-4000-8000-000000000002' };
      e.policies.CA006.exclude.groups.push('contractors');
      e.namedLocations['corp-egress'].ipRanges.push('192.0.2.0/24');
      e.guests.allowedApps = ['Office365'];
    },
  });
  expect(diffLines(diffEnvironment('prod', sample.prod, head.prod))).toEqual([
    'CA006 Require compliant or hybrid-joined device: excluded users: added group contractors (reason: Shared factory-floor kiosks enrol in Intune in Q1 (change CHG-2291); MFA (CA001) still applies to them.) (prod)',
    // The wave twin carries every exclusion of its policy.
    'CA006 Require compliant or hybrid-joined device (waves: it-pilot): excluded users: added group contractors (prod)',
    'CA015 Block guests from apps not allowed to them: excluded resources: removed app partner-portal (prod)',
    'CA017 Administrator sessions: bounded sign-in frequency, no persistent browser: sign-in frequency: "every 4 hours" -> "every 8 hours" (prod)',
    'location corp-egress: IP ranges: added 192.0.2.0/24 (prod)',
  ]);
});

test('report-only first: off -> enabled fails in every environment that does it', () => {
  const base = models({ dev: stage('CA014', 'off'), prod: stage('CA014', 'off') });
  const head = models({ dev: stage('CA014', 'enabled'), prod: stage('CA014', 'enabled') });
  for (const env of ['dev', 'prod'] as const) {
    expect(diffLines(diffEnvironment(env, base[env], head[env]))).toEqual([`CA014 Require MFA for guests and external users: off -> enabled (${env})`]);
    expect(checkReportOnlyFirst(env, base[env], head[env]).violations).toEqual([
      { env, policyId: 'CA014', displayName: 'CA014 Require MFA for guests and external users', from: 'off' },
    ]);
  }
});

test('report-only first: absent -> enabled fails; absent -> report-only passes', () => {
  const noCountries: Edit = (e) => delete e.countryAccess;
  const base = models({ dev: noCountries, prod: noCountries });
  const enforced = models({ dev: stage('CA020', 'enabled'), prod: stage('CA020', 'enabled') });
  expect(checkReportOnlyFirst('prod', base.prod, enforced.prod).violations.map((v) => `${v.policyId} ${v.from}`)).toEqual(['CA020 absent']);
  expect(checkReportOnlyFirst('prod', base.prod, sample.prod).violations).toEqual([]);
  // A new environment is all "absent": it must start in report-only too.
  // A wave twin's finding names the policy it pilots (CA006_waves -> CA006): that is what a suppression names.
  const enforcedInDev = sample.dev.policies.filter((p) => p.state === 'enabled' && !p.conditions.applications.includeUserActions.length).map((p) => p.wave?.of ?? p.id);
  expect(enforcedInDev).toEqual(expect.arrayContaining(['CA001', 'CA003', 'CA019']));
  expect(checkReportOnlyFirst('dev', undefined, sample.dev).violations.map((v) => v.policyId)).toEqual(enforcedInDev);
});

test('report-only first: report-only -> enabled passes, and user-action policies are allowed from off', () => {
  const head = models({ dev: stage('CA002', 'enabled'), prod: both(stage('CA002', 'enabled'), stage('CA011', 'enabled')) });
  const result = checkReportOnlyFirst('prod', sample.prod, head.prod);
  expect(result.violations).toEqual([]);
  expect(result.exempt.map((x) => `${x.policyId} ${x.from}`)).toEqual(['CA011 off']);
});

test('report-only first: a suppression with a reason lets one policy through, in its environment only', () => {
  const base = models({ dev: stage('CA014', 'off'), prod: stage('CA014', 'off') });
  const head = models({ dev: stage('CA014', 'enabled'), prod: stage('CA014', 'enabled') });
  const suppressions = [
    { rule: 'PRM-STG002', target: 'CA014', reason: 'Guest MFA mandated by the audit finding AF-77, validated in the pilot tenant' },
    { rule: 'PRM-STG002', target: 'CA013', reason: 'left over from the last promotion' },
    { rule: 'PRM-XYZ001', target: 'CA014', reason: 'another rule entirely' },
  ];
  const prod = checkReportOnlyFirst('prod', base.prod, head.prod, suppressions);
  expect(prod.violations).toEqual([]);
  expect(prod.suppressed.map((s) => [s.policyId, s.reason])).toEqual([['CA014', suppressions[0]!.reason]]);
  expect(prod.unusedSuppressions).toEqual([suppressions[1]]);
  expect(checkReportOnlyFirst('dev', base.dev, head.dev).violations.map((v) => v.policyId)).toEqual(['CA014']);
});

test('a suppression is validated by the environment schema', () => {
  const dir = writeEnvironments({
    dev: readSample('dev'),
    prod: mutateSample('prod', (e) => (e.suppressions = [{ rule: 'PRM-STG002', target: 'CA014', reason: 'because' }])),
  });
  expect(() => synthStacks(dir)).toThrow(/prod\.yaml:\d+: suppressions\[0\]\.reason: must say why the finding is accepted, in at least 10 characters \(got "because"\)/);
});

describe('npm run diff against a git repository', () => {
  let repo: string;
  const git = (...args: string[]) => {
    const r = spawnSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], { cwd: repo, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`git ${args.join(' ')}: ${r.stderr}`);
    return r.stdout;
  };
  const writeEnv = (name: string, edit: Edit) => writeFileSync(join(repo, 'environments', `${name}.yaml`), stringify(mutateSample(name, edit), { aliasDuplicateObjects: false }));

  beforeAll(() => {
    repo = mkdtempSync(join(tmpdir(), 'perimeter-diff-repo-'));
    for (const p of [...SOURCE_DIRS.filter((d) => d !== '__tests__'), 'environments', 'tsconfig.json', 'package.json', 'cdktf.json', '.gitignore']) {
      cpSync(join(REPO_ROOT, p), join(repo, p), { recursive: true });
    }
    symlinkSync(join(REPO_ROOT, 'node_modules'), join(repo, 'node_modules'), 'dir');
    writeEnv('dev', stage('CA014', 'off'));
    writeEnv('prod', stage('CA014', 'off'));
    git('init', '--quiet', '--initial-branch=main');
    git('add', '-A');
    git('commit', '--quiet', '-m', 'base');
    // A ref whose own synth fails: the diff must say so and still clean up.
    git('checkout', '--quiet', '-b', 'broken');
    writeFileSync(join(repo, 'environments', 'dev.yaml'), 'tenantId: not-a-guid\n');
    git('commit', '--quiet', '-am', 'broken');
    // A ref made with another tool version, whose synth crashes with a stack trace.
    git('checkout', '--quiet', '-b', 'crashing', 'main');
    writeFileSync(join(repo, 'cdktf.json'), JSON.stringify({ app: 'node -e "function f() { throw new Error(\'old synth fell over\'); } f()"' }));
    git('commit', '--quiet', '-am', 'crashing');
    git('checkout', '--quiet', 'main');
  });
  afterAll(() => rmSync(repo, { recursive: true, force: true }));

  test('off -> enabled fails naming the policy and environment; the temporary worktree is gone', () => {
    writeEnv('dev', stage('CA014', 'enabled'));
    writeEnv('prod', stage('CA014', 'report-only'));
    const result = runDiff(['--base', 'main'], repo);
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toContain('- CA014 Require MFA for guests and external users: off -> enabled (dev)');
    expect(result.stdout).toContain('- CA014 Require MFA for guests and external users: off -> report-only (prod)');
    expect(result.stdout).toContain('Result: NOT promotable');
    expect(result.stderr).toBe(
      'error: PRM-STG002: CA014 Require MFA for guests and external users: off -> enabled in one change (dev). ' +
        'Ship it as report-only first and validate it against sign-in logs, then enable it in a later change; ' +
        'or, if it must be enforced now, add to environments/dev.yaml: suppressions: [{ rule: PRM-STG002, target: CA014, reason: <why, at least 10 characters> }]\n',
    );
    expect(git('worktree', 'list').trim().split('\n')).toHaveLength(1);
  }, 120_000);

  test('the dashboard with --base shows this environment\'s changes and the verdict', () => {
    writeEnv('dev', stage('CA014', 'enabled'));
    writeEnv('prod', stage('CA014', 'report-only'));
    const outdir = join(repo, 'cdktf.out');
    synthesize({ environmentsDir: join(repo, 'environments'), outdir });
    const r = runReport(['--env', 'dev', '--format', 'html', '--base', 'main', '--outdir', outdir, '--environments', join(repo, 'environments')], repo);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toMatch(/<h2 id="changes">Changes against main \([0-9a-f]{12}\) \(1\)<\/h2>/);
    expect(r.stdout).toContain('<li>CA014 Require MFA for guests and external users: off -&gt; enabled (dev)</li>');
    expect(r.stdout).toMatch(/<div class="alert" role="alert">Not promotable:<ul class="findings"><li>PRM-STG002: CA014 Require MFA for guests and external users: off -&gt; enabled in one change \(dev\)/);
    expect(git('worktree', 'list').trim().split('\n')).toHaveLength(1);
  }, 180_000);

  test('with a suppression in the environment file the change is promotable', () => {
    writeEnv('dev', both(stage('CA014', 'enabled'), (e) => (e.suppressions = [{ rule: 'PRM-STG002', target: 'CA014', reason: 'Audit finding AF-77: guest MFA now' }])));
    const result = runDiff(['--base', 'main', '--out', join(repo, 'reports', 'diff.md')], repo);
    expect(result.stdout).toContain('- suppressed: CA014 Require MFA for guests and external users: off -> enabled (dev); reason: Audit finding AF-77: guest MFA now');
    expect(result.stdout).toContain('Result: promotable.');
    expect(result.exitCode).toBe(0);
    expect(git('worktree', 'list').trim().split('\n')).toHaveLength(1);
  }, 120_000);

  test('a base that does not synthesize is a clear error, and the worktree is still removed', () => {
    expect(() => runDiff(['--base', 'broken'], repo)).toThrow(
      /synth of --base broken failed: `node -r \.\/cli\/register\.js cli\/main\.ts synth` \(its cdktf\.json app\) exited 2:\n.*environments\/dev\.yaml.*tenantId: "not-a-guid"/s,
    );
    expect(git('worktree', 'list').trim().split('\n')).toHaveLength(1);
  }, 120_000);

  test('a base whose synth crashes says which command failed and what it said, without its stack trace', () => {
    let message = '';
    try {
      runDiff(['--base', 'crashing'], repo);
    } catch (e) {
      if (!isPerimeterError(e)) throw e;
      message = e.message;
    }
    expect(message).toContain('synth of --base crashing failed: `node -e "function f() { throw new Error(\'old synth fell over\'); } f()"` (its cdktf.json app) exited 1:');
    expect(message).toContain('Error: old synth fell over');
    expect(message).not.toMatch(/^\s+at /m);
    expect(git('worktree', 'list').trim().split('\n')).toHaveLength(1);
  }, 120_000);

  test('an unknown base ref is a clear error', () => {
    expect(() => runDiff(['--base', 'no-such-branch'], repo)).toThrow(
      /--base "no-such-branch" is not a commit in this repository; fetch it first/,
    );
    let message = '';
    try {
      runDiff([], repo);
    } catch (e) {
      if (!isPerimeterError(e)) throw e;
      message = e.message;
    }
    expect(message).toContain('npm run diff: --base is required\nEvery option: npm run diff -- --help');
  });
});

describe('every resource kind reads in identity terms', () => {
  test('a new named location: its name, ranges and whether it is trusted', () => {
    const add: Edit = (e) => (e.namedLocations['warsaw-office'] = { displayName: 'Warsaw office', ipRanges: ['203.0.113.128/26'], trusted: true });
    const lines = diffLines(diffEnvironment('prod', sample.prod, models({ prod: add }).prod));
    expect(lines).toContain('Named locations: named location warsaw-office "Warsaw office": trusted, IP ranges 203.0.113.128/26: added (prod)');
  });

  test('a PIM change is a sentence about the role and its approvers', () => {
    const approve: Edit = (e) => (e.pim.roles['Security Administrator'].approvers = [{ group: '6f000000-0000-4000-8000-0000000000a1' }, 'ae000000-0000-4000-8000-000000000001']);
    const lines = diffLines(diffEnvironment('prod', sample.prod, models({ prod: approve }).prod));
    expect(lines.filter((l) => l.startsWith('PIM policy'))).toEqual([
      'PIM policy for membership of group pim_security_administrator (PIM: Security Administrator): activation needs approval: "no" -> "yes, by group 6f000000-0000-4000-8000-0000000000a1, user ae000000-0000-4000-8000-000000000001" (prod)',
    ]);
    expect(lines.join('\n')).not.toMatch(/activation_rules|require_approval/);
  });

  test('an App Proxy change names the app and what it publishes, not Graph arguments', () => {
    const translate: Edit = (e) => (e.appProxy.apps['hr-portal'].translateLinksInBody = true);
    const lines = diffLines(diffEnvironment('prod', sample.prod, models({ prod: translate }).prod));
    expect(lines).toEqual(['HR Portal: publishing: translates: "host header yes, links in the body no" -> "host header yes, links in the body yes" (prod)']);
  });

  test('a new exclusion comes with its reason', () => {
    const exclude: Edit = (e) => (e.policies.CA006.exclude.groups = ['factory-floor-kiosks', 'finance-staff']);
    const lines = diffLines(diffEnvironment('prod', sample.prod, models({ prod: exclude }).prod));
    expect(lines).toContainEqual(
      expect.stringMatching(/^CA006 Require compliant or hybrid-joined device: excluded users: added group finance-staff[^(]*\(reason: Shared factory-floor kiosks enrol in Intune in Q1 \(change CHG-2291\); MFA \(CA001\) still applies to them\.\) \(prod\)$/),
    );
  });
});

test('a diff too long for a PR comment is summarised, never cut: one line per object, then counts', () => {
  const offices: Edit = (e) => {
    for (let i = 0; i < 40; i++) e.namedLocations[`branch-office-${i}`] = { displayName: `Branch office ${i}`, ipRanges: [`198.51.100.${i * 4}/30`], trusted: true };
    e.policies.CA006.exclude.groups = ['factory-floor-kiosks', 'finance-staff'];
  };
  const d = diffEnvironment('prod', sample.prod, models({ prod: offices }).prod);
  const outcome = { diffs: [d], rule: new Map(), dangerous: new Map(), coverage: new Map(), promotable: true };
  const full = renderDiff(outcome, 'main', () => 'environments/prod.yaml');
  expect(full).toContain('- Named locations: named location branch-office-39 "Branch office 39": trusted, IP ranges 198.51.100.156/30: added (prod)');
  const byObject = renderDiff(outcome, 'main', () => 'environments/prod.yaml', full.length - 1);
  expect(byObject.length).toBeLessThan(full.length);
  expect(byObject).toContain('_Summarised to fit a pull-request comment (one line per changed object); the job summary has every change._');
  expect(byObject).toContain('- Named locations: 40 added (prod)');
  expect(byObject).toContain('- CA006 Require compliant or hybrid-joined device: excluded users changed (prod)');
  const counts = renderDiff(outcome, 'main', () => 'environments/prod.yaml', 300);
  expect(counts).toContain('- 0 policies added, 0 removed, 0 stage changes, 2 objects changed, 40 other objects added or removed, 0 unmanaged-snapshot changes');
  // Whatever the length, the verdict is whole: the last line is the result.
  for (const text of [full, byObject, counts]) expect(text.trimEnd().split('\n').pop()).toBe('Result: promotable.');
});
