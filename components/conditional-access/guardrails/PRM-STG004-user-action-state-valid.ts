import { targetsUserAction } from '../../../analysis/model/queries';
import type { GuardrailRule } from '../../../guardrails/rule';

export const userActionStateValid: GuardrailRule = {
  id: 'PRM-STG004',
  severity: 'error',
  trigger: 'A policy that targets a user action is synthesized in the report-only state.',
  explanation: 'The service rejects enabledForReportingButNotEnforced for user-action policies; the deploy would fail halfway through the tenant.',
  fix: 'Use the stage mechanism (toPolicyState) for every policy; it holds user-action policies at disabled.',
  check({ model }) {
    return model.policies
      .filter((p) => targetsUserAction(p) && p.state === 'enabledForReportingButNotEnforced')
      .map((p) => ({ address: p.address, target: p.id, message: `${p.id} targets a user action but its state is enabledForReportingButNotEnforced` }));
  },
};
