import { TF } from '../../../core/addresses';
import { resourcesOf } from '../../../analysis/model/queries';
import type { GuardrailRule } from '../../../guardrails/rule';
import { RETENTION_DAYS } from '../limits';

export const retentionAtLeast90Days: GuardrailRule = {
  id: 'PRM-TEL001',
  severity: 'error',
  trigger: `The identity workspace keeps logs for fewer than ${RETENTION_DAYS.min} days.`,
  explanation:
    'Sign-in and audit logs are the evidence for promoting a policy, for an incident that is found weeks later, and for an auditor. Entra keeps its own sign-in logs for 30 days at most; a workspace that keeps less than 90 loses the trail before most breaches are even discovered. Sentinel includes 90 days of retention at no extra charge.',
  fix: 'Set telemetry.workspace.retentionInDays to 90 or more (365 is the default).',
  check({ model }) {
    return resourcesOf(model, TF.workspace)
      .filter((w) => typeof w.config['retention_in_days'] !== 'number' || (w.config['retention_in_days'] as number) < RETENTION_DAYS.min)
      .map((w) => ({
        address: w.address,
        target: 'telemetry',
        message: `the workspace keeps logs for ${String(w.config['retention_in_days'] ?? 'the default 30')} days; at least ${RETENTION_DAYS.min} are required`,
      }));
  },
};
