import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { appFromFiles } from '../../cli/synth';
import { loadEnvironments } from '../../cli/environments';
import { isPerimeterError } from '../../core/problems';
import { SAMPLE_DIR, mutateSample, readSample, synthStacks, writeEnvironments } from '../../__tests__/helpers/synth';

const STATE = {
  storageAccountName: 'stidentitytfstate',
  containerName: 'tfstate',
  key: 'prod.tfstate',
  resourceGroupName: 'rg-identity-state',
  subscriptionId: '5b000000-0000-4000-8000-0000000000a1',
};

function problemsOf(dir: string): string {
  try {
    loadEnvironments(dir);
  } catch (e) {
    if (isPerimeterError(e)) return e.message;
    throw e;
  }
  throw new Error('expected the environments to be rejected');
}

test('without backend: a local state file relative to the stack directory (a laptop environment)', () => {
  const dir = writeEnvironments({ prod: readSample('prod'), dev: mutateSample('dev', (e) => delete e.backend) });
  const tf = synthStacks(dir);
  expect(tf.dev?.terraform.backend).toEqual({ local: { path: '../../../terraform.dev.tfstate' } });
});

test('with backend: azurerm state over OIDC and Entra ID auth, never the CLI, no keys', () => {
  const dir = writeEnvironments({ prod: mutateSample('prod', (e) => (e.backend = STATE)), dev: mutateSample('dev', (e) => delete e.backend) });
  const tf = synthStacks(dir);
  expect(tf.prod?.terraform.backend).toEqual({
    azurerm: {
      storage_account_name: 'stidentitytfstate',
      container_name: 'tfstate',
      key: 'prod.tfstate',
      resource_group_name: 'rg-identity-state',
      subscription_id: '5b000000-0000-4000-8000-0000000000a1',
      tenant_id: '7e000000-0000-4000-8000-0000000000a1',
      use_oidc: true,
      use_azuread_auth: true,
      use_cli: false,
    },
  });
  // Terraform 1.11 rejects use_microsoft_graph; keys and secrets must never appear.
  expect(JSON.stringify(tf.prod?.terraform.backend)).not.toMatch(/access_key|sas_token|client_secret|use_microsoft_graph|client_certificate/);
  // Each environment chooses for itself.
  expect(tf.dev?.terraform.backend).toEqual({ local: { path: '../../../terraform.dev.tfstate' } });
});

test('the key defaults to <env>.tfstate and the tenant can be set for state in another tenant', () => {
  const minimal = { storageAccountName: 'stidentitytfstate', containerName: 'tfstate', tenantId: '7e000000-0000-4000-8000-0000000000ff' };
  const dir = writeEnvironments({ prod: mutateSample('prod', (e) => (e.backend = minimal)), dev: readSample('dev') });
  const backend = synthStacks(dir).prod?.terraform.backend as { azurerm: Record<string, unknown> };
  expect(backend.azurerm).toEqual({
    storage_account_name: 'stidentitytfstate',
    container_name: 'tfstate',
    key: 'prod.tfstate',
    tenant_id: '7e000000-0000-4000-8000-0000000000ff',
    use_oidc: true,
    use_azuread_auth: true,
    use_cli: false,
  });
});

test('a bad storage account name names the file, key path, value and the rule', () => {
  const dir = writeEnvironments({
    prod: mutateSample('prod', (e) => (e.backend = { ...STATE, storageAccountName: 'St_Identity' })),
    dev: readSample('dev'),
  });
  expect(problemsOf(dir)).toMatch(
    /prod\.yaml:\d+: backend\.storageAccountName: "St_Identity" must be a storage account name: 3 to 24 lower-case letters and digits/,
  );
});

test('a bad container name and subscription id are reported together', () => {
  const dir = writeEnvironments({
    prod: mutateSample('prod', (e) => (e.backend = { ...STATE, containerName: 'TF--state', subscriptionId: 'not-a-guid' })),
    dev: readSample('dev'),
  });
  const message = problemsOf(dir);
  expect(message).toMatch(/backend\.containerName: "TF--state" must be a blob container name/);
  expect(message).toMatch(/backend\.subscriptionId: "not-a-guid" must be the subscription id written as a GUID/);
});

