/**
 * Evidence before enforcement, in `npm run diff`:
 * - PRM-EVD001: a policy goes from report-only to enabled only after it has been report-only
 *   for `promotion.minReportOnlyDays` days; the day count starts from the commit that made it
 *   report-only (the CLI finds it in the git history of the environment file).
 * - PRM-EVD002: with replay evidence, a promotion or a widening of an enforced policy fails
 *   when its replayed impact is over `promotion.maxNewlyBlocked`, unless `accept:` names it.
 * Every widening of an enforced policy is labelled, with or without evidence: it goes straight
 * to enforcement. Pure: the history and the evidence are handed in.
 */
import { builtInStrength } from '../../core/microsoft/well-known';
import type { EnvironmentModel, PolicyModel, Ref } from '../model/types';
import { stageOfPolicy } from '../report/describe';
import type { Suppression } from './report-only-first';

export const MIN_REPORT_ONLY_RULE = 'PRM-EVD001';
export const REPLAYED_IMPACT_RULE = 'PRM-EVD002';

export interface PromotionSettings {
  readonly minReportOnlyDays: number;
  readonly maxNewlyBlocked: { readonly signIns: number; readonly users: number };
  readonly policies: Readonly<Record<string, { readonly maxNewlyBlocked: { readonly signIns: number; readonly users: number } }>>;
  readonly accept: readonly { readonly policy: string; readonly reason: string }[];
}

/** A change that makes a policy enforce more: it is enabled now, and was not, or enforces more widely. */
export interface EnforcementChange {
  readonly env: string;
  readonly policyId: string;
  readonly displayName: string;
  /** `promotion`: report-only (or off, or absent) -> enabled; `widening`: enabled -> enabled, enforcing more. */
  readonly kind: 'promotion' | 'widening';
  /** The stage before, for a promotion. */
  readonly from: string;
  /** For a widening, what widens it, in words. */
  readonly widenedBy: readonly string[];
}

const ids = (refs: readonly Ref[]) => new Set(refs.map((r) => r.id));
const labelsOf = (refs: readonly Ref[], keep: (id: string) => boolean) => refs.filter((r) => keep(r.id)).map((r) => r.label);

/** What makes `after` enforce more than `before`, in words; empty when it does not. */
export function wideningOf(before: PolicyModel, after: PolicyModel): string[] {
  const out: string[] = [];
  const added = (what: string, b: readonly Ref[], a: readonly Ref[]) => {
    const had = ids(b);
    const more = labelsOf(a, (id) => !had.has(id));
    if (more.length) out.push(`${what} added: ${more.join(', ')}`);
  };
  const removed = (what: string, b: readonly Ref[], a: readonly Ref[]) => {
    const has = ids(a);
    const gone = labelsOf(b, (id) => !has.has(id));
    if (gone.length) out.push(`${what} removed: ${gone.join(', ')}`);
  };
  const bu = before.conditions.users;
  const au = after.conditions.users;
  added('users', bu.includeUsers, au.includeUsers);
  added('groups', bu.includeGroups, au.includeGroups);
  added('roles', bu.includeRoles, au.includeRoles);
  removed('excluded users', bu.excludeUsers, au.excludeUsers);
  removed('excluded groups', bu.excludeGroups, au.excludeGroups);
  removed('excluded roles', bu.excludeRoles, au.excludeRoles);
  const bg = new Set(bu.includeGuestsOrExternalUsers?.guestOrExternalUserTypes ?? []);
  const moreGuests = (au.includeGuestsOrExternalUsers?.guestOrExternalUserTypes ?? []).filter((g) => !bg.has(g));
  if (moreGuests.length) out.push(`guest types added: ${moreGuests.join(', ')}`);
  const eg = new Set(au.excludeGuestsOrExternalUsers?.guestOrExternalUserTypes ?? []);
  const lessGuests = (bu.excludeGuestsOrExternalUsers?.guestOrExternalUserTypes ?? []).filter((g) => !eg.has(g));
  if (lessGuests.length) out.push(`excluded guest types removed: ${lessGuests.join(', ')}`);
  const ba = before.conditions.applications;
  const aa = after.conditions.applications;
  added('apps', ba.includeApplications, aa.includeApplications);
  removed('excluded apps', ba.excludeApplications, aa.excludeApplications);
  const bl = before.conditions.locations;
  const al = after.conditions.locations;
  if (bl && !al) out.push('location condition removed: now every location');
  else if (bl && al) {
    added('locations', bl.includeLocations, al.includeLocations);
    removed('excluded locations', bl.excludeLocations, al.excludeLocations);
  }
  const bp = before.conditions.platforms;
  const ap = after.conditions.platforms;
  if (bp && !ap) out.push('platform condition removed: now every platform');
  else if (bp && ap) {
    const had = new Set(bp.includePlatforms);
    const more = ap.includePlatforms.filter((p) => !had.has(p));
    if (more.length) out.push(`platforms added: ${more.join(', ')}`);
    const has = new Set(ap.excludePlatforms);
    const gone = bp.excludePlatforms.filter((p) => !has.has(p));
    if (gone.length) out.push(`excluded platforms removed: ${gone.join(', ')}`);
  }
  const bc = new Set(before.conditions.clientAppTypes);
  if (!bc.has('all')) {
    const more = after.conditions.clientAppTypes.filter((c) => !bc.has(c));
    if (more.length) out.push(`client apps added: ${more.join(', ')}`);
  }
  for (const [what, b, a] of [
    ['sign-in risk levels', before.conditions.signInRiskLevels, after.conditions.signInRiskLevels],
    ['user risk levels', before.conditions.userRiskLevels, after.conditions.userRiskLevels],
  ] as const) {
    if (b.length && !a.length) out.push(`${what} removed: now any level`);
    else if (b.length) {
      const had = new Set<string>(b);
      const more = a.filter((l) => !had.has(l));
      if (more.length) out.push(`${what} added: ${more.join(', ')}`);
    }
  }
  if (before.conditions.devices && !after.conditions.devices) out.push('device filter removed: now every device');
  else if (before.conditions.devices && after.conditions.devices && before.conditions.devices.deviceFilter.rule !== after.conditions.devices.deviceFilter.rule) {
    out.push('device filter changed (review which devices it now reaches)');
  }
  const bgc = before.grantControls;
  const agc = after.grantControls;
  if (agc) {
    const had = new Set(bgc?.builtInControls ?? []);
    const more = agc.builtInControls.filter((c) => !had.has(c));
    if (more.includes('block')) out.push('control tightened: block added');
    else if (more.length && (agc.operator === 'AND' || !bgc)) out.push(`control tightened: ${more.join(', ')} required`);
    if (bgc && bgc.operator === 'OR' && agc.operator === 'AND' && bgc.builtInControls.length > 1) out.push('control tightened: OR -> AND (every control now required)');
    const rank = (r: Ref | undefined) => (r ? (builtInStrength(r.id)?.rank ?? 0) : 0);
    if (rank(agc.authenticationStrength) > rank(bgc?.authenticationStrength) && (bgc?.authenticationStrength || !bgc?.builtInControls.includes('mfa') || rank(agc.authenticationStrength) > 1)) {
      out.push(`control tightened: authentication strength ${agc.authenticationStrength!.label}`);
    }
  }
  return out;
}

