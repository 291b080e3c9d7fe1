/**
 * `npm run report -- --env <name> [--format markdown|html] [--out <file>]`: what one
 * environment's synthesized output does, in identity terms, for reviewers.
 */
import { buildReport, type ReportDocument } from '../analysis/report/document';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderDashboard, type DashboardFinding, type DashboardInput } from '../analysis/report/dashboard';
import { renderMarkdown } from '../analysis/report/render';
import type { EnvironmentModel } from '../analysis/model/types';
import { compileEnvironment } from '../analysis/whatif/compile';
import { proveBreakGlass } from '../analysis/whatif/lockout';
import { formatProof } from '../analysis/whatif/format';
import { withReplay } from '../analysis/replay/format';
import { readReplay } from './replay';
import { REPORT_SECTIONS } from '../components/registry';
import { parseCommand, usageError } from './args';
import { diffAgainst } from './diff';
import { diffLines, isEmptyDiff } from '../analysis/diff/compare';
import { failureLines } from '../analysis/diff/outcome';
import { violationMessage } from '../analysis/diff/report-only-first';
import { DEFAULT_ENVIRONMENTS_DIR } from './environments';
import { STDOUT, writeOutput } from './output';
import { EXIT, type CommandResult } from './run';
import { DEFAULT_OUTDIR, readEnvironmentModel, synthesizedEnvironments } from './stacks';

const REPORT = {
  command: 'report',
  summary: 'what one environment\'s synthesized output does, in identity terms',
  options: {
    env: { type: 'string', required: true, value: 'name', help: 'the environment (file name in environments/ without .yaml)' },
    format: { type: 'string', choices: ['markdown', 'html'], help: 'markdown (default), or html: one self-contained page (a dashboard)' },
    out: { type: 'string', value: 'file', help: 'write to this file instead; - (the default) is standard output, for every format' },
    outdir: { type: 'string', value: 'dir', help: `where npm run synth wrote the stacks (default ${DEFAULT_OUTDIR})` },
    environments: { type: 'string', value: 'dir', help: `the environments folder, for logical names (default ${DEFAULT_ENVIRONMENTS_DIR})` },
    replay: { type: 'string', value: 'replay JSON', help: 'add the replay of sign-in logs (npm run replay -- --json) as a section' },
    base: { type: 'string', value: 'git ref', help: 'with --format html: add the semantic diff of this environment against the ref (as npm run diff computes it)' },
  },
} as const;

/** The warnings and suppressed findings synth recorded for a stack (its manifest annotations). */
function findingsOf(outdir: string, env: string): DashboardFinding[] {
  const manifest = JSON.parse(readFileSync(join(outdir, 'manifest.json'), 'utf8')) as { stacks?: Record<string, { annotations?: { level: string; message: string }[] }> };
  return (manifest.stacks?.[env]?.annotations ?? []).flatMap((a): DashboardFinding[] =>
    a.level === 'WARN' ? [{ level: 'warning', message: a.message }] : a.level === 'INFO' && a.message.startsWith('suppressed ') ? [{ level: 'suppressed', message: a.message }] : [],
  );
}

/** The dashboard: this environment, every synthesized one for the ring matrix, synth's findings and the lockout proof. */
function dashboardOf(model: EnvironmentModel, doc: ReportDocument, outdir: string, environmentsDir: string, extras: Pick<DashboardInput, 'evidence' | 'diff'>): string {
  const environments = synthesizedEnvironments(outdir).map((name) => {
    const other = name === model.name ? model : readEnvironmentModel(name, outdir, environmentsDir).model;
    return { name, ring: other.declared?.ring ?? Number.POSITIVE_INFINITY, model: other };
  });
  const compiled = compileEnvironment(model);
  const proof = proveBreakGlass(compiled);
  // The search time is left out: the page is the same for the same input.
  const lines = formatProof(compiled, proof).split('\n').filter((l) => l.trim() !== '' && !/^\s+searched /.test(l));
  return renderDashboard({ model, doc, environments, findings: findingsOf(outdir, model.name), proof: { proved: proof.proved, lines }, ...extras });
}

/** This environment's part of the semantic diff against `base`, for the dashboard. */
function diffSection(base: string, env: string, projectDir: string): NonNullable<DashboardInput['diff']> {
  const { outcome, label, fileOf } = diffAgainst(projectDir, base);
  const d = outcome.diffs.find((x) => x.env === env);
  const failures = failureLines(outcome, fileOf, (e) => (outcome.rule.get(e)?.violations ?? []).map((v) => violationMessage(v, fileOf(v.env)))).filter((l) => l.includes(`(${env})`) || l.includes(fileOf(env)));
  return { base: label, lines: d && !isEmptyDiff(d) ? diffLines(d) : [], failures };
}

export function runReport(argv: readonly string[], projectDir = process.cwd()): CommandResult {
  const { options } = parseCommand(REPORT, argv);
  const env = options.env!;
  const outdir = options.outdir ?? DEFAULT_OUTDIR;
  const environmentsDir = options.environments ?? DEFAULT_ENVIRONMENTS_DIR;
  const { model, unlabelled } = readEnvironmentModel(env, outdir, environmentsDir);
  const built = buildReport(model, REPORT_SECTIONS);
  const doc = options.replay ? withReplay(built, readReplay(options.replay, env)) : built;
  const stderr = unlabelled ? `warning: ${unlabelled}\n` : '';
  const html = (options.format ?? 'markdown') === 'html';
  // With --replay, the page shows the replay's figures and tables as evidence next to the proof.
  const evidence = doc === built ? undefined : { summary: doc.summary.slice(built.summary.length), tables: doc.tables.slice(built.tables.length) };
  if (options.base !== undefined && !html) throw usageError('report', ['--base adds the diff to the dashboard (--format html); for the diff as Markdown run npm run diff -- --base <ref>']);
  const diff = options.base !== undefined && html ? diffSection(options.base, env, projectDir) : undefined;
  const text = html ? dashboardOf(model, built, outdir, environmentsDir, { ...(evidence ? { evidence } : {}), ...(diff ? { diff } : {}) }) : renderMarkdown(doc);
  const out = options.out ?? STDOUT;
  if (out === STDOUT) return { stdout: text, stderr, exitCode: EXIT.ok };
  writeOutput(out, text, 'report');
  return { stdout: `wrote ${out}\n`, stderr, exitCode: EXIT.ok };
}
