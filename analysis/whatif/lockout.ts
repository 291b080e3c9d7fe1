/**
 * Proof that no enforced policy can block or challenge a break-glass account.
 *
 * The sign-in space is split, per condition, into the classes the environment's policies can
 * tell apart (ca-evaluation-semantics.md §4.2): every app id a policy names plus one member of
 * each app group no policy names and one app nobody names, both user actions; the four client
 * types; the seven platforms (unknown included); one address per region the IP locations'
 * range boundaries cut the address space into, times every named country plus one unnamed and
 * `unknown`; device classes (unregistered, every trust type x compliance, and witness values
 * for every property a device filter compares); every risk level; every flow. Conditions are
 * ANDed and each one reads only its own input, so a depth-first search that drops, dimension by
 * dimension, the policies a class rules out and prunes a branch as soon as no policy is left
 * visits every class without enumerating the whole product. A branch that reaches the last
 * dimension with a policy left is a concrete counterexample sign-in.
 */
import { BREAK_GLASS_GROUP, TF } from '../../core/addresses';
import { ISO_COUNTRY_CODES } from '../../core/countries';
import { APP_SUITE_MEMBERS, APP_SUITES, isAppSuite, suitesOf } from '../../core/microsoft/app-sets';
import { DIRECTORY_ROLES } from '../../core/microsoft/directory-roles';
import { RISK_LEVELS, USER_ACTIONS } from '../../core/microsoft/well-known';
import { bigIntToIp, parseIp, rangeOf } from '../../core/net';
import type { RiskLevelName } from '../model/types';
import type { CompiledEnvironment } from './compile';
import type { CompiledPolicy, Dimension } from './conditions';
import { comparisonsOf, parseDeviceFilter, DeviceFilterError } from './device-filter';
import { evaluate } from './evaluate';
import { methodsInStack, strongestFor } from './methods';
import { breakGlassAccounts } from './personas';
import { prepareSignIn } from './prepare';
import type { WhatIfResult } from './result';
import {
  CLIENT_APPS,
  FLOWS,
  SIGN_IN_PLATFORMS,
  type DeviceInput,
  type ResourceInput,
  type SignIn,
  type UserInput,
} from './signin';

export interface LockoutCounterexample {
  readonly signIn: SignIn;
  /** Enforced policies that block or challenge this sign-in. */
  readonly policies: readonly string[];
  readonly result: WhatIfResult;
}

export interface LockoutProof {
  readonly environment: string;
  readonly proved: boolean;
  readonly accounts: readonly string[];
  /** Number of classes per dimension, in search order. */
  readonly classes: readonly { readonly dimension: Dimension; readonly count: number }[];
  /** The size of the product space the search covers. */
  readonly space: number;
  readonly nodesVisited: number;
  /** Enabled policies that could block or challenge someone (block, grant controls or a sign-in frequency). */
  readonly enforcedPolicies: readonly string[];
  readonly counterexample?: LockoutCounterexample;
  /** Report-only policies that would block or challenge a break-glass account once enabled. */
  readonly reportOnlyThreats: readonly string[];
  /**
   * Break-glass accounts the stack's authentication methods policy leaves without a method of
   * MFA strength (empty when the stack does not manage the policy). Such an account cannot
   * complete the MFA that Microsoft itself requires on its admin portals, whatever
   * Conditional Access excludes, nor any strength a policy asks of it: it is locked out.
   */
  readonly methodGaps: readonly string[];
  readonly problems: readonly string[];
  readonly millis: number;
}

export type Partial = { -readonly [K in keyof SignIn]?: SignIn[K] };

interface Level {
  readonly dimension: Dimension;
  readonly values: readonly Partial[];
}

function challenges(cp: CompiledPolicy): boolean {
  const p = cp.policy;
  return p.grantControls !== undefined || p.sessionControls?.signInFrequency !== undefined;
}

