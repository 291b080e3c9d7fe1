/**
 * What gives GUIDs readable names: exported group objects (`Groups/*.json`) and a migration
 * table (`MigrationTable.json`: `{ TenantId, Objects: [{ DisplayName, Id, Type }] }`, as
 * backup tools write it). Both are read in any key case.
 */
import type { GraphBody } from '../../core/graph-json';
import { isGuid } from '../../core/ids';
import { quote } from '../../core/problems';
import { identityOf } from './identity';
import type { JsonObject, JsonValue } from './json';
import { camelKey, isObject, joinPath, normalise } from './normalise';
import { stringsAt } from './paths';
import { GROUP_SCHEMA } from './schema';
import type { ImportedGroup, ImportSource } from './types';

export interface GroupRead {
  readonly group?: ImportedGroup;
  readonly id?: string;
  readonly displayName?: string;
  readonly graph?: GraphBody;
  readonly problems: readonly { path: string; message: string }[];
}

export function readGroup(raw: JsonObject, source: ImportSource, prefix: string): GroupRead {
  const n = normalise(raw, GROUP_SCHEMA, prefix);
  const problems = [...n.problems];
  const graph = n.graph ?? {};
  const { id, displayName } = identityOf(n.graph, raw, prefix, 'group', problems);
  const base = { ...(id ? { id } : {}), ...(displayName !== undefined ? { displayName } : {}), graph, problems };
  if (problems.length || !id || displayName === undefined) return base;
  const text = (k: string) => (typeof graph[k] === 'string' ? { [k]: graph[k] as string } : {});
  const flag = (k: string) => (typeof graph[k] === 'boolean' ? { [k]: graph[k] as boolean } : {});
  const group: ImportedGroup = {
    source,
    originalId: id,
    displayName,
    ...text('description'),
    ...text('mailNickname'),
    ...flag('mailEnabled'),
    ...flag('securityEnabled'),
    ...flag('isAssignableToRole'),
    groupTypes: stringsAt(graph, 'groupTypes'),
    ...text('membershipRule'),
    graph,
  };
  return { ...base, group };
}

export interface MigrationTableRead {
  readonly tenantId?: string;
  readonly entries: readonly { readonly id: string; readonly displayName: string; readonly type: string; readonly path: string }[];
  readonly problems: readonly { path: string; message: string }[];
}

/** A key of `o` in any case (`Objects`, `objects`). */
function field(o: JsonObject, name: string, prefix: string): { value: JsonValue; path: string } | undefined {
  for (const key of Object.keys(o)) if (camelKey(key).toLowerCase() === name.toLowerCase()) return { value: o[key]!, path: joinPath(prefix, key) };
  return undefined;
}

export function readMigrationTable(raw: JsonObject, prefix: string): MigrationTableRead {
  const problems: { path: string; message: string }[] = [];
  const entries: { id: string; displayName: string; type: string; path: string }[] = [];
  let tenantId: string | undefined;
  const tenant = field(raw, 'tenantId', prefix);
  if (tenant && tenant.value !== null) {
    if (typeof tenant.value === 'string' && isGuid(tenant.value)) tenantId = tenant.value.toLowerCase();
    else problems.push({ path: tenant.path, message: `${quote(tenant.value)} is not a tenant id (a GUID)` });
  }
  const objects = field(raw, 'objects', prefix)!;
  if (!Array.isArray(objects.value)) {
    problems.push({ path: objects.path, message: 'must be a list of { DisplayName, Id, Type } objects' });
    return { ...(tenantId ? { tenantId } : {}), entries, problems };
  }
  objects.value.forEach((o, i) => {
    const at = `${objects.path}[${i}]`;
    if (!isObject(o)) {
      problems.push({ path: at, message: 'must be an object { DisplayName, Id, Type }' });
      return;
    }
    const id = field(o, 'id', at);
    const name = field(o, 'displayName', at);
    const type = field(o, 'type', at);
    if (!id || typeof id.value !== 'string') problems.push({ path: id?.path ?? joinPath(at, 'Id'), message: 'is missing: each migration table entry names an object id (a GUID)' });
    else if (!isGuid(id.value)) problems.push({ path: id.path, message: `${quote(id.value)} is not an object id (a GUID)` });
    if (!name || typeof name.value !== 'string' || name.value.trim() === '') {
      problems.push({ path: name?.path ?? joinPath(at, 'DisplayName'), message: 'is missing or empty: each migration table entry gives a display name' });
    }
    if (type && type.value !== null && typeof type.value !== 'string') problems.push({ path: type.path, message: 'must be a string such as "Group"' });
    if (id && typeof id.value === 'string' && isGuid(id.value) && name && typeof name.value === 'string' && name.value.trim() !== '') {
      entries.push({ id: id.value.toLowerCase(), displayName: name.value, type: type && typeof type.value === 'string' ? type.value : '', path: at });
    }
  });
  return { ...(tenantId ? { tenantId } : {}), entries, problems };
}
