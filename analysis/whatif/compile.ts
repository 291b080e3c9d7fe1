/**
 * An environment model compiled for evaluation: one check per condition of every policy,
 * identical conditions shared, and the caches evaluate fills. A compiled environment is not
 * re-entrant: evaluate uses its memo for the sign-in in hand, so evaluate one sign-in at a time.
 */
import type { EnvironmentModel, PolicyModel } from '../model/types';
import type { ContextSlot } from './cache';
import { CheckRegistry, compilePolicyChecks, stackMemberships, type CompiledPolicy, type Tri } from './conditions';
import type { AnalysisReason, PolicyResult } from './result';

export interface CompiledEnvironment {
  readonly model: EnvironmentModel;
  readonly policies: readonly CompiledPolicy[];
  readonly memberships: ReadonlyMap<string, readonly string[]>;
  /** Problems found while compiling (device filters that do not parse). */
  readonly problems: readonly string[];
  /**
   * Requirements depend only on the policy and a few sign-in facts (client, flow, platform,
   * device), and summaries only on the requirements; both are immutable, so they are shared.
   */
  readonly requirementCache: Map<number | string, (ContextSlot | undefined)[]>;
  /** Per policy: the result when it does not apply, by reason (it depends on nothing else). */
  readonly notApplying: readonly Map<AnalysisReason, PolicyResult>[];
  readonly summaryCache: Map<string, readonly string[]>;
  readonly memo: CheckMemo;
}

/** Results of shared condition checks for the sign-in being evaluated, valid while `gen[slot] === current`. */
export interface CheckMemo {
  current: number;
  readonly gen: Int32Array;
  readonly value: Tri[];
  readonly missing: (string[] | undefined)[];
}

/**
 * Every policy in force in the tenant: the stack's, and the tenant's unmanaged ones (a deploy
 * never changes those, but they decide sign-ins all the same, and can lock break-glass out).
 */
export function compileEnvironment(model: EnvironmentModel): CompiledEnvironment {
  const registry = new CheckRegistry();
  const all = [...model.policies, ...model.unmanagedPolicies];
  const policies = all.map((p) => compilePolicyChecks(p, model, registry));
  return {
    model,
    policies,
    memberships: stackMemberships(model),
    problems: [...policies.flatMap((p) => (p.invalid ? [p.invalid] : [])), ...all.flatMap(grantProblems)],
    memo: { current: 0, gen: new Int32Array(registry.size), value: new Array<Tri>(registry.size), missing: new Array<string[] | undefined>(registry.size) },
    requirementCache: new Map(),
    notApplying: policies.map(() => new Map()),
    summaryCache: new Map(),
  };
}

/** Grant combinations Microsoft rejects; evaluated as written, but said out loud. */

function grantProblems(p: PolicyModel): string[] {
  const g = p.grantControls;
  if (!g) return [];
  const out: string[] = [];
  const controls = g.builtInControls;
  if (controls.includes('passwordChange') && (g.operator !== 'AND' || !controls.includes('mfa'))) {
    out.push(`${p.id}: passwordChange must be combined with mfa using the AND operator; Microsoft rejects it otherwise`);
  }
  if (controls.includes('passwordChange') && !p.conditions.userRiskLevels.length) {
    out.push(`${p.id}: passwordChange needs a user risk condition; Microsoft rejects it otherwise`);
  }
  if (controls.includes('mfa') && g.authenticationStrength) {
    out.push(`${p.id}: mfa and an authentication strength cannot be in the same policy; use the strength alone`);
  }
  return out;
}
