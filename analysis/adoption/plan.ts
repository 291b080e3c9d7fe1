/**
 * What an import does with each object of an export, decided without touching a file: which
 * existing named location, group and app each gets a key in the environment, and which policy
 * is adopted as a baseline policy (the same as one apart from exclusions), becomes a custom
 * policy, or stays unmanaged (something azuread 3.7.0 cannot express). Running it again on
 * the same export and the environment it wrote decides the same: every key and id it assigned
 * is found again by its object id.
 */
import { isGuid } from '../../core/ids';
import { CUSTOM_POLICY_ID_PATTERN } from '../../core/ids';
import { APP_SUITE_MEMBERS } from '../../core/microsoft/app-sets';
import { WELL_KNOWN_APPS } from '../../core/microsoft/well-known';
import type { PolicyModel, Ref } from '../model/types';
import type { ImportedNamedLocation, ImportedPolicy, ReadExports } from './types';
import { referencedIds } from './model';

/** The parts of an environment an import reads. */
export interface AdoptionTarget {
  readonly groups: Readonly<Record<string, { readonly objectId: string }>>;
  readonly apps: Readonly<Record<string, string>>;
  readonly namedLocations: Readonly<Record<string, LocationFacts>>;
  /** Policy id -> the object id it adopts, for the entries of `policies:` that adopt one. */
  readonly adopted: ReadonlyMap<string, string>;
  /** Custom policy ids that exist (policies/custom/). */
  readonly customIds: readonly string[];
  /** Group object ids perimeter adds to every policy itself (none: it creates its own group). */
  readonly breakGlassAccounts: readonly string[];
  readonly directorySyncAccounts: readonly string[];
}

/** A named location of the environment file, as far as an import compares it. */
export type LocationFacts = { readonly adopt?: string } & (
  | { readonly kind: 'ip'; readonly ipRanges: readonly string[]; readonly trusted: boolean }
  | { readonly kind: 'country'; readonly countries: readonly string[]; readonly includeUnknown: boolean; readonly lookupMethod: string }
);

const sortedText = (items: readonly string[]) => [...items].map((i) => i.toLowerCase()).sort().join(',');

/** The environment's location and the exported one mean the same: same kind, same ranges or countries, same flags. */
export function sameLocation(declared: LocationFacts, exported: ImportedNamedLocation): boolean {
  if (declared.kind === 'ip' && exported.kind === 'ip') return declared.trusted === exported.isTrusted && sortedText(declared.ipRanges) === sortedText(exported.ipRanges);
  if (declared.kind === 'country' && exported.kind === 'country') {
    return (
      declared.includeUnknown === exported.includeUnknownCountriesAndRegions &&
      declared.lookupMethod === exported.countryLookupMethod &&
      sortedText(declared.countries) === sortedText(exported.countriesAndRegions)
    );
  }
  return false;
}

export interface Keys {
  /** Named-location object id -> the key it gets (managed ip and country locations only). */
  readonly locations: ReadonlyMap<string, string>;
  readonly groups: ReadonlyMap<string, string>;
  readonly apps: ReadonlyMap<string, string>;
}

/** A key from a display name: lower-case letters, digits and hyphens, starting with a letter, unique among `taken`. */
export function keyFrom(name: string, fallback: string, taken: ReadonlySet<string>): string {
  let base = name
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .replace(/-+$/, '');
  // Long names are cut at a word, not in one: `ca104-admins-identityprotection-allapps`.
  if (base.length > 48) base = base.slice(0, base.lastIndexOf('-', 48) > 8 ? base.lastIndexOf('-', 48) : 48).replace(/-+$/, '');
  if (!/^[a-z]/.test(base)) base = `${fallback}-${base}`.replace(/-+$/, '');
  if (!base || base === `${fallback}`) base = fallback;
  let key = base;
  for (let n = 2; taken.has(key); n++) key = `${base}-${n}`;
  return key;
}

/** Names of the first-party apps perimeter knows (core/microsoft), for the keys of apps an export names by id only. */
const FIRST_PARTY_APPS = new Map<string, string>([
  ...Object.values(APP_SUITE_MEMBERS).flatMap((members) => members.map((m) => [m.appId, m.displayName] as const)),
  ...Object.entries(WELL_KNOWN_APPS).map(([key, appId]) => [appId, key] as const),
]);

/** A named location azuread_named_location can declare whole. */
export const managedLocation = (l: ImportedNamedLocation) => l.kind !== 'other' && l.unexpressible.length === 0;

