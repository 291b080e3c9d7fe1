/**
 * `npm run diff -- --base <git-ref>`: synthesizes the base ref in a temporary git worktree and
 * the working tree next to it, compares every environment in identity terms, and enforces
 * "report-only first". Exit 0: promotable. Exit 1: a rule failed, or the command could not run.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { loadEnvironmentFile } from '../../config/load';
import { PerimeterError } from '../../config/errors';
import type { Environment } from '../../config/environment';
import { parseFlags, type FlagSpec } from '../cli-args';
import { readSynthesizedStack, type EnvironmentModel } from '../model';
import { synthesizedEnvironments, synthesizedStackPath } from '../synth-output';
import type { CommandResult } from '../report';
import { markdownText } from '../report/render';
import { diffEnvironment, diffLines, isEmptyDiff, type EnvironmentDiff } from './compare';
import { checkReportOnlyFirst, REPORT_ONLY_FIRST_RULE, violationMessage, type ReportOnlyFirstResult, type Suppression } from './report-only-first';

export { diffEnvironment, diffLines, isEmptyDiff } from './compare';
export { checkReportOnlyFirst, REPORT_ONLY_FIRST_RULE } from './report-only-first';

const FLAGS: FlagSpec = {
  base: { required: true, help: 'the git ref to compare with, e.g. origin/main' },
  out: { help: 'also write the Markdown diff to this file (for a job summary or PR comment)' },
};

const stopped = (message: string) => new PerimeterError([{ file: 'npm run diff', path: '', message }], 'perimeter: diff stopped');

function git(cwd: string, args: string[]): { ok: boolean; out: string; err: string } {
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
  delete env.PERIMETER_STAGE_CEILING;
  delete env.PERIMETER_ENVIRONMENTS_DIR;
  const r = spawnSync(app, { cwd: projectDir, env, encoding: 'utf8', shell: true, timeout: 300_000 });
  if (r.status !== 0) {
    const detail = `${r.stderr ?? ''}${r.stdout ?? ''}`.trim() || (r.error ? String(r.error) : `exit ${String(r.status)}`);
    throw stopped(`synth of ${what} failed:\n${detail}`);
  }
}

/** One side's synthesized stacks, read into memory before its temporary directory goes. */
interface Side {
  readonly stacks: ReadonlyMap<string, { readonly json: object; readonly environment?: Environment }>;
}

function readSide(projectDir: string, outdir: string): Side {
  const stacks = new Map<string, { json: object; environment?: Environment }>();
  for (const env of synthesizedEnvironments(outdir)) {
    const yaml = join(projectDir, 'environments', `${env}.yaml`);
    // With today's schema: a base file from an older schema may not load; its labels then come from the working tree.
    const environment = existsSync(yaml) ? loadEnvironmentFile(yaml, projectDir).environment : undefined;
    const json = JSON.parse(readFileSync(synthesizedStackPath(env, outdir), 'utf8')) as object;
    stacks.set(env, { json, ...(environment ? { environment } : {}) });
  }
  return { stacks };
}

/** Both syntheses; the temporary worktree is always removed, also when synth fails. */
export function synthesizeBoth(projectDir: string, base: string): { base: Side; head: Side; baseSha: string } {
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
    if (!existsSync(join(baseProject, 'main.ts'))) throw stopped(`${base} has no perimeter project at ${prefix || 'the repository root'} (no main.ts)`);
    // The base tree has no node_modules; the current ones run its code (same lockfile in practice).
    if (!existsSync(join(baseProject, 'node_modules'))) symlinkSync(realpathSync(nodeModules), join(baseProject, 'node_modules'), 'dir');
    synthesize(baseProject, join(tmp, 'base-out'), `--base ${base}`);
    synthesize(projectDir, join(tmp, 'head-out'), 'the working tree');
    return { base: readSide(baseProject, join(tmp, 'base-out')), head: readSide(projectDir, join(tmp, 'head-out')), baseSha: sha.out };
  } finally {
    if (added) git(top.out, ['worktree', 'remove', '--force', tree]);
    rmSync(tmp, { recursive: true, force: true });
    git(top.out, ['worktree', 'prune']);
  }
}

export interface DiffOutcome {
  readonly diffs: readonly EnvironmentDiff[];
  readonly rule: ReadonlyMap<string, ReportOnlyFirstResult>;
  readonly promotable: boolean;
}

