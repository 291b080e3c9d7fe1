/** Reading environment files from disk: the only place their folder is listed and read. */
import { readdirSync, readFileSync, statSync, lstatSync, readlinkSync } from 'node:fs';
import { basename, dirname, extname, join, relative } from 'node:path';
import { ENVIRONMENT_NAME_PATTERN } from '../core/ids';
import { PerimeterError, type Problem } from '../core/problems';
import { orderByRing } from '../core/rings';
import { deployRings } from '../pipeline/rings';
import type { Environment } from '../environment/environment';
import { loadCustomPolicyLibrary, loadEnvironmentSet, loadEnvironmentText, type EnvironmentSource, type LoadedEnvironmentFile, type LoadOptions } from '../environment/load';
import type { CustomPolicy } from '../components/conditional-access/custom';
import { readExports } from '../analysis/adoption/read';
import { parseCommand } from './args';
import { EXIT, type CommandResult } from './run';

export const DEFAULT_ENVIRONMENTS_DIR = 'environments';

const shown = (path: string, cwd: string) => relative(cwd, path) || path;

/**
 * The bytes of one file that should be a regular file: a directory, a dangling symbolic
 * link, a FIFO (which would block) or an unreadable file is a problem, never a crash.
 */
export function readRegularFile(path: string, file: string, what: string): { bytes: Uint8Array } | { problem: Problem } {
  const problem = (message: string) => ({ problem: { file, path: '', message } });
  let stat;
  try {
    stat = statSync(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') {
      try {
        if (lstatSync(path).isSymbolicLink()) return problem(`is a symbolic link to ${JSON.stringify(readlinkSync(path))}, which does not exist`);
      } catch {
        // not even a link: plainly missing
      }
      return problem('does not exist');
    }
    return problem(`cannot be read (${code ?? String(e)})`);
  }
  if (stat.isDirectory()) return problem(`is a directory, not ${what}`);
  if (!stat.isFile()) return problem(`is not a regular file (a device, socket or pipe), so it is not ${what}`);
  try {
    return { bytes: readFileSync(path) };
  } catch (e) {
    return problem(`cannot be read (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
  }
}

function sourceOf(path: string, cwd: string): { source: EnvironmentSource } | { problem: Problem } {
  const file = shown(path, cwd);
  const read = readRegularFile(path, file, 'an environment file');
  return 'problem' in read ? read : { source: { name: basename(path, extname(path)), file, text: read.bytes } };
}

/** Every `*.yaml` (or `*.yml`) entry of `dir`, in name order, read; entries that cannot be read are problems. */
export function readEnvironmentSources(dir: string, cwd = process.cwd()): { sources: EnvironmentSource[]; problems: Problem[] } {
  let entries: string[];
  try {
    if (!statSync(dir).isDirectory()) {
      return { sources: [], problems: [{ file: shown(dir, cwd), path: '', message: 'is not a folder; environments are <name>.yaml files in a folder (by default environments/)' }] };
    }
    entries = readdirSync(dir);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const message = code === 'ENOENT' ? 'does not exist; create it with one <name>.yaml per environment (see docs/environment-file.md)' : `cannot be read (${code ?? String(e)})`;
    return { sources: [], problems: [{ file: shown(dir, cwd), path: '', message }] };
  }
  const sources: EnvironmentSource[] = [];
  const problems: Problem[] = [];
  for (const f of entries.filter((x) => /\.ya?ml$/.test(x)).sort()) {
    const read = sourceOf(join(dir, f), cwd);
    if ('problem' in read) problems.push(read.problem);
    else sources.push(read.source);
  }
  return { sources, problems };
}

/** Where the custom policies of an environments folder live: `policies/custom/` next to it. */
export function customPoliciesDir(environmentsDir: string): string {
  return join(dirname(environmentsDir), 'policies', 'custom');
}

/** The `*.yaml` files of a folder as sources; none when the folder does not exist. */
function readYamlFolder(dir: string, cwd: string, what: string, notAFolder: string): { sources: EnvironmentSource[]; problems: Problem[] } {
  let entries: string[];
  try {
    if (!statSync(dir).isDirectory()) return { sources: [], problems: [{ file: shown(dir, cwd), path: '', message: notAFolder }] };
    entries = readdirSync(dir);
  } catch {
    return { sources: [], problems: [] };
  }
  const sources: EnvironmentSource[] = [];
  const problems: Problem[] = [];
  for (const f of entries.filter((x) => /\.ya?ml$/.test(x)).sort()) {
    const path = join(dir, f);
    const read = readRegularFile(path, shown(path, cwd), what);
    if ('problem' in read) problems.push(read.problem);
    else sources.push({ name: basename(f, extname(f)), file: shown(path, cwd), text: read.bytes });
  }
  return { sources, problems };
}

const customPolicySources = (environmentsDir: string, cwd: string) =>
  readYamlFolder(customPoliciesDir(environmentsDir), cwd, 'a custom policy file', 'is not a folder; custom policies are <id>.yaml files in policies/custom/');

/** The custom policy files (`policies/custom/*.yaml`) next to an environments folder; none when the folder does not exist. */
export function readCustomPolicies(environmentsDir: string, cwd = process.cwd()): { library: ReadonlyMap<string, CustomPolicy>; problems: Problem[] } {
  const read = customPolicySources(environmentsDir, cwd);
  const loaded = loadCustomPolicyLibrary(read.sources);
  return { library: loaded.library, problems: [...read.problems, ...loaded.problems] };
}

/** The file of an environment's unmanaged-policy snapshot, next to its environment file. */
export const unmanagedSnapshotPath = (environmentsDir: string, name: string) => join(environmentsDir, `${name}.unmanaged.json`);

/** An unmanaged-policy snapshot as bytes, read or about to be written. */
export interface SnapshotSource {
  readonly file: string;
  readonly bytes: Uint8Array;
}

/** The bytes of an environment's unmanaged-policy snapshot, when it has one. */
function readSnapshot(environmentsDir: string, name: string, cwd: string): { source?: SnapshotSource; problems: Problem[] } {
  const path = unmanagedSnapshotPath(environmentsDir, name);
  try {
    lstatSync(path);
  } catch {
    return { problems: [] };
  }
  const file = shown(path, cwd);
  const read = readRegularFile(path, file, 'an unmanaged-policy snapshot');
  return 'problem' in read ? { problems: [read.problem] } : { source: { file, bytes: read.bytes }, problems: [] };
}

/** A snapshot's policies, or its problems. */
export function loadSnapshot(source: SnapshotSource): { snapshot?: NonNullable<Environment['unmanaged']>; problems: Problem[] } {
  const exports = readExports([{ path: source.file, bytes: source.bytes }]);
  if (exports.problems.length) return { problems: [...exports.problems] };
  const names: Record<string, string> = {};
  for (const l of exports.namedLocations) names[l.originalId] = l.displayName;
  return { snapshot: { file: source.file, policies: exports.policies, names }, problems: [] };
}

/**
 * Everything an environments folder holds, read but not loaded: the environment files, the
 * custom policy files next to it and each environment's unmanaged-policy snapshot. An import
 * replaces some of them in memory to see what it would make before it writes anything.
 */
export interface EnvironmentFolder {
  /** The folder as messages show it. */
  readonly dir: string;
  readonly sources: readonly EnvironmentSource[];
  readonly customSources: readonly EnvironmentSource[];
  /** By environment name. */
  readonly snapshots: ReadonlyMap<string, SnapshotSource>;
  readonly problems: readonly Problem[];
}

export function readEnvironmentFolder(dir: string = DEFAULT_ENVIRONMENTS_DIR, cwd = process.cwd()): EnvironmentFolder {
  const { sources, problems } = readEnvironmentSources(dir, cwd);
  const custom = customPolicySources(dir, cwd);
  const snapshots = new Map<string, SnapshotSource>();
  for (const source of sources) {
    const read = readSnapshot(dir, source.name, cwd);
    problems.push(...read.problems);
    if (read.source) snapshots.set(source.name, read.source);
  }
  return { dir: shown(dir, cwd), sources, customSources: custom.sources, snapshots, problems: [...problems, ...custom.problems] };
}

/** Every environment of a folder as read; one PerimeterError lists every problem of every file. */
export function loadEnvironmentFolder(folder: EnvironmentFolder, options: LoadOptions = {}): Environment[] {
  if (folder.problems.length && !folder.sources.length) throw new PerimeterError([...folder.problems]);
  const problems = [...folder.problems];
  const custom = loadCustomPolicyLibrary(folder.customSources);
  problems.push(...custom.problems);
  const unmanaged = new Map<string, NonNullable<Environment['unmanaged']>>();
  for (const [name, source] of folder.snapshots) {
    const loaded = loadSnapshot(source);
    problems.push(...loaded.problems);
    if (loaded.snapshot) unmanaged.set(name, loaded.snapshot);
  }
  return loadEnvironmentSet(folder.sources, folder.dir, problems, { ...options, customPolicies: custom.library, unmanaged });
}

/** Every environment of `dir`; one PerimeterError lists every problem of every file. */
export function loadEnvironments(dir: string = DEFAULT_ENVIRONMENTS_DIR, cwd = process.cwd(), options: LoadOptions = {}): Environment[] {
  return loadEnvironmentFolder(readEnvironmentFolder(dir, cwd), options);
}

/** One environment file; its problems (and its folder's custom policies' problems) are in the result, never thrown. */
export function loadEnvironmentFile(path: string, cwd = process.cwd()): LoadedEnvironmentFile {
  const read = sourceOf(path, cwd);
  if ('problem' in read) return { problems: [read.problem] };
  const custom = readCustomPolicies(dirname(path), cwd);
  const snapshot = readSnapshot(dirname(path), read.source.name, cwd);
  const unmanaged = snapshot.source ? loadSnapshot(snapshot.source) : { problems: snapshot.problems };
  if (custom.problems.length || unmanaged.problems.length) return { problems: [...custom.problems, ...unmanaged.problems] };
  return loadEnvironmentText(read.source, { customPolicies: custom.library, ...(unmanaged.snapshot ? { unmanaged: new Map([[read.source.name, unmanaged.snapshot]]) } : {}) });
}

/**
 * Refuses an environment name that is not one (`--env ../../etc`): names are file names in
 * the environments folder and directory names in cdktf.out, so a name outside the pattern
 * could read or write outside the project.
 */
export function checkEnvironmentName(name: string, command: string): void {
  if (!ENVIRONMENT_NAME_PATTERN.test(name)) {
    throw new PerimeterError(
      [{ file: `npm run ${command}`, path: '', message: `--env ${JSON.stringify(name)} is not an environment name: lower-case letters, digits and hyphens, starting with a letter (the file name of environments/<name>.yaml)` }],
      `perimeter: ${command} stopped`,
    );
  }
}

/** One environment's file, when it exists: for commands that label output with its names. */
export function loadEnvironmentNamed(dir: string, name: string, cwd = process.cwd()): LoadedEnvironmentFile | undefined {
  if (!ENVIRONMENT_NAME_PATTERN.test(name)) return undefined;
  const path = join(dir, `${name}.yaml`);
  try {
    lstatSync(path);
  } catch {
    return undefined;
  }
  return loadEnvironmentFile(path, cwd);
}

/**
 * `npm run -s environments`: the names of the environments the pipeline deploys, as a JSON
 * list in ring order. With `--by-ring`, a JSON list of ring positions, each the list of its
 * environments: what deploy.yml's ring jobs read (pipeline/rings.ts).
 */
export function runEnvironments(argv: readonly string[] = []): CommandResult {
  const { options } = parseCommand(
    {
      command: 'environments',
      summary: 'the environments the pipeline deploys, in ring order, as JSON',
      options: {
        'by-ring': { type: 'boolean', help: 'a list of ring positions, each a list of names (for deploy.yml)' },
        environments: { type: 'string', value: 'dir', help: `the environments folder (default ${DEFAULT_ENVIRONMENTS_DIR})` },
      },
    },
    argv,
  );
  const environments = loadEnvironments(options.environments ?? DEFAULT_ENVIRONMENTS_DIR);
  const value = options['by-ring'] ? deployRings(environments) : orderByRing(environments.filter((e) => e.pipeline)).map((e) => e.name);
  return { stdout: `${JSON.stringify(value)}\n`, exitCode: EXIT.ok };
}
