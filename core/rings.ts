/**
 * Rings promote in order: for every staged item, an environment in a higher ring may not be
 * further along than any environment in a lower ring. A baseline item an environment does not
 * have counts as `off` there. A custom policy (`CP...`) is compared only between the
 * environments that list it: one imported from a tenant exists first in that environment
 * alone, and adopting a tenant that enforces it must never force anyone to weaken it. For the
 * same reason a policy that takes over an existing one in place (`adopt:`) keeps the tenant's
 * stage wherever it is adopted: that is no promotion, so no lower ring has to lead it.
 */
import { CUSTOM_POLICY_ID_PATTERN } from './ids';
import type { Problem } from './problems';
import { stageRank, type StagedItem } from './stages';

export interface RingMember {
  readonly name: string;
  readonly file: string;
  readonly ring: number;
  /** Every staged item the environment has, by id. */
  readonly items: ReadonlyMap<string, StagedItem>;
}

/** Environments sorted by ring, then by name: the order deploys run in. */
export function orderByRing<T extends { ring: number; name: string }>(envs: readonly T[]): T[] {
  return [...envs].sort((a, b) => a.ring - b.ring || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

export function checkRingOrder(members: readonly RingMember[], itemIds: readonly string[]): Problem[] {
  const problems: Problem[] = [];
  const ordered = orderByRing(members);
  for (const id of itemIds) {
    for (const later of ordered) {
      const laterItem = later.items.get(id);
      const laterStage = laterItem?.stage ?? 'off';
      if (laterItem?.adopted) continue;
      for (const earlier of ordered) {
        if (earlier.ring >= later.ring) continue;
        if (CUSTOM_POLICY_ID_PATTERN.test(id) && !earlier.items.has(id)) continue;
        const earlierStage = earlier.items.get(id)?.stage ?? 'off';
        if (stageRank(laterStage) > stageRank(earlierStage)) {
          problems.push({
            file: later.file,
            path: laterItem!.path,
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
