/**
 * Property-based tests of every command's argument handling: random flags, values and
 * positionals, with and without a current cdktf.out. The invariant: every run ends with exit
 * 0, 1 or 2 and a message, never an internal error (exit 3), a stack trace or a hang past 2 s.
 * CI runs a fixed seed; `npm run fuzz` runs more (PERIMETER_FUZZ_RUNS, PERIMETER_FUZZ_SEED).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { runAssessments } from './assessments';
import { runBench } from './bench';
import { runImport } from './import';
import { runPlan } from './plan';
import { runDiff } from './diff';
import { runEnvironments } from './environments';
import { runReport } from './report';
import { commandOutcome, type CommandResult } from './run';
import { synthesize } from './synth';
import { runWhatIf } from './whatif';
import { runCoverage } from './coverage';
import { SAMPLE_DIR } from '../__tests__/helpers/synth';

/** `npm run fuzz` sets PERIMETER_FUZZ=deep: many more runs, a new seed each time (fast-check prints it with any counterexample). */
const DEEP = process.env['PERIMETER_FUZZ'] === 'deep';
const RUNS = Number(process.env['PERIMETER_FUZZ_RUNS'] ?? (DEEP ? 2000 : 60));
const SEED = Number(process.env['PERIMETER_FUZZ_SEED'] ?? (DEEP ? Date.now() % 2 ** 31 : 20261202));

const root = mkdtempSync(join(tmpdir(), 'perimeter-cli-fuzz-'));
const OUTDIR = join(root, 'cdktf.out');
synthesize({ environmentsDir: SAMPLE_DIR, outdir: OUTDIR });

// Relative paths (`--out prod`, the default reports/ and environments/) land in a scratch folder, never in the project.
const projectDir = process.cwd();
beforeAll(() => process.chdir(root));
afterAll(() => process.chdir(projectDir));

const value = fc.oneof(
  fc.constantFrom(join(__dirname, '..', 'analysis', 'plan', '__fixtures__', 'changes.plan.json'), join(__dirname, '..', 'analysis', 'adoption', '__fixtures__', 'j0eyv-ca-baseline'), 'prod', 'dev', 'pilot', '../../etc/passwd', '-', '', ' ', '--', 'PROD', 'html', 'markdown', 'pdf', 'All', 'Office365', 'browser', 'other', 'windows', 'high', 'member', 'guest', 'global-admin', 'break-glass-1', '203.0.113.10', '::1', 'fe80::1%eth0', 'GB', 'XX', 'compliant', 'trustType=AzureAD', '=x', 'deviceCodeFlow', '10', '0', '-1', 'x', '99999999999999999999', '${file("/etc/hostname")}', '\u202E', 'b9000000-0000-4000-8000-000000000001', '00000000-0000-0000-0000-000000000000', join(root, 'out.md'), root, '/proc/version', OUTDIR, SAMPLE_DIR),
  fc.string({ maxLength: 12 }),
);

const FLAGS: Readonly<Record<string, readonly string[]>> = {
  report: ['format', 'out', 'outdir', 'environments', 'help', 'bogus'],
  whatif: ['user', 'group', 'role', 'guest', 'external-tenant', 'app', 'client', 'platform', 'ip', 'country', 'gps-country', 'device', 'device-property', 'signin-risk', 'user-risk', 'flow', 'json', 'prove-break-glass', 'scenarios', 'personas', 'outdir', 'environments', 'bogus'],
  bench: ['outdir', 'environments', 'bogus'],
  import: ['from', 'json', 'out', 'environments', 'bogus'],
  diff: ['base', 'out', 'bogus'],
  plan: ['plan', 'out', 'json', 'outdir', 'environments', 'bogus'],
  assessments: ['outputs', 'out-dir', 'outdir', 'environments', 'bogus'],
  environments: ['bogus', 'env'],
  coverage: ['json', 'format', 'out', 'outdir', 'environments', 'help', 'bogus'],
};
const BOOLEAN = new Set(['help', 'json', 'prove-break-glass', 'scenarios', 'personas']);
// `--from` values for import come from `value`: folders and files that are not exports, the analysis fixture below, and nonsense.

