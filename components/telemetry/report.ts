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

/** The workspace, its diagnostics and saved searches, as the SOC reads them. */
function describeTelemetry(r: SynthesizedResource, _model: EnvironmentModel): ResourceDescription | undefined {
  const c = r.config;
  const facts = new Map<string, { text: string; raw?: string }>();
  switch (r.type) {
    case 'azurerm_resource_group':
      facts.set('location', { text: String(c.location ?? '') });
      return { subject: `resource group ${String(c.name ?? r.name)}`, facts };
    case 'azurerm_log_analytics_workspace':
      facts.set('keeps logs for', { text: `${String(c.retention_in_days ?? '?')} days` });
      facts.set('pricing', { text: String(c.sku ?? '') });
      return { subject: `Log Analytics workspace ${String(c.name ?? r.name)}`, facts };
    case 'azurerm_sentinel_log_analytics_workspace_onboarding':
      facts.set('Sentinel', { text: 'enabled on the workspace' });
      return { subject: 'Microsoft Sentinel', facts };
    case 'azurerm_monitor_aad_diagnostic_setting': {
      const categories = (Array.isArray(c.enabled_log) ? c.enabled_log : []).map((l) => String((l as { category?: unknown }).category ?? '')).filter(Boolean);
      facts.set('sends', { text: categories.join(', ') || 'nothing' });
      return { subject: 'Entra ID diagnostic setting: logs into the workspace', facts };
    }
    case 'azurerm_log_analytics_saved_search':
      facts.set('category', { text: String(c.category ?? '') });
      facts.set('query', { text: `${String(c.query ?? '').split('\n').length} lines of KQL`, raw: String(c.query ?? '') });
      return { subject: `saved search ${String(c.display_name ?? r.name)}`, facts };
    default:
      return undefined;
  }
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
    describe: describeTelemetry,
  },
];
