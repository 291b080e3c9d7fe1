/**
 * One applicability check per condition of a policy, each three-valued (`true`, `false`,
 * `undefined` = depends on an input the sign-in did not give), each named with the Graph
 * What If `analysisReasons` value it reports when it fails. A policy applies when every
 * check is true (conditions are ANDed); within a condition, exclusion always wins.
 */
import { isAppSuite, type AppSuite } from '../../core/microsoft/app-sets';
import { rangeOf } from '../../core/net';
import type { EnvironmentModel, GuestsOrExternalUsers, NamedLocationModel, PolicyModel, Ref } from '../model/types';
import { compileDeviceFilter, DeviceFilterError, parseDeviceFilter, type CompiledFilter } from './device-filter';
import type { PreparedSignIn } from './prepare';

/** Graph `analysisReasons` values a failing condition reports, in evaluation order. */
export type Dimension =
  | 'users'
  | 'application'
  | 'devicePlatform'
  | 'location'
  | 'clientApps'
  | 'signInRisk'
  | 'userRisk'
  | 'devices'
  | 'authenticationFlow';

export type Tri = boolean | undefined;

/** `missing` collects the inputs an undecided check would need. */
export type Check = (s: PreparedSignIn, missing: string[]) => Tri;

export interface CompiledCheck {
  readonly dimension: Dimension;
  readonly check: Check;
  /**
   * Policies of a baseline share most conditions (all users but break-glass, all resources):
   * identical conditions share one slot, so a sign-in evaluates each of them once.
   */
  readonly slot: number;
}

/** Identical conditions across an environment's policies, by a key of the condition's content. */
export class CheckRegistry {
  private readonly slots = new Map<string, CompiledCheck>();

  get size(): number {
    return this.slots.size;
  }

  share(dimension: Dimension, content: unknown, make: () => Check | undefined): CompiledCheck | undefined {
    const key = `${dimension}:${JSON.stringify(content)}`;
    const known = this.slots.get(key);
    if (known) return known;
    const check = make();
    if (!check) return undefined;
    const compiled = { dimension, check, slot: this.slots.size };
    this.slots.set(key, compiled);
    return compiled;
  }
}

export interface CompiledPolicy {
  readonly policy: PolicyModel;
  /** Checks in Graph's order; a condition the policy does not set is absent (always true). */
  readonly checks: readonly CompiledCheck[];
  /** Set when a condition cannot be evaluated (a device filter that does not parse). */
  readonly invalid?: string;
  /** The policy's grant controls include `block`. */
  readonly blocks: boolean;
  /** The `blockedBy` entry of a block policy, shared by every result. */
  readonly blockEntry: { readonly policy: string; readonly why: string };
}

/** Memberships of a sign-in in one named location. */
export type LocationTest = (s: PreparedSignIn, missing: string[]) => Tri;

export function compileLocation(loc: NamedLocationModel): LocationTest {
  if (loc.kind === 'ip') {
    const ranges = loc.ipRanges.flatMap((r) => rangeOf(r) ?? []);
    return (s, missing) => {
      const ip = s.ip;
      if (!ip) {
        missing.push('ip');
        return undefined;
      }
      for (const r of ranges) if (r.family === ip.family && ip.value >= r.start && ip.value <= r.end) return true;
      return false;
    };
  }
  const countries = new Set(loc.countriesAndRegions.map((c) => c.toUpperCase()));
  const gps = loc.countryLookupMethod === 'authenticatorAppGps';
  const input = gps ? 'gpsCountry' : 'country';
  return (s, missing) => {
    const c = gps ? s.gpsCountry : s.country;
    if (c === undefined) {
      missing.push(input);
      return undefined;
    }
    if (countries.has(c)) return true;
    if (c.length === 7 && c.toLowerCase() === 'unknown') return loc.includeUnknownCountriesAndRegions;
    // Codes are validated upper-case on input; a lower-case one from a caller still matches.
    return /[a-z]/.test(c) ? countries.has(c.toUpperCase()) : false;
  };
}

const or3 = (a: Tri, b: Tri): Tri => (a === true || b === true ? true : a === undefined || b === undefined ? undefined : false);
const andNot3 = (inc: Tri, exc: Tri): Tri => (inc === false || exc === true ? false : inc === undefined || exc === undefined ? undefined : true);

function guestMatch(spec: GuestsOrExternalUsers | undefined, s: PreparedSignIn, missing: string[]): Tri {
  if (!spec) return false;
  const type = s.guestType;
  if (type === undefined || type === 'none') return false;
  if (!spec.guestOrExternalUserTypes.includes(type)) return false;
  if (spec.externalTenants.membershipKind === 'all') return true;
  const tenant = s.externalTenantId;
  if (tenant === undefined) {
    missing.push('externalTenantId');
    return undefined;
  }
  return spec.externalTenants.members.includes(tenant.toLowerCase());
}

