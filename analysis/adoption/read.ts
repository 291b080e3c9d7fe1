/**
 * Reads an existing tenant's Conditional Access export, in every shape users have: Graph list
 * responses (`{ "value": [...] }`, paged over several files), JSON arrays, one object per file;
 * Graph camelCase or the PascalCase of the Graph PowerShell SDK's `ConvertTo-Json`; UTF-8 or
 * UTF-16LE with a byte-order mark. Each object is classified (policy, named location, group,
 * migration table) and normalised; every problem names the file and the JSON path as the file
 * spells it. Nothing here throws for bad input and nothing reads a file: the command line
 * walks the directory and passes the bytes.
 */
import type { GraphBody } from '../../core/graph-json';
import type { Problem } from '../../core/problems';
import { decodeExport } from './decode';
import { parseJson, type JsonObject, type JsonValue } from './json';
import { readNamedLocation } from './locations';
import { readGroup, readMigrationTable } from './names';
import { deepEqual, isAnnotation, isObject, lowerKeys, odataTypeOf } from './normalise';
import { readPolicy } from './policy';
import type { ExportFile, ImportedGroup, ImportedNamedLocation, ImportedPolicy, ImportSource, ObjectName, ReadExports } from './types';

type Kind = 'policy' | 'named location' | 'group';

interface Seen {
  readonly kind: Kind;
  readonly displayName?: string;
  readonly file: string;
  readonly path: string;
  readonly graph: GraphBody;
}

const byPath = (a: ExportFile, b: ExportFile) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0);

/** Reads every `.json` file given (other files are not part of an export and are skipped). */
export function readExports(files: readonly ExportFile[]): ReadExports {
  const problems: Problem[] = [];
  const warnings: string[] = [];
  const policies: ImportedPolicy[] = [];
  const namedLocations: ImportedNamedLocation[] = [];
  const groups: ImportedGroup[] = [];
  const groupNames = new Map<string, ObjectName>();
  const tableNames = new Map<string, ObjectName & { file: string; path: string }>();
  const seen = new Map<string, Seen>();
  const groupRefs: { file: string; policy: string; id: string; rawPath: string }[] = [];
  let tenant: { id: string; file: string } | undefined;
  let tables = 0;

  const add = (file: string, path: string, message: string, extra: { line?: number; column?: number } = {}) => problems.push({ file, path, message, ...extra });

  /** The first object with an id is kept; a second one with it is a problem. */
  const firstWithId = (kind: Kind, id: string | undefined, displayName: string | undefined, graph: GraphBody | undefined, file: string, path: string): boolean => {
    if (!id) return true;
    const earlier = seen.get(id);
    if (!earlier) {
      seen.set(id, { kind, ...(displayName !== undefined ? { displayName } : {}), file, path, graph: graph ?? {} });
      return true;
    }
    const where = `${earlier.file}${earlier.path ? ` at ${earlier.path}` : ''}`;
    const named = earlier.displayName !== undefined ? ` ${JSON.stringify(earlier.displayName)}` : '';
    const differ = graph ? differingKeys(earlier.graph, graph) : [];
    const how = differ.length ? `they differ in ${differ.join(', ')}` : 'they are identical';
    if (kind === 'group' && earlier.kind === 'group') {
      // A group exported twice (a rename between two export runs) names nothing new: the first name is kept, and said.
      warnings.push(`${file}${path ? ` at ${path}` : ''}: the group ${id} is exported a second time (first ${where}${named}; ${how}); perimeter uses the first`);
      return false;
    }
    add(file, path, `has the id ${id} of the ${earlier.kind}${named} in ${where}; an export holds each object once: remove one of the two (${how})`);
    return false;
  };

  for (const file of [...files].filter((f) => /\.json$/i.test(f.path)).sort(byPath)) {
    const decoded = decodeExport(file.bytes);
    if (!decoded.ok) {
      add(file.path, '', decoded.message, decoded.line !== undefined ? { line: decoded.line } : {});
      continue;
    }
    const parsed = parseJson(decoded.text);
    if (!parsed.ok) {
      add(file.path, parsed.path, `is not JSON: ${parsed.message}`, { line: parsed.line, column: parsed.column });
      continue;
    }
    for (const item of itemsOf(parsed.value, file.path, problems)) {
      const { raw, source, prefix } = item;
      const kind = classify(raw);
      const local = (list: readonly { path: string; message: string }[]) => list.forEach((p) => add(file.path, p.path, p.message));
      switch (kind) {
        case 'migration table': {
          const t = readMigrationTable(raw, prefix);
          local(t.problems);
          tables++;
          if (t.tenantId) {
            if (tenant && tenant.id !== t.tenantId) add(file.path, prefix, `names the tenant ${t.tenantId}, but ${tenant.file} names ${tenant.id}: an export comes from one tenant`);
            else tenant ??= { id: t.tenantId, file: file.path };
          }
          for (const e of t.entries) {
            const earlier = tableNames.get(e.id);
            if (earlier && (earlier.displayName !== e.displayName || earlier.type !== e.type)) {
              add(file.path, e.path, `names ${e.id} ${JSON.stringify(e.displayName)}, but ${earlier.file} at ${earlier.path} names it ${JSON.stringify(earlier.displayName)}: keep one entry per object`);
            } else if (!earlier) tableNames.set(e.id, { displayName: e.displayName, type: e.type, file: file.path, path: e.path });
          }
          break;
        }
        case 'policy': {
          const r = readPolicy(raw, source, prefix);
          local(r.problems);
          const first = firstWithId('policy', r.id, r.displayName, r.graph, file.path, prefix);
          if (r.id && first) groupRefs.push(...r.groupRefs.map((g) => ({ file: file.path, policy: r.displayName ?? r.id!, id: g.id, rawPath: g.rawPath })));
          if (r.policy && first) policies.push(r.policy);
          break;
        }
        case 'named location': {
          const r = readNamedLocation(raw, source, prefix);
          local(r.problems);
          if (firstWithId('named location', r.id, r.displayName, r.graph, file.path, prefix) && r.location) namedLocations.push(r.location);
          break;
        }
        case 'group': {
          const r = readGroup(raw, source, prefix);
          local(r.problems);
          if (firstWithId('group', r.id, r.displayName, r.graph, file.path, prefix) && r.group) {
            groups.push(r.group);
            groupNames.set(r.group.originalId, { displayName: r.group.displayName, type: 'Group' });
          }
          break;
        }
        case undefined:
          add(
            file.path,
            prefix,
            'is not a Conditional Access policy, named location, group or migration table: a policy has conditions and state, a named location an @odata.type of #microsoft.graph.ipNamedLocation or #microsoft.graph.countryNamedLocation (or ipRanges or countriesAndRegions), a group securityEnabled, mailNickname or groupTypes, a migration table Objects',
          );
      }
    }
  }

  const names = new Map<string, ObjectName>(groupNames);
  for (const [id, { displayName, type }] of tableNames) if (!names.has(id)) names.set(id, { displayName, type });

  // A policy may name a group the export left out; that is knowable only when the export has groups or a migration table.
  if (groups.length > 0 || tables > 0 || [...seen.values()].some((s) => s.kind === 'group')) {
    for (const ref of groupRefs) {
      if (seen.get(ref.id)?.kind === 'group' || tableNames.has(ref.id)) continue;
      add(
        ref.file,
        ref.rawPath,
        `names the group ${ref.id}, which the export does not contain (no group file and no migration table entry has that id): policy ${JSON.stringify(ref.policy)}; export the group too, or take it out of the policy`,
      );
    }
  }

  return { policies, namedLocations, groups, names, ...(tenant ? { tenantId: tenant.id } : {}), problems, warnings };
}

