/**
 * One file per new environment: copying dev.yaml with new names is all it takes (synth, the
 * guardrails, the lockout proof and the derived scenarios pass); copying it without new names
 * is caught at synth, naming the two files and each name they share.
 */
import { join } from 'node:path';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { isPerimeterError } from '../core/problems';
import { commandOutcome } from '../cli/run';
import { synthesize } from '../cli/synth';
import { runWhatIf } from '../cli/whatif';
import { mutateSample, newEnvironmentFromDev, readSample, writeEnvironments } from './helpers/synth';

const synthError = (files: Record<string, Record<string, unknown>>): string => {
  try {
    synthesize({ environmentsDir: writeEnvironments(files), outdir: join(mkdtempSync(join(tmpdir(), 'perimeter-new-')), 'cdktf.out') });
  } catch (e) {
    if (isPerimeterError(e)) return e.message;
    throw e;
  }
  return 'synthesized';
};

test('a copy of dev.yaml with new names: synth, guardrails, the proof and the derived scenarios pass', () => {
  const environmentsDir = writeEnvironments({ dev: readSample('dev'), prod: readSample('prod'), pilot: newEnvironmentFromDev('pilot') });
  const outdir = join(mkdtempSync(join(tmpdir(), 'perimeter-new-')), 'cdktf.out');
  expect(synthesize({ environmentsDir, outdir }).stacks).toEqual(['dev', 'pilot', 'prod']);
  const whatif = (...args: string[]) => commandOutcome(() => runWhatIf(['--env', 'pilot', '--outdir', outdir, '--environments', environmentsDir, ...args]));
  const proof = whatif('--prove-break-glass');
  expect([proof.exitCode, proof.stdout?.split('\n')[0]]).toEqual([0, expect.stringContaining('PROVED')]);
  const scenarios = whatif('--scenarios');
  expect(scenarios.exitCode).toBe(0);
  expect(scenarios.stdout).toContain('scenarios/pilot.yaml does not exist: running the scenarios derived from the personas');
  expect(scenarios.stdout).toContain('ok    derived: break-glass-1 opens the admin portals from outside every named location on an unmanaged device (allow)');
  expect(scenarios.stdout).toMatch(/\n4 of 4 scenarios hold\n$/);
});

test('a plain copy of dev.yaml is caught: the shared state blob first, then the shared tenant, then every shared name', () => {
  expect(synthError({ dev: readSample('dev'), prod: readSample('prod'), pilot: readSample('dev') })).toContain(
    'pilot.yaml: backend.key: state blob "stmeridianlabstate/tfstate/dev.tfstate" is also used by dev',
  );
  const sameTenant = synthError({ dev: readSample('dev'), prod: readSample('prod'), pilot: mutateSample('dev', (e) => (e.backend.key = 'pilot.tfstate')) });
  expect(sameTenant).toContain('PRM-TEN003 [pilot]');
  const names = synthError({
    dev: readSample('dev'),
    prod: readSample('prod'),
    pilot: mutateSample('dev', (e) => ((e.backend.key = 'pilot.tfstate'), (e.tenantId = '7e000000-0000-4000-8000-0000000000c1'))),
  });
  const tenant004 = names.split('\n').filter((l) => l.includes('PRM-TEN004'));
  expect(tenant004.map((l) => l.replace(/^.*PRM-TEN004 \[pilot\] [^:]+: /, ''))).toEqual([
    expect.stringMatching(/pilot\.yaml and .*dev\.yaml both use the resource group "rg-identity-dev" in subscription c5000000-0000-4000-8000-00000000de01; give pilot its own \(telemetry\.workspace\.resourceGroup\)$/),
    expect.stringMatching(/pilot\.yaml and .*dev\.yaml both use the Log Analytics workspace "law-identity-dev" in subscription c5000000-0000-4000-8000-00000000de01; give pilot its own \(telemetry\.workspace\.name\)$/),
    expect.stringMatching(/pilot\.yaml and .*dev\.yaml both use the App Proxy external URL "https:\/\/wiki-meridianlab\.msappproxy\.net\/" in Azure .*; give pilot its own \(appProxy\.apps\.engineering-wiki\.externalUrl\)$/),
  ]);
});