function userClasses(env: CompiledEnvironment, accounts: readonly string[]): Partial[] {
  const roles = new Set<string>();
  const includedGroups = new Set<string>();
  for (const p of env.model.policies) {
    for (const r of [...p.conditions.users.includeRoles, ...p.conditions.users.excludeRoles]) roles.add(r.id);
    for (const g of p.conditions.users.includeGroups) includedGroups.add(g.id);
  }
  const GLOBAL_ADMIN = DIRECTORY_ROLES['Global Administrator'];
  // Including a role or a group can only add policies, so one role (or group) at a time, and
  // all of them, cover the worst cases. Membership of groups the stack does not manage is not
  // known: assume the account may be in any group a policy includes, and in no group a policy
  // excludes unless the stack itself declares it a member.
  const roleSets: string[][] = [[], [GLOBAL_ADMIN], [...new Set([GLOBAL_ADMIN, ...roles])], ...[...roles].map((r) => [r])];
  const groupSets: string[][] = [[], ...(includedGroups.size ? [[...includedGroups]] : []), ...[...includedGroups].map((g) => [g])];
  const seen = new Set<string>();
  const out: Partial[] = [];
  for (const id of accounts) {
    for (const groups of groupSets) {
      for (const set of roleSets) {
        const key = `${id}|${[...set].sort().join(',')}|${[...groups].sort().join(',')}`;
        if (seen.has(key)) continue;
        seen.add(key);
        const user: UserInput = { id, roles: set, groups };
        out.push({ user });
      }
    }
  }
  return out;
}

export function resourceClasses(env: CompiledEnvironment): Partial[] {
  const ids = new Set<string>();
  const suites = new Set<string>();
  for (const p of env.model.policies) {
    for (const a of [...p.conditions.applications.includeApplications, ...p.conditions.applications.excludeApplications]) {
      if (isAppSuite(a.id)) suites.add(a.id);
      else if (a.id !== 'All' && a.id !== 'None') ids.add(a.id);
    }
  }
  const out: ResourceInput[] = [...ids].sort().map((appId) => ({ kind: 'app', appId, suites: suitesOf(appId) }));
  for (const suite of APP_SUITES) {
    if (!suites.has(suite)) continue;
    const unnamed = APP_SUITE_MEMBERS[suite].find((m) => !ids.has(m.appId));
    out.push(unnamed ? { kind: 'app', appId: unnamed.appId, suites: suitesOf(unnamed.appId) } : { kind: 'app', suites: [suite] });
  }
  out.push({ kind: 'app', suites: [] });
  for (const action of Object.values(USER_ACTIONS)) out.push({ kind: 'userAction', action });
  // Every authentication context a policy targets: an app (PIM) may ask for it at any sign-in.
  const contexts = new Set(env.model.policies.flatMap((p) => (p.conditions.applications.includeAuthenticationContexts ?? []).map((c) => c.id)));
  for (const id of [...contexts].sort()) out.push({ kind: 'authenticationContext', id });
  return out.map((resource) => ({ resource }));
}

