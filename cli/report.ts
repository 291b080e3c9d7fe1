/**
 * `npm run report -- --env <name> [--format markdown|html] [--out <file>]`: what one
 * environment's synthesized output does, in identity terms, for reviewers.
 */
import { buildReport } from '../analysis/report/document';
import { renderHtml, renderMarkdown } from '../analysis/report/render';
import { REPORT_SECTIONS } from '../components/registry';
import { parseCommand } from './args';
import { DEFAULT_ENVIRONMENTS_DIR } from './environments';
import { STDOUT, writeOutput } from './output';
import { EXIT, type CommandResult } from './run';
import { DEFAULT_OUTDIR, readEnvironmentModel } from './stacks';

const REPORT = {
  command: 'report',
  summary: 'what one environment\'s synthesized output does, in identity terms',
  options: {
    env: { type: 'string', required: true, value: 'name', help: 'the environment (file name in environments/ without .yaml)' },
    format: { type: 'string', choices: ['markdown', 'html'], help: 'markdown (default), or html: one self-contained page (a dashboard)' },
    out: { type: 'string', value: 'file', help: 'write to this file instead; - (the default) is standard output, for every format' },
    outdir: { type: 'string', value: 'dir', help: `where npm run synth wrote the stacks (default ${DEFAULT_OUTDIR})` },
    environments: { type: 'string', value: 'dir', help: `the environments folder, for logical names (default ${DEFAULT_ENVIRONMENTS_DIR})` },
  },
} as const;

export function runReport(argv: readonly string[]): CommandResult {
  const { options } = parseCommand(REPORT, argv);
  const env = options.env!;
  const { model, unlabelled } = readEnvironmentModel(env, options.outdir ?? DEFAULT_OUTDIR, options.environments ?? DEFAULT_ENVIRONMENTS_DIR);
  const doc = buildReport(model, REPORT_SECTIONS);
  const stderr = unlabelled ? `warning: ${unlabelled}\n` : '';
  const html = (options.format ?? 'markdown') === 'html';
  const text = html ? renderHtml(doc) : renderMarkdown(doc);
  const out = options.out ?? STDOUT;
  if (out === STDOUT) return { stdout: text, stderr, exitCode: EXIT.ok };
  writeOutput(out, text, 'report');
  return { stdout: `wrote ${out}\n`, stderr, exitCode: EXIT.ok };
}