/** Every environment in ring order (then name); environments only the base has come last. */
export function compareSides(base: Side, head: Side, suppressionsOf: (env: string) => readonly Suppression[]): DiffOutcome {
  const envOf = (env: string) => head.stacks.get(env)?.environment ?? base.stacks.get(env)?.environment;
  const model = (side: Side, env: string, fallback: Environment | undefined): EnvironmentModel | undefined => {
    const s = side.stacks.get(env);
    if (!s) return undefined;
    const environment = s.environment ?? fallback;
    return readSynthesizedStack(s.json, { name: env, ...(environment ? { environment } : {}) });
  };
  const ring = (env: string) => envOf(env)?.ring ?? Number.MAX_SAFE_INTEGER;
  const names = [...new Set([...head.stacks.keys(), ...base.stacks.keys()])].sort(
    (a, b) => Number(!head.stacks.has(a)) - Number(!head.stacks.has(b)) || ring(a) - ring(b) || a.localeCompare(b),
  );
  const diffs: EnvironmentDiff[] = [];
  const rule = new Map<string, ReportOnlyFirstResult>();
  for (const env of names) {
    const b = model(base, env, head.stacks.get(env)?.environment);
    const h = model(head, env, undefined);
    diffs.push(diffEnvironment(env, b, h));
    rule.set(env, checkReportOnlyFirst(env, b, h, suppressionsOf(env)));
  }
  const promotable = [...rule.values()].every((r) => r.violations.length === 0);
  return { diffs, rule, promotable };
}

export function renderDiff(outcome: DiffOutcome, baseLabel: string, fileOf: (env: string) => string): string {
  const out: string[] = [`# perimeter diff: ${markdownText(baseLabel)} -> working tree`, ''];
  for (const d of outcome.diffs) {
    out.push(`## ${d.env}`, '');
    const lines = diffLines(d);
    if (isEmptyDiff(d)) out.push('No changes.');
    else for (const line of lines) out.push(`- ${markdownText(line)}`);
    out.push('');
  }
  out.push(`## Report-only first (${REPORT_ONLY_FIRST_RULE})`, '');
  const findings: string[] = [];
  for (const [env, r] of outcome.rule) {
    for (const v of r.violations) findings.push(`- **FAIL** ${markdownText(violationMessage(v, fileOf(env)))}`);
    for (const s of r.suppressed) findings.push(`- suppressed: ${markdownText(`${s.displayName}: ${s.from} -> enabled (${env}); reason: ${s.reason}`)}`);
    for (const x of r.exempt) findings.push(`- allowed: ${markdownText(`${x.displayName}: ${x.from} -> enabled (${env}); Entra has no report-only for policies that target a user action`)}`);
    for (const u of r.unusedSuppressions) findings.push(`- warning: ${markdownText(`${fileOf(env)}: suppression of ${u.rule} for ${u.target} matches nothing in this change; remove it`)}`);
  }
  out.push(...(findings.length ? findings : ['No policy goes straight from absent or off to enabled.']), '');
  out.push(outcome.promotable ? 'Result: promotable.' : 'Result: NOT promotable: a policy skips report-only (see above).', '');
  return out.join('\n');
}

export function runDiff(argv: readonly string[], projectDir = process.cwd()): CommandResult {
  const flags = parseFlags('diff', argv, FLAGS);
  const base = flags.base!;
  const sides = synthesizeBoth(projectDir, base);
  const fileOf = (env: string) => relative(projectDir, join(projectDir, 'environments', `${env}.yaml`));
  const outcome = compareSides(sides.base, sides.head, (env) => sides.head.stacks.get(env)?.environment?.suppressions ?? []);
  const markdown = renderDiff(outcome, `${base} (${sides.baseSha.slice(0, 12)})`, fileOf);
  if (flags.out) {
    mkdirSync(dirname(flags.out), { recursive: true });
    writeFileSync(flags.out, markdown);
  }
  const failures = [...outcome.rule.values()].flatMap((r) => r.violations);
  return {
    stdout: markdown,
    stderr: failures.map((v) => `error: ${violationMessage(v, fileOf(v.env))}\n`).join(''),
    exitCode: outcome.promotable ? 0 : 1,
  };
}
