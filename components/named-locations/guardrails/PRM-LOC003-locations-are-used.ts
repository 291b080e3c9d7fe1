import { TF } from '../../../core/addresses';
import type { GuardrailRule } from '../../../guardrails/rule';

export const locationsAreUsed: GuardrailRule = {
  id: 'PRM-LOC003',
  severity: 'warning',
  trigger: 'A named location is referenced by no policy, managed or unmanaged (trusted IP locations count as referenced where a policy uses AllTrusted).',
  explanation:
    'A location nobody uses is configuration nobody reviews: its ranges go stale, and a later policy that starts using it inherits whatever it has drifted to.',
  fix: 'Reference the location from a policy (or directorySync.allowedLocation / countryAccess), or remove it.',
  check({ model }) {
    const refs = new Set<string>();
    let allTrusted = false;
    for (const policy of [...model.policies, ...model.unmanagedPolicies]) {
      const l = policy.conditions.locations;
      for (const ref of [...(l?.includeLocations ?? []), ...(l?.excludeLocations ?? [])]) {
        if (ref.id === 'AllTrusted') allTrusted = true;
        if (ref.terraform?.type === TF.namedLocation && ref.terraform.attribute === 'object_id') refs.add(ref.terraform.name);
      }
    }
    return model.namedLocations
      .filter((loc) => !refs.has(loc.key) && !(allTrusted && loc.kind === 'ip' && loc.isTrusted))
      .map(({ key, address }) => ({ address, target: key, message: `named location ${key} is not used by any policy` }));
  },
};
