/**
 * Turns the text of environment files into Environments. Every problem in every file is
 * collected before anything is built, so a user sees all of them at once and nothing is
 * half-written. Reading the files is the command line's job (cli/environments.ts).
 */
import type { z } from 'zod';
import { ENVIRONMENT_NAME_PATTERN } from '../core/ids';
import { PerimeterError, formatKeyPath, quote, type Problem } from '../core/problems';
import { unknownKeyMessage } from '../core/text';
import { allowedKeysAt } from '../core/schema';
import { readStrictYaml } from '../core/yaml';
import { checkBackendsDistinct } from '../components/state-backend/section';
import { loadCustomPolicy, type CustomPolicy } from '../components/conditional-access/custom';
import type { Environment } from './environment';
import { resolveEnvironment } from './resolve';
import { environmentSchema } from './schema';

/** One environment file as read: `name` is the file name without `.yaml`, `file` the path shown in messages, `text` its bytes or text. */
export interface EnvironmentSource {
  readonly name: string;
  readonly file: string;
  readonly text: string | Uint8Array;
}

function valueAt(data: unknown, path: readonly PropertyKey[]): unknown {
  let cur: unknown = data;
  for (const part of path) {
    if (cur === null || typeof cur !== 'object' || !Object.hasOwn(cur, part)) return undefined;
    cur = (cur as Record<PropertyKey, unknown>)[part];
  }
  return cur;
}

/** zod's type names in the words an environment file's author uses. */
const EXPECTED_TYPE: Readonly<Record<string, string>> = {
  int: 'a whole number',
  number: 'a number',
  string: 'a string',
  boolean: 'true or false',
  array: 'a list',
  object: 'a mapping',
  record: 'a mapping',
};

function describeIssue(issue: z.core.$ZodIssue, data: unknown): { path: readonly PropertyKey[]; message: string; onKey: boolean } {
  const value = valueAt(data, issue.path);
  switch (issue.code) {
    case 'unrecognized_keys': {
      const allowed = allowedKeysAt(environmentSchema, issue.path);
      return {
        path: [...issue.path, issue.keys[0] ?? ''],
        onKey: true,
        message: unknownKeyMessage(issue.keys.map(String), allowed),
      };
    }
    case 'invalid_value':
      return {
        path: issue.path,
        onKey: false,
        message: `${quote(value)} is not allowed; use one of: ${issue.values.map((v) => String(v)).join(' | ')}`,
      };
    case 'invalid_type': {
      const expected = EXPECTED_TYPE[issue.expected] ?? `a ${issue.expected}`;
      return {
        path: issue.path,
        onKey: value === undefined,
        message: value === undefined ? `is required (${expected})` : `must be ${expected}, got ${quote(value)}`,
      };
    }
    case 'too_small':
      if (issue.origin === 'array') {
        return { path: issue.path, onKey: false, message: `${issue.message.startsWith('Too small') ? `needs at least ${String(issue.minimum)} entr${issue.minimum === 1 ? 'y' : 'ies'}` : issue.message}, got ${Array.isArray(value) ? value.length : 0}` };
      }
      return { path: issue.path, onKey: false, message: issue.message.startsWith('Too small') ? `${quote(value)} is too small; the minimum is ${String(issue.minimum)}` : `${issue.message} (got ${quote(value)})` };
    case 'too_big':
      return { path: issue.path, onKey: false, message: issue.message.startsWith('Too big') ? `${quote(value)} is too large; the maximum is ${String(issue.maximum)}` : `${issue.message} (got ${quote(value)})` };
    case 'invalid_format':
      return { path: issue.path, onKey: false, message: `${quote(value)} ${issue.message}` };
    case 'custom':
      return { path: issue.path, onKey: false, message: issue.message };
    case 'invalid_key': {
      const key = issue.path[issue.path.length - 1];
      const reason = issue.issues[0]?.message ?? issue.message;
      return { path: issue.path, onKey: true, message: `the key ${quote(String(key))} ${reason}` };
    }
    default:
      return { path: issue.path, onKey: false, message: `${issue.message} (got ${quote(value)})` };
  }
}

/** Where each name is declared: every mapping key two or three levels deep (`policies.CA006`, `appProxy.apps.hr-portal`), first occurrence first. */
function targetLinesOf(data: object, lineOf: (path: readonly PropertyKey[], onKey?: boolean) => number | undefined): Record<string, number> {
  const lines: Record<string, number> = {};
  const isMapping = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
  const visit = (value: unknown, path: readonly string[]) => {
    if (!isMapping(value) || path.length > 2) return;
    for (const [key, child] of Object.entries(value)) {
      const at = [...path, key];
      if (at.length >= 2 && !Object.hasOwn(lines, key)) {
        const line = lineOf(at, true);
        if (line !== undefined) lines[key] = line;
      }
      visit(child, at);
    }
  };
  visit(data, []);
  return lines;
}

