/** licensing: what the section refuses, how the risk policies are retargeted, and what the report says. */
import { join } from 'node:path';
import { loadEnvironmentFile } from '../../cli/environments';
import { readSynthesizedStack } from '../../analysis/model/read';
import { buildReport } from '../../analysis/report/document';
import { declaredFacts } from '../../environment/declared';
import { REPORT_SECTIONS } from '../registry';
import { loadMutated, mutateSample, resourcesOf, SAMPLE_DIR, synthStacks, writeEnvironments, type TfJson } from '../../__tests__/helpers/synth';

const P2 = '6f000000-0000-4000-8000-000000000005';
const problemsOf = (edit: (env: Record<string, any>) => void): string[] => loadMutated('prod', edit).problems;
const summaryOf = (tf: TfJson, dir: string, name: string) => {
  const environment = loadEnvironmentFile(join(dir, `${name}.yaml`), dir).environment!;
  return buildReport(readSynthesizedStack(tf, { name, declared: declaredFacts(environment) }), REPORT_SECTIONS).summary;
};

test('a p2Group that is not a key of groups: is refused with the groups there are', () => {
  expect(problemsOf((e) => (e.licensing.p2Group = 'p2'))).toEqual([
    expect.stringMatching(/^prod\.yaml:\d+: licensing\.p2Group: group "p2" is not defined under groups \(defined groups: engineering-staff, factory-floor-kiosks, finance-staff, hr-staff, it-staff, p2-licensed\)$/),
  ]);
});

test('p2: all together with a p2Group contradicts itself', () => {
  expect(problemsOf((e) => (e.licensing.p2 = 'all'))).toEqual([expect.stringMatching(/licensing\.p2: is all, but p2Group narrows the risk policies to a group/)]);
});

test('with p2Group, CA008-CA010 include the P2 group instead of all users; nothing else changes', () => {
  const env = loadMutated('prod', () => undefined).environment!;
  expect(env.licensing).toEqual({ p2: 'partial', p2Group: { key: 'p2-licensed', objectId: P2 } });
  const policies = resourcesOf(synthStacks().prod!, 'azuread_conditional_access_policy') as Record<string, any>;
  for (const id of ['CA008', 'CA009', 'CA010']) {
    expect([id, policies[id].conditions.users.included_groups, policies[id].conditions.users.included_users]).toEqual([id, [P2], undefined]);
    expect(policies[id].conditions.users.excluded_users).toContain('b9000000-0000-4000-8000-000000000001');
  }
  for (const id of ['CA001', 'CA003', 'CA006']) expect([id, policies[id].conditions.users.included_users]).toEqual([id, ['All']]);
});

test('without licensing, every user holds P2 and the risk policies target all users', () => {
  const env = loadMutated('dev', () => undefined).environment!;
  expect(env.licensing).toEqual({ p2: 'all' });
  const policies = resourcesOf(synthStacks().dev!, 'azuread_conditional_access_policy') as Record<string, any>;
  expect(policies.CA008.conditions.users.included_users).toEqual(['All']);
});

test('the report says who holds P2 and who is outside the risk policies', () => {
  expect(summaryOf(synthStacks().prod!, SAMPLE_DIR, 'prod')).toContain(
    'Entra ID P2: partial; the risk policies (CA008, CA009, CA010) target the P2 holders, group p2-licensed. Outside them: every user who is not a member of that group, guests included. Identity Protection does not block or challenge them for sign-in or user risk.',
  );
  const dir = writeEnvironments({ prod: mutateSample('prod', (e) => (e.licensing = { p2: 'partial' })) });
  expect(summaryOf(synthStacks(dir).prod!, dir, 'prod')).toContain('Entra ID P2: partial, and no licensing.p2Group: the risk policies (CA008, CA009, CA010) target all users, licensed or not');
  expect(summaryOf(synthStacks().dev!, SAMPLE_DIR, 'dev').filter((l) => l.includes('P2'))).toEqual([]);
});
