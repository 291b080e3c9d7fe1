import { lint, lintSources } from './lint';

test('the house rules hold for the whole tree (npm run lint)', () => {
  expect(lint()).toEqual([]);
});

/** Rule ids of the findings for these files, as `<file>:<line> <rule>`. */
const findingsOf = (files: Record<string, string>) =>
  lintSources(Object.entries(files).map(([path, text]) => ({ path, text }))).map((f) => `${f.file}:${f.line} ${f.rule}`);

test('each pattern rule catches what it is for, and comments do not count', () => {
  // Spelled in pieces so this file does not trip the rules it tests.
  const bad = [
    "import { AzurermProvider } from '@cdktf/provider-" + "azurerm';",
    "import { App } from 'cd" + "ktf';",
    "import { Construct } from 'constr" + "ucts';",
    'export default 1;',
    'const x = 1 as a' + 'ny;',
    '/** any location is fine in a comment */',
    "const e = proc" + 'ess.env.X;',
    "['b', 'a'].sort((p, q) => p.locale" + 'Compare(q));',
  ].join('\n');
  expect(findingsOf({ 'analysis/bad.ts': bad })).toEqual([
    'analysis/bad.ts:1 deep-provider-imports',
    'analysis/bad.ts:2 one-cdktf-import',
    'analysis/bad.ts:3 one-cdktf-import',
    'analysis/bad.ts:1 providers-in-constructs',
    'analysis/bad.ts:7 io-in-cli',
    'analysis/bad.ts:4 no-default-export',
    'analysis/bad.ts:5 no-any',
    'analysis/bad.ts:8 no-locale-compare',
  ]);
});

test('the layer rules: core is a leaf, analysis is pure, sections and rules never reach constructs', () => {
  expect(
    findingsOf({
      'core/a.ts': "import { x } from '../analysis/b';",
      'analysis/b.ts': "import { y } from '../environment/c';\nexport const x = 1;",
      'environment/c.ts': "import { z } from '../components/d/construct';\nexport const y = 1;",
      'components/d/construct.ts': 'export const z = 1;',
      'components/d/section.ts': "import { z } from './construct';",
      'components/d/guardrails/PRM-X001.ts': "import { y } from '../../../environment/c';",
      'baseline/e.ts': "import { y } from '../environment/c';",
    }),
  ).toEqual([
    'core/a.ts:1 layers',
    'analysis/b.ts:1 layers',
    'environment/c.ts:1 layers',
    'components/d/section.ts:1 layers',
    'components/d/guardrails/PRM-X001.ts:1 layers',
    'baseline/e.ts:1 layers',
  ]);
});

test('an import cycle is found, type-only imports included, and named once', () => {
  expect(
    findingsOf({
      'components/x/section.ts': "import type { B } from './b';\nexport type A = 1;",
      'components/x/b.ts': "import type { A } from './section';\nexport type B = 2;",
    }),
  ).toEqual(['components/x/b.ts:1 no-import-cycles']);
});

test('tests may read files and reach anything, but not cycle', () => {
  expect(findingsOf({ 'components/x/section.test.ts': "import { readFileSync } from 'node:fs';\nimport { z } from './construct';", 'components/x/construct.ts': 'export const z = 1;' })).toEqual([]);
});
