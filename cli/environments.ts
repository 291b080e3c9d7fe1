/** Reading environment files from disk: the only place their folder is listed and read. */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, extname, join, relative } from 'node:path';
import { orderByRing } from '../core/rings';
import type { Environment } from '../environment/environment';
import { loadEnvironmentSet, loadEnvironmentText, type EnvironmentSource, type LoadedEnvironmentFile } from '../environment/load';
import { EXIT, type CommandResult } from './run';

export const DEFAULT_ENVIRONMENTS_DIR = 'environments';

function sourceOf(path: string, cwd: string): EnvironmentSource {
  return { name: basename(path, extname(path)), file: relative(cwd, path) || path, text: readFileSync(path, 'utf8') };
}

/** Every `*.yaml` (or `*.yml`) file of `dir`, in name order. */
export function readEnvironmentSources(dir: string, cwd = process.cwd()): EnvironmentSource[] {
  return readdirSync(dir)
    .filter((f) => /\.ya?ml$/.test(f))
    .sort()
    .map((f) => sourceOf(join(dir, f), cwd));
}

/** Every environment of `dir`; one PerimeterError lists every problem of every file. */
export function loadEnvironments(dir: string = DEFAULT_ENVIRONMENTS_DIR, cwd = process.cwd()): Environment[] {
  return loadEnvironmentSet(readEnvironmentSources(dir, cwd), relative(cwd, dir) || dir);
}

/** One environment file; its problems are in the result, never thrown. */
export function loadEnvironmentFile(path: string, cwd = process.cwd()): LoadedEnvironmentFile {
  return loadEnvironmentText(sourceOf(path, cwd));
}

/** One environment's file, when it exists: for commands that label output with its names. */
export function loadEnvironmentNamed(dir: string, name: string, cwd = process.cwd()): LoadedEnvironmentFile | undefined {
  const path = join(dir, `${name}.yaml`);
  return existsSync(path) ? loadEnvironmentFile(path, cwd) : undefined;
}

/** `npm run -s environments`: the environment names as a JSON list, in ring order (the order deploys run in). */
export function runEnvironments(): CommandResult {
  return { stdout: `${JSON.stringify(orderByRing(loadEnvironments()).map((e) => e.name))}\n`, exitCode: EXIT.ok };
}
