/**
 * One exported named location. Its kind comes from `@odata.type` (`#microsoft.graph.ipNamedLocation`,
 * `countryNamedLocation`, `compliantNetworkNamedLocation`, ...) or, without one, from its fields.
 * azuread_named_location manages ip and country locations only; any other kind is `other`.
 */
import type { GraphBody, GraphValue } from '../../core/graph-json';
import { identityOf } from './identity';
import type { JsonObject } from './json';
import { isObject, normalise, odataTypeOf } from './normalise';
import { leafPaths, stringsAt, textAt } from './paths';
import { NAMED_LOCATION_SCHEMA } from './schema';
import type { ImportedNamedLocation, ImportSource } from './types';

export interface LocationRead {
  readonly location?: ImportedNamedLocation;
  readonly id?: string;
  readonly displayName?: string;
  readonly graph?: GraphBody;
  readonly problems: readonly { path: string; message: string }[];
}

const READ_ONLY = new Set(['id', 'createdDateTime', 'modifiedDateTime', 'deletedDateTime']);
const FIELDS_OF: Record<'ip' | 'country', ReadonlySet<string>> = {
  ip: new Set(['displayName', 'ipRanges', 'isTrusted']),
  country: new Set(['displayName', 'countriesAndRegions', 'includeUnknownCountriesAndRegions', 'countryLookupMethod']),
};

export function readNamedLocation(raw: JsonObject, source: ImportSource, prefix: string): LocationRead {
  const graphType = odataTypeOf(raw)?.replace(/^microsoft\.graph\./, '');
  const n = normalise(raw, NAMED_LOCATION_SCHEMA, prefix);
  const problems = [...n.problems];
  const graph = n.graph ?? {};
  const { id, displayName } = identityOf(n.graph, raw, prefix, 'named location', problems);
  const base = { ...(id ? { id } : {}), ...(displayName !== undefined ? { displayName } : {}), graph, problems };
  if (problems.length || !id || displayName === undefined) return base;

  const kind = kindOf(graphType, graph);
  const common = { source, originalId: id, displayName, ...(graphType ? { graphType } : {}), graph };
  const leaves = leafPaths(graph).filter((p) => !READ_ONLY.has(p.split('.')[0]!));
  if (kind === 'other') {
    return { ...base, location: { ...common, kind, unexpressible: leaves.filter((p) => p !== 'displayName') } };
  }
  const unexpressible = leaves.filter((p) => !FIELDS_OF[kind].has(p.split('.')[0]!));
  if (kind === 'ip') {
    const ranges = ((graph.ipRanges ?? []) as readonly GraphValue[]).flatMap((r) => (isObject(r) && typeof r.cidrAddress === 'string' ? [r.cidrAddress] : []));
    return { ...base, location: { ...common, kind, ipRanges: ranges, isTrusted: graph.isTrusted === true, unexpressible } };
  }
  return {
    ...base,
    location: {
      ...common,
      kind,
      countriesAndRegions: stringsAt(graph, 'countriesAndRegions'),
      includeUnknownCountriesAndRegions: graph.includeUnknownCountriesAndRegions === true,
      countryLookupMethod: textAt(graph, 'countryLookupMethod') === 'authenticatorAppGps' ? 'authenticatorAppGps' : 'clientIpAddress',
      unexpressible,
    },
  };
}

function kindOf(graphType: string | undefined, graph: GraphBody): 'ip' | 'country' | 'other' {
  if (graphType !== undefined) {
    if (graphType.toLowerCase() === 'ipnamedlocation') return 'ip';
    if (graphType.toLowerCase() === 'countrynamedlocation') return 'country';
    return 'other';
  }
  if (graph.ipRanges !== undefined) return 'ip';
  if (graph.countriesAndRegions !== undefined) return 'country';
  return 'other';
}