interface Item {
  readonly raw: JsonObject;
  readonly source: ImportSource;
  /** The object's path in its file: '' for a whole file, `value[3]` or `[3]` in a list. */
  readonly prefix: string;
}

/** The objects a file holds: a Graph list response, a JSON array, or one object. */
function itemsOf(value: JsonValue, file: string, problems: Problem[]): Item[] {
  const list = (elements: readonly JsonValue[], at: (i: number) => string): Item[] =>
    elements.flatMap((e, i) => {
      if (isObject(e)) return [{ raw: e as JsonObject, source: { file, index: i }, prefix: at(i) }];
      if (e !== null) problems.push({ file, path: at(i), message: `is ${Array.isArray(e) ? 'a list' : `the ${typeof e} ${JSON.stringify(e)}`}, where an exported object belongs` });
      return [];
    });
  if (Array.isArray(value)) return list(value, (i) => `[${i}]`);
  if (!isObject(value)) {
    problems.push({ file, path: '', message: `holds ${value === null ? 'null' : `the ${typeof value} ${JSON.stringify(value)}`}, where an exported object or a list of them belongs` });
    return [];
  }
  const o = value as JsonObject;
  const keys = Object.keys(o).filter((k) => !isAnnotation(k));
  if (keys.length === 1 && keys[0]!.toLowerCase() === 'value' && Array.isArray(o[keys[0]!])) {
    const key = keys[0]!;
    return list(o[key] as JsonValue[], (i) => `${key}[${i}]`);
  }
  return [{ raw: o, source: { file }, prefix: '' }];
}

function classify(raw: JsonObject): 'policy' | 'named location' | 'group' | 'migration table' | undefined {
  const keys = lowerKeys(raw);
  const type = (odataTypeOf(raw) ?? '').toLowerCase();
  if (keys.has('objects')) return 'migration table';
  // A policy has conditions and state; with conditions and controls but no state it is a policy missing its state.
  if (keys.has('conditions') && (keys.has('state') || keys.has('grantcontrols') || keys.has('sessioncontrols'))) return 'policy';
  if (/^microsoft\.graph\.\w*namedlocation$/.test(type) || keys.has('ipranges') || keys.has('countriesandregions')) return 'named location';
  if (type === 'microsoft.graph.group' || keys.has('securityenabled') || keys.has('mailnickname') || keys.has('grouptypes')) return 'group';
  return undefined;
}

/** Top-level keys whose values differ, for a message about two copies of one object. */
function differingKeys(a: GraphBody, b: GraphBody): string[] {
  const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])];
  return keys.filter((k) => a[k] === undefined || b[k] === undefined || !deepEqual(a[k]!, b[k]!)).sort();
}
