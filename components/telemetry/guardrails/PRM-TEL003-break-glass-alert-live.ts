import { TF } from '../../../core/addresses';
import { resourcesOf } from '../../../analysis/model/queries';
import type { Finding, GuardrailRule } from '../../../guardrails/rule';

export const breakGlassAlertLive: GuardrailRule = {
  id: 'PRM-TEL003',
  severity: 'error',
  trigger: 'The highest ring has telemetry but no enabled analytics rule for break-glass sign-ins (SEN001) watching every break-glass account.',
  explanation:
    'Break-glass accounts are excluded from every policy, which makes them the most attractive account in the tenant. Microsoft\'s guidance is to alert on every one of their sign-ins; in the environment that matters most that alert must exist and run.',
  fix: 'Give the environment a telemetry: section and keep SEN001 at report-only or enabled (telemetry.rules.SEN001.stage).',
  check({ model, isHighestRing }) {
    const { declared } = model;
    if (!isHighestRing || !resourcesOf(model, TF.workspace).length) return [];
    const rule = model.resources.find((r) => (r.type === TF.nrtRule || r.type === TF.scheduledRule) && r.name === 'SEN001');
    const findings: Finding[] = [];
    if (!rule || rule.config['enabled'] === false) {
      findings.push({ address: declared.file, target: declared.name, message: `${declared.name} is the highest ring and has no enabled break-glass sign-in rule (SEN001)` });
    } else {
      const query = String(rule.config['query'] ?? '').toLowerCase();
      const missing = declared.breakGlassAccounts.filter((a) => !query.includes(a));
      if (missing.length) {
        findings.push({ address: `${TF.nrtRule}.SEN001`, target: 'SEN001', message: `the break-glass sign-in rule does not watch ${missing.join(', ')}` });
      }
    }
    return findings;
  },
};
