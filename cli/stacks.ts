/** Where `npm run synth` puts each environment's Terraform JSON, and reading it back. */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { PerimeterError, type Problem } from '../core/problems';
import { readSynthesizedStack } from '../analysis/model/read';
import type { DeclaredFacts, EnvironmentModel } from '../analysis/model/types';
import { declaredFacts } from '../environment/declared';
import { checkEnvironmentName, DEFAULT_ENVIRONMENTS_DIR, loadEnvironmentNamed } from './environments';
import { assertCurrent } from './fingerprint';
import { didYouMean } from '../core/text';

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

const stopped = (file: string, message: string) => new PerimeterError([{ file, path: '', message }], 'perimeter: analysis stopped');

/**
 * The path of `<outdir>/stacks/<env>/cdk.tf.json`, checked to be current: synthesized by
 * `npm run synth` from the environment files and the code as they are now. Throws a
 * PerimeterError telling the user to run `npm run synth` when it is missing or stale, naming
 * the environments that do exist or what changed.
 */
export function findSynthesizedStack(env: string, outdir = DEFAULT_OUTDIR, cwd = process.cwd(), environmentsDir = DEFAULT_ENVIRONMENTS_DIR): string {
  const path = synthesizedStackPath(env, outdir);
  if (existsSync(path)) {
    assertCurrent(outdir, environmentsDir, env, relative(cwd, path) || path);
    return path;
  }
  const available = synthesizedEnvironments(outdir);
  const hint = available.length
    ? `synthesized environments: ${available.join(', ')}${didYouMean(env, available)}; if ${JSON.stringify(env)} is new, run \`npm run synth\``
    : 'nothing has been synthesized yet; run `npm run synth` first';
  throw stopped(relative(cwd, path) || path, `does not exist (environment ${JSON.stringify(env)}); ${hint}`);
}

/** Reads a stack file into the analysis model. */
export function readStackFile(path: string, options: { readonly name: string; readonly declared?: DeclaredFacts }): EnvironmentModel {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw stopped(path, `cannot be read (${(e as NodeJS.ErrnoException).code ?? String(e)}); run \`npm run synth\` first`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw stopped(path, `is not valid JSON (${(e as Error).message}); run \`npm run synth\` again`);
  }
  return readSynthesizedStack(json, { ...options, file: path });
}

export interface LabelledModel {
  readonly model: EnvironmentModel;
  /** Why the model has no declared facts (names), when it has none. */
  readonly unlabelled?: string;
  /** The environment file's problems, when it has some. */
  readonly fileProblems?: readonly Problem[];
}

/**
 * The synthesized stack of one environment, labelled with the logical names of its file.
 * Without a readable file the model still works, with object ids where names would be.
 */
export function readEnvironmentModel(env: string, outdir: string, environmentsDir: string, command = 'report'): LabelledModel {
  checkEnvironmentName(env, command);
  const path = findSynthesizedStack(env, outdir, process.cwd(), environmentsDir);
  const loaded = loadEnvironmentNamed(environmentsDir, env);
  const environment = loaded?.environment;
  const model = readStackFile(path, { name: env, ...(environment ? { declared: declaredFacts(environment) } : {}) });
  if (environment) return { model };
  const yamlPath = join(environmentsDir, `${env}.yaml`);
  return {
    model,
    unlabelled: `${yamlPath} ${loaded ? 'has problems' : 'does not exist'}; object ids are shown without their logical names`,
    ...(loaded ? { fileProblems: loaded.problems } : {}),
  };
}
