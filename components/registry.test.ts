/**
 * The registry's promises: every section reads only sections listed before it, no two
 * sections claim the same YAML key or Environment field, and every component folder is
 * registered.
 */
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { SECTIONS } from './registry';

const BASE_KEYS = ['tenantId', 'ring', 'stage', 'groups', 'apps', 'suppressions'];

test('every section needs only sections listed before it', () => {
  const seen: string[] = [];
  const late: string[] = [];
  for (const s of SECTIONS) {
    for (const need of s.needs) if (!seen.includes(need)) late.push(`${s.key} needs ${need}`);
    seen.push(s.key);
  }
  expect(late).toEqual([]);
});

test('no two sections, and no section and the common keys, own the same YAML key', () => {
  const owner = new Map<string, string>(BASE_KEYS.map((k) => [k, '(every file)']));
  const clashes: string[] = [];
  for (const s of SECTIONS) {
    for (const k of Object.keys(s.shape)) {
      const other = owner.get(k);
      if (other) clashes.push(`${k}: ${other} and ${s.key}`);
      owner.set(k, s.key);
    }
  }
  expect(clashes).toEqual([]);
  expect(new Set(SECTIONS.map((s) => s.key)).size).toBe(SECTIONS.length);
});

test('every folder under components/ has a section.ts whose section is registered', () => {
  const folders = readdirSync(__dirname).filter((f) => statSync(join(__dirname, f)).isDirectory()).sort();
  const unregistered = folders.filter((folder) => {
    const exported = Object.values(require(join(__dirname, folder, 'section')) as Record<string, unknown>);
    return !exported.some((value) => (SECTIONS as readonly unknown[]).includes(value));
  });
  expect(unregistered).toEqual([]);
  expect(folders).toHaveLength(SECTIONS.length);
});
