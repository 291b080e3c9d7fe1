import { join } from 'node:path';
import { loadEnvironmentFile } from '../../cli/environments';
import { mutateSample, synthStacks, writeEnvironments } from '../../__tests__/helpers/synth';
import { DEFAULT_PROMOTION } from '../../components/promotion/section';
import { minReportOnlyDays } from '../../components/promotion/guardrails/PRM-EVD001-min-report-only-days';
import { replayedImpact } from '../../components/promotion/guardrails/PRM-EVD002-replayed-impact';
import { declaredFacts } from '../../environment/declared';
import { readSynthesizedStack } from '../model/read';
import type { EnvironmentModel } from '../model/types';
import {
  checkMinReportOnlyDays,
  checkReplayedImpact,
  enforcementChanges,
  impactMessage,
  MIN_REPORT_ONLY_RULE,
  minReportOnlyMessage,
  parseEvidence,
  REPLAYED_IMPACT_RULE,
  type Evidence,
  type PromotionSettings,
} from './promotion';

type Edit = (env: Record<string, any>) => void;

/** The samples pilot CA006 in waves (docs/waves.md); these tests promote it whole, so they start from CA006 without its pilot. */
const noPilot: Edit = (e) => {
  if (e.policies?.CA006?.upTo) {
    delete e.policies.CA006.upTo;
    delete e.policies.CA006.stage;
  }
};

function prod(edit?: Edit): EnvironmentModel {
  const both: Edit = (e) => {
    noPilot(e);
    edit?.(e);
  };
  const dir = writeEnvironments({ dev: mutateSample('dev', both), prod: mutateSample('prod', both) });
  const tf = synthStacks(dir);
  return readSynthesizedStack(tf.prod!, { name: 'prod', declared: declaredFacts(loadEnvironmentFile(join(dir, 'prod.yaml')).environment!) });
}

const policies = (ids: Record<string, string>): Edit => (e) => {
  for (const [id, stage] of Object.entries(ids)) e.policies = { ...(e.policies ?? {}), [id]: { ...(e.policies?.[id] ?? {}), stage } };
};

const base = prod();
const DAY = 86_400_000;
const now = new Date('2026-12-01T12:00:00Z');

test('the rules suppressions name are the component\'s diff rules', () => {
  expect([minReportOnlyDays.id, replayedImpact.id]).toEqual([MIN_REPORT_ONLY_RULE, REPLAYED_IMPACT_RULE]);
  expect([minReportOnlyDays.phase, replayedImpact.phase]).toEqual(['diff', 'diff']);
});

describe('what a change enforces', () => {
  test('report-only -> enabled is a promotion; an unchanged enforced policy is nothing', () => {
    const head = prod(policies({ CA006: 'enabled' }));
    expect(enforcementChanges('prod', base, head)).toEqual([
      { env: 'prod', policyId: 'CA006', displayName: 'CA006 Require compliant or hybrid-joined device', kind: 'promotion', from: 'report-only', widenedBy: [] },
    ]);
  });

  test('an exclusion removed from an enforced policy is a widening, in words', () => {
    const widened = prod(policies({ CA006: 'enabled' }));
    const narrowed = prod((e) => {
      policies({ CA006: 'enabled' })(e);
      delete e.policies.CA006.exclude;
    });
    const changes = enforcementChanges('prod', widened, narrowed);
    expect(changes).toEqual([
      {
        env: 'prod',
        policyId: 'CA006',
        displayName: 'CA006 Require compliant or hybrid-joined device',
        kind: 'widening',
        from: 'enabled',
        widenedBy: ['excluded groups removed: group factory-floor-kiosks'],
      },
    ]);
  });
});

const settings = (over: Partial<PromotionSettings> = {}): PromotionSettings => ({ ...DEFAULT_PROMOTION, ...over });

