import { DIRECTORY_ROLES, TIER0_ROLES } from '../../core/microsoft/directory-roles';
import {
  LEGACY_CLIENT_APPS,
  isoDuration,
  kqlList,
  reportOnlyEvidenceQuery,
} from './queries';
import { analyticsRule, ANALYTICS_RULES, type RuleId } from './analytics-rules';

const RULE_IDS = ANALYTICS_RULES.map((r) => r.id);
import { readSample, synthStacks, type TfJson } from '../../__tests__/helpers/synth';

const stacks = synthStacks();

function ruleQueries(tf: TfJson): Record<string, string> {
  const out: Record<string, string> = {};
  for (const type of ['azurerm_sentinel_alert_rule_nrt', 'azurerm_sentinel_alert_rule_scheduled']) {
    for (const [address, rule] of Object.entries(tf.resource[type] ?? {})) out[address] = rule.query as string;
  }
  return out;
}

interface SampleIds {
  breakGlass: string[];
  sync: string[];
  deployApp: string;
  stallMinutes: number;
}

function idsOf(name: string): SampleIds {
  const env = readSample(name) as any;
  return { breakGlass: env.breakGlass.accounts, sync: env.directorySync.accounts, deployApp: env.telemetry.deploymentAppId, stallMinutes: env.telemetry.syncStallMinutes };
}

const TIER0_IDS = TIER0_ROLES.map((r) => DIRECTORY_ROLES[r]);

/** What each rule's query must reference, from the sample environment. Every rule id must be here. */
const EXPECTED: Record<RuleId, (ids: SampleIds) => string[]> = {
  SEN001: (ids) => [...ids.breakGlass],
  SEN002: (ids) => [...ids.breakGlass, ids.deployApp],
  SEN003: (ids) => [ids.deployApp],
  SEN004: () => [...TIER0_IDS, 'Global Administrator', 'completed (PIM activation)', 'GroupManagement'],
  SEN005: (ids) => [...TIER0_IDS, ids.deployApp, 'Add member to role outside of PIM', 'MS-PIM'],
  SEN006: () => [...LEGACY_CLIENT_APPS, 'ResultType == "0"'],
  SEN007: (ids) => [...ids.sync, 'ConnectSyncProvisioning_', `StallThreshold = ${ids.stallMinutes}m;`],
  SEN008: (ids) => [...ids.breakGlass, 'RiskLevelDuringSignIn == "high"', 'ResultType == "0"'],
  SEN009: (ids) => [...ids.breakGlass, ...ids.sync, 'ConditionalAccessStatus == "notApplied"', 'UserType == "Member"'],
  SEN010: () => ['Self-service Password Management', 'Enable password writeback for directory', 'Reset password (self-service)'],
  SEN011: () => ['Set domain authentication', 'Set federation settings on domain'],
  SEN012: (ids) => [ids.deployApp, 'Set DirSync feature', 'Set accidental deletion threshold', 'ByPipeline'],
};

test('the expectations cover every rule', () => {
  expect(Object.keys(EXPECTED).sort()).toEqual([...RULE_IDS].sort());
});

