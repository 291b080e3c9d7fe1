import type { Finding, GuardrailRule } from '../model';
import { resourcesOfType } from '../model';
import { caPolicies } from '../ca-json';

const WORKSPACE = 'azurerm_log_analytics_workspace';
const MIN_RETENTION_DAYS = 90;

export const retentionAtLeast90Days: GuardrailRule = {
  id: 'PRM-TEL001',
  severity: 'error',
  area: 'Telemetry',
  trigger: `The identity workspace keeps logs for fewer than ${MIN_RETENTION_DAYS} days.`,
  explanation:
    'Sign-in and audit logs are the evidence for promoting a policy, for an incident that is found weeks later, and for an auditor. Entra keeps its own sign-in logs for 30 days at most; a workspace that keeps less than 90 loses the trail before most breaches are even discovered. Sentinel includes 90 days of retention at no extra charge.',
  fix: 'Set telemetry.workspace.retentionInDays to 90 or more (365 is the default).',
  check({ tf }) {
    return resourcesOfType(tf, WORKSPACE)
      .filter(([, w]) => typeof w['retention_in_days'] !== 'number' || (w['retention_in_days'] as number) < MIN_RETENTION_DAYS)
      .map(([name, w]) => ({
        address: `${WORKSPACE}.${name}`,
        target: 'telemetry',
        message: `the workspace keeps logs for ${String(w['retention_in_days'] ?? 'the default 30')} days; at least ${MIN_RETENTION_DAYS} are required`,
      }));
  },
};

export const signInLogsStreamed: GuardrailRule = {
  id: 'PRM-TEL002',
  severity: 'error',
  area: 'Telemetry',
  trigger: 'A Conditional Access policy is past off, but no Entra diagnostic setting streams SignInLogs to a Log Analytics workspace.',
  explanation:
    'Report-only mode writes its verdicts into the sign-in logs and nowhere else. Without SignInLogs in a workspace there is no evidence to promote a policy on, and no record of what an enabled policy blocked.',
  fix: 'Add a telemetry: section to the environment (SignInLogs is always streamed), or set every policy to off.',
  check({ tf, environment }) {
    const live = caPolicies(tf).filter(({ policy }) => policy.state !== 'disabled');
    if (!live.length) return [];
    const streams = resourcesOfType(tf, 'azurerm_monitor_aad_diagnostic_setting').some(
      ([, d]) =>
        typeof d['log_analytics_workspace_id'] === 'string' &&
        ((d['enabled_log'] as { category?: string }[] | undefined) ?? []).some((l) => l.category === 'SignInLogs'),
    );
    return streams
      ? []
      : [
          {
            address: environment.file,
            target: environment.name,
            message: `${live.map((p) => p.id).join(', ')} ${live.length === 1 ? 'is' : 'are'} past off, but no diagnostic setting streams SignInLogs to a workspace`,
          },
        ];
  },
};

export const breakGlassAlertLive: GuardrailRule = {
  id: 'PRM-TEL003',
  severity: 'error',
  area: 'Telemetry',
  trigger: 'The highest ring has telemetry but no enabled analytics rule for break-glass sign-ins (SEN001) watching every break-glass account.',
  explanation:
    'Break-glass accounts are excluded from every policy, which makes them the most attractive account in the tenant. Microsoft\'s guidance is to alert on every one of their sign-ins; in the environment that matters most that alert must exist and run.',
  fix: 'Give the environment a telemetry: section and keep SEN001 at report-only or enabled (telemetry.rules.SEN001.stage).',
  check({ tf, environment, isHighestRing }) {
    if (!isHighestRing || !resourcesOfType(tf, WORKSPACE).length) return [];
    const rule = tf.resource?.['azurerm_sentinel_alert_rule_nrt']?.['SEN001'] ?? tf.resource?.['azurerm_sentinel_alert_rule_scheduled']?.['SEN001'];
    const findings: Finding[] = [];
    if (!rule || rule['enabled'] === false) {
      findings.push({ address: environment.file, target: environment.name, message: `${environment.name} is the highest ring and has no enabled break-glass sign-in rule (SEN001)` });
    } else {
      const query = String(rule['query'] ?? '');
      const missing = environment.breakGlass.accounts.filter((a) => !query.includes(a));
      if (missing.length) {
        findings.push({ address: 'azurerm_sentinel_alert_rule_nrt.SEN001', target: 'SEN001', message: `the break-glass sign-in rule does not watch ${missing.join(', ')}` });
      }
    }
    return findings;
  },
};
