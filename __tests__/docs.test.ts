/** The README stays true: its examples load, its commands exist, its error sample is real output. */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadEnvironmentFile, loadEnvironments } from '../cli/environments';
import { isPerimeterError } from '../core/problems';
import { REPO_ROOT } from './helpers/synth';

const readme = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');
const pkg = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };

function fencedBlocks(lang: string): string[] {
  return [...readme.matchAll(new RegExp('```' + lang + '\\n([\\s\\S]*?)```', 'g'))].map((m) => m[1]!);
}

function section(heading: string): string {
  const start = readme.indexOf(`\n## ${heading}\n`);
  if (start < 0) throw new Error(`README has no section ${heading}`);
  const end = readme.indexOf('\n## ', start + 4);
  return readme.slice(start, end < 0 ? undefined : end);
}

test('every npm run command in the README is a script in package.json', () => {
  const used = [...readme.matchAll(/npm run ([a-z:-]+)/g)].map((m) => m[1]!);
  expect(used.length).toBeGreaterThan(0);
  for (const script of new Set(used)) expect(Object.keys(pkg.scripts)).toContain(script);
});

test('the environment file reference is a valid environment', () => {
  const block = section('Environment files').match(/```yaml\n([\s\S]*?)```/)![1]!;
  const dir = mkdtempSync(join(tmpdir(), 'perimeter-readme-'));
  writeFileSync(join(dir, 'reference.yaml'), block);
  const loaded = loadEnvironmentFile(join(dir, 'reference.yaml'), dir);
  expect(loaded.problems).toEqual([]);
  expect(loaded.environment?.conditionalAccess.policies.map((p) => p.definition.id)).toContain('CA020');
});

test('every yaml snippet in the README parses as part of an environment', () => {
  for (const block of fencedBlocks('yaml')) expect(() => require('yaml').parse(block)).not.toThrow();
});

test('the error sample is what synth prints for those two mistakes in the sample prod.yaml', () => {
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
  const sample = section('When synth says no').match(/```text\n([\s\S]*?)```/)![1]!;
  expect(sample.trim()).toBe(message.trim());
});
