/**
 * Checks that need a Terraform binary and the providers from the registry. They run only
 * where PERIMETER_TERRAFORM_CHECKS=1 says the machine has both (the GitHub pull-request
 * workflow sets it); everywhere else they are reported as skipped.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { appFromFiles } from '../cli/synth';
import { Testing } from '../app/cdktf';
import { SAMPLE_DIR } from '../__tests__/helpers/synth';

const terraformChecks = process.env.PERIMETER_TERRAFORM_CHECKS === '1' ? describe : describe.skip;

terraformChecks('the sample is valid Terraform', () => {
  beforeAll(() => Testing.setupJest());

  test.each([
    ['as written', undefined],
    ['under the emergency brake', 'report-only'],
  ])('%s', (_label, stageCeiling) => {
    const outdir = mkdtempSync(join(tmpdir(), 'perimeter-tfvalid-'));
    try {
      appFromFiles({ environmentsDir: SAMPLE_DIR, outdir, ...(stageCeiling ? { stageCeiling } : {}) }).app.synth();
      // setupJest registers the matcher at run time; its typing lives in cdktf's jest adapter, which we do not import.
      (expect(outdir) as unknown as { toBeValidTerraform(): void }).toBeValidTerraform();
    } finally {
      rmSync(outdir, { recursive: true, force: true });
    }
  }, 300_000);
});
