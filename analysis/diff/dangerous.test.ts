/**
 * Retargets, removals and renames are loud in review, even when no stage changes, and are
 * promotable only when the YAML says why.
 */
import { join } from 'node:path';
import { loadEnvironmentFile } from '../../cli/environments';
import { declaredFacts } from '../../environment/declared';
import { mutateSample, readSample, synthStacks, writeEnvironments, loadMutated } from '../../__tests__/helpers/synth';
import { readSynthesizedStack } from '../model/read';
import type { EnvironmentModel } from '../model/types';
import { dangerousChanges, dangerousLine, isAcknowledged } from './dangerous';

type Edit = (env: Record<string, any>) => void;

function prodModel(edit?: Edit): EnvironmentModel {
  const dir = writeEnvironments({ dev: readSample('dev'), prod: edit ? mutateSample('prod', edit) : readSample('prod') });
  const environment = loadEnvironmentFile(join(dir, 'prod.yaml'), dir).environment!;
  return readSynthesizedStack(synthStacks(dir)['prod']!, { name: 'prod', declared: declaredFacts(environment) });
}

const changes = (base: EnvironmentModel, head: EnvironmentModel) =>
  dangerousChanges('prod', base, head, { suppressions: head.declared?.suppressions ?? [], retired: head.declared?.retired ?? [] });

/** A trusted office range nobody references yet: removing or renaming it is the simplest protected change. */
const withBranch: Edit = (e) => {
  e.namedLocations['branch-office'] = { displayName: 'Branch office', ipRanges: ['198.51.100.0/28'] };
};
const also = (...edits: Edit[]): Edit => (e) => edits.forEach((f) => f(e));

const sample = prodModel();

test('an unchanged environment has no dangerous change', () => {
  expect(changes(sample, sample)).toEqual({ changes: [], unusedRetirements: [] });
});

test('a new tenant id is a retarget, not promotable until a PRM-CHG001 suppression gives the reason', () => {
  const moved = prodModel((e) => (e.tenantId = '7e000000-0000-4000-8000-0000000000f9'));
  const [c] = changes(sample, moved).changes;
  expect(dangerousLine(c!, 'environments/prod.yaml')).toBe(
    `PRM-CHG001: prod moves from tenant ${sample.tenantId} to tenant 7e000000-0000-4000-8000-0000000000f9: the next deploy creates every object in the new tenant, and the old tenant keeps its policies, unmanaged (prod). ` +
      'If this is intended, add to environments/prod.yaml: suppressions: [{ rule: PRM-CHG001, target: prod, reason: <why, at least 10 characters> }]',
  );
  expect(isAcknowledged(c!)).toBe(false);
  const acknowledged = prodModel((e) => {
    e.tenantId = '7e000000-0000-4000-8000-0000000000f9';
    e.suppressions = [...(e.suppressions ?? []), { rule: 'PRM-CHG001', target: 'prod', reason: 'Tenant migration MIG-12 to the new Meridian tenant' }];
  });
  const [ok] = changes(sample, acknowledged).changes;
  expect(isAcknowledged(ok!)).toBe(true);
  expect(ok!.reason).toBe('Tenant migration MIG-12 to the new Meridian tenant');
});

test('a new telemetry subscription is a retarget too', () => {
  const moved = prodModel((e) => (e.telemetry.workspace.subscriptionId = '50000000-0000-4000-8000-0000000000c9'));
  expect(changes(sample, moved).changes.map((c) => c.message)).toEqual([
    expect.stringMatching(/^prod moves from subscription [0-9a-f-]+(, [0-9a-f-]+)? to .*50000000-0000-4000-8000-0000000000c9.*: the workspace, the rules and the PIM Azure role settings are created again there/),
  ]);
});

test('removing a named location is named, with the retire entry that acknowledges it', () => {
  const base = prodModel(withBranch);
  const [c] = changes(base, sample).changes;
  expect(c!.message).toBe('named location branch-office "Branch office" is removed: the next deploy destroys it');
  expect(c!.acknowledge).toBe('retire: [{ target: branch-office, reason: <why, at least 10 characters> }]');
  const retired = prodModel((e) => (e.retire = [{ target: 'branch-office', reason: 'The Leeds branch closed in November' }]));
  const [ok] = changes(base, retired).changes;
  expect([isAcknowledged(ok!), ok!.reason]).toEqual([true, 'The Leeds branch closed in November']);
  expect(changes(sample, retired).unusedRetirements).toEqual(['branch-office']);
});

test('renaming a key is a destroy and a create, and says so', () => {
  const base = prodModel(withBranch);
  const renamed = prodModel((e) => (e.namedLocations['branch-hq'] = { displayName: 'Branch office', ipRanges: ['198.51.100.0/28'] }));
  expect(changes(base, renamed).changes.map((c) => c.message)).toEqual([
    'named location branch-office "Branch office" is renamed to branch-hq: Terraform destroys it and creates a new one, which loses its history (sign-in log references, report-only evidence)',
  ]);
});

test('removing a PIM role removes its group: a removal of a protected object', () => {
  const head = prodModel((e) => delete e.pim.roles['Security Administrator']);
  expect(changes(sample, head).changes.map((c) => [c.target, c.message])).toEqual([
    ['pim_security_administrator', 'PIM group pim_security_administrator "PIM: Security Administrator" is removed: the next deploy destroys it'],
  ]);
});

test('a retired baseline policy is left out; an off policy retires, an enforced one must go off first', () => {
  const offBase = prodModel((e) => (e.policies = { ...e.policies, CA014: { stage: 'off' } }));
  const retired = prodModel((e) => (e.retire = [{ target: 'CA014', reason: 'Guests are covered by the partner tenant policy' }]));
  expect(retired.policy('CA014')).toBeUndefined();
  const [ok] = changes(offBase, retired).changes;
  expect([ok!.message, isAcknowledged(ok!)]).toEqual(['policy CA014 Require MFA for guests and external users (off) is removed: the next deploy destroys it', true]);

  const reportOnlyBase = prodModel((e) => (e.policies = { ...e.policies, CA014: { stage: 'report-only' } }));
  const [blocked] = changes(reportOnlyBase, retired).changes;
  expect(isAcknowledged(blocked!)).toBe(false);
  expect(dangerousLine(blocked!, 'environments/prod.yaml')).toBe(
    "PRM-CHG002: policy CA014 Require MFA for guests and external users (report-only) is removed: the next deploy destroys it (prod). Not promotable: CA014 Require MFA for guests and external users is report-only; take it to off in one change and retire it in a later one, so nobody's sign-in changes by surprise",
  );
});

test('a retire entry for something the file still defines lifts its destroy guard, loudly; a retired baseline policy with an override is an error', () => {
  const { environment, problems } = loadMutated('prod', also(withBranch, (e) => (e.retire = [{ target: 'branch-office', reason: 'Moving the branch to a country location' }])));
  expect(problems).toEqual([]);
  expect(environment!.warnings).toContain(
    'retire[0]: "branch-office" is still defined (namedLocations), so its guard against destroy is lifted for this change: the next deploy may replace it (Moving the branch to a country location). Remove the entry after that deploy',
  );
  expect(loadMutated('prod', (e) => (e.policies = { ...e.policies, CA014: { stage: 'off' } }, e.retire = [{ target: 'CA014', reason: 'Guests are covered elsewhere now' }])).problems).toEqual([
    expect.stringMatching(/^prod\.yaml:\d+: policies\.CA014: CA014 is retired \(retire:\), so it is not part of this environment; remove its entry here or the retire entry$/),
  ]);
});
