/** The documentation stays true: generated pages are fresh, examples load, commands and links exist, samples are real output. */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, normalize } from 'node:path';
import { parse } from 'yaml';
import { generatedPages } from '../cli/docs';
import { appFromFiles } from '../cli/synth';
import { loadEnvironmentFile, loadEnvironments } from '../cli/environments';
import { isPerimeterError } from '../core/problems';
import { environmentKeys } from '../environment/docs';
import { RULES } from '../guardrails/index';
import { customPolicySchema } from '../components/conditional-access/custom';
import { codeBlocks, markdownPages, readDoc, section } from './helpers/docs';
import { loadMutated, readSample, REPO_ROOT, writeEnvironments } from './helpers/synth';

const readme = readDoc('README.md');
const pkg = JSON.parse(readDoc('package.json')) as { scripts: Record<string, string> };

test.each(generatedPages().map((p) => [p.path, p.content] as const))('%s is up to date (run `npm run docs`)', (path, content) => {
  expect(readDoc(path)).toBe(content);
});

test('every key of an environment file has a description in its section schema', () => {
  expect(environmentKeys().filter((k) => !k.description).map((k) => k.path)).toEqual([]);
});

test('the README counts the guardrails RULES.md lists', () => {
  expect(readme).toContain(`${RULES.length} guardrails`);
});

test('the README is the front door: at most 200 lines', () => {
  expect(readme.split('\n').length).toBeLessThanOrEqual(200);
});

test.each(markdownPages())('every npm run command and relative link in %s exists', (page) => {
  const text = readDoc(page);
  for (const m of text.matchAll(/npm run (?:-s )?([a-z:-]+)/g)) expect([m[1], Object.keys(pkg.scripts).includes(m[1]!)]).toEqual([m[1], true]);
  for (const m of text.matchAll(/\]\(([^)#:]+)(#[^)]*)?\)/g)) {
    const target = normalize(join(dirname(page), m[1]!));
    expect([page, target, existsSync(join(REPO_ROOT, target))]).toEqual([page, target, true]);
  }
});

test('the annotated example of docs/environment-file.md is a valid environment', () => {
  const loaded = loadEnvironmentFile(join(REPO_ROOT, 'docs', 'examples', 'environment.yaml'), REPO_ROOT);
  expect(loaded.problems).toEqual([]);
  expect(loaded.environment?.conditionalAccess.policies.map((p) => p.definition.id)).toContain('CA020');
});

/** Every YAML block of every page is part of an environment file: merged into the prod sample, it loads with no problem. */
// docs/environment-file.md shows a whole file, docs/examples/environment.yaml, which the test above loads.
const snippetPages = markdownPages().filter((p) => p !== 'docs/environment-file.md' && codeBlocks(readDoc(p), 'yaml').length);

test.each(snippetPages)('every environment snippet in %s loads as part of the prod sample', (page) => {
  for (const block of codeBlocks(readDoc(page), 'yaml')) {
    const snippet = parse(block) as Record<string, unknown>;
    if ('scenarios' in snippet) continue; // a What If scenario file (docs/whatif.md), loaded by cli/whatif.test.ts
    if ('title' in snippet && 'id' in snippet) {
      // a custom policy file (docs/adoption.md): it is one by its own schema
      expect([page, customPolicySchema.safeParse(snippet).error?.issues ?? []]).toEqual([page, []]);
      continue;
    }
    const { problems } = loadMutated('prod', (env) => Object.assign(env, snippet));
    expect([page, block.slice(0, 60), problems]).toEqual([page, block.slice(0, 60), []]);
  }
});

test('the README error sample is what synth prints for those two mistakes in the sample prod.yaml', () => {
  const root = mkdtempSync(join(tmpdir(), 'perimeter-readme-'));
  mkdirSync(join(root, 'environments'));
  const prod = readFileSync(join(REPO_ROOT, 'environments', 'prod.yaml'), 'utf8')
    .replace(/^stage: report-only$/m, 'stage: on')
    .replace('203.0.113.0/25', '203.0.113.0/33');
  writeFileSync(join(root, 'environments', 'prod.yaml'), prod);
  let message = '';
  try {
    loadEnvironments(join(root, 'environments'), root);
  } catch (e) {
    if (!isPerimeterError(e)) throw e;
    message = e.message;
  }
  const [sample] = codeBlocks(section(readme, 'When synth says no'), 'text');
  expect(sample!.trim()).toBe(message.trim());
});

test('the README guardrail sample is how synth reports that finding, line by line up to the elision', () => {
  // The sample's own text with one range changed, so the line the finding names is the sample's.
  const prod = readFileSync(join(REPO_ROOT, 'environments', 'prod.yaml'), 'utf8').replace('203.0.113.0/25', '10.0.0.0/8');
  const dir = writeEnvironments({ dev: readSample('dev'), prod });
  let message = '';
  try {
    appFromFiles({ environmentsDir: dir });
  } catch (e) {
    if (!isPerimeterError(e)) throw e;
    message = e.message;
  }
  const [, sample] = codeBlocks(section(readme, 'When synth says no'), 'text');
  const file = (text: string) => text.replace(/\S*prod\.yaml/g, 'prod.yaml');
  for (const line of sample!.trim().split('\n')) expect(file(message)).toContain(file(line.replace(/\.\.\.$/, '')));
});
