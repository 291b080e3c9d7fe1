import { formatProblem, isPerimeterError } from '../../core/problems';
import { appFromFiles } from '../../cli/synth';
import { ENTRA_LOG_CATEGORIES, REQUIRED_LOG_CATEGORIES } from './limits';
import { signInEvidenceProblem } from './section';
import { loadMutated, readSample, writeEnvironments } from '../../__tests__/helpers/synth';

function onlyProblem(name: string, edit: (env: Record<string, any>) => void): string {
  const { problems } = loadMutated(name, edit);
  expect(problems).toHaveLength(1);
  return problems[0]!;
}

describe('the sample telemetry sections', () => {
  test('resolve with defaults and the required categories added', () => {
    const { environment, problems } = loadMutated('prod', () => undefined);
    expect(problems).toEqual([]);
    const t = environment!.telemetry!;
    expect(t.workspace).toEqual({
      name: 'law-identity-prod',
      resourceGroup: 'rg-identity-prod',
      location: 'westeurope',
      subscriptionId: 'c5000000-0000-4000-8000-0000000000a1',
      retentionInDays: 365,
    });
    expect(t.logCategories).toEqual([...REQUIRED_LOG_CATEGORIES, 'MicrosoftGraphActivityLogs', 'RiskyServicePrincipals', 'ServicePrincipalRiskEvents'].sort());
    expect(t.deploymentAppId).toBe('d3000000-0000-4000-8000-0000000000a1');
    expect(t.syncStallMinutes).toBe(180);
    expect(t.reportOnlyWindowDays).toBe(14);
    expect(t.rules.map((r) => `${r.id}:${r.stage}`)).toEqual([
      'SEN001:enabled', 'SEN002:report-only', 'SEN003:report-only', 'SEN004:report-only',
      'SEN005:report-only', 'SEN006:report-only', 'SEN007:report-only', 'SEN008:report-only', 'SEN009:report-only',
      'SEN010:report-only', 'SEN011:report-only', 'SEN012:report-only',
    ]);
  });

  test('omitted keys take documented defaults; rules default to the environment stage', () => {
    const { environment } = loadMutated('prod', (env) => {
      env.stage = 'enabled';
      delete env.policies.CA006.upTo; // a wave pilot needs the environment's stage below its own
      env.telemetry = {
        workspace: { name: 'law-x', resourceGroup: 'rg-x', location: 'westeurope', subscriptionId: 'c5000000-0000-4000-8000-0000000000a1' },
        deploymentAppId: 'd3000000-0000-4000-8000-0000000000a1',
      };
    });
    const t = environment!.telemetry!;
    expect(t.workspace.retentionInDays).toBe(365);
    expect(t.syncStallMinutes).toBe(180);
    expect(t.reportOnlyWindowDays).toBe(14);
    expect(t.logCategories).toEqual([...REQUIRED_LOG_CATEGORIES].sort());
    expect(new Set(t.rules.map((r) => r.stage))).toEqual(new Set(['enabled']));
  });

  test('the sync-stall rule is part of an environment only with directorySync', () => {
    const { environment } = loadMutated('prod', (env) => {
      delete env.directorySync;
      delete env.policies.CA019;
    });
    expect(environment!.telemetry!.rules.map((r) => r.id)).not.toContain('SEN007');
  });
});

