import type { GuardrailRule } from '../model';
import { BREAK_GLASS_GROUP_REF, caPolicies, includesAllApps, includesAllUsers, isBlock, narrowingConditions } from '../ca-json';

export const blockAllNeedsBreakGlassExclusion: GuardrailRule = {
  id: 'PRM-LCK001',
  severity: 'error',
  area: 'Lockout',
  trigger: 'A block policy targets All users and All resources without excluding the break-glass accounts.',
  explanation:
    'A block policy on All users and All resources that applies to the emergency accounts as well can leave nobody able to sign in to fix it: Conditional Access is enforced for the admin portals and Graph too. This is the classic tenant lockout.',
  fix: 'Exclude every break-glass account and the break_glass_exclusion group from the policy.',
  check({ environment, tf }) {
    return caPolicies(tf)
      .filter(({ policy }) => isBlock(policy) && includesAllUsers(policy) && includesAllApps(policy))
      .filter(({ policy }) => {
        const users = policy.conditions.users;
        const accountsOut = environment.breakGlass.accounts.every((a) => (users.excluded_users ?? []).includes(a));
        return !accountsOut && !(users.excluded_groups ?? []).includes(BREAK_GLASS_GROUP_REF);
      })
      .map(({ id, address }) => ({
        address,
        target: id,
        message: `${id} blocks All users on All resources and the break-glass accounts are not excluded`,
      }));
  },
};

export const noUnconditionalBlock: GuardrailRule = {
  id: 'PRM-LCK003',
  severity: 'error',
  area: 'Lockout',
  trigger: 'An enabled or report-only policy blocks All users on All resources with no narrowing condition.',
  explanation:
    'Without a client-app, location, platform, risk, flow or device condition, a block on All users and All resources refuses every sign-in of every person except the excluded ones. Even with the break-glass exclusion it takes the whole organisation offline.',
  fix: 'Add the condition the policy is about (for example client app types for legacy authentication, or a location), or target a narrower set of users or resources.',
  check({ tf }) {
    return caPolicies(tf)
      .filter(({ policy }) => policy.state !== 'disabled' && isBlock(policy) && includesAllUsers(policy) && includesAllApps(policy))
      .filter(({ policy }) => narrowingConditions(policy).length === 0 && !(policy.conditions.applications.excluded_applications ?? []).length)
      .map(({ id, address, policy }) => ({
        address,
        target: id,
        message: `${id} (${policy.state}) blocks All users on All resources with no condition that narrows it`,
      }));
  },
};
