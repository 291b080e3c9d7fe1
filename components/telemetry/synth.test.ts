import { App, TerraformStack, Testing } from '../../app/cdktf';
import { azurermProvider } from '../../app/providers/azurerm';
import { ANALYTICS_RULES } from './analytics-rules';

const RULE_IDS = ANALYTICS_RULES.map((r) => r.id);
import { REQUIRED_LOG_CATEGORIES } from './limits';
import { STAGES, toRuleSettings } from '../../core/stages';
import { policyOfWaveTwin } from '../../core/addresses';
import { fullSynth, mutateSample, resourcesOf, SAMPLE_DIR, synthStacks, writeEnvironments, readSample, type TfJson } from '../../__tests__/helpers/synth';

const NRT = 'azurerm_sentinel_alert_rule_nrt';
const SCHEDULED = 'azurerm_sentinel_alert_rule_scheduled';
const ONBOARDING_WORKSPACE = '${azurerm_sentinel_log_analytics_workspace_onboarding.identity_telemetry.workspace_id}';
const WORKSPACE_ID = '${azurerm_log_analytics_workspace.identity_telemetry.id}';

const stacks = synthStacks();
const prod = stacks.prod!;
const dev = stacks.dev!;

function rules(tf: TfJson): Record<string, Record<string, any>> {
  return { ...resourcesOf(tf, NRT), ...resourcesOf(tf, SCHEDULED) };
}

function incidentsByRule(tf: TfJson): Record<string, boolean> {
  return Object.fromEntries(Object.entries(rules(tf)).map(([id, r]) => [id, r.incident.create_incident_enabled as boolean]));
}

describe('stage -> rule mapping', () => {
  test('toRuleSettings is the one mapping', () => {
    expect(Object.fromEntries(STAGES.map((s) => [s, toRuleSettings(s)]))).toEqual({
      off: { created: false },
      'report-only': { created: true, enabled: true, createIncident: false },
      enabled: { created: true, enabled: true, createIncident: true },
    });
  });

  test('prod: SEN001 creates incidents, every other rule only alerts', () => {
    expect(incidentsByRule(prod)).toEqual({
      SEN001: true, SEN002: false, SEN003: false, SEN004: false, SEN005: false, SEN006: false, SEN007: false, SEN008: false, SEN009: false,
      SEN010: false, SEN011: false, SEN012: false,
    });
    for (const rule of Object.values(rules(prod))) expect(rule.enabled).toBe(true);
  });

  test('dev: SEN001 and SEN003 create incidents', () => {
    const enabled = Object.entries(incidentsByRule(dev)).filter(([, on]) => on).map(([id]) => id);
    expect(enabled).toEqual(['SEN001', 'SEN003']);
  });

  test('off: the rule is not created; promoting changes create_incident_enabled only', () => {
    const tf = synthStacks(
      writeEnvironments({
        prod: mutateSample('prod', (env) => {
          env.telemetry.rules.SEN004 = { stage: 'off' };
          env.telemetry.rules.SEN006 = { stage: 'enabled' };
        }),
      }),
    ).prod!;
    expect(Object.keys(rules(tf))).not.toContain('SEN004');
    const before = rules(prod).SEN006!;
    const after = rules(tf).SEN006!;
    expect(after.incident.create_incident_enabled).toBe(true);
    expect({ ...after, incident: { ...after.incident, create_incident_enabled: false } }).toEqual(before);
  });
});

