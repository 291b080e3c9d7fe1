/** The README's Review and deploy section is executed here, so it cannot drift from the code. */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { loadEnvironments } from '../../cli/environments';
import { mutateSample, readSample, REPO_ROOT, synthStacks, writeEnvironments } from '../helpers/synth';

const readme = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');
const section = readme.slice(readme.indexOf('## Review and deploy'), readme.indexOf('## Project layout'));
const blocks = (lang: string) => [...section.matchAll(new RegExp('```' + lang + '\\n([\\s\\S]*?)```', 'g'))].map((m) => m[1]!);

test('the section exists before Project layout', () => {
  expect(section.length).toBeGreaterThan(1000);
});

test('the backend and suppression snippets are valid environment YAML', () => {
  const snippets = blocks('yaml').map((b) => parse(b) as Record<string, unknown>);
  const backend = snippets.find((s) => 'backend' in s)!;
  const suppressions = snippets.find((s) => 'suppressions' in s)!;
  const dir = writeEnvironments({ dev: readSample('dev'), prod: mutateSample('prod', (e) => Object.assign(e, backend, suppressions)) });
  expect(() => loadEnvironments(dir)).not.toThrow();
  expect((synthStacks(dir).prod!.terraform.backend as { azurerm: Record<string, unknown> }).azurerm).toMatchObject({
    storage_account_name: 'stidentitytfstate',
    key: 'prod.tfstate',
    use_oidc: true,
    use_azuread_auth: true,
  });
});

test('every npm script and file the section names exists', () => {
  const scripts = (JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
  const named = [...section.matchAll(/npm run (?:-s )?([a-z]+)/g)].map((m) => m[1]!);
  expect(new Set(named)).toEqual(new Set(['synth', 'report', 'diff']));
  for (const name of named) expect([name, name in scripts]).toEqual([name, true]);
  for (const m of section.matchAll(/`(\.github\/workflows\/[a-z-]+\.yml|__tests__\/[a-z/.-]+\.ts)`/g)) {
    expect([m[1], existsSync(join(REPO_ROOT, m[1]!))]).toEqual([m[1], true]);
  }
});
