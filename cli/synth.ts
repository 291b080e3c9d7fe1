/**
 * `npm run synth` (and cdktf.json's app, which `cdktf deploy` runs): every environment file
 * becomes a stack. The one place the synth's environment variables are read; everything
 * below takes them as options.
 *
 * cdktf.out is replaced atomically: the app writes a staging folder next to it, synth stamps
 * its fingerprint (cli/fingerprint.ts) into the manifest, then the staging folder takes
 * cdktf.out's place. A failed synth leaves the previous tree with a marker that every reader
 * refuses; a killed synth leaves the previous tree whole.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative } from 'node:path';
import { parseStageCeiling, STAGE_CEILING_VARIABLE } from '../core/stages';
import { buildApp } from '../app/app';
import { assessmentFiles } from '../analysis/assessments/scubagear';
import { readSynthesizedStack } from '../analysis/model/read';
import { declaredFacts } from '../environment/declared';
import type { Environment } from '../environment/environment';
import { DEFAULT_ENVIRONMENTS_DIR, loadEnvironments } from './environments';
import { codeFingerprint, environmentFingerprints, FAILED_MARKER, stackFingerprint, type SynthFingerprint } from './fingerprint';
import { parseCommand } from './args';
import { EXIT, type CommandResult } from './run';

/** Synthesizes another environments folder (tests, the diff's base tree never sets it). */
export const ENVIRONMENTS_DIR_VARIABLE = 'PERIMETER_ENVIRONMENTS_DIR';
/** Leaves Application Proxy connector-group assignments out of this run (a deploy as the pipeline identity). */
export const SKIP_CONNECTOR_GROUP_VARIABLE = 'PERIMETER_SKIP_CONNECTOR_GROUP_ASSIGNMENT';
/** Set by every workflow: the synth is for the pipeline, so every environment it deploys needs remote state. */
export const REQUIRE_REMOTE_STATE_VARIABLE = 'PERIMETER_REQUIRE_REMOTE_STATE';

export interface SynthOptions {
  /** @default 'environments' */
  readonly environmentsDir?: string;
  /** The emergency brake as written in PERIMETER_STAGE_CEILING; anything but off or report-only is a PerimeterError. */
  readonly stageCeiling?: string;
  /** @default false */
  readonly skipConnectorGroupAssignment?: boolean;
  /** Every environment the pipeline deploys must have a backend (REQUIRE_REMOTE_STATE_VARIABLE). @default false */
  readonly requireRemoteState?: boolean;
  /** @default 'cdktf.out' (or what the cdktf CLI passes in) */
  readonly outdir?: string;
}

/** Loads the environment files and builds the app; nothing is written until `app.synth()`. */
export function appFromFiles(options: SynthOptions = {}): ReturnType<typeof buildApp> & { readonly environments: readonly Environment[] } {
  const stageCeiling = parseStageCeiling(options.stageCeiling);
  const environments = loadEnvironments(options.environmentsDir ?? DEFAULT_ENVIRONMENTS_DIR, process.cwd(), { requireRemoteState: options.requireRemoteState ?? false });
  const built = buildApp(environments, {
    ...(stageCeiling ? { stageCeiling } : {}),
    ...(options.outdir ? { outdir: options.outdir } : {}),
    skipConnectorGroupAssignment: options.skipConnectorGroupAssignment ?? false,
  });
  return { ...built, environments };
}

function flag(value: string | undefined): boolean {
  const v = value?.trim().toLowerCase();
  return v === '1' || v === 'true';
}

/** The synth options the environment variables set (unset ones keep their defaults). */
export function synthOptionsFrom(variables: Readonly<Record<string, string | undefined>>): SynthOptions {
  const environmentsDir = variables[ENVIRONMENTS_DIR_VARIABLE];
  const stageCeiling = variables[STAGE_CEILING_VARIABLE];
  return {
    ...(environmentsDir ? { environmentsDir } : {}),
    ...(stageCeiling !== undefined ? { stageCeiling } : {}),
    skipConnectorGroupAssignment: flag(variables[SKIP_CONNECTOR_GROUP_VARIABLE]),
    requireRemoteState: flag(variables[REQUIRE_REMOTE_STATE_VARIABLE]),
  };
}

/** Where cdktf.out goes: what the cdktf CLI passes in, or the default. */
export const OUTDIR_VARIABLE = 'CDKTF_OUTDIR';
export const DEFAULT_SYNTH_OUTDIR = 'cdktf.out';

interface Manifest {
  stacks?: Record<string, { annotations?: Annotation[] }>;
  perimeter?: SynthFingerprint;
}

interface Annotation {
  readonly level: string;
  readonly constructPath: string;
  readonly message: string;
}

export interface SynthResult {
  readonly outdir: string;
  readonly stacks: readonly string[];
  readonly annotations: readonly Annotation[];
}

const siblings = (outdir: string, kind: 'staging' | 'old') => join(dirname(outdir), `.${basename(outdir)}.${kind}-${process.pid}-${Date.now()}`);

/** Leftovers of a synth that was killed: staging and old trees next to `outdir`. */
function removeLeftovers(outdir: string): void {
  const parent = dirname(outdir);
  if (!existsSync(parent)) return;
  const prefix = `.${basename(outdir)}.`;
  for (const entry of readdirSync(parent)) {
    if (entry.startsWith(prefix) && /\.(staging|old)-\d+-\d+$/.test(entry)) rmSync(join(parent, entry), { recursive: true, force: true });
  }
}

