import { TF } from '../../../core/addresses';
import { resourcesOf } from '../../../analysis/model/queries';
import type { GuardrailRule } from '../../../guardrails/rule';

export const signInLogsStreamed: GuardrailRule = {
  id: 'PRM-TEL002',
  severity: 'error',
  trigger: 'A Conditional Access policy is past off, but no Entra diagnostic setting streams SignInLogs to a Log Analytics workspace.',
  explanation:
    'Report-only mode writes its verdicts into the sign-in logs and nowhere else. Without SignInLogs in a workspace there is no evidence to promote a policy on, and no record of what an enabled policy blocked.',
  fix: 'Add a telemetry: section to the environment (SignInLogs is always streamed), or set every policy to off.',
  check({ model }) {
    const live = model.policies.filter((p) => p.state !== 'disabled');
    if (!live.length) return [];
    const streams = resourcesOf(model, TF.diagnosticSetting).some(
      (d) =>
        typeof d.config['log_analytics_workspace_id'] === 'string' &&
        ((d.config['enabled_log'] as { category?: string }[] | undefined) ?? []).some((l) => l.category === 'SignInLogs'),
    );
    return streams
      ? []
      : [
          {
            address: model.declared.file,
            target: model.declared.name,
            message: `${live.map((p) => p.id).join(', ')} ${live.length === 1 ? 'is' : 'are'} past off, but no diagnostic setting streams SignInLogs to a workspace`,
          },
        ];
  },
};
