/** Where `npm run synth` puts each environment's Terraform JSON, and a clear message when it is not there. */
import { existsSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { PerimeterError } from '../config/errors';

export const DEFAULT_OUTDIR = 'cdktf.out';

export function synthesizedStackPath(env: string, outdir = DEFAULT_OUTDIR): string {
  return join(outdir, 'stacks', env, 'cdk.tf.json');
}

/** The environments that have been synthesized into `outdir`. */
export function synthesizedEnvironments(outdir = DEFAULT_OUTDIR): string[] {
  const stacks = join(outdir, 'stacks');
  if (!existsSync(stacks)) return [];
  return readdirSync(stacks)
    .filter((d) => existsSync(join(stacks, d, 'cdk.tf.json')))
    .sort();
}

/**
 * The path of `<outdir>/stacks/<env>/cdk.tf.json`. Throws a PerimeterError telling the user
 * to run `npm run synth` when it is missing, naming the environments that do exist.
 */
export function findSynthesizedStack(env: string, outdir = DEFAULT_OUTDIR, cwd = process.cwd()): string {
  const path = synthesizedStackPath(env, outdir);
  if (existsSync(path)) return path;
  const available = synthesizedEnvironments(outdir);
  const hint = available.length
    ? `synthesized environments: ${available.join(', ')}; if ${JSON.stringify(env)} is new, run \`npm run synth\``
    : 'nothing has been synthesized yet; run `npm run synth` first';
  throw new PerimeterError(
    [{ file: relative(cwd, path) || path, path: '', message: `does not exist (environment ${JSON.stringify(env)}); ${hint}` }],
    'perimeter: analysis stopped',
  );
}
