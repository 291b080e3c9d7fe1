/** "Did you mean": words get the closest valid name, codes only a different case or separator. */
import { didYouMean, didYouMeanId, durationWords, unknownKeyMessage } from './text';

test('a misspelt word gets the closest valid name, an unrelated one gets nothing', () => {
  expect(didYouMean('acounts', ['accounts', 'exclusionGroupName'])).toBe('; did you mean "accounts"?');
  expect(didYouMean('Hr-Staff', ['hr-staff', 'finance-staff'])).toBe('; did you mean "hr-staff"?');
  expect(didYouMean('telemetry-workspace-of-the-finance-team', ['hr-staff', 'finance-staff'])).toBe('');
  expect(didYouMean('hr-staff', ['hr-staff'])).toBe('');
  // Short names need a close match: --out is not a misspelt --env.
  expect(didYouMean('--out', ['--env', '--outputs', '--out-dir'])).toBe('');
  expect(didYouMean('synht', ['synth', 'report'])).toBe('; did you mean "synth"?');
});

test('a code is close only in case or separators: CA099 is not a misspelt CA009', () => {
  expect(didYouMeanId('CA099', ['CA001', 'CA009'])).toBe('');
  expect(didYouMeanId('ca009', ['CA001', 'CA009'])).toBe('; did you mean "CA009"?');
  expect(didYouMeanId('PRM-LOC-001', ['PRM-LOC001'])).toBe('; did you mean "PRM-LOC001"?');
});

test('an unknown key names itself, the suggestion and what is allowed', () => {
  expect(unknownKeyMessage(['stgae'], ['tenantId', 'ring', 'stage'])).toBe('unknown key "stgae"; did you mean "stage"?; allowed here: tenantId, ring, stage');
  expect(unknownKeyMessage(['SEN099'], ['stage', 'SEN001', 'SEN009'])).toBe('unknown key "SEN099"; allowed here: stage, SEN001, SEN009');
  expect(unknownKeyMessage(['a', 'b'], ['stage'])).toBe('unknown keys "a", "b"; allowed here: stage');
});

test('ISO 8601 durations read as words', () => {
  expect(['PT4H', 'PT4H30M', 'P180D', 'P1D', 'PT1M', 'P1DT2H', 'soon'].map(durationWords)).toEqual(['4 hours', '4 hours 30 minutes', '180 days', '1 day', '1 minute', '1 day 2 hours', 'soon']);
});