describe.each(['dev', 'prod'])('KQL of every rule in %s references the sample identifiers', (name) => {
  const queries = ruleQueries(stacks[name]!);
  const ids = idsOf(name);

  test('every rule of the environment is synthesized', () => {
    expect(Object.keys(queries).sort()).toEqual([...RULE_IDS].sort());
  });

  test.each([...RULE_IDS])('%s', (id) => {
    const query = queries[id]!;
    for (const expected of EXPECTED[id](ids)) expect(query).toContain(expected);
  });

  test('break-glass ids are inlined as a KQL list, in YAML order', () => {
    expect(queries.SEN001).toContain(`let BreakGlassAccounts = ${kqlList(ids.breakGlass)};`);
    expect(queries.SEN001).toContain('SigninLogs | where UserId in (BreakGlassAccounts)');
    expect(queries.SEN001).toContain('AADNonInteractiveUserSignInLogs | where UserId in (BreakGlassAccounts)');
  });

  test('the tamper rule ignores exactly the deployment app id', () => {
    expect(queries.SEN003).toContain(`let DeploymentAppId = "${ids.deployApp}";`);
    expect(queries.SEN003).toContain('| where ActorAppId != DeploymentAppId');
    for (const op of ['Update conditional access policy', 'Delete named location']) expect(queries.SEN003).toContain(op);
  });

  test('the sync-stall rule watches exactly the sync accounts', () => {
    expect(queries.SEN007).toContain(`let SyncAccounts = ${kqlList(ids.sync)};`);
    expect(queries.SEN007).toContain('summarize LastActivity = max(TimeGenerated)');
    expect(queries.SEN007).toContain('isnull(LastActivity) or LastActivity < ago(StallThreshold)');
  });

  test('the no-policy-applied rule reads interactive member sign-ins only, break-glass and sync accounts left out', () => {
    expect(queries.SEN009).toContain(`let ExemptAccounts = ${kqlList([...ids.breakGlass, ...ids.sync])};`);
    expect(queries.SEN009).toContain('\nSigninLogs\n');
    expect(queries.SEN009).not.toContain('AADNonInteractiveUserSignInLogs');
    expect(queries.SEN009).toContain('| where UserId !in (ExemptAccounts)');
  });

  test('no rule references another environment\'s identities', () => {
    const other = idsOf(name === 'dev' ? 'prod' : 'dev');
    for (const query of Object.values(queries)) {
      for (const id of [...other.breakGlass, ...other.sync, other.deployApp]) expect(query).not.toContain(id);
    }
  });
});

test('every entity column a rule maps is a column its query produces', () => {
  const inputs = { breakGlassAccountIds: ['b'], directorySyncAccountIds: ['s'], deploymentAppId: 'd', syncStallMinutes: 180 };
  for (const id of RULE_IDS) {
    const def = analyticsRule(id);
    const query = def.query(inputs);
    for (const entity of def.entities) {
      for (const column of Object.values(entity.fields)) expect(query).toMatch(new RegExp(`\\b${column}\\b`));
    }
    expect(def.entities.length).toBeLessThanOrEqual(def.kind === 'nrt' ? 5 : 10);
  }
});

test('the tamper query cannot be built without a deployment app id', () => {
  expect(() => analyticsRule('SEN003').query({ breakGlassAccountIds: ['b'], directorySyncAccountIds: [], syncStallMinutes: 180 })).toThrow(
    'SEN003 needs deploymentAppId',
  );
});

describe('report-only evidence query', () => {
  const query = reportOnlyEvidenceQuery({
    policyId: 'CA003',
    displayName: 'CA003 Block legacy authentication',
    policyObjectId: '${azuread_conditional_access_policy.CA003.object_id}',
    windowDays: 14,
  });

  test('matches the policy by object id over the window', () => {
    expect(query).toContain('let PolicyObjectId = "${azuread_conditional_access_policy.CA003.object_id}";');
    expect(query).toContain('let Window = 14d;');
    expect(query).toContain('| where tostring(Policy.id) == PolicyObjectId');
  });

  test('keeps report-only failures and interruptions only, grouped by user and app', () => {
    expect(query).toContain('| where Result in ("reportOnlyFailure", "reportOnlyInterrupted")');
    expect(query).toContain('by UserPrincipalName, UserId, AppDisplayName, AppId');
  });

  test('reads ConditionalAccessPolicies as dynamic in both sign-in tables', () => {
    expect(query.match(/Policies = todynamic\(ConditionalAccessPolicies\)/g)).toHaveLength(2);
  });
});

test.each([
  [30, 'PT30M'],
  [60, 'PT1H'],
  [240, 'PT4H'],
  [150, 'PT2H30M'],
  [1440, 'P1D'],
  [1530, 'P1DT1H30M'],
  [20_160, 'P14D'],
])('isoDuration(%p) is %p', (minutes, iso) => {
  expect(isoDuration(minutes)).toBe(iso);
});

test('isoDuration refuses zero', () => {
  expect(() => isoDuration(0)).toThrow('positive whole number of minutes');
});
