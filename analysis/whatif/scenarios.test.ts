import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { loadEnvironmentFile } from '../../cli/environments';
import { readSynthesizedStack } from '../model/read';
import { declaredFacts } from '../../environment/declared';
import { compileEnvironment } from './compile';
import { derivedScenarios, parseScenarios, runScenarios, type ScenarioOutcome } from './scenarios';
import { REPO_ROOT, SAMPLE_DIR, synthStacks } from '../../__tests__/helpers/synth';

const SCENARIO_DIR = join(REPO_ROOT, 'scenarios');
const stacks = synthStacks();
const environments = Object.keys(stacks).sort();

function modelOf(name: string) {
  const environment = loadEnvironmentFile(join(SAMPLE_DIR, `${name}.yaml`)).environment!;
  return readSynthesizedStack(stacks[name]!, { declared: declaredFacts(environment) });
}

function outcomesFor(name: string, file = join(SCENARIO_DIR, `${name}.yaml`)): ScenarioOutcome[] {
  const model = modelOf(name);
  const loaded = parseScenarios(relative(REPO_ROOT, file), readFileSync(file, 'utf8'));
  expect(loaded.problems).toEqual([]);
  return runScenarios(compileEnvironment(model), loaded, model);
}

const scenarioFiles = readdirSync(SCENARIO_DIR).filter((f) => f.endsWith('.yaml')).map((f) => f.replace(/\.yaml$/, '')).sort();

test('every scenario file belongs to an environment (files are optional: an environment without one runs the derived scenarios)', () => {
  expect(scenarioFiles.filter((f) => !environments.includes(f))).toEqual([]);
});

describe.each(environments)('the derived scenarios of %s', (name) => {
  test('hold: every break-glass account is untouched from outside every named location and with a legacy client', () => {
    const model = modelOf(name);
    const derived = derivedScenarios(model, `scenarios/${name}.yaml`);
    expect(derived.scenarios).toHaveLength(2 * model.declared!.breakGlassAccounts.length);
    const outcomes = runScenarios(compileEnvironment(model), derived, model);
    expect(outcomes.filter((o) => o.mismatches.length).map((o) => [o.scenario.name, o.mismatches])).toEqual([]);
  });
});

describe.each(scenarioFiles)('scenarios/%s.yaml', (name) => {
  const outcomes = outcomesFor(name);
  test.each(outcomes.map((o) => [o.scenario.name, o] as const))('%s', (_n, outcome) => {
    expect(outcome.mismatches).toEqual([]);
  });

  test('exercises every kind of sign-in the baseline decides on: legacy clients, each persona, high risk, App Proxy', () => {
    const environment = loadEnvironmentFile(join(SAMPLE_DIR, `${name}.yaml`)).environment!;
    const specs = outcomes.map((o) => o.scenario.spec);
    const proxyApps = Object.keys(environment.appProxy?.apps ?? {});
    const exercised = {
      'a legacy client': specs.some((s) => s.client === 'other' || s.client === 'exchangeActiveSync'),
      'a member': specs.some((s) => s.user === 'member'),
      'a guest': specs.some((s) => s.user === 'guest'),
      'a Global Administrator': specs.some((s) => s.user === 'global-admin'),
      'high sign-in or user risk': specs.some((s) => s.signInRisk === 'high' || s.userRisk === 'high'),
      'a directory sync account': specs.some((s) => s.user === 'sync-account'),
      'a break-glass account': specs.some((s) => s.user?.startsWith('break-glass')),
      'an App Proxy app': proxyApps.length === 0 || specs.some((s) => proxyApps.includes(s.app ?? '')),
    };
    expect(Object.entries(exercised).filter(([, yes]) => !yes).map(([kind]) => kind)).toEqual([]);
  });
});

test('a scenario whose expectation is wrong fails with the differences', () => {
  const dir = mkdtempSync(join(tmpdir(), 'perimeter-scenarios-'));
  const file = join(dir, 'prod.yaml');
  writeFileSync(
    file,
    [
      'scenarios:',
      '  - name: IMAP is surely fine',
      '    signIn: { user: member, app: Office365, client: other, platform: windows, ip: 192.0.2.1, country: GB }',
      '    expect: { decision: grant, requirements: [CA001], signInFrequency: 4 hours }',
    ].join('\n'),
  );
  const [outcome] = outcomesFor('prod', file);
  // The requirements expectation holds (CA001 applies; a legacy client just cannot meet it).
  expect(outcome!.mismatches).toEqual(['decision: expected grant, got block', 'signInFrequency: expected 4 hours, got none']);
});

test('a scenario with an input that is not allowed fails with the field and the allowed values', () => {
  const dir = mkdtempSync(join(tmpdir(), 'perimeter-scenarios-'));
  const file = join(dir, 'prod.yaml');
  writeFileSync(file, 'scenarios:\n  - name: x\n    signIn: { user: member, app: All, client: browser, platform: ipad }\n    expect: { decision: allow }\n');
  const [outcome] = outcomesFor('prod', file);
  expect(outcome!.mismatches).toEqual([
    'signIn.platform: "ipad" is not allowed; use one of: android | iOS | windows | windowsPhone | macOS | linux | unknown (unknown = a platform Entra does not recognise)',
  ]);
});

test('structural mistakes in a scenario file name the file, line and key path', () => {
  const dir = mkdtempSync(join(tmpdir(), 'perimeter-scenarios-'));
  const file = join(dir, 'prod.yaml');
  writeFileSync(
    file,
    [
      'scenarios:',
      '  - name: one',
      '    signIn: { user: member, app: All, client: browser, platform: iOS, colour: red }',
      '    expect: { decision: maybe }',
    ].join('\n'),
  );
  const loaded = parseScenarios(relative(dir, file), readFileSync(file, 'utf8'));
  expect(loaded.problems).toEqual([
    { file: 'prod.yaml', path: 'scenarios[0].signIn.colour', message: 'unknown key "colour"', line: 3 },
    { file: 'prod.yaml', path: 'scenarios[0].expect.decision', message: 'must be one of: block | grant | allow | notEnoughInformation', line: 4 },
  ]);
  writeFileSync(file, 'scenarios:\n  - name: [unclosed\n');
  expect(parseScenarios(relative(dir, file), readFileSync(file, 'utf8')).problems[0]).toMatchObject({ file: 'prod.yaml', path: 'scenarios', message: expect.stringMatching(/^YAML syntax error: /) });
});
