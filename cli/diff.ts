/**
 * `npm run diff -- --base <git-ref>`: synthesizes the base ref in a temporary git worktree and
 * the working tree next to it, then compares every environment in identity terms and enforces
 * "report-only first" (analysis/diff). Exit 0: promotable. Exit 1: a rule failed. Exit 2: the
 * command could not run (a bad ref, a base that does not synthesize).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, realpathSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { PerimeterError } from '../core/problems';
import { STAGE_CEILING_VARIABLE } from '../core/stages';
import { compareSides, failureLines, renderDiff, type DiffOutcome, type Side } from '../analysis/diff/outcome';
import { violationMessage } from '../analysis/diff/report-only-first';
import { evidenceSections, readEvidence, reportOnlySinceFromHistory } from './promotion';
import type { DeclaredFacts } from '../analysis/model/types';
import { REPORT_SECTIONS } from '../components/registry';
import { declaredFacts } from '../environment/declared';
import type { Suppression } from '../environment/environment';
import type { PromotionSpec } from '../components/promotion/section';
import { parseCommand, usageError } from './args';
import { loadEnvironmentNamed } from './environments';
import { STDOUT, writeOutput } from './output';
import { EXIT, type CommandResult } from './run';
import { synthesizedEnvironments, synthesizedStackPath } from './stacks';
import { ENVIRONMENTS_DIR_VARIABLE } from './synth';

const DIFF = {
  command: 'diff',
  summary: 'the semantic diff of every environment against a git ref, with the report-only-first rule',
  options: {
    base: { type: 'string', required: true, value: 'git ref', help: 'the git ref to compare with, e.g. origin/main' },
    out: { type: 'string', value: 'file', help: 'also write the Markdown diff to this file (for a job summary or PR comment)' },
    'max-length': { type: 'string', value: 'characters', help: 'summarise what --out gets when the diff would be longer (one line per changed object, then counts), never cut it: a PR comment holds 65,536' },
    evidence: { type: 'string', multiple: true, value: 'replay JSON', help: 'the output of npm run replay -- --json for an environment: promotions and widenings over promotion.maxNewlyBlocked fail (PRM-EVD002)' },
  },
} as const;

const stopped = (message: string) => new PerimeterError([{ file: 'npm run diff', path: '', message }], 'perimeter: diff stopped');

export function git(cwd: string, args: string[]): { ok: boolean; out: string; err: string } {
  const r = spawnSync('git', args, { cwd, encoding: 'utf8' });
  return { ok: r.status === 0, out: (r.stdout ?? '').trim(), err: (r.stderr ?? '').trim() };
}

/**
 * Runs the app of `projectDir` the way its own cdktf.json says (as `cdktf synth` would, without
 * the CLI), into `outdir`. Reading the command from the tree itself lets an old base ref run
 * the way it ran then.
 */
function synthesize(projectDir: string, outdir: string, what: string): void {
  const configFile = join(projectDir, 'cdktf.json');
  let app: unknown;
  try {
    app = (JSON.parse(readFileSync(configFile, 'utf8')) as { app?: unknown }).app;
  } catch (e) {
    throw stopped(`${what} has no readable cdktf.json (${(e as Error).message})`);
  }
  if (typeof app !== 'string' || !app.trim()) throw stopped(`${what}: cdktf.json has no "app" command`);
  const env: NodeJS.ProcessEnv = { ...process.env, CDKTF_OUTDIR: outdir };
  // The diff compares YAML intent: never a ceiling, never another environments folder.
  delete env[STAGE_CEILING_VARIABLE];
  delete env[ENVIRONMENTS_DIR_VARIABLE];
  const r = spawnSync(app, { cwd: projectDir, env, encoding: 'utf8', shell: true, timeout: 300_000 });
  if (r.status !== 0) throw stopped(`synth of ${what} failed: \`${app}\` (its cdktf.json app) ${r.error ? `could not run (${r.error.message})` : `exited ${String(r.status ?? r.signal)}`}:\n${synthFailure(`${r.stderr ?? ''}\n${r.stdout ?? ''}`)}`);
}

/**
 * What a failed synth printed, for a reader: its own messages, without stack frames (a base
 * made with another version of perimeter may crash where today's code does not), at most 30 lines.
 */
function synthFailure(output: string): string {
  const lines = output
    .split('\n')
    .filter((l) => l.trim() && !/^\s+at /.test(l) && !/^\s*(\^|~)+\s*$/.test(l))
    .slice(0, 30);
  const hint = /Cannot find module|ERR_MODULE_NOT_FOUND/.test(output)
    ? ['(the base needs modules this checkout does not have: it was made with another version of perimeter; compare with a newer base, or run the diff from a checkout of that version)']
    : [];
  return [...lines, ...hint].map((l) => `    ${l}`).join('\n') || '    (it printed nothing)';
}

/** One side's synthesized stacks, read into memory before its temporary directory goes. */
function readSide(projectDir: string, outdir: string): { side: Side; suppressions: ReadonlyMap<string, readonly Suppression[]>; promotion: ReadonlyMap<string, PromotionSpec> } {
  const stacks = new Map<string, { json: object; declared?: DeclaredFacts }>();
  const suppressions = new Map<string, readonly Suppression[]>();
  const promotion = new Map<string, PromotionSpec>();
  for (const env of synthesizedEnvironments(outdir)) {
    // With today's schema: a base file from an older schema may not load; its labels then come from the working tree.
    const environment = loadEnvironmentNamed(join(projectDir, 'environments'), env, projectDir)?.environment;
    const json = JSON.parse(readFileSync(synthesizedStackPath(env, outdir), 'utf8')) as object;
    stacks.set(env, { json, ...(environment ? { declared: declaredFacts(environment) } : {}) });
    if (environment) suppressions.set(env, environment.suppressions);
    if (environment) promotion.set(env, environment.promotion);
  }
  return { side: { stacks }, suppressions, promotion };
}

