import { TF } from '../../../core/addresses';
import { resourcesOf } from '../../../analysis/model/queries';
import type { Finding, GuardrailRule } from '../../../guardrails/rule';

export const breakGlassNeverTargeted: GuardrailRule = {
  id: 'PRM-BG003',
  severity: 'error',
  trigger: 'A break-glass account is included by a policy or is made an eligible member of a PIM group.',
  explanation:
    'Break-glass accounts hold a permanent, directly assigned Global Administrator role and nothing else. Naming one in a policy include list makes it subject to that policy despite the exclusions elsewhere being the intent; making one PIM-eligible turns the emergency path into an everyday admin account whose use no longer stands out in the sign-in alerts.',
  fix: 'Remove the break-glass account from the policy include list or the PIM eligible members.',
  check({ model }) {
    const accounts = new Set(model.declared.breakGlassAccounts);
    const findings: Finding[] = model.policies.flatMap((policy) =>
      policy.conditions.users.includeUsers
        .filter((u) => accounts.has(u.id))
        .map((u) => ({ address: policy.address, target: policy.id, message: `${policy.id} includes break-glass account ${u.id}` })),
    );
    for (const r of resourcesOf(model, TF.groupEligibilitySchedule)) {
      const principal = r.config['principal_id'];
      if (typeof principal === 'string' && accounts.has(principal.toLowerCase())) {
        findings.push({ address: r.address, target: r.name, message: `break-glass account ${principal} is an eligible member of a PIM group` });
      }
    }
    return findings;
  },
};