const COMMANDS: Readonly<Record<string, (argv: readonly string[]) => CommandResult | void>> = {
  report: runReport,
  whatif: runWhatIf,
  bench: runBench,
  // Never a real ref: a valid --base would synthesize two trees, which is not argument handling.
  diff: (argv) => runDiff(argv.map((a) => (a === 'main' || a === 'HEAD' ? 'no-such-ref' : a))),
  environments: runEnvironments,
  plan: runPlan,
  assessments: runAssessments,
  // Always a dry run: a run that imported would write into the environments folder it was given.
  import: (argv) => runImport([...argv, '--dry-run']),
  coverage: runCoverage,
};

const argvFor = (command: string) =>
  fc
    .tuple(
      fc.array(fc.tuple(fc.constantFrom(...FLAGS[command]!.filter((f) => f !== 'bogus')), value, fc.boolean()), { maxLength: 6 }),
      fc.boolean(),
      fc.oneof({ weight: 4, arbitrary: fc.constant([] as string[]) }, { weight: 1, arbitrary: fc.array(value, { maxLength: 2 }) }),
      fc.oneof({ weight: 3, arbitrary: fc.constantFrom('prod', 'dev') }, { weight: 1, arbitrary: value }),
      fc.boolean(),
    )
    .map(([flags, current, positionals, env, bogus]) => {
      const argv: string[] = ['report', 'whatif', 'bench', 'plan', 'assessments', 'import', 'coverage'].includes(command) ? ['--env', env] : [];
      if (bogus) argv.push('--bogus');
      for (const [flag, v, withValue] of flags) {
        argv.push(`--${flag}`);
        if (!BOOLEAN.has(flag) || !withValue) argv.push(v);
      }
      if (current && ['report', 'whatif', 'bench', 'plan', 'assessments', 'coverage'].includes(command)) argv.push('--outdir', OUTDIR, '--environments', SAMPLE_DIR);
      if (command === 'bench') argv.push('--count', '50', '--skip-scale');
      return [...argv, ...positionals];
    });

describe.each(Object.keys(COMMANDS))('npm run %s with random arguments', (command) => {
  test(`${RUNS} runs: exit 0, 1 or 2 with a message; never a bug, a stack trace or a hang`, () => {
    const exits = new Map<number, number>();
    fc.assert(
      fc.property(argvFor(command), (argv) => {
        const started = Date.now();
        const r = commandOutcome(() => COMMANDS[command]!(argv));
        const elapsed = Date.now() - started;
        const where = `npm run ${command} -- ${argv.map((a) => JSON.stringify(a)).join(' ')}`;
        if (r.exitCode === 3) throw new Error(`${where}: internal error\n${r.stderr}`);
        if (/^\s+at /m.test(`${r.stderr ?? ''}${r.stdout ?? ''}`)) throw new Error(`${where}: a stack trace\n${r.stderr}`);
        if (r.exitCode === 2 && !r.stderr) throw new Error(`${where}: exit 2 without a message`);
        if (elapsed > 2000) throw new Error(`${where}: took ${elapsed} ms`);
        exits.set(r.exitCode, (exits.get(r.exitCode) ?? 0) + 1);
      }),
      { seed: SEED, numRuns: RUNS },
    );
    // The runs reach past argument parsing: some succeed, some are refused. (No sample is the tenant of the j0eyv export, so an import never succeeds here.)
    if (!['diff', 'environments', 'plan', 'import'].includes(command)) expect([...exits.keys()].sort()).toEqual(expect.arrayContaining([0, 2]));
    if (process.env['PERIMETER_FUZZ_VERBOSE']) console.log(command, Object.fromEntries(exits));
  }, 120_000);
});
