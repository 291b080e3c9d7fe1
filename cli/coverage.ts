/**
 * `npm run coverage [-- --env <name>] [--json | --format html]`: the coverage proof of one
 * environment's synthesized policies (analysis/coverage/), or without --env of every
 * synthesized environment in turn (Markdown). Exit codes (cli/run.ts): 0 every invariant
 * PROVED, 1 an invariant FAILS, 2 bad input.
 */
import { join } from 'node:path';
import { PerimeterError } from '../core/problems';
import { analyseCoverage } from '../analysis/coverage/coverage';
import { renderCoverageHtml, renderCoverageMarkdown } from '../analysis/coverage/render';
import { parseCommand, usageError } from './args';
import { DEFAULT_ENVIRONMENTS_DIR } from './environments';
import { STDOUT, writeOutput } from './output';
import { EXIT, type CommandResult } from './run';
import { DEFAULT_OUTDIR, readEnvironmentModel, synthesizedEnvironments } from './stacks';

const COVERAGE = {
  command: 'coverage',
  summary: 'prove what every persona must do everywhere, and name every gap in one sentence',
  options: {
    env: { type: 'string', value: 'name', help: 'the environment whose synthesized policies to read (default: every synthesized one, Markdown only)' },
    json: { type: 'boolean', help: 'print one JSON object (invariants, matrix, exclusions, dead policies)' },
    format: { type: 'string', choices: ['markdown', 'html'], help: 'markdown (default) prints to the terminal; html writes a self-contained page with the coloured matrix' },
    out: { type: 'string', value: 'file', help: 'write to this file instead; - is standard output (html default: reports/<env>-coverage.html)' },
    outdir: { type: 'string', value: 'dir', help: `where npm run synth wrote the stacks (default ${DEFAULT_OUTDIR})` },
    environments: { type: 'string', value: 'dir', help: `the environments folder (default ${DEFAULT_ENVIRONMENTS_DIR})` },
  },
} as const;

export function runCoverage(argv: readonly string[]): CommandResult {
  const { options } = parseCommand(COVERAGE, argv);
  if (options.json && options.format !== undefined) throw usageError('coverage', ['--json and --format are alternatives; give one of them']);
  const outdir = options.outdir ?? DEFAULT_OUTDIR;
  const environments = options.environments ?? DEFAULT_ENVIRONMENTS_DIR;
  if (options.env === undefined) {
    if (options.json || options.format !== undefined || options.out !== undefined) throw usageError('coverage', ['--json, --format and --out are for one environment; give --env <name>']);
    const names = synthesizedEnvironments(outdir);
    if (!names.length) throw usageError('coverage', [`nothing has been synthesized into ${outdir} yet; run \`npm run synth\` first`]);
    let stdout = '';
    let stderr = '';
    let failed = false;
    for (const name of names) {
      const { model, fileProblems, unlabelled } = readEnvironmentModel(name, outdir, environments, 'coverage');
      if (fileProblems?.length) throw new PerimeterError(fileProblems, 'perimeter: coverage stopped');
      const { report } = analyseCoverage(model);
      failed ||= report.invariants.some((i) => i.verdict === 'FAILS');
      stdout += renderCoverageMarkdown(report);
      if (unlabelled) stderr += `warning: ${unlabelled}\n`;
    }
    return { stdout, stderr, exitCode: failed ? EXIT.finding : EXIT.ok };
  }
  const env = options.env;
  const { model, fileProblems, unlabelled } = readEnvironmentModel(env, outdir, environments, 'coverage');
  if (fileProblems?.length) throw new PerimeterError(fileProblems, 'perimeter: coverage stopped');
  const { report } = analyseCoverage(model);
  const exitCode = report.invariants.some((i) => i.verdict === 'FAILS') ? EXIT.finding : EXIT.ok;
  const stderr = unlabelled ? `warning: ${unlabelled}\n` : '';
  if (options.json) return { stdout: `${JSON.stringify(report, null, 2)}\n`, stderr, exitCode };
  const html = options.format === 'html';
  const text = html ? renderCoverageHtml(report) : renderCoverageMarkdown(report);
  const out = options.out ?? (html ? join('reports', `${env}-coverage.html`) : STDOUT);
  if (out === STDOUT) return { stdout: text, stderr, exitCode };
  writeOutput(out, text, 'coverage');
  return { stdout: `wrote ${out}\n`, stderr, exitCode };
}