export interface LoadedEnvironmentFile {
  readonly environment?: Environment;
  readonly problems: Problem[];
}

/** How strict a load is beyond the schema. */
export interface LoadOptions {
  /**
   * The synth runs for the pipeline (PERIMETER_REQUIRE_REMOTE_STATE): every environment the
   * pipeline deploys must keep its state in a remote backend. @default false
   */
  readonly requireRemoteState?: boolean;
  /** The custom policies an environment may list (policies/custom/*.yaml), by id. @default - none */
  readonly customPolicies?: ReadonlyMap<string, CustomPolicy>;
  /** Each environment's unmanaged-policy snapshot, by environment name. @default - none */
  readonly unmanaged?: ReadonlyMap<string, NonNullable<Environment['unmanaged']>>;
}

/** Loads the custom policy files (`name` is the file name without `.yaml`): every problem of every file. */
export function loadCustomPolicyLibrary(sources: readonly EnvironmentSource[]): { library: ReadonlyMap<string, CustomPolicy>; problems: Problem[] } {
  const library = new Map<string, CustomPolicy>();
  const problems: Problem[] = [];
  for (const source of [...sources].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    const loaded = loadCustomPolicy(source.name, source.file, source.text);
    problems.push(...loaded.problems);
    if (loaded.policy) library.set(loaded.policy.definition.id, loaded.policy);
  }
  return { library, problems };
}

/** Loads one file's text; never throws for a user mistake. */
export function loadEnvironmentText({ name, file, text }: EnvironmentSource, options: LoadOptions = {}): LoadedEnvironmentFile {
  const problems: Problem[] = [];
  if (!ENVIRONMENT_NAME_PATTERN.test(name)) {
    problems.push({ file, path: '', message: `the file name ${JSON.stringify(name)} is the stack name and must be lower-case letters, digits and hyphens, starting with a letter` });
    return { problems };
  }
  const read = readStrictYaml(file, text);
  if (!read.ok) return { problems: read.problems };
  const { data, lineOf } = read.yaml;
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    problems.push({ file, path: '', message: 'must be a YAML mapping with tenantId, ring, stage and breakGlass at the top level' });
    return { problems };
  }
  const parsed = environmentSchema.safeParse(data);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const d = describeIssue(issue, data);
      const line = lineOf(d.path, d.onKey);
      problems.push({ file, path: formatKeyPath(d.path), message: d.message, ...(line ? { line } : {}) });
    }
    return { problems };
  }
  const resolved = resolveEnvironment(name, file, parsed.data, options.customPolicies ?? new Map());
  for (const p of resolved.problems) {
    const line = lineOf(p.path, true);
    problems.push({ file, path: formatKeyPath(p.path), message: p.message, ...(line ? { line } : {}) });
  }
  const unmanaged = options.unmanaged?.get(name);
  const withLines = resolved.environment ? { ...resolved.environment, targetLines: targetLinesOf(data, lineOf) } : undefined;
  const environment = withLines && unmanaged ? { ...withLines, unmanaged } : withLines;
  if (options.requireRemoteState && environment && environment.pipeline && !environment.backend) {
    problems.push({
      file,
      path: 'backend',
      line: lineOf(['pipeline'], true) ?? 1,
      message:
        'is required: this synth runs for the pipeline, which deploys this environment, and without remote state Terraform keeps the state on the runner and loses it; the next deploy would then create every policy again next to the first set. Add backend: (components/state-backend/README.md), or set pipeline: false for a laptop-only environment',
    });
  }
  return environment && !problems.length ? { environment, problems } : { problems };
}

/**
 * Loads every environment of one folder (`dir` names it in messages) and throws one
 * PerimeterError listing every problem. Rules across environments (ring order, tenant
 * limits) are guardrails.
 */
export function loadEnvironmentSet(sources: readonly EnvironmentSource[], dir: string, readProblems: readonly Problem[] = [], options: LoadOptions = {}): Environment[] {
  const problems: Problem[] = [...readProblems];
  if (!sources.length && !readProblems.length) {
    problems.push({ file: dir, path: '', message: 'holds no environment files (<name>.yaml); add one, e.g. environments/dev.yaml' });
  }
  const environments: Environment[] = [];
  const seen = new Map<string, string>();
  for (const source of sources) {
    const loaded = loadEnvironmentText(source, options);
    problems.push(...loaded.problems);
    if (!loaded.environment) continue;
    const other = seen.get(loaded.environment.name);
    if (other) {
      problems.push({ file: loaded.environment.file, path: '', message: `defines the stack ${loaded.environment.name} again (also ${other}); keep one file per environment` });
      continue;
    }
    seen.set(loaded.environment.name, loaded.environment.file);
    environments.push(loaded.environment);
  }
  if (!problems.length) problems.push(...checkBackendsDistinct(environments));
  if (problems.length) throw new PerimeterError(problems);
  return environments;
}
