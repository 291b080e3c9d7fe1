/**
 * What a synthesized cdktf.out was made from, so no command reads stale output as current.
 * Synth records a fingerprint of its inputs in manifest.json: every environment file, the
 * code (every non-test source file and the lockfile) and the synth options (the emergency
 * brake). Every command that reads cdktf.out checks it first and refuses, naming what
 * changed, with "run npm run synth".
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { PerimeterError } from '../core/problems';

/** The project root: where the code this process runs lives. */
const ROOT = join(__dirname, '..');
const CODE_DIRS = ['core', 'baseline', 'components', 'environment', 'guardrails', 'analysis', 'app', 'cli', 'pipeline'];
const CODE_FILES = ['package-lock.json', 'cdktf.json', 'tsconfig.json'];
const isCode = (name: string) => /\.(ts|js|json)$/.test(name) && !name.endsWith('.test.ts');

/** The file a failed synth leaves in cdktf.out, so nothing reads the tree it could not replace as current. */
export const FAILED_MARKER = 'perimeter-synth-failed.txt';

export interface SynthFingerprint {
  readonly version: 1;
  /** sha256 over the code: every non-test source file, the lockfile, cdktf.json, tsconfig.json. */
  readonly code: string;
  /** The environments folder synth read, relative to the working directory. */
  readonly environmentsDir: string;
  /** sha256 of each environment file, by file name. */
  readonly environments: Readonly<Record<string, string>>;
  readonly options: { readonly stageCeiling: string | null; readonly skipConnectorGroupAssignment: boolean };
  /** sha256 of each stack's cdk.tf.json as synth wrote it. */
  readonly stacks: Readonly<Record<string, string>>;
}

const sha256 = (data: string | Uint8Array) => createHash('sha256').update(data).digest('hex');

function codeFiles(dir: string, out: string[]): void {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== '__tests__' && entry.name !== '__fixtures__' && entry.name !== '__snapshots__') codeFiles(path, out);
    } else if (entry.isFile() && isCode(entry.name)) out.push(path);
  }
}

/** The fingerprint of the code this process runs. */
export function codeFingerprint(root = ROOT): string {
  const files: string[] = [];
  for (const d of CODE_DIRS) if (existsSync(join(root, d))) codeFiles(join(root, d), files);
  for (const f of CODE_FILES) if (existsSync(join(root, f))) files.push(join(root, f));
  const hash = createHash('sha256');
  for (const f of files.map((x) => relative(root, x).split('\\').join('/')).sort()) {
    hash.update(`${f}\0${sha256(readFileSync(join(root, f)))}\n`);
  }
  return hash.digest('hex');
}

/**
 * sha256 of every input file synth reads besides the code: the environment files (and the
 * unmanaged-policy snapshots next to them), and the custom policies in ../policies/custom/,
 * by path relative to the environments folder.
 */
export function environmentFingerprints(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const add = (folder: string, prefix: string, pattern: RegExp) => {
    let entries: string[];
    try {
      entries = readdirSync(folder);
    } catch {
      return;
    }
    for (const f of entries.filter((x) => pattern.test(x)).sort()) {
      try {
        if (statSync(join(folder, f)).isFile()) out[`${prefix}${f}`] = sha256(readFileSync(join(folder, f)));
      } catch {
        out[`${prefix}${f}`] = 'unreadable';
      }
    }
  };
  add(dir, '', /\.ya?ml$|\.unmanaged\.json$/);
  add(join(dir, '..', 'policies', 'custom'), '../policies/custom/', /\.ya?ml$/);
  return out;
}

const stale = (file: string, message: string) =>
  new PerimeterError([{ file, path: '', message }], 'perimeter: cdktf.out is not current');

/** The fingerprint synth recorded in `<outdir>/manifest.json`, or a PerimeterError saying why there is none. */
export function readFingerprint(outdir: string): SynthFingerprint {
  const marker = join(outdir, FAILED_MARKER);
  if (existsSync(marker)) {
    const first = readFileSync(marker, 'utf8').split('\n').find((l) => l.trim()) ?? '';
    throw stale(marker, `the last npm run synth failed (${first.trim()}); what cdktf.out still holds is older than your files. Fix the problem, then run \`npm run synth\``);
  }
  const manifestPath = join(outdir, 'manifest.json');
  let manifest: { perimeter?: SynthFingerprint };
  try {
    manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as { perimeter?: SynthFingerprint };
  } catch {
    throw stale(manifestPath, 'does not exist or cannot be read: nothing has been synthesized; run `npm run synth` first');
  }
  if (manifest.perimeter?.version !== 1) {
    throw stale(manifestPath, 'has no perimeter fingerprint: it was not written by `npm run synth` of this version; run `npm run synth`');
  }
  return manifest.perimeter;
}

/**
 * Refuses a stack whose inputs changed since synth: the environment files, the code, or the
 * stack file itself. Returns nothing when cdktf.out is current for `environmentsDir`.
 */
export function assertCurrent(outdir: string, environmentsDir: string, env: string, stackFile: string, root = ROOT): void {
  const recorded = readFingerprint(outdir);
  const now = environmentFingerprints(environmentsDir);
  const changed = [
    ...Object.keys(now).filter((f) => recorded.environments[f] !== undefined && recorded.environments[f] !== now[f]).map((f) => `${join(environmentsDir, f)} changed`),
    ...Object.keys(now).filter((f) => recorded.environments[f] === undefined).map((f) => `${join(environmentsDir, f)} is new`),
    ...Object.keys(recorded.environments).filter((f) => now[f] === undefined).map((f) => `${join(environmentsDir, f)} was removed`),
  ];
  if (changed.length) {
    throw stale(stackFile, `was synthesized from ${recorded.environmentsDir}, and since then ${changed.join(', ')}; run \`npm run synth\``);
  }
  if (recorded.code !== codeFingerprint(root)) {
    throw stale(stackFile, "perimeter's code (or its lockfile) changed since it was synthesized; run `npm run synth`");
  }
  const want = recorded.stacks[env];
  if (want === undefined) throw stale(stackFile, `environment ${JSON.stringify(env)} is not in the last synth; run \`npm run synth\``);
  if (sha256(readFileSync(stackFile)) !== want) {
    throw stale(stackFile, 'is not the file synth wrote (it was changed or partly written since); run `npm run synth`');
  }
}

export function stackFingerprint(path: string): string {
  return sha256(readFileSync(path));
}
