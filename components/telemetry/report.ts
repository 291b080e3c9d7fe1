import { stageOfRuleConfig } from '../../core/stages';
import type { EnvironmentModel, SynthesizedResource } from '../../analysis/model/types';
import type { ResourceDescription, ResourceSection } from '../../analysis/report/sections';
import { durationWords } from '../../core/text';

/** An analytics rule as the SOC reads it: what it looks for, how often, how loud. */
function describeRule(r: SynthesizedResource, _model: EnvironmentModel): ResourceDescription {
  const c = r.config;
  const facts = new Map<string, { text: string; raw?: string }>();
  if (typeof c.description === 'string' && c.description) facts.set('looks for', { text: c.description });
  if (r.type.endsWith('_nrt')) facts.set('runs', { text: 'in near real time (every minute)' });
  else if (c.query_frequency !== undefined) facts.set('runs', { text: `every ${durationWords(c.query_frequency)}, over the last ${durationWords(c.query_period)}` });
  facts.set('severity', { text: String(c.severity ?? '') });
  const incident = (c.incident ?? {}) as { create_incident_enabled?: unknown };
  facts.set('raises', { text: incident.create_incident_enabled === true ? 'an alert and an incident' : 'an alert, no incident' });
  if (Array.isArray(c.tactics) && c.tactics.length) facts.set('MITRE ATT&CK', { text: [...c.tactics, ...(Array.isArray(c.techniques) ? c.techniques : [])].map(String).join(', ') });
  const query = String(c.query ?? '');
  facts.set('query', { text: `${query.split('\n').length} lines of KQL`, raw: query });
  return { subject: String(c.display_name ?? r.name), facts };
}

export const TELEMETRY_REPORT: readonly ResourceSection[] = [
  {
    title: 'Analytics rules',
    note: 'Stages: report-only raises alerts without incidents, enabled creates incidents; an off rule is not deployed.',
    matches: (r) => r.type.startsWith('azurerm_sentinel_alert_rule_'),
    stageOf: (r) => stageOfRuleConfig(r.config),
    describe: describeRule,
  },
  {
    title: 'Telemetry',
    matches: (r) =>
      r.type.startsWith('azurerm_log_analytics_') ||
      r.type.startsWith('azurerm_sentinel_') ||
      r.type === 'azurerm_monitor_aad_diagnostic_setting' ||
      r.type === 'azurerm_resource_group',
  },
];