describe(`${MIN_REPORT_ONLY_RULE}: at least minReportOnlyDays in report-only`, () => {
  const changes = enforcementChanges('prod', base, prod(policies({ CA006: 'enabled' })));

  test('fails one day after the commit that made it report-only', () => {
    const r = checkMinReportOnlyDays(changes, () => ({ commit: 'abcdef0123456789', date: new Date(now.getTime() - DAY) }), now, settings(), []);
    expect(r.violations).toHaveLength(1);
    expect(minReportOnlyMessage(r.violations[0]!, 'environments/prod.yaml')).toBe(
      'PRM-EVD001: CA006 Require compliant or hybrid-joined device: report-only -> enabled (prod) after too short a time: report-only since 2026-11-30 (commit abcdef012345), 1.0 days; promotion.minReportOnlyDays is 7. ' +
        'Enable it once it has had 7 days of report-only evidence, or add to environments/prod.yaml: suppressions: [{ rule: PRM-EVD001, target: CA006, reason: <why, at least 10 characters> }]',
    );
  });

  test('passes after 7 days, and after the environment\'s own minimum', () => {
    const since = () => ({ commit: 'c', date: new Date(now.getTime() - 8 * DAY) });
    expect(checkMinReportOnlyDays(changes, since, now, settings(), []).passed).toHaveLength(1);
    expect(checkMinReportOnlyDays(changes, since, now, settings({ minReportOnlyDays: 14 }), []).violations).toHaveLength(1);
  });

  test('a history that does not show it fails; a suppression with a reason passes', () => {
    expect(checkMinReportOnlyDays(changes, () => undefined, now, settings(), []).violations).toHaveLength(1);
    const r = checkMinReportOnlyDays(changes, () => undefined, now, settings(), [{ rule: MIN_REPORT_ONLY_RULE, target: 'CA006', reason: 'incident INC-77 needs it enforced today' }]);
    expect(r.violations).toEqual([]);
    expect(r.suppressed[0]!.reason).toBe('incident INC-77 needs it enforced today');
  });

  test('a policy enabled from off is PRM-STG002\'s business, not this rule\'s', () => {
    const fromOff = enforcementChanges('prod', base, prod(policies({ CA011: 'enabled' })));
    expect(fromOff.map((c) => [c.policyId, c.from])).toEqual([['CA011', 'off']]);
    expect(checkMinReportOnlyDays(fromOff, () => undefined, now, settings(), []).violations).toEqual([]);
  });
});

describe(`${REPLAYED_IMPACT_RULE}: replayed impact over promotion.maxNewlyBlocked`, () => {
  const changes = enforcementChanges('prod', base, prod(policies({ CA006: 'enabled' })));
  const evidence = (signIns: number, users: number): Evidence => ({ file: 'replay.json', environment: 'prod', base: null, policies: new Map([['CA006', { signIns, users }]]) });

  test('fails over the limit, naming the impact and the way out', () => {
    const r = checkReplayedImpact(changes, evidence(92, 89), settings(), []);
    expect(r.violations).toHaveLength(1);
    expect(impactMessage(r.violations[0]!, 'environments/prod.yaml')).toBe(
      'PRM-EVD002: CA006 Require compliant or hybrid-joined device: report-only -> enabled (prod) newly blocks 92 sign-ins of 89 users in the replay replay.json; ' +
        'promotion.maxNewlyBlocked allows 0 sign-ins and 0 users. Read the replay\'s top users and apps; exclude who must not be blocked, ' +
        'or add to environments/prod.yaml: promotion: { accept: [{ policy: CA006, reason: <why, at least 10 characters> }] }',
    );
  });

  test('passes within the environment\'s or the policy\'s limit, and when accepted', () => {
    expect(checkReplayedImpact(changes, evidence(92, 89), settings({ maxNewlyBlocked: { signIns: 100, users: 100 } }), []).passed).toHaveLength(1);
    expect(checkReplayedImpact(changes, evidence(92, 89), settings({ maxNewlyBlocked: { signIns: 100, users: 10 } }), []).violations).toHaveLength(1);
    expect(checkReplayedImpact(changes, evidence(92, 89), settings({ policies: { CA006: { maxNewlyBlocked: { signIns: 92, users: 89 } } } }), []).passed).toHaveLength(1);
    const accepted = checkReplayedImpact(changes, evidence(92, 89), settings({ accept: [{ policy: 'CA006', reason: 'unmanaged devices must stop, CHG-2301' }] }), []);
    expect(accepted.violations).toEqual([]);
    expect(accepted.accepted[0]!.reason).toBe('unmanaged devices must stop, CHG-2301');
  });

  test('a replay without the policy is reported as missing, not passed', () => {
    const none: Evidence = { file: 'r.json', environment: 'prod', base: null, policies: new Map() };
    expect(checkReplayedImpact(changes, none, settings(), []).missing).toHaveLength(1);
  });

  test('parseEvidence reads the replay JSON contract and refuses anything else', () => {
    expect(parseEvidence('r.json', { environment: 'prod', base: null, policies: [{ id: 'CA006', newlyBlocked: { signIns: 3, users: 2 } }] })).toMatchObject({ environment: 'prod', policies: new Map([['CA006', { signIns: 3, users: 2 }]]) });
    expect(parseEvidence('r.json', [])).toEqual({ problem: 'is not the JSON of npm run replay -- --json (an object)' });
    expect(parseEvidence('r.json', { environment: 'prod', policies: [{ id: 'CA006' }] })).toEqual({ problem: 'policies[0] has no id and newlyBlocked { signIns, users }' });
  });
});
