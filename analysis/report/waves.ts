/**
 * The report's view of wave pilots: for every piloted policy, its stage wave by wave and for
 * everyone else, and what the tenant's policy limit still allows.
 */
import { affordableWavePilots, MAX_POLICIES_PER_TENANT } from '../../core/microsoft/limits';
import type { EnvironmentModel } from '../model/types';
import { stageOfPolicy } from './describe';

/** The shape of analysis/report/document.ts's tables (a cell is a list of lines), kept here so neither imports the other. */
interface WaveTable {
  readonly title: string;
  readonly note: string;
  readonly columns: readonly string[];
  readonly rows: readonly (readonly (readonly string[])[])[];
}

/** One row per piloted policy: a column per wave in rollout order, then everyone else. */
export function waveProgressionTable(model: EnvironmentModel): WaveTable | undefined {
  const twins = model.policies.filter((p) => p.wave);
  if (!twins.length) return undefined;
  const declared = model.declared?.waves?.map((w) => w.name);
  const waves = declared ?? [...new Set(twins.flatMap((t) => t.wave!.waves))];
  const rows = twins.map((twin): string[][] => {
    const main = model.policy(twin.wave!.of);
    const rest = main ? stageOfPolicy(main) : 'missing';
    return [
      [main?.displayName ?? twin.wave!.of, `twin: ${twin.address}`],
      ...waves.map((w): string[] => [twin.wave!.waves.includes(w) ? stageOfPolicy(twin) : rest]),
      [rest],
    ];
  });
  return {
    title: 'Wave progression',
    note: 'Policies piloted in waves (policies.<id>.upTo): the stage each wave meets, in rollout order, and the stage of everyone after the waves. Promotion moves left to right; removing upTo enforces the policy for everyone in place and removes the twin.',
    columns: ['Policy', ...waves, 'Everyone else'],
    rows,
  };
}

/** `Waves: it-pilot, early-adopters; wave pilots: 1 (each adds one twin; 23 of the tenant's 195 policies used, room for 172 more)` */
export function waveSummary(model: EnvironmentModel): string | undefined {
  const twins = model.policies.filter((p) => p.wave).length;
  const waves = model.declared?.waves?.map((w) => w.name) ?? [];
  if (!twins && !waves.length) return undefined;
  const total = model.policies.length + model.unmanagedPolicies.length;
  return (
    `${waves.length ? `Waves: ${waves.join(', ')}; wave` : 'Wave'} pilots: ${twins} ` +
    `(each adds one twin; ${total} of the tenant's ${MAX_POLICIES_PER_TENANT} policies used, room for ${affordableWavePilots(total)} more)`
  );
}
