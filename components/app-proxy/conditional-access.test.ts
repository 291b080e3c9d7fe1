import { isPerimeterError } from '../../core/problems';
import { STAGES, type Stage } from '../../core/stages';
import { mutateSample, resourcesOf, synthStacks, writeEnvironments } from '../../__tests__/helpers/synth';

const STATE: Record<Stage, string> = { off: 'disabled', 'report-only': 'enabledForReportingButNotEnforced', enabled: 'enabled' };

/** Both sample environments with CA021 and CA022 at `stage`. */
function atStage(stage: Stage) {
  const edit = (env: Record<string, any>) => {
    env.policies.CA021 = { stage };
    env.policies.CA022 = { stage };
  };
  return synthStacks(writeEnvironments({ dev: mutateSample('dev', edit), prod: mutateSample('prod', edit) }));
}

const PROD_CLIENT_IDS = [
  '${data.azuread_application.engineering-wiki.client_id}',
  '${data.azuread_application.finance-reporting.client_id}',
  '${data.azuread_application.hr-portal.client_id}',
];

describe.each(STAGES)('the policies on the published apps at stage %s', (stage) => {
  let policies: Record<string, Record<string, any>>;
  beforeAll(() => {
    policies = resourcesOf(atStage(stage)['prod']!, 'azuread_conditional_access_policy');
  });

  test(`CA021 requires MFA on every published app, state ${STATE[stage]}`, () => {
    expect(policies['CA021']).toEqual({
      display_name: 'CA021 Require MFA for published on-premises apps',
      state: STATE[stage],
      lifecycle: { prevent_destroy: true },
      conditions: {
        client_app_types: ['all'],
        applications: { included_applications: PROD_CLIENT_IDS },
        users: {
          included_users: ['All'],
          excluded_users: [
            'b9000000-0000-4000-8000-000000000001',
            'b9000000-0000-4000-8000-000000000002',
            '5c000000-0000-4000-8000-000000000001',
            '5c000000-0000-4000-8000-000000000002',
          ],
          excluded_groups: ['${azuread_group.break_glass_exclusion.object_id}'],
        },
      },
      grant_controls: { operator: 'OR', built_in_controls: ['mfa'] },
    });
  });

  test(`CA022 requires a compliant or hybrid-joined device on the same apps, state ${STATE[stage]}`, () => {
    expect(policies['CA022']!['state']).toBe(STATE[stage]);
    expect(policies['CA022']!['display_name']).toBe('CA022 Require compliant or hybrid-joined device for published on-premises apps');
    expect(policies['CA022']!['conditions'].applications).toEqual({ included_applications: PROD_CLIENT_IDS });
    expect(policies['CA022']!['conditions'].users.included_users).toEqual(['All']);
    expect(policies['CA022']!['conditions'].users.excluded_groups).toEqual(['${azuread_group.break_glass_exclusion.object_id}']);
    expect(policies['CA022']!['conditions'].users.excluded_users).toEqual(
      expect.arrayContaining(['b9000000-0000-4000-8000-000000000001', 'b9000000-0000-4000-8000-000000000002']),
    );
    expect(policies['CA022']!['grant_controls']).toEqual({ operator: 'OR', built_in_controls: ['compliantDevice', 'domainJoinedDevice'] });
  });
});

test('the samples: CA021 is enforced in dev first and report-only in prod; CA022 is report-only in both', () => {
  const stacks = synthStacks();
  const state = (env: string, id: string) => resourcesOf(stacks[env]!, 'azuread_conditional_access_policy')[id]!['state'];
  expect([state('dev', 'CA021'), state('dev', 'CA022')]).toEqual(['enabled', 'enabledForReportingButNotEnforced']);
  expect([state('prod', 'CA021'), state('prod', 'CA022')]).toEqual(['enabledForReportingButNotEnforced', 'enabledForReportingButNotEnforced']);
  const conditions = resourcesOf(stacks['dev']!, 'azuread_conditional_access_policy')['CA021']!['conditions'] as { applications: unknown };
  expect(conditions.applications).toEqual({
    included_applications: ['${data.azuread_application.engineering-wiki.client_id}'],
  });
});

function ringProblems(dev: (env: Record<string, any>) => void, prod: (env: Record<string, any>) => void): string[] {
  try {
    synthStacks(writeEnvironments({ dev: mutateSample('dev', dev), prod: mutateSample('prod', prod) }));
  } catch (e) {
    if (isPerimeterError(e)) return e.problems.map((p) => p.message);
    throw e;
  }
  return [];
}

test('the ring rule holds for the app policies: prod may not enforce CA022 before dev', () => {
  expect(ringProblems(() => undefined, (env) => (env.policies.CA022 = { stage: 'enabled' }))).toEqual([
    expect.stringMatching(/^PRM-STG001 \[prod\] policies\.CA022\.stage: ring order violated: CA022 is enabled in prod \(ring 2\) but only report-only in dev \(ring 1, /),
  ]);
});

test('an environment that publishes no apps counts as off for CA021 and CA022 in the ring rule', () => {
  const problems = ringProblems(
    (env) => {
      delete env.appProxy;
      delete env.policies.CA021;
    },
    () => undefined,
  );
  expect(problems).toEqual([
    expect.stringContaining('ring order violated: CA021 is report-only in prod (ring 2) but only off in dev (ring 1'),
    expect.stringContaining('ring order violated: CA022 is report-only in prod (ring 2) but only off in dev (ring 1'),
  ]);
});