export function locationClasses(env: CompiledEnvironment): Partial[] {
  const ipLocations = env.model.namedLocations.filter((l) => l.kind === 'ip');
  const countryLocations = env.model.namedLocations.filter((l) => l.kind === 'country');
  // Candidate addresses: every range boundary and its neighbours, plus one address of each family.
  const candidates = new Set<string>(['192.0.2.1', '2001:db8::1']);
  for (const loc of ipLocations) {
    for (const text of loc.ipRanges) {
      const r = rangeOf(text);
      if (!r) continue;
      const max = r.family === 4 ? (1n << 32n) - 1n : (1n << 128n) - 1n;
      const start = BigInt(r.start);
      const end = BigInt(r.end);
      for (const v of [start, end, start - 1n, end + 1n]) if (v >= 0n && v <= max) candidates.add(bigIntToIp(r.family, v));
    }
  }
  // Keep one address per distinct set of IP locations containing it.
  const reps = new Map<string, string>();
  for (const ip of candidates) {
    const parsed = parseIp(ip);
    if (!parsed) continue;
    const signature = ipLocations
      .map((loc) =>
        loc.ipRanges.some((t) => {
          const r = rangeOf(t);
          return r !== undefined && r.family === parsed.family && BigInt(parsed.value) >= BigInt(r.start) && BigInt(parsed.value) <= BigInt(r.end);
        })
          ? '1'
          : '0',
      )
      .join('');
    if (!reps.has(signature)) reps.set(signature, ip);
  }
  const named = new Set<string>();
  for (const loc of countryLocations) for (const c of loc.countriesAndRegions) named.add(c.toUpperCase());
  const unnamed = [...ISO_COUNTRY_CODES].find((c) => !named.has(c))!;
  const countries = [...named].sort().concat(unnamed, 'unknown');
  const gps = countryLocations.some((l) => l.countryLookupMethod === 'authenticatorAppGps');
  const out: Partial[] = [];
  for (const ip of reps.values()) {
    for (const country of countries) {
      if (gps) for (const gpsCountry of countries) out.push({ ip, country, gpsCountry });
      else out.push({ ip, country });
    }
  }
  return out;
}

const DEVICE_CLASS_LIMIT = 4096;

export function deviceClasses(env: CompiledEnvironment, problems: string[]): Partial[] {
  // Witness values for every property a filter compares, beyond the two the states define.
  const witnesses = new Map<string, Set<string>>();
  for (const p of env.model.policies) {
    const f = p.conditions.devices?.deviceFilter;
    if (!f) continue;
    let node;
    try {
      node = parseDeviceFilter(f.rule);
    } catch (e) {
      if (e instanceof DeviceFilterError) continue;
      throw e;
    }
    for (const cmp of comparisonsOf(node)) {
      if (cmp.property === 'isCompliant' || cmp.property === 'trustType') continue;
      const set = witnesses.get(cmp.property) ?? new Set<string>(['zz-other']);
      for (const v of cmp.values) {
        set.add(v);
        set.add(`${v}zz`);
        set.add(`zz${v}`);
      }
      witnesses.set(cmp.property, set);
    }
  }
  let assignments: Record<string, string>[] = [{}];
  for (const [property, values] of witnesses) {
    const next: Record<string, string>[] = [];
    for (const a of assignments) for (const v of values) next.push({ ...a, [property]: v });
    assignments = next;
    if (assignments.length > DEVICE_CLASS_LIMIT) {
      problems.push(`device filters compare too many properties to enumerate every combination; the first ${DEVICE_CLASS_LIMIT} device classes were searched`);
      assignments = assignments.slice(0, DEVICE_CLASS_LIMIT);
      break;
    }
  }
  const out: Partial[] = [{ device: { state: 'unregistered' } }];
  for (const trustType of ['AzureAD', 'ServerAD', 'Workplace']) {
    for (const isCompliant of ['True', 'False']) {
      const state: DeviceInput['state'] = isCompliant === 'True' ? 'compliant' : trustType === 'ServerAD' ? 'hybrid' : 'registered';
      for (const a of assignments) out.push({ device: { state, properties: { trustType, isCompliant, ...a } } });
    }
  }
  return out;
}

function levels(env: CompiledEnvironment, accounts: readonly string[], problems: string[]): Level[] {
  const risks = (levelsOf: (p: CompiledPolicy) => readonly RiskLevelName[], field: 'signInRisk' | 'userRisk'): Partial[] => {
    const all = new Set<RiskLevelName>(RISK_LEVELS);
    for (const cp of env.policies) for (const l of levelsOf(cp)) all.add(l);
    return [...all].map((l) => ({ [field]: l }));
  };
  return [
    { dimension: 'users', values: userClasses(env, accounts) },
    { dimension: 'application', values: resourceClasses(env) },
    { dimension: 'clientApps', values: CLIENT_APPS.map((clientApp) => ({ clientApp })) },
    { dimension: 'devicePlatform', values: SIGN_IN_PLATFORMS.map((platform) => ({ platform })) },
    { dimension: 'location', values: locationClasses(env) },
    { dimension: 'devices', values: deviceClasses(env, problems) },
    { dimension: 'signInRisk', values: risks((cp) => cp.policy.conditions.signInRiskLevels, 'signInRisk') },
    { dimension: 'userRisk', values: risks((cp) => cp.policy.conditions.userRiskLevels, 'userRisk') },
    { dimension: 'authenticationFlow', values: FLOWS.map((flow) => ({ flow })) },
  ];
}

