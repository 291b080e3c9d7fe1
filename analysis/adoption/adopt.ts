/**
 * An import, decided: for every policy of an export, whether it is adopted as a baseline
 * policy, becomes a custom policy or stays unmanaged; for every named location, whether the
 * environment takes it over; and exactly what the import writes (the environment's sections,
 * the custom policy files, the unmanaged snapshot). Pure: the command line reads the files,
 * synthesizes and writes.
 *
 * Running it again on the same export and what it wrote decides the same: every object it
 * adopted is found again by its object id (`adopt:`), with the key and id it was given.
 */
import type { GraphBody, GraphValue } from '../../core/graph-json';
import { isGuid } from '../../core/ids';
import type { Problem } from '../../core/problems';
import { stageOfState, type Stage } from '../../core/stages';
import type { PolicyModel } from '../model/types';
import { policyModelOf } from './model';
import { assignKeys, comparable, customIds, managedLocation, ownExclusions, whyUnmanaged, type AdoptionTarget, type Keys } from './plan';
import { customPolicyFile } from './translate';
import type { ImportedNamedLocation, ImportedPolicy, ReadExports } from './types';

export type PolicyDecision =
  | { readonly policy: ImportedPolicy; readonly outcome: 'baseline'; readonly id: string; readonly stage: Stage; readonly reused: boolean }
  | { readonly policy: ImportedPolicy; readonly outcome: 'custom'; readonly id: string; readonly stage: Stage; readonly reused: boolean }
  | { readonly policy: ImportedPolicy; readonly outcome: 'unmanaged'; readonly why: string };

export type LocationDecision =
  | { readonly location: ImportedNamedLocation; readonly outcome: 'managed'; readonly key: string }
  | { readonly location: ImportedNamedLocation; readonly outcome: 'unmanaged'; readonly why: string };

/** The sections of the environment file an import sets, entry by entry (cli/import.ts edits the text). */
export interface AdoptionSections {
  readonly groups: Readonly<Record<string, { readonly objectId: string; readonly description?: string }>>;
  readonly apps: Readonly<Record<string, string>>;
  readonly namedLocations: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
  /** `undefined` for `exclude` removes an exclusion an earlier import wrote that the tenant no longer has. */
  readonly policies: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
}

export interface AdoptionPlan {
  readonly policies: readonly PolicyDecision[];
  readonly locations: readonly LocationDecision[];
  readonly keys: Keys;
  readonly sections: AdoptionSections;
  /** `policies/custom/<id>.yaml`, as data for the YAML writer, in id order. */
  readonly customFiles: readonly { readonly id: string; readonly data: Readonly<Record<string, unknown>> }[];
  /** What the environment's unmanaged snapshot holds: the policies and named locations left unmanaged, as Graph objects. */
  readonly snapshot: readonly GraphBody[];
  /** Why the import cannot go ahead as it stands (nothing is written). */
  readonly problems: readonly Problem[];
}

export interface AdoptionInput {
  readonly exports: ReadExports;
  readonly target: AdoptionTarget;
  /** The environment file, for messages. */
  readonly file: string;
  /**
   * The environment's baseline policies as synthesized before the import, with every named
   * location they name as the object id the environment adopts for it (or its address).
   */
  readonly baseline: readonly PolicyModel[];
}

const UNMANAGED_LOCATION = (l: ImportedNamedLocation) =>
  l.kind === 'other'
    ? `azuread_named_location manages IP and country locations only; this is a ${l.graphType ?? 'location of another kind'}, which policies can still name by its id`
    : `azuread 3.7.0 cannot express ${l.unexpressible.join(', ')}, so a deploy would drop it`;

const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

export function planAdoption({ exports, target, file, baseline }: AdoptionInput): AdoptionPlan {
  const problems: Problem[] = [];
  const adoptedBy = new Map<string, string>();
  for (const [id, objectId] of target.adopted) adoptedBy.set(objectId.toLowerCase(), id);
  const taken = new Set(target.adopted.keys());
  const nextCustom = customIds([...target.customIds, ...target.adopted.keys()]);
  const candidates = baseline.map((p) => ({ id: p.id, shape: JSON.stringify(comparable(p)) })).sort((a, b) => byText(a.id, b.id));

  const decisions: PolicyDecision[] = [];
  const pending: ImportedPolicy[] = [];
  for (const p of exports.policies) {
    const why = whyUnmanaged(p);
    const existing = adoptedBy.get(p.originalId);
    if (why) {
      if (existing) {
        problems.push({
          file,
          path: `policies.${existing}.adopt`,
          message: `adopts the tenant's policy ${JSON.stringify(p.displayName)} (${p.originalId}), which this export shows perimeter cannot manage: ${why}. Remove the policies.${existing} entry (and its policies/custom file) to keep it unmanaged`,
        });
      }
      decisions.push({ policy: p, outcome: 'unmanaged', why });
      continue;
    }
    const stage = stageOfState(p.state) ?? 'off';
    if (existing) {
      decisions.push({ policy: p, outcome: existing.startsWith('CP') ? 'custom' : 'baseline', id: existing, stage, reused: true });
      continue;
    }
    pending.push(p);
  }
  // Baseline matches first, in export order, then custom ids for the rest, in export order.
  const matched = new Map<ImportedPolicy, string>();
  for (const p of pending) {
    const shape = JSON.stringify(comparable(policyModelOf(p, 'import')));
    const found = candidates.find((c) => c.shape === shape && !taken.has(c.id));
    if (found) {
      taken.add(found.id);
      matched.set(p, found.id);
    }
  }
  for (const p of pending) {
    const stage = stageOfState(p.state) ?? 'off';
    const id = matched.get(p);
    decisions.push(id ? { policy: p, outcome: 'baseline', id, stage, reused: false } : { policy: p, outcome: 'custom', id: nextCustom(), stage, reused: false });
  }
  const order = new Map(exports.policies.map((p, i) => [p, i]));
  decisions.sort((a, b) => order.get(a.policy)! - order.get(b.policy)!);

  const keys = assignKeys(exports, target, exports.policies);
  const locations: LocationDecision[] = exports.namedLocations.map((l) =>
    managedLocation(l) && keys.locations.has(l.originalId)
      ? { location: l, outcome: 'managed', key: keys.locations.get(l.originalId)! }
      : { location: l, outcome: 'unmanaged', why: UNMANAGED_LOCATION(l) },
  );

  return {
    policies: decisions,
    locations,
    keys,
    sections: sectionsOf(exports, target, decisions, locations, keys),
    customFiles: decisions
      .flatMap((d) => (d.outcome === 'custom' && !d.reused ? [{ id: d.id, data: customPolicyFile(d.policy, d.id, namesOf(keys)) }] : []))
      .sort((a, b) => byText(a.id, b.id)),
    snapshot: snapshotOf(decisions, locations),
    problems,
  };
}

