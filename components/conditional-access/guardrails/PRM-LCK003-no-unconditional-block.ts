import { includesAllApps, includesAllUsers, isBlock, narrowingConditions } from '../../../analysis/model/queries';
import type { GuardrailRule } from '../../../guardrails/rule';

export const noUnconditionalBlock: GuardrailRule = {
  id: 'PRM-LCK003',
  severity: 'error',
  trigger: 'An enabled or report-only policy blocks All users on All resources with no narrowing condition.',
  explanation:
    'Without a client-app, location, platform, risk, flow or device condition, a block on All users and All resources refuses every sign-in of every person except the excluded ones. Even with the break-glass exclusion it takes the whole organisation offline.',
  fix: 'Add the condition the policy is about (for example client app types for legacy authentication, or a location), or target a narrower set of users or resources.',
  check({ model }) {
    return model.policies
      .filter((p) => p.state !== 'disabled' && isBlock(p) && includesAllUsers(p) && includesAllApps(p))
      .filter((p) => narrowingConditions(p).length === 0 && !p.conditions.applications.excludeApplications.length)
      .map((p) => ({ address: p.address, target: p.id, message: `${p.id} (${p.state}) blocks All users on All resources with no condition that narrows it` }));
  },
};
