/**
 * One exported object in Graph's camelCase, whatever wrote it: OData annotations dropped,
 * PowerShell's PascalCase and `AdditionalProperties` bags folded back into Graph's names,
 * comma-separated strings read as the lists they stand for, GUIDs lower-cased, every null,
 * empty list and empty object removed (so two exports of one policy are deep-equal), and
 * every value checked against what azuread accepts. On the way it records the leaf paths
 * azuread cannot express and where each list element came from, for messages.
 */
import type { GraphBody, GraphValue } from '../../core/graph-json';
import { isGuid } from '../../core/ids';
import { ipToBigInt } from '../../core/net';
import { quote } from '../../core/problems';
import type { JsonObject, JsonValue } from './json';
import type { Field, Role, Shape } from './schema';

export interface Normalised {
  /** undefined when nothing is left (or the top value was not an object). */
  readonly graph: GraphBody | undefined;
  /** Dotted leaf paths (lists are leaves) no azuread argument writes, in the order met. */
  readonly unexpressible: string[];
  /** `{ path, message }` with the path in the file's own spelling (`Conditions.Users.IncludeUsers`). */
  readonly problems: { path: string; message: string }[];
  /** Every element of every list of ids, with where it stands in the file. */
  readonly listItems: { normPath: string; value: string; rawPath: string }[];
}

interface Ctx {
  readonly unexpressible: string[];
  readonly problems: { path: string; message: string }[];
  readonly listItems: { normPath: string; value: string; rawPath: string }[];
}

const ANY: Shape = { kind: 'any' };

/** Normalises `raw` (found at `rawPath` in its file) against `shape`. */
export function normalise(raw: JsonValue, shape: Shape, rawPath: string): Normalised {
  const ctx: Ctx = { unexpressible: [], problems: [], listItems: [] };
  const value = node(raw, shape, 'mapped', rawPath, '', ctx, false);
  const graph = value !== undefined && isObject(value) ? (value as GraphBody) : undefined;
  // A field given twice (PascalCase and its AdditionalProperties twin) is one leaf.
  return { graph, ...ctx, unexpressible: [...new Set(ctx.unexpressible)] };
}

