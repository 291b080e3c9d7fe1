import { LogAnalyticsSavedSearch } from '@cdktf/provider-azurerm/lib/log-analytics-saved-search';
import { LogAnalyticsWorkspace } from '@cdktf/provider-azurerm/lib/log-analytics-workspace';
import { MonitorAadDiagnosticSetting } from '@cdktf/provider-azurerm/lib/monitor-aad-diagnostic-setting';
import { ResourceGroup } from '@cdktf/provider-azurerm/lib/resource-group';
import { SentinelAlertRuleNrt } from '@cdktf/provider-azurerm/lib/sentinel-alert-rule-nrt';
import { SentinelAlertRuleScheduled } from '@cdktf/provider-azurerm/lib/sentinel-alert-rule-scheduled';
import { SentinelLogAnalyticsWorkspaceOnboarding } from '@cdktf/provider-azurerm/lib/sentinel-log-analytics-workspace-onboarding';
import type { AzurermProvider } from '@cdktf/provider-azurerm/lib/provider';
import { Construct } from '../../app/cdktf';
import { azurermProvider } from '../../app/providers/azurerm';
import { DIAGNOSTIC_SETTING_NAME, evidenceSearchName, sentinelRuleName, TELEMETRY_NAME } from '../../core/addresses';
import { toRuleSettings } from '../../core/stages';
import { analyticsRule, type EntityMapping, type RuleId, type RuleInputs } from './analytics-rules';
import { reportOnlyEvidenceQuery } from './queries';
import type { TelemetrySpec } from './section';

export interface EvidencePolicy {
  /** Stable policy id such as `CA001`: the saved search's address and name derive from it. */
  readonly id: string;
  readonly displayName: string;
  /** The policy's object id in the tenant (a Terraform reference). */
  readonly objectId: string;
}

export interface IdentityTelemetryProps {
  readonly telemetry: TelemetrySpec;
  readonly breakGlassAccountIds: readonly string[];
  /** Empty without `directorySync:`; the sync-stall rule is then not part of the environment. */
  readonly directorySyncAccountIds: readonly string[];
  /** One report-only evidence search per policy. */
  readonly policies: readonly EvidencePolicy[];
}

function entityMappings(entities: readonly EntityMapping[]) {
  return entities.map((e) => ({
    entityType: e.entityType,
    fieldMapping: Object.entries(e.fields).map(([identifier, columnName]) => ({ identifier, columnName: String(columnName) })),
  }));
}

/**
 * Entra sign-in, audit and provisioning logs in a Sentinel-enabled Log Analytics workspace,
 * the analytics rules that watch them, and the report-only evidence per Conditional Access
 * policy. Every address is a stable key: `azurerm_sentinel_alert_rule_nrt.SEN001`,
 * `azurerm_log_analytics_saved_search.CA001`.
 */
export class IdentityTelemetry extends Construct {
  readonly workspace: LogAnalyticsWorkspace;
  readonly onboarding: SentinelLogAnalyticsWorkspaceOnboarding;
  readonly diagnosticSetting: MonitorAadDiagnosticSetting;
  readonly rules: ReadonlyMap<RuleId, SentinelAlertRuleNrt | SentinelAlertRuleScheduled>;
  readonly evidence: ReadonlyMap<string, LogAnalyticsSavedSearch>;

  constructor(scope: Construct, id: string, props: IdentityTelemetryProps) {
    super(scope, id);
    const t = props.telemetry;
    const provider = azurermProvider(this, t.workspace.subscriptionId, { placesResources: true });
    const { workspace, onboarding } = this.addWorkspace(provider, t);
    this.workspace = workspace;
    this.onboarding = onboarding;

    // Tenant-level: one setting per workspace, named after it.
    this.diagnosticSetting = new MonitorAadDiagnosticSetting(this, 'entra-logs', {
      provider,
      name: `perimeter-${t.workspace.name}`,
      logAnalyticsWorkspaceId: this.workspace.id,
      enabledLog: t.logCategories.map((category) => ({ category })),
    });
    this.diagnosticSetting.overrideLogicalId(DIAGNOSTIC_SETTING_NAME);

    this.rules = this.addAnalyticsRules(provider, t, {
      breakGlassAccountIds: props.breakGlassAccountIds,
      directorySyncAccountIds: props.directorySyncAccountIds,
      ...(t.deploymentAppId !== undefined ? { deploymentAppId: t.deploymentAppId } : {}),
      syncStallMinutes: t.syncStallMinutes,
    });
    this.evidence = this.addEvidenceSearches(provider, t, props.policies);
  }

