import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { commandOutcome } from './run';
import { runWhatIf } from './whatif';
import { stampFingerprint } from './synth';
import { parseScenarios } from '../analysis/whatif/scenarios';
import { codeBlocks, readDoc } from '../__tests__/helpers/docs';
import { REPO_ROOT, SAMPLE_DIR, synthStacks, type TfJson } from '../__tests__/helpers/synth';

const stacks = synthStacks();

/** A synth output directory as `npm run synth` writes it, from the same Terraform JSON. */
function outdirWith(edit?: (tf: Record<string, TfJson>) => void): string {
  const copy = JSON.parse(JSON.stringify(stacks)) as Record<string, TfJson>;
  edit?.(copy);
  const dir = mkdtempSync(join(tmpdir(), 'perimeter-out-'));
  for (const [name, tf] of Object.entries(copy)) {
    mkdirSync(join(dir, 'stacks', name), { recursive: true });
    writeFileSync(join(dir, 'stacks', name, 'cdk.tf.json'), JSON.stringify(tf));
  }
  stampFingerprint(dir, Object.keys(copy), { environmentsDir: SAMPLE_DIR });
  return dir;
}

const OUTDIR = outdirWith();

function cli(args: readonly string[], outdir = OUTDIR) {
  const r = commandOutcome(() => runWhatIf([...args, '--outdir', outdir, '--environments', SAMPLE_DIR]));
  return { code: r.exitCode, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
}

const whatifDoc = () => readDoc('docs/whatif.md');

test('every whatif command in docs/whatif.md runs as written and succeeds', () => {
  expect(process.cwd()).toBe(REPO_ROOT);
  const commands = whatifDoc()
    .split('\n')
    .filter((l) => l.startsWith('npm run whatif -- '));
  expect(commands.length).toBeGreaterThanOrEqual(10);
  for (const command of commands) {
    const r = cli(command.slice('npm run whatif -- '.length).split(' '));
    expect([command, r.code, r.stderr]).toEqual([command, 0, '']);
  }
});

test('the scenario example in docs/whatif.md is a valid scenario file that holds', () => {
  const yaml = codeBlocks(whatifDoc(), 'yaml').find((b) => b.startsWith('scenarios:'))!;
  const dir = mkdtempSync(join(tmpdir(), 'perimeter-readme-'));
  writeFileSync(join(dir, 'prod.yaml'), yaml);
  expect(parseScenarios('prod.yaml', yaml).problems).toEqual([]);
  const r = cli(['--env', 'prod', '--scenarios', join(dir, 'prod.yaml')]);
  expect(r.stdout).toContain('1 of 1 scenarios hold');
  expect(r.code).toBe(0);
});

test('human output: decision, why each policy applies, merged session controls, report-only apart', () => {
  const r = cli(['--env', 'prod', '--user', 'global-admin', '--app', 'All', '--client', 'browser', '--platform', 'windows', '--ip', '192.0.2.10', '--country', 'GB', '--device', 'registered', '--signin-risk', 'medium', '--group', 'p2-licensed']);
  expect(r.code).toBe(0);
  expect(r.stdout).toContain('Decision: GRANT, when every requirement below is met (policies are ANDed)\n  CA001: mfa\n  => authenticate with MFA');
  expect(r.stdout).toContain('  CA001 Require MFA for all users: requires mfa (because users: All; apps: All)');
  expect(r.stdout).toContain('  CA003 Block legacy authentication: clientApps');
  expect(r.stdout).toContain('Report-only policies (evaluated, not enforced):\n  CA002 Require phishing-resistant MFA for administrators: would require authentication strength phishing-resistant');
  expect(r.stdout).toContain('  CA009 Require MFA for medium and high sign-in risk: would require mfa');
  expect(r.stdout).toContain('Disabled (not evaluated): CA011, CA012');
});

test('a blocked sign-in names each blocking policy once, with why', () => {
  const r = cli(['--env', 'prod', '--user', 'member', '--app', 'Office365', '--client', 'other', '--platform', 'windows', '--ip', '192.0.2.44', '--country', 'GB']);
  expect(r.stdout).toContain(
    'Decision: BLOCK\n  CA001 Require MFA for all users: requires mfa, which this sign-in cannot satisfy: a legacy other client can do no MFA and passes no device state\n  CA003 Block legacy authentication: block control\n',
  );
  expect(r.stdout).toContain('Warnings:\n  legacy authentication clients cannot satisfy MFA');
});

test('an input left out that decides the outcome is named, not guessed', () => {
  const r = cli(['--env', 'prod', '--user', 'sync-account', '--app', 'All', '--client', 'browser', '--platform', 'windows']);
  expect(r.code).toBe(0);
  expect(r.stdout).toContain('  assumed: signInRisk none (not given); userRisk none (not given); flow none (not given); ip unknown; country unknown; device unknown');
  expect(r.stdout).toContain('Decision: NOT ENOUGH INFORMATION: the outcome depends on ip (policies CA019)');
  expect(r.stdout).toContain('  CA019 Block directory-sync accounts outside the sync servers: block (depending on ip)');
});

test('--json gives one object with the decision, requirements, policies, report-only and session controls', () => {
  const r = cli(['--env', 'dev', '--user', 'global-admin', '--app', 'All', '--client', 'browser', '--platform', 'macOS', '--ip', '192.0.2.10', '--country', 'GB', '--device', 'compliant', '--json']);
  const json = JSON.parse(r.stdout);
  expect(json.decision).toBe('grant');
  expect(json.requirements).toEqual([{ policy: 'CA001', operator: 'OR', controls: [{ control: 'mfa', status: 'required' }], status: 'required' }]);
  expect(json.policies.find((p: { id: string }) => p.id === 'CA001')).toMatchObject({ id: 'CA001', displayName: 'CA001 Require MFA for all users', state: 'enabled', applies: true, reasons: ['notSet'] });
  expect(json.policies.find((p: { id: string }) => p.id === 'CA003')).toMatchObject({ applies: false, reasons: ['clientApps'] });
  expect(json.reportOnly.map((p: { id: string; outcome: string }) => `${p.id}:${p.outcome}`)).toEqual(['CA002:wouldRequire', 'CA006:wouldApply', 'CA017:wouldApply']);
  expect(json.sessionControls).toEqual({ notes: [], mayAlsoApply: [] });
});

test('a missing synth output exits 2 and tells the user to run npm run synth', () => {
  const r = cli(['--env', 'prod', '--prove-break-glass'], join(tmpdir(), 'perimeter-no-such-outdir'));
  expect(r.code).toBe(2);
  expect(r.stderr).toContain('stacks/prod/cdk.tf.json: does not exist (environment "prod"); nothing has been synthesized yet; run `npm run synth` first');
});

test.each([
  [['--env', 'prod', '--user', 'member'], '--app: is required'],
  [['--user', 'member'], 'npm run whatif: --env is required'],
  [['--env', 'prod', '--colour', 'red'], 'npm run whatif: unknown option "--colour"; the options are --env --user'],
  [['--env', 'prod', '--user'], 'npm run whatif: --user needs a value'],
  [['--env', 'prod', '--device-property', 'trustType'], 'npm run whatif: --device-property "trustType" must be written name=value, e.g. --device-property trustType=AzureAD'],
  [['--env', 'prod', '--user', 'member', '--user', 'guest'], 'npm run whatif: --user is given twice'],
  [['--env', 'prod', '--scenarios', 'no/such.yaml'], 'npm run whatif: no/such.yaml does not exist; write scenarios there or pass the file after --scenarios'],
  [['--env', 'prod', 'prod.yaml'], 'npm run whatif: "prod.yaml" is a scenario file; it goes with --scenarios'],
])('bad input %j exits 2 with a message', (args, message) => {
  const r = cli(args);
  expect(r.code).toBe(2);
  expect(r.stderr).toContain(message);
  expect(r.stdout).toBe('');
});

describe('the real process (spawned: the exit code and no stack trace)', () => {
  const node = (args: readonly string[], outdir = OUTDIR) =>
    spawnSync(process.execPath, ['-r', './cli/register.js', 'cli/main.ts', 'whatif', ...args, '--outdir', outdir, '--environments', SAMPLE_DIR], { cwd: REPO_ROOT, encoding: 'utf8' });

  test('bad input: exit code 2, the problems, no stack trace', () => {
    const r = node(['--env', 'prod', '--user', 'member', '--app', 'All', '--client', 'imap', '--platform', 'ipad']);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('perimeter: whatif stopped (2 problems):\n  - npm run whatif: --client: "imap" is not allowed; use one of: browser | mobileAppsAndDesktopClients | exchangeActiveSync | other');
    expect(r.stderr).toContain('  - npm run whatif: --platform: "ipad" is not allowed');
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  test('a policy set that locks break-glass out: exit code 1 and the counterexample', () => {
    const broken = outdirWith((tf) => {
      const p = tf.prod!.resource.azuread_conditional_access_policy!.CA004 as { conditions: { users: unknown } };
      p.conditions.users = { included_users: ['All'] };
    });
    const r = node(['--env', 'prod', '--prove-break-glass'], broken);
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('Break-glass lockout proof for prod: FAILED');
    expect(r.stdout).toContain('Counterexample: CA004 blocks or challenges this sign-in:');
    expect(r.stdout).toMatch(/user break-glass account [12] \(b9000000-0000-4000-8000-00000000000[12]\).*flow deviceCodeFlow/);
  });
});
