/** Dotted paths over normalised Graph JSON: read one, list the leaves, drop some. */
import type { GraphBody, GraphValue } from '../../core/graph-json';

type Obj = { readonly [key: string]: GraphValue };

function asObject(v: GraphValue | undefined): Obj | undefined {
  return v !== null && v !== undefined && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : undefined;
}

/** The value at `a.b.c`, if there is one. */
export function at(graph: GraphBody, path: string): GraphValue | undefined {
  let v: GraphValue | undefined = graph;
  for (const key of path.split('.')) {
    const o = asObject(v);
    if (!o || !Object.prototype.hasOwnProperty.call(o, key)) return undefined;
    v = o[key];
  }
  return v;
}

export function objectAt(graph: GraphBody, path: string): Obj | undefined {
  return asObject(at(graph, path));
}

export function textAt(graph: GraphBody, path: string): string | undefined {
  const v = at(graph, path);
  return typeof v === 'string' ? v : undefined;
}

/** A list of strings, or the comma-separated string Graph writes for a flags enum, as a list. */
export function stringsAt(graph: GraphBody, path: string): string[] {
  const v = at(graph, path);
  if (typeof v === 'string') return v.split(',').filter((s) => s !== '');
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

/** Leaf paths in document order; a list is a leaf. */
export function leafPaths(graph: GraphBody, prefix = ''): string[] {
  const out: string[] = [];
  for (const [key, v] of Object.entries(graph)) {
    const path = prefix === '' ? key : `${prefix}.${key}`;
    const o = asObject(v);
    if (o) out.push(...leafPaths(o, path));
    else out.push(path);
  }
  return out;
}

/** A copy without the given leaf paths, and without the objects they leave empty. */
export function dropPaths(graph: GraphBody, paths: readonly string[]): GraphBody {
  if (paths.length === 0) return graph;
  const drop = new Set(paths);
  const walk = (o: Obj, prefix: string): Obj | undefined => {
    const out: Record<string, GraphValue> = {};
    for (const [key, v] of Object.entries(o)) {
      const path = prefix === '' ? key : `${prefix}.${key}`;
      if (drop.has(path)) continue;
      const child = asObject(v);
      if (child) {
        const kept = walk(child, path);
        if (kept) Object.defineProperty(out, key, { value: kept, enumerable: true, writable: true, configurable: true });
      } else Object.defineProperty(out, key, { value: v, enumerable: true, writable: true, configurable: true });
    }
    return Object.keys(out).length ? out : undefined;
  };
  return walk(graph, '') ?? {};
}
