/**
 * Reads `suppressions:` from an environment file, and nothing else. The diff runs after a
 * successful synth of the same file, so the shape has already been validated by the schema.
 */
import { existsSync, readFileSync } from 'node:fs';
import { parse } from 'yaml';
import type { Suppression } from './report-only-first';

export function readSuppressions(yamlPath: string): Suppression[] {
  if (!existsSync(yamlPath)) return [];
  const data = parse(readFileSync(yamlPath, 'utf8')) as { suppressions?: unknown } | null;
  const list = Array.isArray(data?.suppressions) ? data.suppressions : [];
  return list.flatMap((s: unknown) => {
    if (s === null || typeof s !== 'object') return [];
    const { rule, target, reason } = s as Record<string, unknown>;
    return typeof rule === 'string' && typeof target === 'string' && typeof reason === 'string' ? [{ rule, target, reason }] : [];
  });
}