describe('workspace, Sentinel and the Entra diagnostic setting (prod)', () => {
  test('one azurerm provider, bound to the YAML subscription, authenticating with OIDC', () => {
    expect(prod.provider!.azurerm).toEqual([
      { features: [{}], subscription_id: 'c5000000-0000-4000-8000-0000000000a1', use_oidc: true, resource_provider_registrations: 'none' },
    ]);
    expect(dev.provider!.azurerm).toEqual([
      { features: [{}], subscription_id: 'c5000000-0000-4000-8000-00000000de01', use_oidc: true, resource_provider_registrations: 'none' },
    ]);
  });

  test('resource group and PerGB2018 workspace with retention and prevent_destroy', () => {
    expect(resourcesOf(prod, 'azurerm_resource_group')).toEqual({
      identity_telemetry: { name: 'rg-identity-prod', location: 'westeurope', provider: 'azurerm' },
    });
    expect(resourcesOf(prod, 'azurerm_log_analytics_workspace').identity_telemetry).toEqual({
      name: 'law-identity-prod',
      resource_group_name: '${azurerm_resource_group.identity_telemetry.name}',
      location: '${azurerm_resource_group.identity_telemetry.location}',
      sku: 'PerGB2018',
      retention_in_days: 365,
      lifecycle: { prevent_destroy: true },
      provider: 'azurerm',
    });
    expect(resourcesOf(dev, 'azurerm_log_analytics_workspace').identity_telemetry!.retention_in_days).toBe(90);
  });

  test('Sentinel is onboarded on the workspace', () => {
    expect(resourcesOf(prod, 'azurerm_sentinel_log_analytics_workspace_onboarding')).toEqual({
      identity_telemetry: { workspace_id: WORKSPACE_ID, provider: 'azurerm' },
    });
  });

  test('the diagnostic setting streams the required categories plus the YAML additions to the workspace', () => {
    const setting = resourcesOf(prod, 'azurerm_monitor_aad_diagnostic_setting').entra_logs!;
    expect(setting.name).toBe('perimeter-law-identity-prod');
    expect(setting.log_analytics_workspace_id).toBe(WORKSPACE_ID);
    const categories = (setting.enabled_log as { category: string }[]).map((l) => l.category);
    expect(categories).toEqual(
      [...REQUIRED_LOG_CATEGORIES, 'MicrosoftGraphActivityLogs', 'RiskyServicePrincipals', 'ServicePrincipalRiskEvents'].sort(),
    );
    expect(categories).toContain('SignInLogs');
  });
});

describe('analytics rules (prod)', () => {
  const all = rules(prod);

  test('every rule exists once, at the address of its id, named after its id, on the onboarded workspace', () => {
    expect(Object.keys(all).sort()).toEqual([...RULE_IDS]);
    for (const [address, rule] of Object.entries(all)) {
      expect(rule.name).toBe(`perimeter-${address}`);
      expect(rule.display_name).toMatch(new RegExp(`^${address} `));
      expect(rule.log_analytics_workspace_id).toBe(ONBOARDING_WORKSPACE);
      expect(rule.tactics.length).toBeGreaterThan(0);
      expect(rule.techniques.every((t: string) => /^T\d{4}$/.test(t))).toBe(true);
      expect(['High', 'Medium', 'Low', 'Informational']).toContain(rule.severity);
      expect(rule.incident.grouping).toEqual({ enabled: true, lookback_duration: 'PT5H', entity_matching_method: 'AllEntities', reopen_closed_incidents: false });
    }
  });

  test('break-glass sign-in: high severity, near-real-time, account and IP entities', () => {
    const rule = resourcesOf(prod, NRT).SEN001!;
    expect(rule.severity).toBe('High');
    expect(rule.event_grouping).toEqual({ aggregation_method: 'AlertPerResult' });
    expect(rule.entity_mapping).toEqual([
      { entity_type: 'Account', field_mapping: [{ identifier: 'AadUserId', column_name: 'UserId' }, { identifier: 'FullName', column_name: 'UserPrincipalName' }] },
      { entity_type: 'IP', field_mapping: [{ identifier: 'Address', column_name: 'IPAddress' }] },
      { entity_type: 'CloudApplication', field_mapping: [{ identifier: 'Name', column_name: 'AppDisplayName' }] },
    ]);
  });

  test('near-real-time and scheduled rules', () => {
    expect(Object.keys(resourcesOf(prod, NRT)).sort()).toEqual(['SEN001', 'SEN002', 'SEN003', 'SEN004', 'SEN005', 'SEN008', 'SEN010', 'SEN011', 'SEN012']);
    expect(Object.keys(resourcesOf(prod, SCHEDULED)).sort()).toEqual(['SEN006', 'SEN007', 'SEN009']);
  });

  test('the sync-stall rule looks back over the threshold plus an hour, hourly, and stays quiet six hours after an alert', () => {
    const rule = resourcesOf(prod, SCHEDULED).SEN007!;
    expect(rule).toMatchObject({
      query_frequency: 'PT1H',
      query_period: 'PT4H',
      trigger_operator: 'GreaterThan',
      trigger_threshold: 0,
      suppression_enabled: true,
      suppression_duration: 'PT6H',
      event_grouping: { aggregation_method: 'SingleAlert' },
    });
    expect(resourcesOf(dev, SCHEDULED).SEN007!.query_period).toBe('PT7H');
  });

  test('legacy authentication runs hourly over the last hour', () => {
    expect(resourcesOf(prod, SCHEDULED).SEN006).toMatchObject({ query_frequency: 'PT1H', query_period: 'PT1H', severity: 'Medium' });
  });

  test('without directorySync there is no sync-stall rule', () => {
    const tf = synthStacks(
      writeEnvironments({
        prod: mutateSample('prod', (env) => {
          delete env.directorySync;
          delete env.policies.CA019;
        }),
      }),
    ).prod!;
    expect(Object.keys(resourcesOf(tf, SCHEDULED))).toEqual(['SEN006', 'SEN009']);
  });
});

