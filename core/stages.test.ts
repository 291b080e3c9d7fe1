import { stageOfState, stageRank, toPolicyState } from './stages';
import { synthStacks, writeEnvironments, mutateSample, readSample } from '../__tests__/helpers/synth';

test.each([
  ['off', false, 'disabled'],
  ['report-only', false, 'enabledForReportingButNotEnforced'],
  ['enabled', false, 'enabled'],
  ['off', true, 'disabled'],
  ['report-only', true, 'disabled'],
  ['enabled', true, 'enabled'],
] as const)('stage %s (user action: %s) is state %s', (stage, targetsUserAction, state) => {
  const decision = toPolicyState(stage, { targetsUserAction });
  expect(decision.state).toBe(state);
  expect(decision.downgradeReason !== undefined).toBe(targetsUserAction && stage === 'report-only');
});

test('stages are ordered and states map back to stages', () => {
  expect(stageRank('off')).toBeLessThan(stageRank('report-only'));
  expect(stageRank('report-only')).toBeLessThan(stageRank('enabled'));
  expect(stageOfState('enabledForReportingButNotEnforced')).toBe('report-only');
  expect(stageOfState('bogus')).toBeUndefined();
});

test('promoting one policy changes exactly one value in the synthesized output', () => {
  const base = synthStacks(writeEnvironments({ dev: readSample('dev'), prod: readSample('prod') }));
  const promoted = synthStacks(
    writeEnvironments({ dev: readSample('dev'), prod: mutateSample('prod', (e) => (e.policies.CA005 = { stage: 'enabled' })) }),
  );
  const diff: string[] = [];
  const walk = (a: unknown, b: unknown, path: string) => {
    if (a && b && typeof a === 'object' && typeof b === 'object') {
      for (const k of new Set([...Object.keys(a), ...Object.keys(b)])) walk((a as any)[k], (b as any)[k], `${path}.${k}`);
    } else if (JSON.stringify(a) !== JSON.stringify(b)) diff.push(`${path}: ${JSON.stringify(a)} -> ${JSON.stringify(b)}`);
  };
  walk(base, promoted, '');
  expect(diff).toEqual(['.prod.resource.azuread_conditional_access_policy.CA005.state: "enabledForReportingButNotEnforced" -> "enabled"']);
});
