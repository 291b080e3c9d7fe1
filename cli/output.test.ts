/** --out: standard output for -, a clear error for a path that cannot be written, never half a file. */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isPerimeterError } from '../core/problems';
import { writeOutput } from './output';

const messageOf = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    if (isPerimeterError(e)) return e.message;
    throw e;
  }
  throw new Error('expected a PerimeterError');
};

test('writes the whole file, creating folders, and leaves no temporary file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'perimeter-out-'));
  writeOutput(join(dir, 'a', 'b', 'report.md'), 'text', 'report');
  expect(readFileSync(join(dir, 'a', 'b', 'report.md'), 'utf8')).toBe('text');
  expect(readdirSync(join(dir, 'a', 'b'))).toEqual(['report.md']);
});

test('a directory, a path under a file, an unwritable place', () => {
  const dir = mkdtempSync(join(tmpdir(), 'perimeter-out-'));
  mkdirSync(join(dir, 'reports'));
  expect(messageOf(() => writeOutput(join(dir, 'reports'), 'x', 'report'))).toBe(
    `perimeter: report stopped (1 problem):\n  - npm run report: --out ${JSON.stringify(join(dir, 'reports'))} is a directory; name a file, e.g. reports/prod.html`,
  );
  writeFileSync(join(dir, 'file'), 'x');
  expect(messageOf(() => writeOutput(join(dir, 'file', 'report.md'), 'x', 'diff'))).toContain('cannot be written: part of the path is a file, not a folder');
  expect(messageOf(() => writeOutput('/proc/version', 'x', 'report'))).toMatch(/--out "\/proc\/version" cannot be written/);
  expect(existsSync(join(dir, 'file', 'report.md'))).toBe(false);
});