describe('report-only evidence', () => {
  const searches = resourcesOf(prod, 'azurerm_log_analytics_saved_search');
  // A wave twin (CA006_waves) has no search of its own: the evidence of a policy is its main policy's.
  const policies = Object.keys(resourcesOf(prod, 'azuread_conditional_access_policy')).filter((p) => policyOfWaveTwin(p) === undefined);

  test('one saved search per Conditional Access policy, at the policy id', () => {
    expect(policies.length).toBeGreaterThan(0);
    expect(Object.keys(searches).sort()).toEqual([...policies].sort());
  });

  test('each search is named after its policy id and matches that policy by object id over the window', () => {
    for (const id of policies) {
      const search = searches[id]!;
      expect(search.name).toBe(`perimeter-report-only-${id}`);
      expect(search.log_analytics_workspace_id).toBe(WORKSPACE_ID);
      expect(search.category).toBe('perimeter: report-only evidence');
      expect(search.display_name).toMatch(new RegExp(`^${id} .*: report-only evidence$`));
      expect(search.query).toContain(`let PolicyObjectId = "\${azuread_conditional_access_policy.${id}.object_id}";`);
      expect(search.query).toContain('let Window = 14d;');
    }
    expect(resourcesOf(dev, 'azurerm_log_analytics_saved_search').CA001!.query).toContain('let Window = 7d;');
  });
});

test('an environment with every policy off and no telemetry has no azurerm resources or provider', () => {
  const tf = synthStacks(
    writeEnvironments({
      prod: mutateSample('prod', (env) => {
        delete env.telemetry;
        delete env.pim;
        delete env.authenticationContexts;
        env.stage = 'off';
        env.policies = {};
        env.suppressions = [];
      }),
    }),
  ).prod!;
  expect(Object.keys(tf.resource).filter((t) => t.startsWith('azurerm_'))).toEqual([]);
  expect(tf.provider!.azurerm).toBeUndefined();
});

describe('azurermProvider', () => {
  test('creates the provider once per stack', () => {
    const stack = new TerraformStack(new App({ stackTraces: false }), 'test');
    const first = azurermProvider(stack, 'c5000000-0000-4000-8000-0000000000a1');
    expect(azurermProvider(stack, 'c5000000-0000-4000-8000-0000000000a1')).toBe(first);
    expect(JSON.parse(Testing.synth(stack)).provider.azurerm).toHaveLength(1);
  });

  test('refuses a second subscription for a component that places resources in it', () => {
    const stack = new TerraformStack(new App({ stackTraces: false }), 'test');
    azurermProvider(stack, 'c5000000-0000-4000-8000-0000000000a1');
    expect(() => azurermProvider(stack, 'c5000000-0000-4000-8000-00000000de01', { placesResources: true })).toThrow(
      'test: the azurerm provider is already bound to subscription c5000000-0000-4000-8000-0000000000a1, not c5000000-0000-4000-8000-00000000de01',
    );
  });
});

test('the samples pass a full synth, validations included', () => {
  const { stacks: out } = fullSynth(SAMPLE_DIR);
  expect(Object.keys(resourcesOf(out.prod!, NRT))).toContain('SEN001');
  expect(readSample('prod')).toHaveProperty('telemetry.workspace.name', 'law-identity-prod');
});

// One evidence search stands for all: they differ only in the policy id (asserted above).
test('snapshot: the telemetry resources of prod', () => {
  const azurerm = Object.fromEntries(Object.entries(prod.resource).filter(([type]) => type.startsWith('azurerm_')));
  azurerm.azurerm_log_analytics_saved_search = { CA001: azurerm.azurerm_log_analytics_saved_search!.CA001! };
  expect({ provider: prod.provider!.azurerm, resource: azurerm }).toMatchSnapshot();
});
