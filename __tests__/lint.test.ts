import { lint } from '../scripts/lint';

test('the house rules hold for the whole tree (npm run lint)', () => {
  expect(lint()).toEqual([]);
});

test('each rule catches what it is for', () => {
  const { writeFileSync, mkdirSync, rmSync } = require('node:fs') as typeof import('node:fs');
  const { join } = require('node:path') as typeof import('node:path');
  const dir = join(__dirname, '..', 'analysis', '__lint_fixture__');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'bad.ts');
  writeFileSync(
    file,
    [
      // Spelled in pieces so this file does not trip the rules it tests.
      "import { AzurermProvider } from '@cdktf/provider-" + "azurerm';",
      "import { App } from 'cd" + "ktf';",
      "import { Construct } from 'constructs';",
      'export default 1;',
      'const x = 1 as any;',
      '/** any location is fine in a comment */',
    ].join('\n'),
  );
  try {
    const findings = lint(['analysis/__lint_fixture__/bad.ts']);
    expect(findings.map((f) => f.split(': ')[1])).toEqual(['deep-provider-imports', 'one-cdktf-import', 'pure-layers', 'no-default-export', 'no-any']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
