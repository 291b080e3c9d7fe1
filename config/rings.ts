/**
 * Rings promote in order: for every policy, an environment in a higher ring may not be
 * further along than any environment in a lower ring. A policy an environment does not
 * have counts as `off` there.
 */
import { BASELINE_POLICY_IDS } from '../policies/baseline';
import { stageRank, type Stage } from '../policies/stages';
import type { Problem } from './errors';
import type { Environment } from './environment';
import { isRuleId } from './telemetry';

/** Every staged item of an environment (policy ids, analytics rule ids) with its stage from YAML. */
export function stagedItems(env: Environment): Map<string, Stage> {
  return new Map<string, Stage>([
    ...env.policies.map((p) => [p.definition.id, p.stage] as const),
    ...(env.telemetry?.rules ?? []).map((r) => [r.id, r.stage] as const),
  ]);
}

/** Where a staged item's stage is set in an environment file. */
export function stagePathOf(id: string): string {
  return isRuleId(id) ? `telemetry.rules.${id}.stage` : `policies.${id}.stage`;
}

export interface RingMember {
  readonly name: string;
  readonly file: string;
  readonly ring: number;
  /** Stage of every staged item (policy id, rule id, ...) the environment has. */
  readonly stages: ReadonlyMap<string, Stage>;
}

/** Environments sorted by ring, then by name: the order deploys run in. */
export function orderByRing<T extends { ring: number; name: string }>(envs: readonly T[]): T[] {
  return [...envs].sort((a, b) => a.ring - b.ring || a.name.localeCompare(b.name));
}

export function checkRingOrder(
  members: readonly RingMember[],
  itemIds: readonly string[] = BASELINE_POLICY_IDS,
  pathOf: (id: string) => string = stagePathOf,
): Problem[] {
  const problems: Problem[] = [];
  const ordered = orderByRing(members);
  for (const id of itemIds) {
    for (const later of ordered) {
      const laterStage = later.stages.get(id) ?? 'off';
      for (const earlier of ordered) {
        if (earlier.ring >= later.ring) continue;
        const earlierStage = earlier.stages.get(id) ?? 'off';
        if (stageRank(laterStage) > stageRank(earlierStage)) {
          problems.push({
            file: later.file,
            path: pathOf(id),
            message:
              `ring order violated: ${id} is ${laterStage} in ${later.name} (ring ${later.ring}) but only ${earlierStage} in ${earlier.name} (ring ${earlier.ring}, ${earlier.file}); ` +
              `promote it in ${earlier.name} first or lower it in ${later.name}`,
          });
          break;
        }
      }
    }
  }
  return problems;
}
