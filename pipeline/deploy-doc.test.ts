/** docs/deploy.md and the state-backend README are executed here, so they cannot drift from the code. */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { loadEnvironments } from '../cli/environments';
import { codeBlocks, readDoc } from '../__tests__/helpers/docs';
import { mutateSample, readSample, REPO_ROOT, synthStacks, writeEnvironments } from '../__tests__/helpers/synth';

const deploy = readDoc('docs/deploy.md');
const backendDoc = readDoc('components/state-backend/README.md');

test('the backend and suppression snippets are valid environment YAML, and the backend is reached by OIDC and Entra ID', () => {
  const backend = parse(codeBlocks(backendDoc, 'yaml').find((b) => b.startsWith('backend:'))!) as Record<string, unknown>;
  const suppressions = parse(codeBlocks(deploy, 'yaml').find((b) => b.startsWith('suppressions:'))!) as Record<string, unknown>;
  const dir = writeEnvironments({ dev: readSample('dev'), prod: mutateSample('prod', (e) => Object.assign(e, backend, suppressions)) });
  expect(() => loadEnvironments(dir)).not.toThrow();
  expect((synthStacks(dir).prod!.terraform.backend as { azurerm: Record<string, unknown> }).azurerm).toMatchObject({
    storage_account_name: 'stidentitytfstate',
    key: 'prod.tfstate',
    use_oidc: true,
    use_azuread_auth: true,
    use_cli: false,
  });
});

test('every workflow and test file the page names exists', () => {
  const named = [...deploy.matchAll(/`(\.github\/workflows\/[a-z-]+\.yml|[a-z_/.-]+\.test\.ts)`/g)].map((m) => m[1]!);
  expect(named.length).toBeGreaterThan(3);
  for (const file of named) expect([file, existsSync(join(REPO_ROOT, file))]).toEqual([file, true]);
});
