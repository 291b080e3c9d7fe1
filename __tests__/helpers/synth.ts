/** Test helpers: build environments from YAML text, load them, and read what synth produces. */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { buildApp, type BuildAppOptions } from '../../app/app';
import type { IdentityPlaneStack } from '../../app/stack';
import { loadEnvironmentFile, loadEnvironments } from '../../cli/environments';
import { formatProblem, type Problem } from '../../core/problems';
import type { Environment } from '../../environment/environment';

export const REPO_ROOT = join(__dirname, '..', '..');
export const SAMPLE_DIR = join(REPO_ROOT, 'environments');

/** Terraform JSON of one synthesized stack. */
export interface TfJson {
  resource: Record<string, Record<string, Record<string, unknown>>>;
  provider?: Record<string, unknown[]>;
  terraform: Record<string, unknown>;
  output?: Record<string, unknown>;
  data?: Record<string, Record<string, Record<string, unknown>>>;
}

export function readSample(name: string): Record<string, unknown> {
  return parse(readFileSync(join(SAMPLE_DIR, `${name}.yaml`), 'utf8')) as Record<string, unknown>;
}

/** Writes environment files (name -> parsed YAML object or raw text) to a fresh directory. */
export function writeEnvironments(files: Record<string, Record<string, unknown> | string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'perimeter-env-'));
  for (const [name, content] of Object.entries(files)) {
    writeFileSync(join(dir, `${name}.yaml`), typeof content === 'string' ? content : stringify(content, { aliasDuplicateObjects: false }));
  }
  return dir;
}

/** A deep copy without cdktf's per-resource `//` metadata: what Testing.synth returns, cheaper. */
function withoutMetadata(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutMetadata);
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) if (k !== '//') out[k] = withoutMetadata(v);
  return out;
}

/**
 * Builds the app from a directory of environments without writing anything, and returns each
 * stack's Terraform JSON (guardrail errors throw; stack validations do not run). The JSON is
 * the one the guardrail pack evaluated, so nothing is synthesized twice.
 */
export function synthStacks(dir: string = SAMPLE_DIR): Record<string, TfJson> {
  // Many tests synthesize the same environments; the same input gives the same output, so
  // synthesize each distinct set of files once per test file and hand out copies.
  const key = readdirSync(dir)
    .filter((f) => /\.ya?ml$/.test(f))
    .sort()
    .map((f) => `${f}\n${readFileSync(join(dir, f), 'utf8')}`)
    .join('\n---\n');
  let json = synthCache.get(key);
  if (json === undefined) {
    const { stacks, guardrails } = buildApp(loadEnvironments(dir));
    json = JSON.stringify(Object.fromEntries(stacks.map((s: IdentityPlaneStack) => [s.node.id, withoutMetadata(guardrails.synthesized(s))])));
    synthCache.set(key, json);
  }
  return JSON.parse(json) as Record<string, TfJson>;
}

const synthCache = new Map<string, string>();

/** A full synth, validations and Aspects included, into a temporary outdir that is removed afterwards. */
export function fullSynth(dir: string, options: Omit<BuildAppOptions, 'outdir'> = {}): { stacks: Record<string, TfJson>; manifest: unknown } {
  const outdir = mkdtempSync(join(tmpdir(), 'perimeter-out-'));
  try {
    const { app, stacks } = buildApp(loadEnvironments(dir), { ...options, outdir });
    app.synth();
    const out: Record<string, TfJson> = {};
    for (const s of stacks) {
      out[s.node.id] = JSON.parse(readFileSync(join(outdir, 'stacks', s.node.id, 'cdk.tf.json'), 'utf8')) as TfJson;
    }
    return { stacks: out, manifest: JSON.parse(readFileSync(join(outdir, 'manifest.json'), 'utf8')) };
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

export function resourcesOf(tf: TfJson, type: string): Record<string, Record<string, unknown>> {
  return tf.resource[type] ?? {};
}

/**
 * A copy of the dev sample as a new environment `name` should be made: its own tenant, state
 * key, resource group, workspace and App Proxy URLs (the names two environments cannot share).
 */
export function newEnvironmentFromDev(name: string, tenantId = '7e000000-0000-4000-8000-0000000000c1'): Record<string, unknown> {
  return mutateSample('dev', (e) => {
    e.tenantId = tenantId;
    e.backend.key = `${name}.tfstate`;
    e.telemetry.workspace.name = `law-identity-${name}`;
    e.telemetry.workspace.resourceGroup = `rg-identity-${name}`;
    for (const app of Object.values(e.appProxy.apps) as { externalUrl: string }[]) app.externalUrl = app.externalUrl.replace('-meridianlab.', `-meridian${name}.`);
  });
}

/** A deep copy of a sample environment with changes applied by `edit`. */
export function mutateSample(name: string, edit: (env: Record<string, any>) => void): Record<string, unknown> {
  const env = readSample(name) as Record<string, any>;
  edit(env);
  return env;
}

/** Loads a sample with `edit` applied, as `<name>.yaml` in a fresh directory: the problems as structured values. */
export function loadMutatedFile(name: string, edit: (env: Record<string, any>) => void): { environment?: Environment; problems: readonly Problem[] } {
  const dir = writeEnvironments({ [name]: mutateSample(name, edit) });
  return loadEnvironmentFile(join(dir, `${name}.yaml`), dir);
}

/**
 * Loads a sample with `edit` applied, as `<name>.yaml` in a fresh directory. Problems are
 * formatted as the command line prints them (`<name>.yaml:<line>: <key path>: <message>`).
 */
export function loadMutated(name: string, edit: (env: Record<string, any>) => void): { environment?: Environment; problems: string[] } {
  const loaded = loadMutatedFile(name, edit);
  return { ...(loaded.environment ? { environment: loaded.environment } : {}), problems: loaded.problems.map(formatProblem) };
}