  /** The resource group, the workspace and Sentinel on it. */
  private addWorkspace(provider: AzurermProvider, t: TelemetrySpec) {
    const group = new ResourceGroup(this, 'resource-group', {
      provider,
      name: t.workspace.resourceGroup,
      location: t.workspace.location,
    });
    group.overrideLogicalId(TELEMETRY_NAME);

    const workspace = new LogAnalyticsWorkspace(this, 'workspace', {
      provider,
      name: t.workspace.name,
      resourceGroupName: group.name,
      location: group.location,
      sku: 'PerGB2018',
      retentionInDays: t.workspace.retentionInDays,
      // Years of sign-in evidence must not disappear with a rename or a bad refactor:
      // Terraform refuses any plan that destroys the workspace.
      lifecycle: { preventDestroy: true },
    });
    workspace.overrideLogicalId(TELEMETRY_NAME);

    const onboarding = new SentinelLogAnalyticsWorkspaceOnboarding(this, 'sentinel', {
      provider,
      workspaceId: workspace.id,
    });
    onboarding.overrideLogicalId(TELEMETRY_NAME);
    return { workspace, onboarding };
  }

  /** One analytics rule per rule id the environment has past off, at its stage. */
  private addAnalyticsRules(provider: AzurermProvider, t: TelemetrySpec, inputs: RuleInputs) {
    const rules = new Map<RuleId, SentinelAlertRuleNrt | SentinelAlertRuleScheduled>();
    for (const rule of t.rules) {
      const settings = toRuleSettings(rule.stage);
      if (!settings.created) continue;
      const def = analyticsRule(rule.id);
      const common = {
        provider,
        name: sentinelRuleName(rule.id),
        // The onboarding's workspace id, not the workspace's: a rule can only exist once
        // Sentinel is on, and this reference makes Terraform wait for it.
        logAnalyticsWorkspaceId: this.onboarding.workspaceId,
        displayName: `${rule.id} ${rule.title}`,
        description: def.description,
        severity: def.severity,
        enabled: settings.enabled,
        query: def.query(inputs),
        tactics: [...def.tactics],
        techniques: [...def.techniques],
        eventGrouping: { aggregationMethod: def.eventGrouping },
        incident: {
          createIncidentEnabled: settings.createIncident,
          // Identical at every stage, so promoting a rule changes create_incident_enabled only.
          grouping: { enabled: true, lookbackDuration: 'PT5H', entityMatchingMethod: 'AllEntities', reopenClosedIncidents: false },
        },
        ...(def.entities.length ? { entityMapping: entityMappings(def.entities) } : {}),
      };
      const resource =
        def.kind === 'nrt'
          ? new SentinelAlertRuleNrt(this, rule.id, common)
          : new SentinelAlertRuleScheduled(this, rule.id, {
              ...common,
              queryFrequency: def.queryFrequency(inputs),
              queryPeriod: def.queryPeriod(inputs),
              triggerOperator: 'GreaterThan',
              triggerThreshold: 0,
              ...(def.suppression ? { suppressionEnabled: true, suppressionDuration: def.suppression } : {}),
            });
      resource.overrideLogicalId(rule.id);
      rules.set(rule.id, resource);
    }
    return rules;
  }

  /** One report-only evidence search per policy. */
  private addEvidenceSearches(provider: AzurermProvider, t: TelemetrySpec, policies: readonly EvidencePolicy[]) {
    const evidence = new Map<string, LogAnalyticsSavedSearch>();
    for (const policy of policies) {
      const search = new LogAnalyticsSavedSearch(this, `evidence-${policy.id}`, {
        provider,
        name: evidenceSearchName(policy.id),
        logAnalyticsWorkspaceId: this.workspace.id,
        category: 'perimeter: report-only evidence',
        displayName: `${policy.displayName}: report-only evidence`,
        query: reportOnlyEvidenceQuery({
          policyId: policy.id,
          displayName: policy.displayName,
          policyObjectId: policy.objectId,
          windowDays: t.reportOnlyWindowDays,
        }),
      });
      search.overrideLogicalId(policy.id);
      evidence.set(policy.id, search);
    }
    return evidence;
  }
}
