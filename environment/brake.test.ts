import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { appFromFiles } from '../cli/synth';
import { Testing } from '../app/cdktf';
import { STAGE_CEILING_OUTPUT } from '../core/stages';
import { isPerimeterError } from '../core/problems';
import { applyStageCeiling, STAGES } from '../core/stages';
import { fullSynth, mutateSample, readSample, REPO_ROOT, resourcesOf, SAMPLE_DIR, synthStacks, writeEnvironments, type TfJson } from '../__tests__/helpers/synth';

function synthWith(stageCeiling: string | undefined, dir = SAMPLE_DIR): Record<string, TfJson> {
  const { stacks } = appFromFiles({ environmentsDir: dir, ...(stageCeiling !== undefined ? { stageCeiling } : {}) });
  return Object.fromEntries(stacks.map((s) => [s.node.id, JSON.parse(Testing.synth(s)) as TfJson]));
}

const statesOf = (tf: TfJson | undefined) =>
  Object.fromEntries(Object.entries(resourcesOf(tf as TfJson, 'azuread_conditional_access_policy')).map(([id, p]) => [id, p.state]));

test.each([
  ['off', 'off', 'off'],
  ['report-only', 'off', 'off'],
  ['enabled', 'off', 'off'],
  ['off', 'report-only', 'off'],
  ['report-only', 'report-only', 'report-only'],
  ['enabled', 'report-only', 'report-only'],
] as const)('stage %s under ceiling %s becomes %s', (stage, ceiling, expected) => {
  expect(applyStageCeiling(stage, ceiling)).toBe(expected);
});

test('without a ceiling every stage is unchanged', () => {
  for (const stage of STAGES) expect(applyStageCeiling(stage, undefined)).toBe(stage);
});

test('report-only ceiling: nothing is enforced, everything else is untouched', () => {
  const plain = synthStacks();
  const braked = synthWith('report-only');
  for (const env of ['dev', 'prod']) {
    const before = statesOf(plain[env]);
    const after = statesOf(braked[env]);
    expect(Object.keys(after)).toEqual(Object.keys(before));
    expect(Object.values(after)).not.toContain('enabled');
    for (const [id, state] of Object.entries(before)) {
      // Enforced policies drop to report-only; user-action policies (no report-only in Entra) to disabled.
      const expected = state === 'enabled' ? (id === 'CA011' || id === 'CA012' ? 'disabled' : 'enabledForReportingButNotEnforced') : state;
      expect([id, after[id]]).toEqual([id, expected]);
    }
  }
  expect(statesOf(braked.prod).CA003).toBe('enabledForReportingButNotEnforced');
  expect(statesOf(plain.prod).CA003).toBe('enabled');
});

test('analytics rules are capped too: report-only rules raise alerts but no incidents', () => {
  const incident = (tf: TfJson | undefined, id: string) =>
    (resourcesOf(tf as TfJson, 'azurerm_sentinel_alert_rule_nrt')[id]?.incident as { create_incident_enabled: boolean }).create_incident_enabled;
  expect(incident(synthStacks().prod, 'SEN001')).toBe(true);
  expect(incident(synthWith('report-only').prod, 'SEN001')).toBe(false);
  // The brake never removes detection: even under off, the break-glass alert keeps running.
  expect(incident(synthWith('off').prod, 'SEN001')).toBe(false);
  expect(applyStageCeiling('enabled', 'off', 'rule')).toBe('report-only');
  expect(applyStageCeiling('off', 'off', 'rule')).toBe('off');
});

test('off ceiling: every policy is disabled, and synth says what happened to the rules', () => {
  const braked = synthWith('off');
  for (const env of ['dev', 'prod']) {
    expect(new Set(Object.values(statesOf(braked[env])))).toEqual(new Set(['disabled']));
  }
  expect(braked.prod?.output?.[STAGE_CEILING_OUTPUT]).toMatchObject({ value: { ceiling: 'off', lowered: { CA001: 'enabled', CA002: 'report-only', SEN001: 'enabled' } } });
  const { manifest } = fullSynthWithCeiling('off');
  expect(manifest.stacks.prod?.annotations.map((a) => a.message).find((m) => m.startsWith('EMERGENCY BRAKE'))).toMatch(
    /^EMERGENCY BRAKE: PERIMETER_STAGE_CEILING=off caps every policy at off and every analytics rule at report-only \(detection keeps running\) in prod; lowered: directorySync\.features report-only -> off, CA001 enabled -> off, CA002 report-only -> off/,
  );
});

