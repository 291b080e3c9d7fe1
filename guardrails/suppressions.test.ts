/** Suppressions live only in environment YAML, carry a reason, and stay visible to auditors. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { isPerimeterError } from '../core/problems';
import { appFromFiles } from '../cli/synth';
import { example, readDoc } from '../__tests__/helpers/docs';
import { fullSynth, mutateSample, readSample, SAMPLE_DIR, writeEnvironments } from '../__tests__/helpers/synth';

function synthError(prod: Record<string, unknown>): string {
  const dir = writeEnvironments({ dev: readSample('dev'), prod });
  try {
    appFromFiles({ environmentsDir: dir });
  } catch (e) {
    if (isPerimeterError(e)) return e.message;
    throw e;
  }
  throw new Error('expected synth to stop');
}

const privateTrusted = (e: Record<string, any>) => (e.namedLocations['corp-egress'].ipRanges = ['10.0.0.0/8']);
const annotationsOf = (manifest: any, stack: string): { level: string; message: string }[] => manifest.stacks[stack].annotations;

test('an unsuppressed error stops synth with rule id, environment, address, trigger, explanation and fix', () => {
  const msg = synthError(mutateSample('prod', privateTrusted));
  expect(msg).toContain('perimeter: guardrails stopped synth (1 problem)');
  expect(msg).toMatch(/prod\.yaml:\d+: PRM-LOC001 \[prod\] azuread_named_location\.corp-egress: trusted location corp-egress contains 10\.0\.0\.0\/8/);
  expect(msg).toContain('why: ');
  expect(msg).toContain('fix: ');
});

test('a finding about something the file declares names the line that declares it', () => {
  const prod = mutateSample('prod', privateTrusted);
  const text = readFileSync(join(writeEnvironments({ prod }), 'prod.yaml'), 'utf8');
  const declared = text.split('\n').findIndex((l) => l === '  corp-egress:') + 1;
  expect(declared).toBeGreaterThan(1);
  expect(synthError(prod)).toContain(`prod.yaml:${declared}: PRM-LOC001 [prod] azuread_named_location.corp-egress`);
});

test('a suppressed finding lets synth through and stays in the output with its reason', () => {
  const dir = writeEnvironments({
    dev: readSample('dev'),
    prod: mutateSample('prod', (e) => {
      privateTrusted(e);
      e.suppressions = [{ rule: 'PRM-LOC001', target: 'corp-egress', reason: 'Lab proof of concept behind the Zscaler tunnel; removed in CHG-3001.' }];
    }),
  });
  const { manifest } = fullSynth(dir);
  expect(annotationsOf(manifest, 'prod')).toContainEqual({
    constructPath: 'prod/named-locations/corp-egress',
    level: '@cdktf/info',
    message:
      'suppressed PRM-LOC001 [prod] azuread_named_location.corp-egress: trusted location corp-egress contains 10.0.0.0/8, a RFC 1918 private range (10.0.0.0/8) (reason: Lab proof of concept behind the Zscaler tunnel; removed in CHG-3001.)',
  });
});

test('a suppression with a reason of "because" is an error', () => {
  const msg = synthError(mutateSample('prod', (e) => (e.suppressions = [{ rule: 'PRM-LOC002', target: 'corp-egress', reason: 'because' }])));
  expect(msg).toMatch(/prod\.yaml:\d+: suppressions\[0\]\.reason: must say why the finding is accepted, in at least 10 characters/);
});

test('a suppression without a reason is an error', () => {
  const msg = synthError(mutateSample('prod', (e) => (e.suppressions = [{ rule: 'PRM-LOC002', target: 'corp-egress' }])));
  expect(msg).toContain('suppressions[0].reason: is required');
});

test('a suppression naming an unknown rule is an error that lists the rules', () => {
  const msg = synthError(mutateSample('prod', (e) => (e.suppressions = [{ rule: 'PRM-LOC099', target: 'corp-egress', reason: 'a reason long enough' }])));
  expect(msg).toContain('suppressions[0].rule: unknown rule "PRM-LOC099"; the rules are listed in RULES.md (PRM-BG001');
});

test('a suppression naming an unknown target is an error', () => {
  const msg = synthError(mutateSample('prod', (e) => (e.suppressions = [{ rule: 'PRM-LOC002', target: 'corp-egres', reason: 'a reason long enough' }])));
  expect(msg).toContain('suppressions[0].target: unknown target "corp-egres"');
});

test('a suppression that matched nothing is a warning', () => {
  const dir = writeEnvironments({
    dev: readSample('dev'),
    prod: mutateSample('prod', (e) => (e.suppressions = [{ rule: 'PRM-LOC002', target: 'corp-egress', reason: 'The /15 is the ISP block of the Pune campus.' }])),
  });
  const { manifest } = fullSynth(dir);
  expect(annotationsOf(manifest, 'prod')).toContainEqual(
    expect.objectContaining({ level: '@cdktf/warn', message: expect.stringMatching(/prod\.yaml: suppressions\[0\] \(PRM-LOC002 on corp-egress\) matched no finding; remove it$/) }),
  );
});

test('warnings reach the synth output; the sample has none', () => {
  const dir = writeEnvironments({
    dev: readSample('dev'),
    prod: mutateSample('prod', (e) => (e.policies.CA011 = { stage: 'report-only' })),
  });
  const warnings = annotationsOf(fullSynth(dir).manifest, 'prod').filter((a) => a.level === '@cdktf/warn');
  expect(warnings.map((w) => w.message)).toEqual([expect.stringMatching(/^PRM-STG003 \[prod\] azuread_conditional_access_policy\.CA011: CA011 is at report-only/)]);
  const sample = fullSynth(SAMPLE_DIR).manifest as any;
  expect(Object.values(sample.stacks).flatMap((s: any) => s.annotations.filter((a: any) => a.level === '@cdktf/warn'))).toEqual([]);
});

test('the README suppression example accepts the finding it names, and the reason stays in the synth output', () => {
  const { suppressions } = parse(example(readDoc('guardrails/README.md'), 'suppression')) as { suppressions: { rule: string; target: string; reason: string }[] };
  const prod = mutateSample('prod', (e) => {
    e.namedLocations['corp-egress'].ipRanges = ['20.32.0.0/15'];
    e.suppressions = [...(e.suppressions ?? []), ...suppressions];
  });
  const { manifest } = fullSynth(writeEnvironments({ dev: readSample('dev'), prod }));
  const annotations = (manifest as { stacks: Record<string, { annotations: { level: string; message: string }[] }> }).stacks['prod']!.annotations;
  expect(annotations.filter((a) => a.message.includes('PRM-LOC002')).map((a) => [a.level, a.message])).toEqual([
    ['@cdktf/info', `suppressed PRM-LOC002 [prod] azuread_named_location.corp-egress: trusted location corp-egress contains 20.32.0.0/15, wider than /16 (reason: ${suppressions[0]!.reason})`],
  ]);
});
