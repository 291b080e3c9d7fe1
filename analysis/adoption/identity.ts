/** The id and display name every adopted object needs, with problems that point at the file's own keys. */
import type { GraphBody } from '../../core/graph-json';
import { isGuid } from '../../core/ids';
import { quote } from '../../core/problems';
import type { JsonObject } from './json';
import { camelKey, isObject, joinPath } from './normalise';
import { textAt } from './paths';

/** The path of `name` as the file spells it (`Id`, `AdditionalProperties.isTrusted`), or `prefix.name` when it is absent. */
export function rawKeyPath(raw: JsonObject, prefix: string, name: string): string {
  for (const key of Object.keys(raw)) {
    if (camelKey(key).toLowerCase() === name.toLowerCase()) return joinPath(prefix, key);
    const bag = raw[key];
    if (key.toLowerCase() === 'additionalproperties' && isObject(bag)) {
      for (const k of Object.keys(bag)) if (camelKey(k).toLowerCase() === name.toLowerCase()) return joinPath(joinPath(prefix, key), k);
    }
  }
  return joinPath(prefix, name);
}

export interface Identity {
  readonly id?: string;
  readonly displayName?: string;
}

/** Reads `id` (a GUID, lower-cased) and `displayName` (non-empty), reporting what is missing or wrong. */
export function identityOf(
  graph: GraphBody | undefined,
  raw: JsonObject,
  prefix: string,
  what: string,
  problems: { path: string; message: string }[],
): Identity {
  const reported = (path: string) => problems.some((p) => p.path === path);
  const idPath = rawKeyPath(raw, prefix, 'id');
  const namePath = rawKeyPath(raw, prefix, 'displayName');
  const id = graph ? textAt(graph, 'id') : undefined;
  const displayName = graph ? textAt(graph, 'displayName') : undefined;
  let okId: string | undefined;
  if (id === undefined) {
    if (!reported(idPath)) problems.push({ path: idPath, message: `is missing: every exported ${what} carries its object id (a GUID), and adopting it needs that id` });
  } else if (!isGuid(id)) problems.push({ path: idPath, message: `${quote(id)} is not an object id: a ${what} id is a GUID` });
  else okId = id.toLowerCase();
  let okName: string | undefined;
  if (displayName === undefined || displayName.trim() === '') {
    if (!reported(namePath)) problems.push({ path: namePath, message: `is missing or empty: a ${what} needs a display name` });
  } else okName = displayName;
  return { ...(okId ? { id: okId } : {}), ...(okName !== undefined ? { displayName: okName } : {}) };
}