test('the synthesized JSON carries a marker naming the ceiling and what it lowered', () => {
  const braked = synthWith('report-only');
  expect(braked.prod?.output?.[STAGE_CEILING_OUTPUT]).toEqual({
    description: expect.stringContaining('EMERGENCY BRAKE: synthesized with PERIMETER_STAGE_CEILING=report-only'),
    value: { ceiling: 'report-only', lowered: { AC001: 'enabled', CA001: 'enabled', CA003: 'enabled', CA004: 'enabled', CA006: 'enabled', CA008: 'enabled', CA019: 'enabled', SEN001: 'enabled' } },
  });
  expect(synthStacks().prod?.output?.[STAGE_CEILING_OUTPUT]).toBeUndefined();
});

test('synth warns loudly on every stack', () => {
  const { manifest } = fullSynthWithCeiling('report-only');
  for (const env of ['dev', 'prod']) {
    const messages = manifest.stacks[env]?.annotations.map((a) => `${a.level} ${a.message}`) ?? [];
    expect(messages.filter((m) => m.includes('EMERGENCY BRAKE'))).toEqual([
      expect.stringMatching(new RegExp(`^@cdktf/warn EMERGENCY BRAKE: PERIMETER_STAGE_CEILING=report-only caps every policy and analytics rule at report-only in ${env}; lowered: CA001 enabled -> report-only, CA003 enabled -> report-only`)),
    ]);
  }
  const plain = fullSynth(SAMPLE_DIR).manifest as Manifest;
  expect(JSON.stringify(plain)).not.toContain('EMERGENCY BRAKE');
});

interface Manifest {
  stacks: Record<string, { annotations: { level: string; message: string }[] }>;
}

/** fullSynth with a ceiling: validations, annotations and the manifest included. */
function fullSynthWithCeiling(stageCeiling: string): { manifest: Manifest } {
  const outdir = mkdtempSync(join(tmpdir(), 'perimeter-brake-'));
  try {
    appFromFiles({ environmentsDir: SAMPLE_DIR, outdir, stageCeiling }).app.synth();
    return { manifest: JSON.parse(readFileSync(join(outdir, 'manifest.json'), 'utf8')) as Manifest };
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

test('an invalid ceiling is an error that names the variable, the value and the choices', () => {
  let message = '';
  try {
    appFromFiles({ environmentsDir: SAMPLE_DIR, stageCeiling: 'enabled' });
  } catch (e) {
    if (!isPerimeterError(e)) throw e;
    message = e.message;
  }
  expect(message).toBe(
    'perimeter: synth stopped (1 problem):\n' +
      '  - environment variable PERIMETER_STAGE_CEILING: "enabled" is not a stage ceiling; use one of: off | report-only, or leave it unset for no ceiling',
  );
});

test('an empty ceiling (an unset workflow input) means no ceiling', () => {
  expect(statesOf(synthWith('').prod)).toEqual(statesOf(synthStacks().prod));
  expect(statesOf(synthWith('   ').prod).CA003).toBe('enabled');
});

test('ring order is checked on the YAML stages, before the ceiling', () => {
  // prod ahead of dev for CA009: a ceiling of off would hide it, but the YAML is still wrong.
  const dir = writeEnvironments({ dev: readSample('dev'), prod: mutateSample('prod', (e) => (e.policies.CA009 = { stage: 'enabled' })) });
  expect(() => appFromFiles({ environmentsDir: dir, stageCeiling: 'off' })).toThrow(/ring order violated: CA009 is enabled in prod \(ring 2\) but only report-only in dev/);
});

test('synth reads PERIMETER_STAGE_CEILING and stops with exit 2, without a stack trace, on a bad value', () => {
  const run = spawnSync(process.execPath, ['-r', './cli/register.js', 'cli/main.ts', 'synth'], {
    cwd: REPO_ROOT,
    env: { ...process.env, PERIMETER_STAGE_CEILING: 'paused', CDKTF_OUTDIR: '/nonexistent/never-written' },
    encoding: 'utf8',
    timeout: 60_000,
  });
  expect(run.status).toBe(2);
  expect(run.stderr).toContain('environment variable PERIMETER_STAGE_CEILING: "paused" is not a stage ceiling; use one of: off | report-only');
  expect(run.stderr).not.toMatch(/\n\s+at /);
}, 60_000);
