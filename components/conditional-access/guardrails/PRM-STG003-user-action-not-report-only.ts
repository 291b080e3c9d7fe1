import { toPolicyState } from '../../../core/stages';
import { targetsUserAction } from '../../../analysis/model/queries';
import type { Finding, GuardrailRule } from '../../../guardrails/rule';

export const userActionNotReportOnly: GuardrailRule = {
  id: 'PRM-STG003',
  severity: 'warning',
  trigger: 'A policy that targets a user action is at report-only, so it is synthesized as disabled.',
  explanation:
    'Microsoft does not support report-only for policies that target registering security info or devices. perimeter holds such a policy at disabled rather than emit a state the service rejects, so at report-only it protects nothing and reports nothing.',
  fix: 'Set the policy to off explicitly while it is not enforced, or promote it to enabled (in the lower ring first).',
  check({ model }) {
    const findings: Finding[] = [];
    for (const item of model.declared.staged) {
      const policy = item.kind === 'policy' ? model.policy(item.id) : undefined;
      if (!policy) continue;
      const decision = toPolicyState(item.stage, { targetsUserAction: targetsUserAction(policy) });
      if (decision.downgradeReason === undefined) continue;
      findings.push({ address: policy.address, target: item.id, message: `${item.id} is at ${item.stage}: ${decision.downgradeReason}` });
    }
    return findings;
  },
};
