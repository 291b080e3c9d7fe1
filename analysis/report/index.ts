/**
 * `npm run report -- --env <name> [--format markdown|html] [--out <file>]`: what one
 * environment's synthesized output does, in identity terms, for reviewers.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { loadEnvironmentFile } from '../../config/load';
import { parseFlags, type FlagSpec } from '../cli-args';
import { readSynthesizedStack, type EnvironmentModel } from '../model';
import { DEFAULT_OUTDIR, findSynthesizedStack } from '../synth-output';
import { buildReport } from './document';
import { renderHtml, renderMarkdown } from './render';

export { buildReport } from './document';
export { renderHtml, renderMarkdown } from './render';

const FLAGS: FlagSpec = {
  env: { required: true, help: 'the environment (file name in environments/ without .yaml)' },
  format: { choices: ['markdown', 'html'], help: 'markdown (default) prints to the terminal; html writes a self-contained page' },
  out: { help: 'write to this file instead (html default: reports/<env>.html)' },
  outdir: { help: `where npm run synth wrote the stacks (default ${DEFAULT_OUTDIR})` },
  environments: { help: 'the environments folder, for logical names (default environments)' },
};

/**
 * The labelled model of one synthesized environment. Logical names come from the environment
 * file; without a readable file the report still works, with object ids where names would be.
 */
export function loadModel(env: string, outdir: string, environmentsDir: string): { model: EnvironmentModel; warnings: string[] } {
  const path = findSynthesizedStack(env, outdir);
  const yamlPath = join(environmentsDir, `${env}.yaml`);
  const loaded = existsSync(yamlPath) ? loadEnvironmentFile(yamlPath) : undefined;
  const warnings = loaded?.environment
    ? []
    : [`${yamlPath} ${loaded ? 'has problems' : 'does not exist'}; object ids are shown without their logical names`];
  return { model: readSynthesizedStack(path, { name: env, ...(loaded?.environment ? { environment: loaded.environment } : {}) }), warnings };
}

export interface CommandResult {
  readonly stdout: string;
  readonly stderr: string;
  readonly exitCode: number;
}

export function runReport(argv: readonly string[]): CommandResult {
  const flags = parseFlags('report', argv, FLAGS);
  const env = flags.env!;
  const { model, warnings } = loadModel(env, flags.outdir ?? DEFAULT_OUTDIR, flags.environments ?? 'environments');
  const doc = buildReport(model);
  const stderr = warnings.map((w) => `warning: ${w}\n`).join('');
  if ((flags.format ?? 'markdown') === 'html') {
    const out = flags.out ?? join('reports', `${env}.html`);
    mkdirSync(dirname(out), { recursive: true });
    writeFileSync(out, renderHtml(doc));
    return { stdout: `wrote ${out}\n`, stderr, exitCode: 0 };
  }
  const markdown = renderMarkdown(doc);
  if (flags.out) {
    mkdirSync(dirname(flags.out), { recursive: true });
    writeFileSync(flags.out, markdown);
    return { stdout: `wrote ${flags.out}\n`, stderr, exitCode: 0 };
  }
  return { stdout: markdown, stderr, exitCode: 0 };
}
