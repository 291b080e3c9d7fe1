/**
 * What a change does to wave pilots, in a reviewer's words: a pilot starts, widens or
 * narrows, is finished (its twin goes and the policy holds everyone), or is dropped in a way
 * that takes enforcement away from its waves. Pure over two models.
 */
import { stageOfState, stageRank } from '../../core/stages';
import { policyLabel } from '../model/queries';
import type { EnvironmentModel, PolicyModel } from '../model/types';
import { stageOfPolicy } from '../report/describe';

const twinsOf = (m: EnvironmentModel | undefined) => new Map((m?.policies ?? []).flatMap((p) => (p.wave ? [[p.wave.of, p as PolicyModel & { wave: NonNullable<PolicyModel['wave']> }] as const] : [])));

const groupIds = (p: PolicyModel) => p.conditions.users.includeGroups.map((g) => g.id).join();

export function waveNotes(base: EnvironmentModel | undefined, head: EnvironmentModel | undefined): string[] {
  const before = twinsOf(base);
  const after = twinsOf(head);
  const notes: string[] = [];
  for (const [id, twin] of after) {
    const main = head?.policy(id);
    const rest = main ? `${stageOfPolicy(main)} for everyone else` : 'its policy is missing';
    const was = before.get(id);
    if (!was) notes.push(`wave pilot starts: ${policyLabel(twin)} is ${stageOfPolicy(twin)}, ${id} ${rest}`);
    // Compared by group ids: a wave name only one side could resolve is not a change.
    else if (groupIds(was) !== groupIds(twin)) {
      notes.push(`wave pilot of ${id} moves from ${was.wave.waves.join(', ')} to ${twin.wave.waves.join(', ')}: ${stageOfPolicy(twin)} for them, ${rest}`);
    }
  }
  for (const [id, was] of before) {
    if (after.has(id)) continue;
    const main = head?.policy(id);
    if (!main) continue;
    const stage = stageOfPolicy(main);
    const lost = stageRank(stageOfState(main.state) ?? 'off') < stageRank(stageOfState(was.state) ?? 'off');
    notes.push(
      lost
        ? `wave pilot of ${id} dropped: ${was.wave.waves.join(', ')} go from ${stageOfPolicy(was)} back to ${stage}; enforcement is taken away from them`
        : `wave pilot of ${id} finished: ${id} is ${stage} for everyone, in place (same address, same object), and its twin ${policyLabel(was)} is removed`,
    );
  }
  return notes;
}
