/**
 * Edits an environment file's text in place, keeping its comments, order and style: entries
 * are added or updated under the top-level sections an import writes (`groups:`, `apps:`,
 * `namedLocations:`, `policies:`), and nothing else changes. An entry that is a mapping is
 * updated key by key (a key the edit does not name is kept; a key it sets to `undefined` is
 * removed); any other value replaces the entry. Applying the same edits to the result gives
 * the same text, so a second import of the same export is a no-op. Pure.
 */
import { isMap, parseDocument, type Document } from 'yaml';

export type EditableSection = 'groups' | 'apps' | 'namedLocations' | 'policies';

/** Entries to set, by section and key. */
export type EnvironmentEdits = Partial<Record<EditableSection, Readonly<Record<string, unknown>>>>;

const ORDER: readonly EditableSection[] = ['groups', 'apps', 'namedLocations', 'policies'];

const isPlainObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

const withoutUndefined = (v: Record<string, unknown>) => Object.fromEntries(Object.entries(v).filter(([, x]) => x !== undefined));

/** The value at `path` as plain data, or undefined when there is none. */
function plainAt(doc: Document, path: readonly string[]): unknown {
  const node = doc.getIn(path, true) as { toJSON?: () => unknown } | undefined;
  if (node === undefined) return undefined;
  return typeof node.toJSON === 'function' ? node.toJSON() : node;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** Sets `path` to `value` unless it already holds it; true when the text changes. */
function setValue(doc: Document, path: readonly string[], value: unknown): boolean {
  if (value === undefined) {
    if (doc.getIn(path, true) === undefined) return false;
    doc.deleteIn(path);
    return true;
  }
  if (same(plainAt(doc, path), value)) return false;
  doc.setIn(path, doc.createNode(value, { flow: false }));
  return true;
}

export function editEnvironmentText(text: string, edits: EnvironmentEdits): string {
  const doc = parseDocument(text, { uniqueKeys: false, keepSourceTokens: false });
  let changed = false;
  for (const section of ORDER) {
    const entries = edits[section];
    if (!entries || !Object.keys(entries).length) continue;
    if (!isMap(doc.get(section, true))) {
      doc.set(section, doc.createNode({}));
      changed = true;
    }
    for (const key of Object.keys(entries).sort()) {
      const value = entries[key];
      const path = [section, key];
      if (isPlainObject(value) && isMap(doc.getIn(path, true))) {
        for (const field of Object.keys(value)) changed = setValue(doc, [...path, field], value[field]) || changed;
      } else {
        changed = setValue(doc, path, isPlainObject(value) ? withoutUndefined(value) : value) || changed;
      }
    }
  }
  return changed ? doc.toString({ lineWidth: 0 }) : text;
}