test('a storage key cannot be written into the backend section', () => {
  const dir = writeEnvironments({
    prod: mutateSample('prod', (e) => (e.backend = { ...STATE, accessKey: 'c2VjcmV0' })),
    dev: readSample('dev'),
  });
  expect(problemsOf(dir)).toMatch(
    /prod\.yaml:\d+: backend\.accessKey: unknown key "accessKey"; allowed here: storageAccountName, containerName, key, resourceGroupName, subscriptionId, tenantId/,
  );
});

test('two environments may not share one state blob', () => {
  const dir = writeEnvironments({
    prod: mutateSample('prod', (e) => (e.backend = STATE)),
    dev: mutateSample('dev', (e) => (e.backend = STATE)),
  });
  expect(problemsOf(dir)).toMatch(
    /prod\.yaml: backend\.key: state blob "stidentitytfstate\/tfstate\/prod\.tfstate" is also used by dev \(.*dev\.yaml\); every environment needs its own key, e\.g\. prod\.tfstate/,
  );
});

// Needs a Terraform binary and, for the providers, network: set PERIMETER_TERRAFORM_CHECKS=1 (CI in GitHub does).
const terraformChecks = process.env.PERIMETER_TERRAFORM_CHECKS === '1' ? describe : describe.skip;

terraformChecks('with Terraform', () => {
  test('terraform accepts every argument of the azurerm backend block', () => {
    const dir = writeEnvironments({ prod: mutateSample('prod', (e) => (e.backend = STATE)), dev: readSample('dev') });
    const outdir = mkdtempSync(join(tmpdir(), 'perimeter-tf-'));
    try {
      appFromFiles({ environmentsDir: dir, outdir }).app.synth();
      const cwd = join(outdir, 'stacks', 'prod');
      let output = '';
      try {
        // No credentials here: init stops at authentication, after Terraform has checked the block's arguments.
        output = execFileSync('terraform', ['init', '-input=false', '-no-color'], {
          cwd,
          encoding: 'utf8',
          stdio: 'pipe',
          env: { ...process.env, ARM_USE_OIDC: 'false', TF_IN_AUTOMATION: '1' },
          timeout: 120_000,
        });
      } catch (e) {
        const err = e as { stdout?: string; stderr?: string };
        output = `${err.stdout ?? ''}${err.stderr ?? ''}`;
      }
      expect(output).toMatch(/Initializing the backend/);
      expect(output).not.toMatch(/Extraneous JSON object property|No argument or block type is named|not expected here|Unsupported argument/i);
      expect(JSON.parse(readFileSync(join(cwd, 'cdk.tf.json'), 'utf8')).terraform.backend.azurerm.use_oidc).toBe(true);
    } finally {
      rmSync(outdir, { recursive: true, force: true });
    }
  });
});

describe('remote state is mandatory wherever the pipeline deploys', () => {
  const loadFor = (dir: string, requireRemoteState: boolean) => {
    try {
      loadEnvironments(dir, dir, { requireRemoteState });
      return 'loaded';
    } catch (e) {
      if (isPerimeterError(e)) return e.message;
      throw e;
    }
  };
  const withoutBackend = (extra: (e: Record<string, any>) => void = () => undefined) =>
    writeEnvironments({ prod: readSample('prod'), dev: mutateSample('dev', (e) => (delete e.backend, extra(e))) });

  test('a pipeline synth stops for an environment without backend:, naming the file and the way out', () => {
    expect(loadFor(withoutBackend(), true)).toBe(
      'perimeter: synth stopped (1 problem):\n  - dev.yaml:1: backend: is required: this synth runs for the pipeline, which deploys this environment, and without remote state Terraform keeps the state on the runner and loses it; the next deploy would then create every policy again next to the first set. Add backend: (components/state-backend/README.md), or set pipeline: false for a laptop-only environment',
    );
  });
  test('a laptop synth, or a laptop-only environment, may keep local state', () => {
    expect(loadFor(withoutBackend(), false)).toBe('loaded');
    expect(loadFor(withoutBackend((e) => (e.pipeline = false)), true)).toBe('loaded');
  });
  test('the samples, which the pipeline deploys, have remote state', () => {
    expect(loadFor(SAMPLE_DIR, true)).toBe('loaded');
  });
});
