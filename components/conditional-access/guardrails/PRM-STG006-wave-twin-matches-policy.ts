import { policyLabel } from '../../../analysis/model/queries';
import type { PolicyModel, Ref } from '../../../analysis/model/types';
import type { Finding, GuardrailRule } from '../../../guardrails/rule';

const ids = (refs: readonly Ref[], without: ReadonlySet<string> = new Set()) => [...new Set(refs.map((r) => r.id).filter((id) => !without.has(id)))].sort();

/** Everything of a policy but who it includes, its state and its name: what a twin must share. */
function shared(p: PolicyModel, waveGroups: ReadonlySet<string>): Record<string, string> {
  const { users, ...conditions } = p.conditions;
  const stripRefs = (v: unknown): unknown => JSON.parse(JSON.stringify(v, (k, x: unknown) => (k === 'label' || k === 'terraform' ? undefined : x)));
  return {
    'excluded users': JSON.stringify(ids(users.excludeUsers)),
    'excluded groups': JSON.stringify(ids(users.excludeGroups, waveGroups)),
    'excluded roles': JSON.stringify(ids(users.excludeRoles)),
    'excluded guests': JSON.stringify(users.excludeGuestsOrExternalUsers ?? null),
    conditions: JSON.stringify(stripRefs(conditions)),
    grant: JSON.stringify(stripRefs(p.grantControls ?? null)),
    session: JSON.stringify(p.sessionControls ?? null),
  };
}

export const waveTwinMatchesPolicy: GuardrailRule = {
  id: 'PRM-STG006',
  severity: 'error',
  trigger: 'A wave twin differs from its policy in anything but whom it includes, its state and its name: an exclusion, a condition, a grant or a session control.',
  explanation:
    'A wave pilot enforces the very policy that will later be enforced for everyone, for its waves first. A twin that lacks one of its policy\'s exclusions (the break-glass group, the sync accounts, an environment exclusion) could lock out the people that exclusion exists for, and a twin with other conditions or controls pilots a different policy, whose evidence says nothing about the one promoted next.',
  fix: 'Let perimeter write the twin (policies.<id>.upTo); never edit a twin by hand or through an escape hatch.',
  check({ model }) {
    const findings: Finding[] = [];
    for (const twin of model.policies) {
      const main = twin.wave ? model.policy(twin.wave.of) : undefined;
      if (!twin.wave || !main) continue;
      const waveGroups = new Set(twin.conditions.users.includeGroups.map((g) => g.id));
      const a = shared(main, waveGroups);
      const b = shared(twin, waveGroups);
      const differing = Object.keys(a).filter((k) => a[k] !== b[k]);
      if (differing.length) {
        findings.push({ address: twin.address, target: twin.wave.of, message: `${policyLabel(twin)} differs from ${main.id} in its ${differing.join(', ')}` });
      }
    }
    return findings;
  },
};
