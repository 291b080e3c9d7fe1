import type { GuardrailRule } from '../model';
import { caPolicies, targetsUserAction } from '../ca-json';
import { checkRingOrder, stagedItems } from '../../../config/rings';
import { targetsUserAction as definitionTargetsUserAction } from '../../../policies/model';
import { toPolicyState } from '../../../policies/stages';

export const ringOrder: GuardrailRule = {
  id: 'PRM-STG001',
  severity: 'error',
  area: 'Stages',
  trigger: 'A policy or rule is further along in a higher ring than in a lower ring.',
  explanation:
    'Rings exist so that a change meets real sign-ins in a small tenant before it meets the whole company. Enforcing something in production that the lab tenant only reports on skips that evidence. A policy an environment does not have counts as off there.',
  fix: 'Promote the item in the lower ring first, or lower its stage in the higher ring.',
  check({ environment, peers }) {
    const members = peers.map((p) => ({ name: p.environment.name, file: p.environment.file, ring: p.environment.ring, stages: stagedItems(p.environment) }));
    const ids = [...new Set(members.flatMap((m) => [...m.stages.keys()]))].sort();
    return checkRingOrder(members, ids)
      .filter((p) => p.file === environment.file)
      .map((p) => {
        const id = p.path.split('.').find((part) => ids.includes(part)) ?? environment.name;
        return { address: p.path, target: id, message: p.message };
      });
  },
};

export const reportOnlyFirst: GuardrailRule = {
  id: 'PRM-STG002',
  severity: 'error',
  area: 'Stages',
  phase: 'diff',
  trigger: 'A change takes a policy from absent or off straight to enabled in an environment.',
  explanation:
    'Every new policy ships in report-only, is validated against real sign-in logs, then is enforced. Going straight to enabled skips the only evidence that the policy blocks what it should and nothing else. Evaluated by `npm run diff`, which compares the change with its base.',
  fix: 'Promote the policy to report-only in this change and to enabled in a later one, after reading its report-only results.',
};

export const userActionNotReportOnly: GuardrailRule = {
  id: 'PRM-STG003',
  severity: 'warning',
  area: 'Stages',
  trigger: 'A policy that targets a user action is at report-only, so it is synthesized as disabled.',
  explanation:
    'Microsoft does not support report-only for policies that target registering security info or devices. perimeter holds such a policy at disabled rather than emit a state the service rejects, so at report-only it protects nothing and reports nothing.',
  fix: 'Set the policy to off explicitly while it is not enforced, or promote it to enabled (in the lower ring first).',
  check({ environment }) {
    return environment.policies
      .map((p) => ({ p, decision: toPolicyState(p.stage, { targetsUserAction: definitionTargetsUserAction(p.definition) }) }))
      .filter(({ decision }) => decision.downgradeReason !== undefined)
      .map(({ p, decision }) => ({
        address: `azuread_conditional_access_policy.${p.definition.id}`,
        target: p.definition.id,
        message: `${p.definition.id} is at ${p.stage}: ${decision.downgradeReason}`,
      }));
  },
};

export const userActionStateValid: GuardrailRule = {
  id: 'PRM-STG004',
  severity: 'error',
  area: 'Stages',
  trigger: 'A policy that targets a user action is synthesized in the report-only state.',
  explanation: 'The service rejects enabledForReportingButNotEnforced for user-action policies; the deploy would fail halfway through the tenant.',
  fix: 'Use the stage mechanism (toPolicyState) for every policy; it holds user-action policies at disabled.',
  check({ tf }) {
    return caPolicies(tf)
      .filter(({ policy }) => targetsUserAction(policy) && policy.state === 'enabledForReportingButNotEnforced')
      .map(({ id, address }) => ({ address, target: id, message: `${id} targets a user action but its state is enabledForReportingButNotEnforced` }));
  },
};