function markFailed(outdir: string, error: unknown): void {
  if (!existsSync(outdir)) return;
  const summary = error instanceof Error ? error.message : String(error);
  writeFileSync(join(outdir, FAILED_MARKER), `${summary.split('\n').slice(0, 20).join('\n')}\n`);
}

/**
 * Next to each stack, the ScubaGear and Maester configurations listing exactly the exclusions
 * the environment declares (docs/assessments.md). The ids of groups the stack creates come
 * after the first deploy (`npm run assessments -- --outputs`).
 */
function writeAssessments(dir: string, environments: readonly Environment[]): void {
  for (const environment of environments) {
    const stackDir = join(dir, 'stacks', environment.name);
    const json = JSON.parse(readFileSync(join(stackDir, 'cdk.tf.json'), 'utf8')) as unknown;
    const model = readSynthesizedStack(json, { name: environment.name, declared: declaredFacts(environment) });
    for (const file of assessmentFiles(model)) writeFileSync(join(stackDir, file.name), file.content);
  }
}

/**
 * Records in `<dir>/manifest.json` what the stacks in `dir` were synthesized from (the
 * environment files, the code, the options): readers refuse the tree when any of it changes.
 */
export function stampFingerprint(dir: string, stacks: readonly string[], options: SynthOptions & { readonly environmentsDir: string }): Manifest {
  const manifestPath = join(dir, 'manifest.json');
  const manifest: Manifest = existsSync(manifestPath) ? (JSON.parse(readFileSync(manifestPath, 'utf8')) as Manifest) : { stacks: {} };
  manifest.perimeter = {
    version: 1,
    code: codeFingerprint(),
    environmentsDir: relative(process.cwd(), options.environmentsDir) || '.',
    environments: environmentFingerprints(options.environmentsDir),
    options: { stageCeiling: parseStageCeiling(options.stageCeiling) ?? null, skipConnectorGroupAssignment: options.skipConnectorGroupAssignment ?? false },
    stacks: Object.fromEntries(stacks.map((name) => [name, stackFingerprint(join(dir, 'stacks', name, 'cdk.tf.json'))])),
  };
  writeFileSync(manifestPath, `${JSON.stringify(manifest, null, 2)}\n`);
  return manifest;
}

/**
 * Synthesizes every environment into `options.outdir` (default cdktf.out): the whole new
 * tree, or none of it. Throws what the load or the guardrails threw, after marking the old
 * tree as not current.
 */
export function synthesize(options: SynthOptions = {}): SynthResult {
  const outdir = options.outdir ?? DEFAULT_SYNTH_OUTDIR;
  const environmentsDir = options.environmentsDir ?? DEFAULT_ENVIRONMENTS_DIR;
  removeLeftovers(outdir);
  mkdirSync(dirname(outdir), { recursive: true });
  const staging = siblings(outdir, 'staging');
  let stacks: string[];
  try {
    const { app, stacks: built, environments } = appFromFiles({ ...options, outdir: staging });
    app.synth();
    stacks = built.map((s) => s.node.id);
    writeAssessments(staging, environments);
  } catch (e) {
    rmSync(staging, { recursive: true, force: true });
    markFailed(outdir, e);
    throw e;
  }
  const manifest = stampFingerprint(staging, stacks, { ...options, environmentsDir });
  const previous = existsSync(join(outdir, 'stacks')) ? readdirSync(join(outdir, 'stacks'), { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name) : [];
  // The cdktf CLI removes the stack folders it saw before synth that synth no longer writes;
  // it expects them to exist, so a removed environment keeps an empty folder until it does.
  if (process.env[OUTDIR_VARIABLE]) for (const gone of previous.filter((p) => !stacks.includes(p))) mkdirSync(join(staging, 'stacks', gone), { recursive: true });
  const old = siblings(outdir, 'old');
  if (existsSync(outdir)) renameSync(outdir, old);
  renameSync(staging, outdir);
  rmSync(old, { recursive: true, force: true });
  const annotations = Object.values(manifest.stacks ?? {}).flatMap((s) => s.annotations ?? []);
  return { outdir, stacks, annotations };
}

/** `npm run synth`. Under the cdktf CLI (`cdktf deploy`), the CLI prints the annotations itself. */
export function runSynth(argv: readonly string[] = []): CommandResult {
  parseCommand({ command: 'synth', summary: `every environment file becomes a stack in cdktf.out (${STAGE_CEILING_VARIABLE} applies the emergency brake)`, options: {} }, argv);
  const underCdktf = process.env[OUTDIR_VARIABLE] !== undefined;
  const result = synthesize({ ...synthOptionsFrom(process.env), outdir: process.env[OUTDIR_VARIABLE] ?? DEFAULT_SYNTH_OUTDIR });
  if (underCdktf) return { exitCode: EXIT.ok };
  const line = (a: Annotation) => `${a.level === 'WARN' ? 'warning' : a.level === 'ERROR' ? 'error' : 'info'} [${a.constructPath}]: ${a.message}\n`;
  return {
    stdout: `${result.annotations.filter((a) => a.level !== 'WARN').map(line).join('')}synthesized ${result.stacks.join(', ')} into ${result.outdir}\n`,
    stderr: result.annotations.filter((a) => a.level === 'WARN').map(line).join(''),
    exitCode: EXIT.ok,
  };
}
