/**
 * Scenario files: `scenarios/<env>.yaml` lists sign-ins with the outcome they must have. A
 * scenario fails when any expectation it states differs from what the evaluator answers;
 * expectations it does not state are not checked.
 */
import { parseIp, rangeOf } from '../../core/net';
import { readStrictYaml } from '../../core/yaml';
import { z } from 'zod';
import { CONTEXT_POLICY_ID_PATTERN, POLICY_ID_PATTERN } from '../../core/ids';
import { formatKeyPath, type Problem } from '../../core/problems';
import type { EnvironmentModel } from '../model/types';
import type { CompiledEnvironment } from './compile';
import { evaluate } from './evaluate';
import { resolveSignIn, type SignInSpec } from './input';
import { personas } from './personas';
import type { WhatIfResult } from './result';
import type { SignIn } from './signin';

const idList = z.array(
  z.string().refine((id) => POLICY_ID_PATTERN.test(id) || CONTEXT_POLICY_ID_PATTERN.test(id), { message: 'must be a policy id such as CA001 (or AC001 for an authentication context policy)' }),
);

const signInSchema = z.strictObject({
  user: z.string(),
  groups: z.array(z.string()).optional(),
  roles: z.array(z.string()).optional(),
  guest: z.string().optional(),
  externalTenant: z.string().optional(),
  app: z.string().optional(),
  authenticationContext: z.string().optional(),
  client: z.string(),
  platform: z.string(),
  ip: z.string().optional(),
  country: z.string().optional(),
  gpsCountry: z.string().optional(),
  device: z.string().optional(),
  deviceProperties: z.record(z.string(), z.string()).optional(),
  signInRisk: z.string().optional(),
  userRisk: z.string().optional(),
  flow: z.string().optional(),
});

const expectSchema = z.strictObject({
  decision: z.enum(['block', 'grant', 'allow', 'notEnoughInformation']),
  /** Enabled policies that apply, exactly. */
  applies: idList.optional(),
  /** Policies whose requirements must be met, exactly. */
  requirements: idList.optional(),
  blockedBy: idList.optional(),
  undecidedBy: z.array(z.string()).optional(),
  /** Report-only policies that would apply, exactly, with their outcome. */
  reportOnly: z.record(z.string(), z.enum(['wouldBlock', 'wouldRequire', 'wouldApply'])).optional(),
  /** `everyTime`, `4 hours`, `none`. */
  signInFrequency: z.string().optional(),
  /** `always`, `never`, `none`. */
  persistentBrowser: z.string().optional(),
});

const fileSchema = z.strictObject({
  scenarios: z.array(z.strictObject({ name: z.string().min(1), signIn: signInSchema, expect: expectSchema })).min(1),
});

export type ScenarioExpectation = z.infer<typeof expectSchema>;

export interface Scenario {
  readonly name: string;
  readonly spec: SignInSpec;
  readonly expect: ScenarioExpectation;
  /** 1-based line of the scenario in its file. */
  readonly line?: number;
}

export interface LoadedScenarios {
  readonly file: string;
  readonly scenarios: readonly Scenario[];
  readonly problems: readonly Problem[];
}

/** Checks the structure of a scenario file's text; never throws for a user mistake. */
export function parseScenarios(file: string, text: string | Uint8Array): LoadedScenarios {
  const read = readStrictYaml(file, text);
  if (!read.ok) return { file, scenarios: [], problems: read.problems };
  const { data, lineOf } = read.yaml;
  const parsed = fileSchema.safeParse(data);
  if (!parsed.success) {
    return {
      file,
      scenarios: [],
      problems: parsed.error.issues.map((issue) => {
        const path = issue.code === 'unrecognized_keys' ? [...issue.path, issue.keys[0] ?? ''] : issue.path;
        const message =
          issue.code === 'unrecognized_keys'
            ? `unknown key ${JSON.stringify(issue.keys[0])}`
            : issue.code === 'invalid_value'
              ? `must be one of: ${issue.values.map(String).join(' | ')}`
              : issue.message;
        const line = lineOf(issue.path);
        return { file, path: formatKeyPath(path), message, ...(line ? { line } : {}) };
      }),
    };
  }
  const scenarios = parsed.data.scenarios.map((s, i) => {
    const line = lineOf(['scenarios', i]);
    return { name: s.name, spec: s.signIn as SignInSpec, expect: s.expect, ...(line ? { line } : {}) };
  });
  return { file, scenarios, problems: [] };
}

export interface ScenarioOutcome {
  readonly scenario: Scenario;
  readonly signIn?: SignIn;
  readonly result?: WhatIfResult;
  /** Empty when the scenario holds. */
  readonly mismatches: readonly string[];
}