function userSide(
  users: readonly Ref[],
  groups: readonly Ref[],
  roles: readonly Ref[],
  guests: GuestsOrExternalUsers | undefined,
  model: EnvironmentModel,
): (s: PreparedSignIn, missing: string[]) => Tri {
  const ids = new Set(users.map((u) => u.id));
  const all = ids.has('All');
  const allGuests = ids.has('GuestsOrExternalUsers');
  const groupIds = new Set(groups.map((g) => g.id));
  const roleIds = new Set(roles.map((r) => r.id));
  // Groups whose members the stack declares are known without a directory; the others are not.
  const undeclared = groups.filter((g) => !isDeclaredGroup(model, g.id)).map((g) => `membership of ${g.label}`);
  const roleInput = roles.length ? [`directory roles (${roles.length === 1 ? roles[0]!.label : `${roles.length} roles`})`] : [];
  return (s, missing) => {
    if (all) return true;
    if (ids.size && s.userId !== undefined && ids.has(s.userId)) return true;
    const guest = s.guestType;
    if (allGuests && guest !== undefined && guest !== 'none') return true;
    // A user is in few groups and holds few roles; a policy may name many.
    if (groupIds.size && s.groups.size) for (const g of s.groups) if (groupIds.has(g)) return true;
    if (roleIds.size && s.roles.size) for (const r of s.roles) if (roleIds.has(r)) return true;
    const g: Tri = guests ? guestMatch(guests, s, missing) : false;
    if (g === false && s.membershipsUnknown && (undeclared.length || roleInput.length)) {
      for (const m of undeclared) missing.push(m);
      for (const m of roleInput) missing.push(m);
      return undefined;
    }
    return g;
  };
}

function isDeclaredGroup(model: EnvironmentModel, id: string): boolean {
  const group = model.group(id);
  return group !== undefined && group.managedByStack && group.members.length > 0;
}

function usersCheck(p: PolicyModel, model: EnvironmentModel): Check {
  const u = p.conditions.users;
  const include = userSide(u.includeUsers, u.includeGroups, u.includeRoles, u.includeGuestsOrExternalUsers, model);
  const exclude = userSide(u.excludeUsers, u.excludeGroups, u.excludeRoles, u.excludeGuestsOrExternalUsers, model);
  return (s, missing) => {
    const inc = include(s, missing);
    return inc === false ? false : andNot3(inc, exclude(s, missing));
  };
}

function applicationCheck(p: PolicyModel): Check {
  const a = p.conditions.applications;
  const includeAll = a.includeApplications.some((r) => r.id === 'All');
  const includeIds = new Set(a.includeApplications.map((r) => r.id));
  const excludeIds = new Set(a.excludeApplications.map((r) => r.id));
  const includeSuites = a.includeApplications.map((r) => r.id).filter(isAppSuite);
  const excludeSuites = a.excludeApplications.map((r) => r.id).filter(isAppSuite);
  const actions = new Set(a.includeUserActions);
  const contexts = new Set((a.includeAuthenticationContexts ?? []).map((r) => r.id));
  const excludes = excludeIds.size > 0 || excludeSuites.length > 0;
  const inSuites = (suites: readonly AppSuite[], list: readonly AppSuite[]) => suites.some((x) => list.includes(x));
  return (s) => {
    const r = s.resource;
    if (r.kind === 'userAction') {
      // Graph's What If example applies All-resources policies to a user action as well.
      return actions.has(r.action) || includeAll;
    }
    if (r.kind === 'authenticationContext') {
      // A context is asked for during a sign-in to some app, so All-resources policies apply too.
      return contexts.has(r.id) || includeAll;
    }
    const id = r.appId;
    const included = includeAll || (id !== undefined && includeIds.has(id)) || (includeSuites.length > 0 && inSuites(r.suites, includeSuites));
    if (!included) return false;
    if (!excludes) return true;
    const excluded = (id !== undefined && excludeIds.has(id)) || (excludeSuites.length > 0 && inSuites(r.suites, excludeSuites));
    return !excluded;
  };
}

function platformCheck(p: PolicyModel): Check | undefined {
  const pl = p.conditions.platforms;
  if (!pl) return undefined;
  const includeAll = pl.includePlatforms.includes('all');
  const include = new Set<string>(pl.includePlatforms);
  const exclude = new Set<string>(pl.excludePlatforms);
  return (s, missing) => {
    const platform = s.platform;
    if (platform === undefined) {
      missing.push('platform');
      return undefined;
    }
    // Only `all` reaches a platform Entra does not recognise.
    const included = includeAll || include.has(platform);
    return included && !exclude.has(platform);
  };
}