const namesOf = (keys: Keys) => ({
  groupKey: (id: string) => keys.groups.get(id),
  appKey: (id: string) => keys.apps.get(id),
  locationKey: (id: string) => keys.locations.get(id),
});

function sectionsOf(exports: ReadExports, target: AdoptionTarget, decisions: readonly PolicyDecision[], locations: readonly LocationDecision[], keys: Keys): AdoptionSections {
  const groups: Record<string, { objectId: string; description?: string }> = {};
  for (const [id, key] of keys.groups) {
    if (Object.hasOwn(target.groups, key)) continue;
    const name = exports.names.get(id)?.displayName;
    groups[key] = { objectId: id, ...(name ? { description: name } : {}) };
  }
  const apps: Record<string, string> = {};
  for (const [id, key] of keys.apps) if (!Object.hasOwn(target.apps, key)) apps[key] = id;

  const namedLocations: Record<string, Record<string, unknown>> = {};
  for (const d of locations) {
    if (d.outcome !== 'managed') continue;
    const l = d.location;
    // A location the file declares already is the code's: it only learns which object it takes over.
    if (Object.hasOwn(target.namedLocations, d.key)) {
      if (!target.namedLocations[d.key]!.adopt) namedLocations[d.key] = { adopt: l.originalId };
      continue;
    }
    namedLocations[d.key] =
      l.kind === 'ip'
        ? { displayName: l.displayName, ipRanges: [...l.ipRanges], trusted: l.isTrusted, adopt: l.originalId }
        : l.kind === 'country'
          ? { displayName: l.displayName, countries: [...l.countriesAndRegions], includeUnknown: l.includeUnknownCountriesAndRegions, countryLookupMethod: l.countryLookupMethod, adopt: l.originalId }
          : {};
  }

  const policies: Record<string, Record<string, unknown>> = {};
  for (const d of decisions) {
    // An object adopted by an earlier import is the code's now: a second import leaves it as it is.
    if (d.outcome === 'unmanaged' || d.reused) continue;
    const entry: Record<string, unknown> = { stage: d.stage, adopt: d.policy.originalId };
    if (d.outcome === 'baseline') {
      const own = ownExclusions(policyModelOf(d.policy, d.id), target);
      const groupKeys = own.groups.map((g) => keys.groups.get(g)!).filter(Boolean);
      entry.exclude =
        own.users.length || groupKeys.length
          ? {
              ...(own.users.length ? { users: own.users } : {}),
              ...(groupKeys.length ? { groups: groupKeys } : {}),
              reason: `kept from the tenant's policy ${JSON.stringify(d.policy.displayName)} (${d.policy.originalId}) when it was imported`,
            }
          : undefined;
    }
    policies[d.id] = entry;
  }
  return { groups, apps, namedLocations, policies };
}

/** The unmanaged objects as Graph JSON the export reader reads back: policies, then named locations, each by name. */
function snapshotOf(decisions: readonly PolicyDecision[], locations: readonly LocationDecision[]): GraphBody[] {
  const byName = <T extends { displayName: string; originalId: string }>(a: T, b: T) => byText(a.displayName, b.displayName) || byText(a.originalId, b.originalId);
  const policies = decisions.flatMap((d) => (d.outcome === 'unmanaged' ? [d.policy] : [])).sort(byName);
  const named = locations.flatMap((d) => (d.outcome === 'unmanaged' ? [d.location] : [])).sort(byName);
  return [
    ...policies.map((p) => p.graph),
    ...named.map((l): GraphBody => {
      const type: GraphValue = `#microsoft.graph.${l.graphType ?? (l.kind === 'ip' ? 'ipNamedLocation' : l.kind === 'country' ? 'countryNamedLocation' : 'namedLocation')}`;
      return { '@odata.type': type, ...l.graph };
    }),
  ];
}

/** Object ids the plan adopts (policies and named locations): no other environment may adopt them too. */
export function adoptedObjectIds(plan: AdoptionPlan): string[] {
  return [
    ...plan.policies.flatMap((d) => (d.outcome === 'unmanaged' ? [] : [d.policy.originalId])),
    ...plan.locations.flatMap((d) => (d.outcome === 'managed' ? [d.location.originalId] : [])),
  ].filter(isGuid);
}