/** Keys for every named location, group and app the managed policies name, reusing what the environment has. */
export function assignKeys(exports: ReadExports, target: AdoptionTarget, managed: readonly ImportedPolicy[]): Keys {
  const locations = new Map<string, string>();
  const takenLocations = new Set(Object.keys(target.namedLocations));
  for (const [key, l] of Object.entries(target.namedLocations)) if (l.adopt) locations.set(l.adopt, key);
  for (const l of exports.namedLocations.filter(managedLocation)) {
    if (locations.has(l.originalId)) continue;
    // A location the file already declares with the same ranges or countries takes the object over: no second copy.
    const same = Object.entries(target.namedLocations).find(([k, d]) => !d.adopt && ![...locations.values()].includes(k) && sameLocation(d, l));
    if (same) {
      locations.set(l.originalId, same[0]);
      continue;
    }
    const key = keyFrom(l.displayName, 'location', takenLocations);
    takenLocations.add(key);
    locations.set(l.originalId, key);
  }

  const referenced = managed.map(referencedIds);
  const groups = new Map<string, string>();
  const takenGroups = new Set(Object.keys(target.groups));
  for (const [key, g] of Object.entries(target.groups)) groups.set(g.objectId.toLowerCase(), key);
  for (const id of [...new Set(referenced.flatMap((r) => r.groups))].sort()) {
    if (groups.has(id)) continue;
    const key = keyFrom(exports.names.get(id)?.displayName ?? '', `group-${id.slice(0, 8)}`, takenGroups);
    takenGroups.add(key);
    groups.set(id, key);
  }

  const apps = new Map<string, string>();
  const takenApps = new Set(Object.keys(target.apps));
  for (const [key, appId] of Object.entries(target.apps)) apps.set(appId.toLowerCase(), key);
  for (const id of [...new Set(referenced.flatMap((r) => r.applications))].sort()) {
    if (apps.has(id)) continue;
    const key = keyFrom(exports.names.get(id)?.displayName ?? FIRST_PARTY_APPS.get(id) ?? '', `app-${id.slice(0, 8)}`, takenApps);
    takenApps.add(key);
    apps.set(id, key);
  }
  return { locations, groups, apps };
}

/** Why a policy cannot be managed, or undefined when it can. */
export function whyUnmanaged(p: ImportedPolicy): string | undefined {
  if (!p.declarable) return p.whyNot ?? 'azuread 3.7.0 cannot declare what is left of it';
  if (p.unexpressible.length) return `azuread 3.7.0 cannot express ${p.unexpressible.join(', ')}, so a deploy would drop it`;
  return undefined;
}

type Comparable = unknown;

const ids = (refs: readonly Ref[]) => refs.map((r) => r.id).sort();

/**
 * A policy as far as "the same policy" goes: every condition and control by id, without its
 * name, its state and its excluded users and groups (those are what an adopted policy may
 * keep as its own exclusions). `locationId` maps a synthesized location reference back to the
 * object it adopts.
 */
export function comparable(p: PolicyModel, locationId: (id: string) => string = (x) => x): Comparable {
  const c = p.conditions;
  const u = c.users;
  return {
    users: { includeUsers: ids(u.includeUsers), includeGroups: ids(u.includeGroups), includeRoles: ids(u.includeRoles), excludeRoles: ids(u.excludeRoles), includeGuests: u.includeGuestsOrExternalUsers ?? null, excludeGuests: u.excludeGuestsOrExternalUsers ?? null },
    applications: { include: ids(c.applications.includeApplications), exclude: ids(c.applications.excludeApplications), actions: [...c.applications.includeUserActions].sort() },
    clientAppTypes: [...c.clientAppTypes].sort(),
    platforms: c.platforms ? { include: [...c.platforms.includePlatforms].sort(), exclude: [...c.platforms.excludePlatforms].sort() } : null,
    locations: c.locations ? { include: c.locations.includeLocations.map((r) => locationId(r.id)).sort(), exclude: c.locations.excludeLocations.map((r) => locationId(r.id)).sort() } : null,
    signInRisk: [...c.signInRiskLevels].sort(),
    userRisk: [...c.userRiskLevels].sort(),
    servicePrincipalRisk: [...c.servicePrincipalRiskLevels].sort(),
    insiderRisk: c.insiderRiskLevels ?? null,
    flows: c.authenticationFlows ? [...c.authenticationFlows.transferMethods].sort() : null,
    devices: c.devices ?? null,
    clientApplications: c.clientApplications ?? null,
    grant: p.grantControls ? { ...p.grantControls, builtInControls: [...p.grantControls.builtInControls].sort(), authenticationStrength: p.grantControls.authenticationStrength?.id ?? null } : null,
    session: p.sessionControls ?? null,
  };
}

/** The excluded users and groups of an imported policy that perimeter does not add itself: what an adoption keeps. */
export function ownExclusions(imported: PolicyModel, target: AdoptionTarget): { users: string[]; groups: string[] } {
  const added = new Set([...target.breakGlassAccounts, ...target.directorySyncAccounts].map((x) => x.toLowerCase()));
  return {
    users: ids(imported.conditions.users.excludeUsers).filter((u) => isGuid(u) && !added.has(u)),
    groups: ids(imported.conditions.users.excludeGroups).filter(isGuid),
  };
}

/** The next free custom policy ids, in order: after every id that exists or is being given out. */
export function customIds(taken: readonly string[]): () => string {
  let n = Math.max(0, ...taken.filter((t) => CUSTOM_POLICY_ID_PATTERN.test(t)).map((t) => Number(t.slice(2))));
  return () => `CP${String(++n).padStart(3, '0')}`;
}

/** The policy with every named-location reference passed through `f` (an object id to an address, or back). */
export function mapLocationRefs(p: PolicyModel, f: (ref: Ref) => Ref): PolicyModel {
  const l = p.conditions.locations;
  if (!l) return p;
  return { ...p, conditions: { ...p.conditions, locations: { includeLocations: l.includeLocations.map(f), excludeLocations: l.excludeLocations.map(f) } } };
}