describe('bad telemetry input is a precise error', () => {
  test.each([
    [30, 'got 30'],
    [731, 'got 731'],
  ])('retention of %p days', (days, got) => {
    const message = onlyProblem('prod', (env) => {
      env.telemetry.workspace.retentionInDays = days;
    });
    expect(message).toMatch(/^prod\.yaml:\d+: telemetry\.workspace\.retentionInDays: must be from 90 to 730 days/);
    expect(message).toContain(got);
  });

  test('an unknown log category names the valid ones', () => {
    const message = onlyProblem('prod', (env) => {
      env.telemetry.logCategories = ['MicrosoftGraphActivityLogs', 'SignInLog'];
    });
    expect(message).toMatch(/^prod\.yaml:\d+: telemetry\.logCategories\[1\]: "SignInLog" is not an Entra diagnostic log category; valid categories: /);
    for (const c of ENTRA_LOG_CATEGORIES) expect(message).toContain(c);
  });

  test('a category in the wrong case says so', () => {
    const message = onlyProblem('prod', (env) => {
      env.telemetry.logCategories = ['signinlogs'];
    });
    expect(message).toContain('"signinlogs" is not an Entra diagnostic log category (categories are case-sensitive: SignInLogs)');
  });

  test('a category listed twice', () => {
    const message = onlyProblem('prod', (env) => {
      env.telemetry.logCategories = ['AuditLogs', 'AuditLogs'];
    });
    expect(message).toMatch(/telemetry\.logCategories\[1\]: "AuditLogs" is listed twice$/);
  });

  test.each(['law', '-law-identity', 'law-identity-', 'law_identity', 'l'.repeat(64)])('workspace name %p', (name) => {
    const message = onlyProblem('prod', (env) => {
      env.telemetry.workspace.name = name;
    });
    expect(message).toMatch(/^prod\.yaml:\d+: telemetry\.workspace\.name: /);
    expect(message).toContain(
      `${JSON.stringify(name)} is not a valid Log Analytics workspace name: use 4 to 63 letters, digits and hyphens, not starting or ending with a hyphen`,
    );
  });

  test('a workspace name of 4 and of 63 characters is fine', () => {
    for (const name of ['law1', `l${'a'.repeat(61)}w`]) {
      expect(loadMutated('prod', (env) => { env.telemetry.workspace.name = name; }).problems).toEqual([]);
    }
  });

  test('a sync-stall threshold of zero', () => {
    const message = onlyProblem('prod', (env) => {
      env.telemetry.syncStallMinutes = 0;
    });
    expect(message).toMatch(/^prod\.yaml:\d+: telemetry\.syncStallMinutes: must be at least 30 minutes: Entra Connect syncs every 30 minutes/);
    expect(message).toContain('(got 0)');
  });

  test.each([
    ['resource group', (env: any) => { env.telemetry.workspace.resourceGroup = 'rg identity'; },
      /telemetry\.workspace\.resourceGroup: "rg identity" is not a valid resource group name: use 1 to 90 letters, digits, hyphens, underscores, periods and parentheses, not ending with a period$/],
    ['resource group ending with a period', (env: any) => { env.telemetry.workspace.resourceGroup = 'rg-identity.'; },
      /telemetry\.workspace\.resourceGroup: "rg-identity\." is not a valid resource group name/],
    ['location', (env: any) => { env.telemetry.workspace.location = 'West Europe'; },
      /telemetry\.workspace\.location: "West Europe" must be an Azure region name in lower case without spaces, such as westeurope$/],
    ['subscription id', (env: any) => { env.telemetry.workspace.subscriptionId = 'meridian-secops'; },
      /telemetry\.workspace\.subscriptionId: "meridian-secops" must be the subscription id of the workspace written as a GUID/],
    ['sync-stall threshold above 14 days', (env: any) => { env.telemetry.syncStallMinutes = 20_101; },
      /telemetry\.syncStallMinutes: must be at most 20100 minutes \(14 days less the rule's one-hour margin\) \(got 20101\)$/],
    ['evidence window of zero', (env: any) => { env.telemetry.reportOnlyWindowDays = 0; },
      /telemetry\.reportOnlyWindowDays: must be from 1 to 90 days \(got 0\)$/],
    ['evidence window above 90 days', (env: any) => { env.telemetry.reportOnlyWindowDays = 91; },
      /telemetry\.reportOnlyWindowDays: must be from 1 to 90 days \(got 91\)$/],
    ['workspace missing', (env: any) => { delete env.telemetry.workspace; },
      /telemetry\.workspace: is required \(a mapping\)$/],
  ])('%s', (_what, edit, expected) => {
    const message = onlyProblem('prod', edit);
    expect(message).toMatch(/^prod\.yaml:\d+: /);
    expect(message).toMatch(expected);
  });

  test('a missing deployment app id while the tamper rule is on', () => {
    const message = onlyProblem('prod', (env) => {
      delete env.telemetry.deploymentAppId;
    });
    expect(message).toMatch(/^prod\.yaml:\d+: telemetry\.deploymentAppId: is required while SEN003 \(Conditional Access or named location changed outside the pipeline\) is report-only/);
    expect(message).toContain('set it, or set telemetry.rules.SEN003.stage to off');
  });

  test('no deployment app id is fine when the tamper rule is off', () => {
    const { problems, environment } = loadMutated('prod', (env) => {
      delete env.telemetry.deploymentAppId;
      env.telemetry.rules.SEN003 = { stage: 'off' };
    });
    expect(problems).toEqual([]);
    expect(environment!.telemetry!.deploymentAppId).toBeUndefined();
  });

  test('a deployment app id that is not a GUID', () => {
    const message = onlyProblem('prod', (env) => {
      env.telemetry.deploymentAppId = 'perimeter-deploy';
    });
    expect(message).toMatch(/telemetry\.deploymentAppId: "perimeter-deploy" must be the application \(client\) id of the deployment pipeline written as a GUID/);
  });

  test('an unknown rule id lists the rule ids', () => {
    const message = onlyProblem('prod', (env) => {
      env.telemetry.rules.SEN099 = { stage: 'enabled' };
    });
    expect(message).toMatch(/^prod\.yaml:\d+: telemetry\.rules\.SEN099: unknown key "SEN099"; allowed here: stage, SEN001, SEN002, SEN003, SEN004, SEN005, SEN006, SEN007, SEN008, SEN009, SEN010, SEN011, SEN012$/);
  });

  test('a rule stage that is not a stage', () => {
    const message = onlyProblem('prod', (env) => {
      env.telemetry.rules.SEN002 = { stage: 'on' };
    });
    expect(message).toMatch(/telemetry\.rules\.SEN002\.stage: "on" is not allowed; use one of: off \| report-only \| enabled$/);
  });

  test('overriding the sync-stall rule without directorySync', () => {
    const message = onlyProblem('prod', (env) => {
      delete env.directorySync;
      delete env.policies.CA019;
      env.telemetry.rules.SEN007 = { stage: 'enabled' };
    });
    expect(message).toMatch(/^prod\.yaml:\d+: telemetry\.rules\.SEN007: SEN007 \(Directory sync stalled\) is part of an environment only when directorySync\.accounts is set/);
  });

  test('an unknown key in the workspace', () => {
    const message = onlyProblem('prod', (env) => {
      env.telemetry.workspace.sku = 'PerNode';
    });
    expect(message).toMatch(/telemetry\.workspace\.sku: unknown key "sku"; allowed here: name, resourceGroup, location, subscriptionId, retentionInDays$/);
  });
});

describe('guardrail: Conditional Access past off needs sign-in logs', () => {
  test('synth fails when policies are past off and there is no telemetry section', () => {
    const message = onlyProblem('prod', (env) => {
      delete env.telemetry;
    });
    expect(message).toMatch(/^prod\.yaml(:\d+)?: telemetry: is missing, but Conditional Access policies are past off: CA001 \(enabled\), CA002 \(report-only\)/);
    expect(message).toContain('add a telemetry: section');
    expect(message).toContain('or set every policy to off');
  });

  test('an environment with every policy off may leave telemetry out', () => {
    const { problems, environment } = loadMutated('prod', (env) => {
      delete env.telemetry;
      env.stage = 'off';
      env.policies = {};
    });
    expect(problems).toEqual([]);
    expect(environment!.telemetry).toBeUndefined();
  });

  test('the check itself: SignInLogs streamed or not', () => {
    const policies = [{ id: 'CA001', stage: 'off' as const }, { id: 'CA003', stage: 'report-only' as const }];
    expect(signInEvidenceProblem(policies, ['AuditLogs', 'SignInLogs'])).toBeUndefined();
    expect(signInEvidenceProblem([{ id: 'CA001', stage: 'off' }], undefined)).toBeUndefined();
    expect(signInEvidenceProblem(policies, ['AuditLogs'])).toEqual({
      path: ['telemetry', 'logCategories'],
      message: 'does not stream SignInLogs, but Conditional Access policies are past off: CA003 (report-only); add SignInLogs',
    });
    expect(signInEvidenceProblem(policies, undefined)?.path).toEqual(['telemetry']);
  });
});

describe('rings cover analytics rules', () => {
  function ringProblems(edit: (dev: Record<string, any>, prod: Record<string, any>) => void): string[] {
    const dev = readSample('dev') as Record<string, any>;
    const prod = readSample('prod') as Record<string, any>;
    edit(dev, prod);
    try {
      const dir = writeEnvironments({ dev, prod });
      appFromFiles({ environmentsDir: dir });
      return [];
    } catch (e) {
      if (!isPerimeterError(e)) throw e;
      // Ring order is a guardrail (PRM-STG001); keep the finding line, not the explanation.
      return e.problems.map((p) => formatProblem(p).split('\n')[0]!.replace(/^.*?(prod|dev)\.yaml:(\d+: )?/, '$1.yaml:$2'));
    }
  }

  test('the samples are in ring order', () => {
    expect(ringProblems(() => undefined)).toEqual([]);
  });

  test('a rule further along in a later ring fails with the rule path', () => {
    const problems = ringProblems((_dev, prod) => {
      prod.telemetry.rules.SEN005 = { stage: 'enabled' };
    });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(
      /^prod\.yaml:\d+: PRM-STG001 \[prod\] telemetry\.rules\.SEN005\.stage: ring order violated: SEN005 is enabled in prod \(ring 2\) but only report-only in dev \(ring 1, .*dev\.yaml\); promote it in dev first or lower it in prod$/,
    );
  });

  test('an earlier ring without telemetry counts every rule as off', () => {
    const problems = ringProblems((dev) => {
      delete dev.telemetry;
      dev.stage = 'off';
      dev.policies = {};
    });
    expect(problems.some((p) => p.includes('SEN001 is enabled in prod (ring 2) but only off in dev'))).toBe(true);
  });

  test('a policy violation keeps its policies path', () => {
    const problems = ringProblems((_dev, prod) => {
      prod.policies.CA002 = { stage: 'enabled' };
    });
    expect(problems[0]).toMatch(/^prod\.yaml:\d+: PRM-STG001 \[prod\] policies\.CA002\.stage: ring order violated/);
  });
});