/** `@odata.type` (top level or in PowerShell's `AdditionalProperties`), without the `#`. */
export function odataTypeOf(raw: JsonObject): string | undefined {
  for (const [key, value] of entries(raw, '')) {
    if (key.toLowerCase() === '@odata.type' && typeof value === 'string') return value.replace(/^#/, '');
  }
  return undefined;
}

/** The keys of an object as Graph spells them (lower-cased here for lookups), bags included. */
export function lowerKeys(raw: JsonObject): Set<string> {
  const out = new Set<string>();
  for (const [key, value] of entries(raw, '')) if (!isAnnotation(key) && value !== null) out.add(camelKey(key).toLowerCase());
  return out;
}

export function isAnnotation(key: string): boolean {
  return key.includes('@') || key.startsWith('#') || /^odata(type|id|context|etag|nextlink)$/i.test(key);
}

/** `DisplayName` -> `displayName`, `IPRanges` -> `ipRanges`, `ID` -> `id`; camelCase stays. */
export function camelKey(key: string): string {
  const run = /^[A-Z]+/.exec(key)?.[0];
  if (!run) return key;
  if (run.length === key.length) return key.toLowerCase();
  if (run.length === 1) return key[0]!.toLowerCase() + key.slice(1);
  const next = key[run.length]!;
  if (next >= 'a' && next <= 'z') return run.slice(0, -1).toLowerCase() + key.slice(run.length - 1);
  return run.toLowerCase() + key.slice(run.length);
}

export function joinPath(path: string, key: string): string {
  return path === '' ? key : `${path}.${key}`;
}

export function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** Own entries, with the entries of a PowerShell `AdditionalProperties` bag in its place. */
function entries(raw: JsonObject, rawPath: string, ctx?: Ctx): [string, JsonValue, string][] {
  const out: [string, JsonValue, string][] = [];
  for (const key of Object.keys(raw)) {
    const value = raw[key]!;
    const path = joinPath(rawPath, key);
    if (key.toLowerCase() === 'additionalproperties') {
      if (isObject(value)) for (const k of Object.keys(value)) out.push([k, value[k]!, joinPath(path, k)]);
      else if (value !== null && ctx) ctx.problems.push({ path, message: typeMessage(value, 'an object') });
      continue;
    }
    out.push([key, value, path]);
  }
  return out;
}

const lookupCache = new WeakMap<object, Map<string, [string, Field]>>();
function lookup(fields: Readonly<Record<string, Field>>): Map<string, [string, Field]> {
  let map = lookupCache.get(fields);
  if (!map) {
    map = new Map(Object.entries(fields).map(([name, field]) => [name.toLowerCase(), [name, field]]));
    lookupCache.set(fields, map);
  }
  return map;
}

/** A .NET type name where data belongs: what `ConvertTo-Json` writes below its default `-Depth 2`. */
function powerShellTruncation(text: string): boolean {
  return /^(Microsoft\.Graph\.PowerShell\.Models\.|Microsoft\.Graph\.Beta\.PowerShell\.Models\.|System\.Collections\.|System\.Object\[\])/.test(text);
}

function typeMessage(value: JsonValue, expected: string): string {
  if (typeof value === 'string' && powerShellTruncation(value)) {
    return `is the text ${quote(value)} where ${expected} belongs: ConvertTo-Json cut the export at its default depth; export again with ConvertTo-Json -Depth 10`;
  }
  const found = value === null ? 'null' : Array.isArray(value) ? 'a list' : typeof value === 'object' ? 'an object' : `the ${typeof value} ${quote(value)}`;
  return `must be ${expected}, found ${found}`;
}

function define(out: Record<string, GraphValue>, key: string, value: GraphValue): void {
  Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
}

function node(raw: JsonValue, shape: Shape, role: Role, rawPath: string, normPath: string, ctx: Ctx, inList: boolean): GraphValue | undefined {
  if (raw === null) return undefined;
  const leaf = (v: GraphValue | undefined): GraphValue | undefined => {
    if (v !== undefined && role === 'unexpressible' && !inList) ctx.unexpressible.push(normPath);
    return v;
  };
  switch (shape.kind) {
    case 'object':
      if (!isObject(raw)) return problem(ctx, rawPath, typeMessage(raw, 'an object'));
      return object(raw, shape.fields, role, rawPath, normPath, ctx, inList);
    case 'any':
      if (isObject(raw)) return object(raw, undefined, role, rawPath, normPath, ctx, inList);
      if (Array.isArray(raw)) {
        const items = raw.flatMap((x, i) => {
          const v = node(x, ANY, role, `${rawPath}[${i}]`, normPath, ctx, true);
          return v === undefined ? [] : [v];
        });
        return items.length ? leaf(items) : undefined;
      }
      if (typeof raw === 'string' && powerShellTruncation(raw)) return problem(ctx, rawPath, typeMessage(raw, 'a value'));
      return leaf(raw);
    case 'list':
      return leaf(list(raw, shape, rawPath, normPath, ctx));
    case 'flags':
      return leaf(flags(raw, shape, rawPath, ctx));
    case 'text': {
      if (typeof raw !== 'string' || powerShellTruncation(raw)) return problem(ctx, rawPath, typeMessage(raw, 'a string'));
      if (shape.values && !checkValue(raw, shape.values, shape.what ?? 'a value', rawPath, ctx)) return undefined;
      return leaf(shape.guid && isGuid(raw) ? raw.toLowerCase() : raw);
    }
    case 'boolean':
      return typeof raw === 'boolean' ? leaf(raw) : problem(ctx, rawPath, typeMessage(raw, 'true or false'));
    case 'number':
      return typeof raw === 'number' ? leaf(raw) : problem(ctx, rawPath, typeMessage(raw, 'a number'));
    case 'ranges':
      return leaf(ranges(raw, rawPath, ctx));
  }
}

function problem(ctx: Ctx, path: string, message: string): undefined {
  ctx.problems.push({ path, message });
  return undefined;
}

function object(
  raw: JsonObject,
  fields: Readonly<Record<string, Field>> | undefined,
  role: Role,
  rawPath: string,
  normPath: string,
  ctx: Ctx,
  inList: boolean,
): GraphValue | undefined {
  const out: Record<string, GraphValue> = {};
  const from = new Map<string, string>();
  for (const [key, value, keyPath] of entries(raw, rawPath, ctx)) {
    if (isAnnotation(key)) continue;
    const known = fields ? lookup(fields).get(key.toLowerCase()) : undefined;
    const name = known ? known[0] : camelKey(key);
    const field: Field = known ? known[1] : { shape: ANY, role: role === 'mapped' ? 'unexpressible' : role };
    const v = node(value, field.shape, role === 'unexpressible' ? role : field.role, keyPath, joinPath(normPath, name), ctx, inList);
    if (v === undefined) continue;
    const earlier = from.get(name);
    if (earlier !== undefined) {
      if (!deepEqual(out[name]!, v)) ctx.problems.push({ path: keyPath, message: `gives ${name} a second value, different from the one at ${earlier}; keep one` });
      continue;
    }
    define(out, name, v);
    from.set(name, keyPath);
  }
  return Object.keys(out).length ? out : undefined;
}

function splitText(raw: JsonValue, rawPath: string, ctx: Ctx, what: string): { items: string[]; paths: string[] } | undefined {
  if (typeof raw === 'string') {
    if (powerShellTruncation(raw)) return problem(ctx, rawPath, typeMessage(raw, what));
    const items = raw.split(',').map((s) => s.trim()).filter((s) => s !== '');
    return { items, paths: items.map(() => rawPath) };
  }
  if (!Array.isArray(raw)) return problem(ctx, rawPath, typeMessage(raw, what));
  const items: string[] = [];
  const paths: string[] = [];
  raw.forEach((x, i) => {
    const p = `${rawPath}[${i}]`;
    if (x === null) return;
    if (typeof x !== 'string' || powerShellTruncation(x)) ctx.problems.push({ path: p, message: typeMessage(x, 'a string') });
    else {
      items.push(x.trim());
      paths.push(p);
    }
  });
  return { items, paths };
}

function checkValue(value: string, allowed: readonly string[], what: string, rawPath: string, ctx: Ctx): boolean {
  if (allowed.includes(value)) return true;
  if (value === 'unknownFutureValue') {
    ctx.problems.push({
      path: rawPath,
      message: `is "unknownFutureValue": Graph hid ${what} newer than the API version the export used; export again with the request header Prefer: include-unknown-enum-members, or from the beta API`,
    });
  } else {
    ctx.problems.push({ path: rawPath, message: `${quote(value)} is not ${what} azuread 3.7.0 accepts (${allowed.join(' | ')})` });
  }
  return false;
}

function list(raw: JsonValue, shape: Extract<Shape, { kind: 'list' }>, rawPath: string, normPath: string, ctx: Ctx): GraphValue | undefined {
  const split = splitText(raw, rawPath, ctx, 'a list of strings');
  if (!split) return undefined;
  const out: string[] = [];
  split.items.forEach((item, i) => {
    const at = split.paths[i]!;
    let value = isGuid(item) ? item.toLowerCase() : item;
    const specials = shape.ids?.specials ?? shape.specials ?? [];
    const special = specials.find((s) => s.toLowerCase() === value.toLowerCase());
    if (special) value = special;
    if (shape.values && !checkValue(value, shape.values, shape.what ?? 'a value', at, ctx)) return;
    if (shape.ids && !special && !isGuid(value)) {
      const alternatives = shape.ids.specials.length ? `, or ${shape.ids.specials.join(', ')}` : '';
      ctx.problems.push({ path: at, message: `${quote(item)} is not ${shape.what ?? 'an object'} id: this list takes object ids (GUIDs)${alternatives}` });
      return;
    }
    if (shape.ids) ctx.listItems.push({ normPath, value, rawPath: at });
    out.push(value);
  });
  return out.length ? out : undefined;
}

function flags(raw: JsonValue, shape: Extract<Shape, { kind: 'flags' }>, rawPath: string, ctx: Ctx): GraphValue | undefined {
  const split = splitText(raw, rawPath, ctx, 'a comma-separated string');
  if (!split) return undefined;
  const values = shape.values;
  const kept: string[] = [];
  split.items.forEach((item, i) => {
    if (values && !checkValue(item, values, shape.what ?? 'a value', split.paths[i]!, ctx)) return;
    if (!kept.includes(item)) kept.push(item);
  });
  if (values) kept.sort((a, b) => values.indexOf(a) - values.indexOf(b));
  return kept.length ? kept.join(',') : undefined;
}

function ranges(raw: JsonValue, rawPath: string, ctx: Ctx): GraphValue | undefined {
  if (typeof raw !== 'string' && !Array.isArray(raw)) return problem(ctx, rawPath, typeMessage(raw, 'a list of IP ranges'));
  const out: GraphValue[] = [];
  const one = (text: string, at: string) => {
    const reason = cidrProblem(text);
    if (reason) ctx.problems.push({ path: at, message: `${quote(text)} ${reason}` });
    else out.push({ cidrAddress: text });
  };
  const items: [JsonValue, string][] =
    typeof raw === 'string' ? raw.split(',').map((s): [JsonValue, string] => [s.trim(), rawPath]) : raw.map((x, i): [JsonValue, string] => [x, `${rawPath}[${i}]`]);
  for (const [item, at] of items) {
    if (item === null || item === '') continue;
    if (typeof item === 'string') {
      if (powerShellTruncation(item)) ctx.problems.push({ path: at, message: typeMessage(item, 'an IP range') });
      else one(item, at);
    } else if (isObject(item)) {
      const cidr = entries(item, at, ctx).find(([k]) => k.toLowerCase() === 'cidraddress');
      if (cidr && typeof cidr[1] === 'string') one(cidr[1], cidr[2]);
      else ctx.problems.push({ path: at, message: 'is an IP range without a cidrAddress string' });
    } else ctx.problems.push({ path: at, message: typeMessage(item, 'an IP range') });
  }
  return out.length ? out : undefined;
}

/** What azuread's ip_ranges validation refuses: not CIDR notation, or wider than /8. Host bits are the tenant's business. */
function cidrProblem(text: string): string | undefined {
  const slash = text.indexOf('/');
  const ip = slash < 0 ? undefined : ipToBigInt(text.slice(0, slash));
  if (!ip) return 'is not an IP range in CIDR notation (203.0.113.0/24, 2001:db8::/48)';
  const max = ip.family === 4 ? 32 : 128;
  const prefix = text.slice(slash + 1);
  if (!/^\d{1,3}$/.test(prefix) || Number(prefix) < 8 || Number(prefix) > max) return `has a prefix length azuread 3.7.0 refuses (8 to ${max})`;
  return undefined;
}

export function deepEqual(a: GraphValue, b: GraphValue): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((x, i) => deepEqual(x, b[i]!));
  if (isObject(a) && isObject(b)) {
    const ao = a as Record<string, GraphValue>;
    const bo = b as Record<string, GraphValue>;
    const ka = Object.keys(ao);
    return ka.length === Object.keys(bo).length && ka.every((k) => Object.prototype.hasOwnProperty.call(bo, k) && deepEqual(ao[k]!, bo[k]!));
  }
  return false;
}