/** Every policy a change enables, or enforces more widely, in one environment. */
export function enforcementChanges(env: string, base: EnvironmentModel | undefined, head: EnvironmentModel | undefined): EnforcementChange[] {
  const out: EnforcementChange[] = [];
  for (const p of head?.policies ?? []) {
    if (p.state !== 'enabled') continue;
    // Newly adopted in place: the tenant's policy as it is; the deploy changes no sign-in.
    if (head?.imports.has(p.address) && !base?.imports.has(p.address)) continue;
    const before = base?.policy(p.id);
    const from = before ? stageOfPolicy(before) : 'absent';
    if (from !== 'enabled') out.push({ env, policyId: p.id, displayName: p.displayName, kind: 'promotion', from, widenedBy: [] });
    else {
      const widenedBy = wideningOf(before!, p);
      if (widenedBy.length) out.push({ env, policyId: p.id, displayName: p.displayName, kind: 'widening', from, widenedBy });
    }
  }
  return out;
}

/** When a policy became report-only: the commit, and its date. */
export interface ReportOnlySince {
  readonly commit: string;
  readonly date: Date;
}

export interface MinReportOnlyFinding {
  readonly change: EnforcementChange;
  /** Undefined when the history does not show when it became report-only. */
  readonly since?: ReportOnlySince;
  readonly days: number;
  readonly required: number;
  readonly reason?: string;
}

export interface MinReportOnlyResult {
  readonly violations: readonly MinReportOnlyFinding[];
  readonly suppressed: readonly MinReportOnlyFinding[];
  readonly passed: readonly MinReportOnlyFinding[];
}

/** PRM-EVD001 over the promotions from report-only. */
export function checkMinReportOnlyDays(
  changes: readonly EnforcementChange[],
  sinceOf: (policyId: string) => ReportOnlySince | undefined,
  now: Date,
  settings: PromotionSettings,
  suppressions: readonly Suppression[],
): MinReportOnlyResult {
  const violations: MinReportOnlyFinding[] = [];
  const suppressed: MinReportOnlyFinding[] = [];
  const passed: MinReportOnlyFinding[] = [];
  for (const change of changes) {
    if (change.kind !== 'promotion' || change.from !== 'report-only') continue;
    const since = sinceOf(change.policyId);
    const days = since ? (now.getTime() - since.date.getTime()) / 86_400_000 : 0;
    const finding: MinReportOnlyFinding = { change, ...(since ? { since } : {}), days, required: settings.minReportOnlyDays };
    if (since && days >= settings.minReportOnlyDays) {
      passed.push(finding);
      continue;
    }
    const s = suppressions.find((x) => x.rule === MIN_REPORT_ONLY_RULE && x.target === change.policyId);
    if (s) suppressed.push({ ...finding, reason: s.reason });
    else violations.push(finding);
  }
  return { violations, suppressed, passed };
}