/** Both syntheses; the temporary worktree is always removed, also when synth fails. */
function synthesizeBoth(projectDir: string, base: string) {
  return synthesizeSides(projectDir, base, true);
}

/** The working tree against `base`, both synthesized: what npm run report --base shows on the dashboard. */
export function diffAgainst(projectDir: string, base: string): { outcome: DiffOutcome; label: string; fileOf: (env: string) => string } {
  const both = synthesizeBoth(projectDir, base);
  const head = both.head!;
  const outcome = compareSides(both.base.side, head.side, (env) => head.suppressions.get(env) ?? [], REPORT_SECTIONS);
  return { outcome, label: `${base} (${both.baseSha.slice(0, 12)})`, fileOf: (env) => relative(projectDir, join(projectDir, 'environments', `${env}.yaml`)) };
}

/** The base ref alone, synthesized in a temporary worktree (npm run replay --base). */
export function synthesizeBase(projectDir: string, base: string): { side: Side; baseSha: string } {
  const r = synthesizeSides(projectDir, base, false);
  return { side: r.base.side, baseSha: r.baseSha };
}

function synthesizeSides(projectDir: string, base: string, withHead: boolean) {
  const top = git(projectDir, ['rev-parse', '--show-toplevel']);
  if (!top.ok) throw stopped(`${projectDir} is not inside a git repository (${top.err})`);
  const prefix = git(projectDir, ['rev-parse', '--show-prefix']).out;
  const sha = git(projectDir, ['rev-parse', '--verify', '--quiet', `${base}^{commit}`]);
  if (!sha.ok) throw stopped(`--base ${JSON.stringify(base)} is not a commit in this repository; fetch it first (e.g. git fetch origin main) or name a branch, tag or commit`);
  const nodeModules = join(projectDir, 'node_modules');
  if (!existsSync(nodeModules)) throw stopped('node_modules is missing; run npm ci first');

  const tmp = mkdtempSync(join(tmpdir(), 'perimeter-diff-'));
  const tree = join(tmp, 'base');
  let added = false;
  try {
    const add = git(top.out, ['worktree', 'add', '--detach', '--quiet', tree, sha.out]);
    if (!add.ok) throw stopped(`git worktree add failed: ${add.err}`);
    added = true;
    const baseProject = join(tree, prefix);
    if (!existsSync(join(baseProject, 'cdktf.json'))) throw stopped(`${base} has no perimeter project at ${prefix || 'the repository root'} (no cdktf.json)`);
    // The base tree has no node_modules; the current ones run its code (same lockfile in practice).
    if (!existsSync(join(baseProject, 'node_modules'))) symlinkSync(realpathSync(nodeModules), join(baseProject, 'node_modules'), 'dir');
    synthesize(baseProject, join(tmp, 'base-out'), `--base ${base}`);
    if (!withHead) return { base: readSide(baseProject, join(tmp, 'base-out')), head: undefined, baseSha: sha.out };
    synthesize(projectDir, join(tmp, 'head-out'), 'the working tree');
    return { base: readSide(baseProject, join(tmp, 'base-out')), head: readSide(projectDir, join(tmp, 'head-out')), baseSha: sha.out };
  } finally {
    if (added) git(top.out, ['worktree', 'remove', '--force', tree]);
    rmSync(tmp, { recursive: true, force: true });
    git(top.out, ['worktree', 'prune']);
  }
}

export function runDiff(argv: readonly string[], projectDir = process.cwd()): CommandResult {
  const { options } = parseCommand(DIFF, argv);
  const base = options.base!;
  const maxLength = options['max-length'] === undefined ? Number.POSITIVE_INFINITY : Number(options['max-length']);
  if (maxLength !== Number.POSITIVE_INFINITY && (!Number.isInteger(maxLength) || maxLength < 1000)) throw usageError('diff', [`--max-length ${JSON.stringify(options['max-length'])}: a whole number of characters, at least 1000, e.g. 50000`]);
  const evidence = (options.evidence ?? []).map((file) => readEvidence(file));
  const both = synthesizeBoth(projectDir, base);
  const sides = { ...both, head: both.head! };
  const fileOf = (env: string) => relative(projectDir, join(projectDir, 'environments', `${env}.yaml`));
  const outcome = compareSides(sides.base.side, sides.head.side, (env) => sides.head.suppressions.get(env) ?? [], REPORT_SECTIONS);
  const extra = evidenceSections({
    base: sides.base.side,
    head: sides.head.side,
    suppressionsOf: (env) => sides.head.suppressions.get(env) ?? [],
    settingsOf: (env) => sides.head.promotion.get(env),
    sinceOf: (env) => reportOnlySinceFromHistory(projectDir, sides.baseSha, env),
    now: new Date(),
    evidence,
    fileOf,
  });
  const label = `${base} (${sides.baseSha.slice(0, 12)})`;
  const markdown = renderDiff(outcome, label, fileOf, Number.POSITIVE_INFINITY, extra);
  // The PR comment's copy is summarised to fit when it would be longer, never cut.
  if (options.out && options.out !== STDOUT) writeOutput(options.out, renderDiff(outcome, label, fileOf, maxLength, extra), 'diff');
  const failures = [...failureLines(outcome, fileOf, (env) => (outcome.rule.get(env)?.violations ?? []).map((v) => violationMessage(v, fileOf(v.env)))), ...extra.errors];
  return {
    stdout: markdown,
    stderr: failures.map((line) => `error: ${line}\n`).join(''),
    exitCode: outcome.promotable && !extra.failures.length ? EXIT.ok : EXIT.finding,
  };
}
