import { excludesBreakGlassGroup, includesAllApps, includesAllUsers, isBlock } from '../../../analysis/model/queries';
import type { GuardrailRule } from '../../../guardrails/rule';

export const blockAllNeedsBreakGlassExclusion: GuardrailRule = {
  id: 'PRM-LCK001',
  severity: 'error',
  trigger: 'A block policy targets All users and All resources without excluding the break-glass accounts.',
  explanation:
    'A block policy on All users and All resources that applies to the emergency accounts as well can leave nobody able to sign in to fix it: Conditional Access is enforced for the admin portals and Graph too. This is the classic tenant lockout.',
  fix: 'Exclude every break-glass account and the break_glass_exclusion group from the policy.',
  check({ model }) {
    return model.policies
      .filter((p) => isBlock(p) && includesAllUsers(p) && includesAllApps(p))
      .filter((p) => {
        const excluded = new Set(p.conditions.users.excludeUsers.map((u) => u.id));
        const accountsOut = model.declared.breakGlassAccounts.every((a) => excluded.has(a));
        return !accountsOut && !excludesBreakGlassGroup(p);
      })
      .map((p) => ({
        address: p.address,
        target: p.id,
        message: `${p.id} blocks All users on All resources and the break-glass accounts are not excluded`,
      }));
  },
};
