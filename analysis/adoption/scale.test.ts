import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readExports } from './read';
import type { ExportFile } from './types';

const ROOT = join(__dirname, '__fixtures__', 'j0eyv-ca-baseline');
const DIR = join(ROOT, 'ConditionalAccess');

const decode = (b: Buffer) => (b[0] === 0xff && b[1] === 0xfe ? b.subarray(2).toString('utf16le') : b.toString('utf8'));
const pascal = (v: unknown): unknown =>
  Array.isArray(v) ? v.map(pascal) : v && typeof v === 'object' ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k[0]!.toUpperCase() + k.slice(1), pascal(x)])) : v;
const utf16le = (text: string) => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);

/** 200 policies varied from the 36 of the fixture: new ids and names, a quarter in PascalCase, a quarter UTF-16LE with CRLF. */
function twoHundred(): ExportFile[] {
  const bases = readdirSync(DIR)
    .sort()
    .map((f) => JSON.parse(decode(readFileSync(join(DIR, f)))) as Record<string, unknown>);
  const files: ExportFile[] = [];
  for (let i = 0; i < 200; i++) {
    const base = bases[i % bases.length]!;
    const states = ['enabled', 'disabled', 'enabledForReportingButNotEnforced'];
    const varied = { ...base, id: `00000000-0000-4000-8000-${i.toString(16).padStart(12, '0')}`, displayName: `${String(base.displayName)} #${i}`, state: states[i % 3] };
    const text = JSON.stringify(i % 4 === 1 ? pascal(varied) : varied, null, 2);
    files.push({ path: `ConditionalAccess/policy-${String(i).padStart(3, '0')}.json`, bytes: i % 4 === 2 ? utf16le(text.replace(/\n/g, '\r\n')) : Buffer.from(text, 'utf8') });
  }
  files.push({ path: 'MigrationTable.json', bytes: readFileSync(join(ROOT, 'MigrationTable.json')) });
  return files;
}

test('200 policies are read in well under 2 s on one core', () => {
  const files = twoHundred();
  readExports(files.slice(0, 10)); // warm the JIT, as a command that reads once would not need
  const start = performance.now();
  const r = readExports(files);
  const ms = performance.now() - start;
  expect(r.problems).toEqual([]);
  expect(r.policies).toHaveLength(200);
  expect(r.policies.filter((p) => !p.declarable)).toHaveLength(36);
  expect(r.policies[1]!.displayName).toBe('CA001-Global-AttackSurfaceReduction-AnyApp-AnyPlatform-BLOCK-CountryWhitelist #1');
  expect(ms).toBeLessThan(1000);
});

test('the same 200 policies as one Graph list response read the same', () => {
  const files = twoHundred();
  const single = readExports(files);
  const list = {
    '@odata.context': 'https://graph.microsoft.com/beta/$metadata#identity/conditionalAccess/policies',
    value: files.filter((f) => f.path.startsWith('ConditionalAccess/')).map((f) => JSON.parse(decode(Buffer.from(f.bytes)))),
  };
  const start = performance.now();
  const r = readExports([{ path: 'policies.json', bytes: Buffer.from(JSON.stringify(list)) }]);
  const ms = performance.now() - start;
  expect(r.problems).toEqual([]);
  expect(r.policies.map((p) => p.graph)).toEqual(single.policies.map((p) => p.graph));
  expect(r.policies[199]!.source).toEqual({ file: 'policies.json', index: 199 });
  expect(ms).toBeLessThan(1000);
});