function locationCheck(p: PolicyModel, model: EnvironmentModel): Check | undefined {
  const l = p.conditions.locations;
  if (!l) return undefined;
  const trusted = model.namedLocations.filter((n) => n.kind === 'ip' && n.isTrusted).map(compileLocation);
  const test = (ref: Ref): LocationTest => {
    if (ref.id === 'All') return () => true;
    if (ref.id === 'AllTrusted') {
      return (s, missing) => {
        let r: Tri = false;
        for (const t of trusted) r = or3(r, t(s, missing));
        return r;
      };
    }
    const loc = model.namedLocation(ref.id);
    if (loc) return compileLocation(loc);
    return (_s, missing) => {
      missing.push(`membership of ${ref.label}`);
      return undefined;
    };
  };
  const include = l.includeLocations.map(test);
  const exclude = l.excludeLocations.map(test);
  const any = (tests: LocationTest[], s: PreparedSignIn, missing: string[]): Tri => {
    let r: Tri = false;
    for (const t of tests) {
      r = or3(r, t(s, missing));
      if (r === true) return true;
    }
    return r;
  };
  return (s, missing) => {
    const inc = any(include, s, missing);
    if (inc === false) return false;
    return andNot3(inc, any(exclude, s, missing));
  };
}

function clientAppsCheck(p: PolicyModel): Check | undefined {
  const types = p.conditions.clientAppTypes;
  if (types.includes('all')) return undefined;
  const set = new Set<string>(types.map((t) => (t === 'easSupported' ? 'exchangeActiveSync' : t)));
  return (s, missing) => {
    const c = s.clientApp;
    if (c === undefined) {
      missing.push('clientApp');
      return undefined;
    }
    return set.has(c);
  };
}

function riskCheck(levels: readonly string[], input: 'signInRisk' | 'userRisk'): Check | undefined {
  if (!levels.length) return undefined;
  const set = new Set(levels);
  return (s, missing) => {
    const level = s[input];
    if (level === undefined) {
      missing.push(input);
      return undefined;
    }
    return set.has(level);
  };
}

function deviceCheck(filter: CompiledFilter, mode: 'include' | 'exclude'): Check {
  return (s, missing) => {
    const r = filter(s.device);
    if (r === undefined) {
      missing.push(s.hasDevice ? 'device properties' : 'device');
      return undefined;
    }
    return mode === 'include' ? r : !r;
  };
}

function flowCheck(p: PolicyModel): Check | undefined {
  const f = p.conditions.authenticationFlows;
  if (!f || !f.transferMethods.length) return undefined;
  const set = new Set<string>(f.transferMethods);
  return (s, missing) => {
    const flow = s.flow;
    if (flow === undefined) {
      missing.push('flow');
      return undefined;
    }
    return set.has(flow);
  };
}

export function compilePolicyChecks(p: PolicyModel, model: EnvironmentModel, registry: CheckRegistry = new CheckRegistry()): CompiledPolicy {
  const c = p.conditions;
  const checks: CompiledCheck[] = [];
  const add = (dimension: Dimension, content: unknown, make: () => Check | undefined) => {
    const compiled = registry.share(dimension, content, make);
    if (compiled) checks.push(compiled);
  };
  add('users', c.users, () => usersCheck(p, model));
  add('application', c.applications, () => applicationCheck(p));
  add('devicePlatform', c.platforms ?? null, () => platformCheck(p));
  add('location', c.locations ?? null, () => locationCheck(p, model));
  add('clientApps', c.clientAppTypes, () => clientAppsCheck(p));
  add('signInRisk', c.signInRiskLevels, () => riskCheck(c.signInRiskLevels, 'signInRisk'));
  add('userRisk', c.userRiskLevels, () => riskCheck(c.userRiskLevels, 'userRisk'));
  let invalid: string | undefined;
  const filter = p.conditions.devices?.deviceFilter;
  if (filter) {
    try {
      const compiled = compileDeviceFilter(parseDeviceFilter(filter.rule));
      add('devices', filter, () => deviceCheck(compiled, filter.mode));
    } catch (e) {
      if (!(e instanceof DeviceFilterError)) throw e;
      invalid = `${p.id}: ${e.message}`;
    }
  }
  add('authenticationFlow', c.authenticationFlows ?? null, () => flowCheck(p));
  return {
    policy: p,
    checks,
    ...(invalid ? { invalid } : {}),
    blocks: p.grantControls?.builtInControls.includes('block') ?? false,
    blockEntry: Object.freeze({ policy: p.id, why: 'block control' }),
  };
}

/** Group ids each member belongs to through groups the stack declares. */
export function stackMemberships(model: EnvironmentModel): ReadonlyMap<string, readonly string[]> {
  const map = new Map<string, string[]>();
  for (const g of model.groups) for (const m of g.members) map.set(m, [...(map.get(m) ?? []), g.id]);
  return map;
}