export function minReportOnlyMessage(f: MinReportOnlyFinding, file: string): string {
  const c = f.change;
  const when = f.since
    ? `report-only since ${f.since.date.toISOString().slice(0, 10)} (commit ${f.since.commit.slice(0, 12)}), ${f.days.toFixed(1)} days`
    : 'the git history of the file does not show when it became report-only';
  return (
    `${MIN_REPORT_ONLY_RULE}: ${c.displayName}: report-only -> enabled (${c.env}) after too short a time: ${when}; promotion.minReportOnlyDays is ${f.required}. ` +
    `Enable it once it has had ${f.required} days of report-only evidence, or add to ${file}: suppressions: [{ rule: ${MIN_REPORT_ONLY_RULE}, target: ${c.policyId}, reason: <why, at least 10 characters> }]`
  );
}

/** The part of a replay's JSON (`npm run replay --json`) the evidence rule reads. */
export interface Evidence {
  readonly file: string;
  readonly environment: string;
  readonly base: string | null;
  readonly policies: ReadonlyMap<string, { readonly signIns: number; readonly users: number }>;
}

export interface ImpactFinding {
  readonly change: EnforcementChange;
  readonly impact?: { readonly signIns: number; readonly users: number };
  readonly limit: { readonly signIns: number; readonly users: number };
  readonly evidence: string;
  readonly reason?: string;
}

export interface ImpactResult {
  readonly violations: readonly ImpactFinding[];
  readonly accepted: readonly ImpactFinding[];
  readonly passed: readonly ImpactFinding[];
  /** Changes the evidence has no figure for (a policy the replay did not know). */
  readonly missing: readonly ImpactFinding[];
}

/** PRM-EVD002 over the promotions and widenings of one environment, with its evidence. */
export function checkReplayedImpact(changes: readonly EnforcementChange[], evidence: Evidence, settings: PromotionSettings, suppressions: readonly Suppression[]): ImpactResult {
  const violations: ImpactFinding[] = [];
  const accepted: ImpactFinding[] = [];
  const passed: ImpactFinding[] = [];
  const missing: ImpactFinding[] = [];
  for (const change of changes) {
    const limit = settings.policies[change.policyId]?.maxNewlyBlocked ?? settings.maxNewlyBlocked;
    const impact = evidence.policies.get(change.policyId);
    const finding: ImpactFinding = { change, ...(impact ? { impact } : {}), limit, evidence: evidence.file };
    if (!impact) {
      missing.push(finding);
      continue;
    }
    if (impact.signIns <= limit.signIns && impact.users <= limit.users) {
      passed.push(finding);
      continue;
    }
    const accept = settings.accept.find((a) => a.policy === change.policyId);
    const suppression = suppressions.find((s) => s.rule === REPLAYED_IMPACT_RULE && s.target === change.policyId);
    const reason = accept?.reason ?? suppression?.reason;
    if (reason !== undefined) accepted.push({ ...finding, reason });
    else violations.push(finding);
  }
  return { violations, accepted, passed, missing };
}

export function impactMessage(f: ImpactFinding, file: string): string {
  const c = f.change;
  const what = c.kind === 'promotion' ? `${c.from} -> enabled` : `widens an enforced policy (${c.widenedBy.join('; ')})`;
  return (
    `${REPLAYED_IMPACT_RULE}: ${c.displayName}: ${what} (${c.env}) newly blocks ${f.impact!.signIns} sign-ins of ${f.impact!.users} users in the replay ${f.evidence}; ` +
    `promotion.maxNewlyBlocked allows ${f.limit.signIns} sign-ins and ${f.limit.users} users. Read the replay's top users and apps; exclude who must not be blocked, ` +
    `or add to ${file}: promotion: { accept: [{ policy: ${c.policyId}, reason: <why, at least 10 characters> }] }`
  );
}

export function wideningMessage(c: EnforcementChange): string {
  return `widening of an enforced policy: ${c.displayName} (${c.env}) goes straight to enforcement: ${c.widenedBy.join('; ')}`;
}

/**
 * Reads a replay's JSON. Returns a problem in words when it is not one (the CLI names the file).
 */
export function parseEvidence(file: string, json: unknown): Evidence | { readonly problem: string } {
  if (json === null || typeof json !== 'object' || Array.isArray(json)) return { problem: 'is not the JSON of npm run replay -- --json (an object)' };
  const o = json as Record<string, unknown>;
  if (typeof o.environment !== 'string' || !Array.isArray(o.policies)) return { problem: 'is not the JSON of npm run replay -- --json: it has no environment and policies' };
  const policies = new Map<string, { signIns: number; users: number }>();
  for (const [i, p] of o.policies.entries()) {
    const r = p as { id?: unknown; newlyBlocked?: { signIns?: unknown; users?: unknown } } | null;
    const nb = r?.newlyBlocked;
    if (typeof r?.id !== 'string' || typeof nb?.signIns !== 'number' || typeof nb.users !== 'number') return { problem: `policies[${i}] has no id and newlyBlocked { signIns, users }` };
    policies.set(r.id, { signIns: nb.signIns, users: nb.users });
  }
  return { file, environment: o.environment, base: typeof o.base === 'string' ? o.base : null, policies };
}
