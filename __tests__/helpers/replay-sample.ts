/**
 * The sample environments as the replay fixtures (analysis/replay/__fixtures__) were recorded
 * against: the Conditional Access of the samples before the wave pilot, the c1 step-up policy
 * and the P2 group narrowed them. The generator and the documented agreement figures are
 * checked against this policy set, so a change of the samples does not silently re-record the
 * evidence a reader of docs/replay.md is shown.
 */
import { mutateSample, writeEnvironments } from './synth';

type Edit = (env: Record<string, any>) => void;

/** Takes out what the samples gained after the fixtures were recorded; leaves every policy the fixtures saw as it was. */
export const asRecorded: Edit = (e) => {
  if (e.policies?.CA006?.upTo) {
    delete e.policies.CA006.upTo;
    delete e.policies.CA006.stage;
  }
  delete e.authenticationContexts;
  delete e.licensing;
  delete e.waves;
  // Groups the samples gained with the waves and the P2 licence (the generator draws memberships from every group).
  for (const key of ['it-staff', 'p2-licensed']) if (e.groups) delete e.groups[key];
  for (const role of Object.values((e.pim?.roles ?? {}) as Record<string, Record<string, unknown>>)) delete role.authenticationContext;
  if (Array.isArray(e.suppressions)) e.suppressions = e.suppressions.filter((s: { target: string }) => s.target !== 'AC001');
};

/** A folder holding both samples as recorded, with `edit` applied after. */
export function recordedSamples(edit?: Edit): string {
  const both: Edit = (e) => {
    asRecorded(e);
    edit?.(e);
  };
  return writeEnvironments({ dev: mutateSample('dev', both), prod: mutateSample('prod', both) });
}