const sorted = (xs: readonly string[]) => [...xs].sort().join(', ') || '(none)';

export function checkExpectation(expect: ScenarioExpectation, r: WhatIfResult): string[] {
  const out: string[] = [];
  const compare = (what: string, expected: readonly string[] | undefined, actual: readonly string[]) => {
    if (expected !== undefined && sorted(expected) !== sorted(actual)) out.push(`${what}: expected ${sorted(expected)}, got ${sorted(actual)}`);
  };
  if (expect.decision !== r.decision) out.push(`decision: expected ${expect.decision}, got ${r.decision}`);
  compare('applies', expect.applies, r.policies.filter((p) => p.state === 'enabled' && p.applies === true).map((p) => p.id));
  compare('requirements', expect.requirements, r.requirements.map((q) => q.policy));
  compare('blockedBy', expect.blockedBy, r.blockedBy.map((b) => b.policy));
  compare('undecidedBy', expect.undecidedBy, r.undecidedBy);
  if (expect.reportOnly !== undefined) {
    const expected = Object.entries(expect.reportOnly).map(([id, o]) => `${id}=${o}`);
    const actual = r.reportOnly.map((p) => `${p.id}=${p.outcome}${p.applies === 'unknown' ? '?' : ''}`);
    compare('reportOnly', expected, actual);
  }
  const sif = r.sessionControls.signInFrequency;
  const sifText = !sif ? 'none' : sif.everyTime ? 'everyTime' : sif.text;
  if (expect.signInFrequency !== undefined && expect.signInFrequency !== sifText) out.push(`signInFrequency: expected ${expect.signInFrequency}, got ${sifText}`);
  const pb = r.sessionControls.persistentBrowser?.mode ?? 'none';
  if (expect.persistentBrowser !== undefined && expect.persistentBrowser !== pb) out.push(`persistentBrowser: expected ${expect.persistentBrowser}, got ${pb}`);
  return out;
}

export function runScenarios(env: CompiledEnvironment, loaded: LoadedScenarios, model: EnvironmentModel): ScenarioOutcome[] {
  return loaded.scenarios.map((scenario) => {
    const resolved = resolveSignIn(scenario.spec, model);
    if (!resolved.signIn) {
      return { scenario, mismatches: resolved.problems.map((p) => `signIn.${p.field}: ${p.message}`) };
    }
    const result = evaluate(env, resolved.signIn);
    return { scenario, signIn: resolved.signIn, result, mismatches: checkExpectation(scenario.expect, result) };
  });
}


/** Addresses from the RFC 5737 documentation ranges, tried in order for "outside every named location". */
const OUTSIDE_CANDIDATES = ['192.0.2.233', '198.51.100.233', '203.0.113.233', '192.0.2.17', '198.51.100.17'];

/**
 * The scenarios an environment without a scenario file still runs: what perimeter guarantees
 * by construction, in concrete sign-ins a reviewer can read. Every break-glass account signs
 * in to the admin portals from outside every named location on an unmanaged device, and with
 * a legacy client, and no enforced policy applies to either (the lockout proof checks every
 * other sign-in).
 */
export function derivedScenarios(model: EnvironmentModel, file: string): LoadedScenarios {
  const ranges = model.namedLocations.flatMap((l) => (l.kind === 'ip' ? l.ipRanges.map(rangeOf).filter((r) => r !== undefined) : []));
  const inside = (ip: string) => {
    const p = parseIp(ip);
    return p !== undefined && ranges.some((r) => r.family === p.family && BigInt(p.value) >= BigInt(r.start) && BigInt(p.value) <= BigInt(r.end));
  };
  const outside = OUTSIDE_CANDIDATES.find((ip) => !inside(ip)) ?? '192.0.2.233';
  const untouched: ScenarioExpectation = { decision: 'allow', applies: [] };
  const scenarios = personas(model)
    .filter((p) => /^break-glass-\d+$/.test(p.name))
    .flatMap((p): Scenario[] => [
      {
        name: `derived: ${p.name} opens the admin portals from outside every named location on an unmanaged device`,
        spec: { user: p.name, app: 'MicrosoftAdminPortals', client: 'browser', platform: 'windows', ip: outside, country: 'unknown', device: 'unregistered' },
        expect: untouched,
      },
      {
        name: `derived: ${p.name} signs in with a legacy client`,
        spec: { user: p.name, app: 'Office365', client: 'other', platform: 'unknown', ip: outside, country: 'unknown', device: 'unregistered' },
        expect: untouched,
      },
    ]);
  return { file, scenarios, problems: [] };
}
