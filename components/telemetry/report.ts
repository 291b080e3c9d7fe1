import { stageOfRuleConfig } from '../../core/stages';
import type { ResourceSection } from '../../analysis/report/sections';

export const TELEMETRY_REPORT: readonly ResourceSection[] = [
  {
    title: 'Analytics rules',
    note: 'Stages: report-only raises alerts without incidents, enabled creates incidents; an off rule is not deployed.',
    matches: (r) => r.type.startsWith('azurerm_sentinel_alert_rule_'),
    stageOf: (r) => stageOfRuleConfig(r.config),
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