interface Search {
  nodes: number;
  found?: { signIn: SignIn; policies: string[] };
  /** Collect every surviving policy instead of stopping at the first leaf. */
  collect?: Set<string>;
}

function search(env: CompiledEnvironment, lv: readonly Level[], depth: number, partial: Partial, candidates: readonly CompiledPolicy[], st: Search): void {
  if (st.found) return;
  if (depth === lv.length) {
    if (st.collect) for (const c of candidates) st.collect.add(c.policy.id);
    else st.found = { signIn: partial as SignIn, policies: candidates.map((c) => c.policy.id) };
    return;
  }
  const level = lv[depth]!;
  for (const value of level.values) {
    st.nodes++;
    const next: Partial = { ...partial, ...value };
    const prepared = prepareSignIn((next.user ? next : { ...next, user: {} }) as SignIn, env.memberships);
    const missing: string[] = [];
    const survivors = candidates.filter((cp) => {
      if (st.collect?.has(cp.policy.id)) return false;
      for (const { dimension, check } of cp.checks) {
        if (dimension === level.dimension && check(prepared, missing) === false) return false;
      }
      return true;
    });
    if (survivors.length) search(env, lv, depth + 1, next, survivors, st);
    if (st.found) return;
  }
}

/** Proves (or refutes, with a counterexample) that break-glass accounts are never blocked or challenged. */
export function proveBreakGlass(env: CompiledEnvironment): LockoutProof {
  const started = performance.now();
  const problems: string[] = [...env.problems];
  const accounts = breakGlassAccounts(env.model);
  if (!accounts.length) problems.push('no break-glass accounts: neither the environment file nor the stack\'s break_glass_exclusion group names any');
  const lv = levels(env, accounts, problems);
  const enforced = env.policies.filter((cp) => cp.policy.state === 'enabled' && !cp.invalid && challenges(cp));
  const reportOnly = env.policies.filter((cp) => cp.policy.state === 'enabledForReportingButNotEnforced' && !cp.invalid && challenges(cp));
  const st: Search = { nodes: 0 };
  if (accounts.length) search(env, lv, 0, {}, enforced, st);
  const ro: Search = { nodes: 0, collect: new Set<string>() };
  if (accounts.length) search(env, lv, 0, {}, reportOnly, ro);
  let counterexample: LockoutCounterexample | undefined;
  if (st.found) counterexample = { signIn: st.found.signIn, policies: st.found.policies, result: evaluate(env, st.found.signIn) };
  const methods = methodsInStack(env.model);
  const bgGroup = `${TF.group}.${BREAK_GLASS_GROUP}`;
  const methodGaps = methods ? accounts.filter((a) => strongestFor(methods, new Set([a, bgGroup])) < 1) : [];
  const millis = performance.now() - started;
  return {
    environment: env.model.name,
    proved: accounts.length > 0 && !counterexample && methodGaps.length === 0,
    accounts,
    classes: lv.map((l) => ({ dimension: l.dimension, count: l.values.length })),
    space: lv.reduce((n, l) => n * l.values.length, 1),
    nodesVisited: st.nodes + ro.nodes,
    enforcedPolicies: enforced.map((cp) => cp.policy.id),
    ...(counterexample ? { counterexample } : {}),
    reportOnlyThreats: [...(ro.collect ?? [])].sort(),
    methodGaps,
    problems,
    millis,
  };
}
