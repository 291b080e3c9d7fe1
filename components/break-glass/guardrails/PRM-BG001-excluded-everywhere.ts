import { excludesBreakGlassGroup } from '../../../analysis/model/queries';
import type { GuardrailRule } from '../../../guardrails/rule';

export const breakGlassExcludedEverywhere: GuardrailRule = {
  id: 'PRM-BG001',
  severity: 'error',
  trigger: 'A Conditional Access policy does not exclude every break-glass account, by object id and through the exclusion group.',
  explanation:
    'The emergency access accounts are the way back in when a policy, federation or MFA outage locks everyone else out. A policy that applies to them can lock them out too; Microsoft recommends excluding them from every policy. They are excluded directly (so the exclusion survives a broken group) and through the role-assignable exclusion group (so the intent is visible in the portal).',
  fix: 'Do not remove the break-glass exclusions from a policy; policies built from baseline/ get them automatically. If a policy was added by other means, exclude breakGlass.accounts and the break_glass_exclusion group.',
  check({ model }) {
    return model.policies.flatMap((policy) => {
      const excluded = new Set(policy.conditions.users.excludeUsers.map((u) => u.id));
      const missing = model.declared.breakGlassAccounts.filter((a) => !excluded.has(a));
      const groupMissing = !excludesBreakGlassGroup(policy);
      if (!missing.length && !groupMissing) return [];
      const parts = [
        ...(missing.length ? [`break-glass account${missing.length > 1 ? 's' : ''} ${missing.join(', ')}`] : []),
        ...(groupMissing ? ['the break_glass_exclusion group'] : []),
      ];
      return [{ address: policy.address, target: policy.id, message: `${policy.id} does not exclude ${parts.join(' or ')}` }];
    });
  },
};
