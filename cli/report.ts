/**
 * `npm run report -- --env <name> [--format markdown|html] [--out <file>]`: what one
 * environment's synthesized output does, in identity terms, for reviewers.
 */
import { join } from 'node:path';
import { buildReport } from '../analysis/report/document';
import { renderHtml, renderMarkdown } from '../analysis/report/render';
import { withReplay } from '../analysis/replay/format';
import { readReplay } from './replay';
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
    format: { type: 'string', choices: ['markdown', 'html'], help: 'markdown (default) prints to the terminal; html writes a self-contained page' },
    out: { type: 'string', value: 'file', help: 'write to this file instead; - is standard output (html default: reports/<env>.html)' },
    outdir: { type: 'string', value: 'dir', help: `where npm run synth wrote the stacks (default ${DEFAULT_OUTDIR})` },
    environments: { type: 'string', value: 'dir', help: `the environments folder, for logical names (default ${DEFAULT_ENVIRONMENTS_DIR})` },
    replay: { type: 'string', value: 'replay JSON', help: 'add the replay of sign-in logs (npm run replay -- --json) as a section' },
  },
} as const;

export function runReport(argv: readonly string[]): CommandResult {
  const { options } = parseCommand(REPORT, argv);
  const env = options.env!;
  const { model, unlabelled } = readEnvironmentModel(env, options.outdir ?? DEFAULT_OUTDIR, options.environments ?? DEFAULT_ENVIRONMENTS_DIR);
  const built = buildReport(model, REPORT_SECTIONS);
  const doc = options.replay ? withReplay(built, readReplay(options.replay, env)) : built;
  const stderr = unlabelled ? `warning: ${unlabelled}\n` : '';
  const html = (options.format ?? 'markdown') === 'html';
  const text = html ? renderHtml(doc) : renderMarkdown(doc);
  const out = options.out ?? (html ? join('reports', `${env}.html`) : STDOUT);
  if (out === STDOUT) return { stdout: text, stderr, exitCode: EXIT.ok };
  writeOutput(out, text, 'report');
  return { stdout: `wrote ${out}\n`, stderr, exitCode: EXIT.ok };
}
