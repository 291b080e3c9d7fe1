/**
 * Replay: real sign-ins through the offline What If, one at a time, into counts that stay
 * small whatever the log size (per policy: sign-ins, distinct users, the top users and apps).
 *
 * For every policy of the working tree (baseline, custom, adopted and unmanaged), as if it were
 * enforced (a report-only policy is what enabling it would do):
 * - `applied`: the sign-ins it applies to;
 * - `newlyBlocked`: the sign-ins it blocks that the reference does not block already;
 * - `newlyChallenged`: the sign-ins it asks for a control (MFA, a strength, a device, a
 *   password change) the reference does not ask for already, and does not block.
 * The reference is the enforced policies of `--base` when given; else the working tree's other
 * enforced policies (what this policy adds to them).
 *
 * Calibration: where a record carries Entra's verdict for a policy perimeter knows (matched by
 * object id through the adoption map and the unmanaged snapshot, else by display name), What
 * If's verdict for the same sign-in is compared with it: does the policy apply, and does a
 * policy that blocks show as failed. Every disagreement is listed with both verdicts and the
 * input that explains it.
 */
import { BUILT_IN_STRENGTHS } from '../../core/microsoft/well-known';
import type { EnvironmentModel, PolicyModel } from '../model/types';
import type { CompiledEnvironment } from '../whatif/compile';
import { evaluate } from '../whatif/evaluate';
import type { PolicyResult, WhatIfResult } from '../whatif/result';
import type { SignIn } from '../whatif/signin';
import type { EntraVerdict, MappedRecord } from './map';

export const CONTROLS = ['block', 'mfa', 'phishingResistant', 'device', 'passwordChange', 'other'] as const;
export type ControlKind = (typeof CONTROLS)[number];
const BIT: Readonly<Record<ControlKind, number>> = { block: 1, mfa: 2, phishingResistant: 4, device: 8, passwordChange: 16, other: 32 };

/** How many to keep of each "top" list, and of disagreements and skipped records. */
export interface ReplayLimits {
  readonly top: number;
  readonly disagreements: number;
  readonly skipped: number;
}
const DEFAULT_LIMITS: ReplayLimits = { top: 5, disagreements: 1000, skipped: 100 };

export interface Impact {
  readonly signIns: number;
  readonly users: number;
}

export interface Counted {
  readonly id: string;
  readonly name?: string;
  readonly signIns: number;
}

export interface PolicyReplay {
  readonly id: string;
  readonly displayName: string;
  /** `enabled`, `enabledForReportingButNotEnforced`, `disabled` (Graph's words, as What If). */
  readonly state: string;
  /** baseline, custom, adopted or unmanaged. */
  readonly kind: 'baseline' | 'custom' | 'adopted' | 'unmanaged';
  /** The tenant object id when perimeter knows it (adopted and unmanaged policies). */
  readonly objectId?: string;
  readonly applied: number;
  readonly newlyBlocked: Impact;
  readonly newlyChallenged: Impact;
  /** Newly blocked or challenged sign-ins by control. */
  readonly byControl: Readonly<Record<ControlKind, number>>;
  readonly topUsers: readonly Counted[];
  readonly topApps: readonly Counted[];
  /** Sign-ins for which the policy could not be decided, and the inputs that would decide them. */
  readonly undecided: number;
  readonly undecidedBy: Readonly<Record<string, number>>;
  readonly agreement: { readonly compared: number; readonly agreed: number } | null;
}

export interface Disagreement {
  readonly record: number;
  readonly file: string;
  readonly line: number;
  readonly policy: string;
  readonly displayName: string;
  /** `applies`, `blocks` or `notApplied`. */
  readonly ours: string;
  /** Entra's result as the record writes it. */
  readonly entra: string;
  /** The input that explains the difference, in words. */
  readonly why: string;
}

export interface SkippedRecord {
  readonly record: number;
  readonly file: string;
  readonly line: number;
  readonly problem: string;
}

/** The JSON contract of `npm run replay -- --json` (docs/replay.md): other tools read it. */
export interface ReplayResult {
  readonly environment: string;
  readonly base: string | null;
  readonly records: number;
  readonly skipped: number;
  readonly undecided: number;
  readonly interactive: number;
  readonly nonInteractive: number;
  readonly policies: readonly PolicyReplay[];
  readonly disagreements: readonly Disagreement[];
  readonly disagreementCount: number;
  readonly agreement: { readonly compared: number; readonly agreed: number; readonly rate: number | null };
  readonly uncovered: { readonly signIns: number; readonly topApps: readonly Counted[] };
  readonly undecidedBy: Readonly<Record<string, number>>;
  readonly topUsers: readonly Counted[];
  readonly topApps: readonly Counted[];
  readonly skippedRecords: readonly SkippedRecord[];
  /** Entra verdicts for policies perimeter does not know, by display name. */
  readonly unmatchedPolicies: Readonly<Record<string, number>>;
  readonly warnings: readonly string[];
}

/** What one policy does to one sign-in, as if enforced. */
const NOT_APPLIED = 0;
const APPLIES = 1;
const BLOCKS = 2;
const UNDECIDED = 3;
const DISABLED = 4;

interface Outcome {
  /** One code per policy (NOT_APPLIED ... DISABLED). */
  readonly codes: Uint8Array;
  /** Per policy: the controls it asks for that are not met yet (BIT flags). */
  readonly asks: Uint8Array;
  /** Per policy that is undecided, the inputs; per policy not applied, the failing condition. */
  readonly detail: readonly (readonly string[] | string | undefined)[];
  /** Per policy: its controls are newly blocked / challenged relative to the reference (BIT flags; 0 = nothing new). */
  readonly newly: Uint8Array;
  readonly covered: boolean;
  readonly undecidedInputs: readonly string[];
}

class PolicyStats {
  applied = 0;
  blocked = 0;
  challenged = 0;
  readonly blockedUsers = new Set<string>();
  readonly challengedUsers = new Set<string>();
  readonly byControl: Record<ControlKind, number> = { block: 0, mfa: 0, phishingResistant: 0, device: 0, passwordChange: 0, other: 0 };
  readonly users = new Map<string, number>();
  readonly apps = new Map<string, number>();
  undecided = 0;
  readonly undecidedBy = new Map<string, number>();
  compared = 0;
  agreed = 0;
}

const bump = (m: Map<string, number>, k: string, by = 1) => m.set(k, (m.get(k) ?? 0) + by);

function top(m: ReadonlyMap<string, number>, n: number, names?: ReadonlyMap<string, string>): Counted[] {
  return [...m]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
    .slice(0, n)
    .map(([id, signIns]) => {
      const name = names?.get(id);
      return name ? { id, name, signIns } : { id, signIns };
    });
}

const PHISHING_RESISTANT = BUILT_IN_STRENGTHS['phishing-resistant'].id;

/** The controls a policy's requirement asks for that the sign-in has not met, as BIT flags. */
function asksOf(r: PolicyResult): number {
  const req = r.requirement;
  if (!req || req.status === 'satisfied') return 0;
  let bits = 0;
  for (const c of req.controls) {
    if (c.status === 'satisfied') continue;
    switch (c.control) {
      case 'mfa':
        bits |= BIT.mfa;
        break;
      case 'authenticationStrength':
        bits |= (c.detail ?? '').endsWith(PHISHING_RESISTANT) ? BIT.phishingResistant : BIT.mfa;
        break;
      case 'compliantDevice':
      case 'domainJoinedDevice':
      case 'approvedApplication':
      case 'compliantApplication':
        bits |= BIT.device;
        break;
      case 'passwordChange':
        bits |= BIT.passwordChange;
        break;
      default:
        bits |= BIT.other;
    }
  }
  return bits;
}

/** A stronger ask covers a weaker one: phishing-resistant MFA covers MFA. */
const covers = (have: number, ask: number) => {
  const widened = have & BIT.phishingResistant ? have | BIT.mfa : have;
  return ask & ~widened;
};

function codeOf(r: PolicyResult): number {
  if (r.state === 'disabled') return DISABLED;
  if (r.applies === 'unknown') return UNDECIDED;
  if (r.applies === false) return NOT_APPLIED;
  return r.block || r.requirement?.status === 'unsatisfiable' ? BLOCKS : APPLIES;
}

/** The reference a policy is measured against: which enforced policies block, and what they ask for. */
interface Reference {
  readonly blockers: number;
  /** Per control bit: how many enforced policies ask for it. */
  readonly asks: readonly number[];
}

function referenceOf(result: WhatIfResult): Reference {
  let blockers = 0;
  const asks = [0, 0, 0, 0, 0, 0];
  for (const r of result.policies) {
    if (r.state !== 'enabled' || r.applies !== true) continue;
    if (r.block || r.requirement?.status === 'unsatisfiable') blockers++;
    else {
      const bits = asksOf(r);
      for (let b = 0; b < 6; b++) if (bits & (1 << b)) asks[b]!++;
    }
  }
  return { blockers, asks };
}

const bitsOf = (asks: readonly number[], minus = 0) => {
  let bits = 0;
  for (let b = 0; b < 6; b++) if (asks[b]! - (minus & (1 << b) ? 1 : 0) > 0) bits |= 1 << b;
  return bits;
};

function policyKind(p: PolicyModel, model: EnvironmentModel): PolicyReplay['kind'] {
  if (p.unmanaged) return 'unmanaged';
  if (model.imports.has(p.address)) return 'adopted';
  return /^CA\d{3}$/.test(p.id) ? 'baseline' : 'custom';
}

/** The tenant object id of an adopted policy, from its import block (`/identity/conditionalAccess/policies/<id>`). */
function objectIdOf(p: PolicyModel, model: EnvironmentModel): string | undefined {
  if (p.unmanaged) return p.id.toLowerCase();
  const imported = model.imports.get(p.address);
  return imported ? imported.split('/').at(-1)!.toLowerCase() : undefined;
}

const stripUnmanaged = (name: string) => name.replace(/ \(unmanaged\)$/, '');

const UNMATCHED = -1;
const NOT_COMPARED = -2;

const ENTRA_APPLIED = new Set(['success', 'failure', 'reportOnlySuccess', 'reportOnlyFailure', 'reportOnlyInterrupted']);
const ENTRA_NOT_APPLIED = new Set(['notApplied', 'reportOnlyNotApplied']);

/** The sign-in inputs behind a condition, for the explanation of a disagreement. */
function inputFor(reason: string, s: SignIn): string {
  const u = s.user;
  switch (reason) {
    case 'users':
      return `user ${u.id ?? '?'}${u.guestType && u.guestType !== 'none' ? ` (${u.guestType})` : ''}${u.groups ? `, ${u.groups.length} groups, ${u.roles?.length ?? 0} roles from the directory` : ', no directory entry'}`;
    case 'application':
      return `app ${s.resource.kind === 'app' ? (s.resource.appId ?? 'All') : s.resource.kind === 'userAction' ? s.resource.action : `authentication context ${s.resource.id}`}`;
    case 'devicePlatform':
      return `platform ${s.platform ?? 'not in the record'}`;
    case 'location':
      return `ip ${s.ip ?? 'not in the record'}, country ${s.country ?? 'not in the record'}`;
    case 'clientApps':
      return `client ${s.clientApp ?? 'not in the record'}`;
    case 'signInRisk':
      return `sign-in risk ${s.signInRisk ?? 'not in the record'}`;
    case 'userRisk':
      return `user risk ${s.userRisk ?? 'not in the record'}`;
    case 'devices':
      return `device ${s.device ? `${s.device.state}${s.device.properties ? ` ${JSON.stringify(s.device.properties)}` : ''}` : 'not in the record'}`;
    case 'authenticationFlow':
      return `flow ${s.flow ?? 'not in the record'}`;
    default:
      return reason;
  }
}

function signature(s: SignIn): string {
  const u = s.user;
  const d = s.device;
  const r = s.resource;
  return `${u.id}|${u.guestType}|${u.externalTenantId}|${r.kind === 'app' ? r.appId : r.kind === 'userAction' ? r.action : `ctx:${r.id}`}|${s.clientApp}|${s.platform}|${s.ip}|${s.country}|${d ? `${d.state}:${d.properties?.trustType}:${d.properties?.isCompliant}` : '-'}|${s.signInRisk}|${s.userRisk}|${s.flow}`;
}

/**
 * Accumulates a replay. Feed it records one at a time (`add`, `skip`); `result()` any time.
 * Identical sign-ins (same user, app, client, platform, address, device, risk and flow) are
 * evaluated once: logs repeat the same sign-in all day, and a bounded memo keeps that cheap.
 */
export class Replay {
  private readonly head: CompiledEnvironment;
  private readonly base: CompiledEnvironment | undefined;
  private readonly policies: readonly PolicyModel[];
  private readonly stats: PolicyStats[];
  private readonly byObjectId = new Map<string, number>();
  private readonly byName = new Map<string, number>();
  private readonly enforced: Uint8Array;
  private readonly memo = new Map<string, Outcome>();
  private readonly limits: ReplayLimits;
  private records = 0;
  private skippedCount = 0;
  private undecidedCount = 0;
  private interactive = 0;
  private nonInteractive = 0;
  private uncovered = 0;
  private readonly uncoveredApps = new Map<string, number>();
  private readonly undecidedBy = new Map<string, number>();
  private readonly users = new Map<string, number>();
  private readonly apps = new Map<string, number>();
  private readonly appNames = new Map<string, string>();
  private readonly userNames = new Map<string, string>();
  private readonly unmatched = new Map<string, number>();
  private readonly disagreements: Disagreement[] = [];
  private disagreementCount = 0;
  private readonly skippedRecords: SkippedRecord[] = [];
  private readonly warnings = new Set<string>();
  /** Verdict lists shared between records (map.ts), resolved to policy indexes once. */
  private readonly resolvedLists = new WeakMap<readonly EntraVerdict[], readonly number[]>();

  constructor(
    head: CompiledEnvironment,
    base: CompiledEnvironment | undefined,
    private readonly baseLabel: string | null = null,
    limits: Partial<ReplayLimits> = {},
  ) {
    this.head = head;
    this.base = base;
    this.limits = { ...DEFAULT_LIMITS, ...limits };
    this.policies = head.policies.map((cp) => cp.policy);
    this.stats = this.policies.map(() => new PolicyStats());
    this.enforced = Uint8Array.from(this.policies, (p) => (p.state === 'enabled' ? 1 : 0));
    this.policies.forEach((p, i) => {
      const objectId = objectIdOf(p, head.model);
      if (objectId && !this.byObjectId.has(objectId)) this.byObjectId.set(objectId, i);
      const name = stripUnmanaged(p.displayName);
      if (!this.byName.has(name)) this.byName.set(name, i);
    });
  }

  /** A record that could not be read or mapped: counted, the first ones kept with their reason. */
  skip(record: number, file: string, line: number, problem: string): void {
    this.skippedCount++;
    if (this.skippedRecords.length < this.limits.skipped) this.skippedRecords.push({ record, file, line, problem });
  }

  warn(message: string): void {
    if (this.warnings.size < 50) this.warnings.add(message);
  }

  add(record: number, file: string, line: number, m: MappedRecord): void {
    this.records++;
    if (m.interactive === true) this.interactive++;
    else if (m.interactive === false) this.nonInteractive++;
    if (m.unrecognised) this.warn(`${m.unrecognised} is not a client Entra is known to write; it is counted as a legacy client (other), as Entra's own workbooks count it`);
    const s = m.signIn;
    const key = signature(s);
    let o = this.memo.get(key);
    if (!o) {
      o = this.outcome(s);
      // Bounded: a month of a large tenant has millions of distinct sign-ins; the memo only needs the recent ones.
      if (this.memo.size >= 50_000) this.memo.clear();
      this.memo.set(key, o);
    }
    const user = s.user.id!;
    if (m.appName && !this.appNames.has(m.app) && this.appNames.size < 10_000) this.appNames.set(m.app, m.appName);
    if (m.userName && !this.userNames.has(user) && this.userNames.size < 100_000) this.userNames.set(user, m.userName);
    if (o.undecidedInputs.length) {
      this.undecidedCount++;
      for (const input of o.undecidedInputs) bump(this.undecidedBy, input);
    }
    if (!o.covered) {
      this.uncovered++;
      bump(this.uncoveredApps, m.app);
    }
    let affected = false;
    const codes = o.codes;
    for (let i = 0; i < codes.length; i++) {
      const code = codes[i]!;
      if (code === NOT_APPLIED || code === DISABLED) continue;
      const st = this.stats[i]!;
      if (code === UNDECIDED) {
        st.undecided++;
        for (const input of o.detail[i] as readonly string[]) bump(st.undecidedBy, input);
        continue;
      }
      st.applied++;
      const newly = o.newly[i]!;
      if (!newly) continue;
      affected = true;
      if (newly & BIT.block) {
        st.blocked++;
        st.blockedUsers.add(user);
        st.byControl.block++;
      } else {
        st.challenged++;
        st.challengedUsers.add(user);
        for (const c of CONTROLS) if (newly & BIT[c]) st.byControl[c]++;
      }
      bump(st.users, user);
      bump(st.apps, m.app);
    }
    if (affected) {
      bump(this.users, user);
      bump(this.apps, m.app);
    }
    const verdicts = m.verdicts;
    if (!verdicts.length) return;
    let resolved = this.resolvedLists.get(verdicts);
    if (!resolved) {
      resolved = verdicts.map((v) => this.resolve(v));
      this.resolvedLists.set(verdicts, resolved);
    }
    for (let k = 0; k < verdicts.length; k++) {
      const index = resolved[k]!;
      const v = verdicts[k]!;
      if (index === UNMATCHED) {
        if (this.unmatched.size < 1000 || this.unmatched.has(v.displayName || v.id)) bump(this.unmatched, v.displayName || v.id);
      } else if (index >= 0) this.calibrate(record, file, line, s, o, v, index);
    }
  }

  /** The policy a verdict is about (UNMATCHED, or NOT_COMPARED for a verdict that says nothing about the conditions). */
  private resolve(v: EntraVerdict): number {
    const index = (v.id ? this.byObjectId.get(v.id) : undefined) ?? this.byName.get(v.displayName);
    if (index === undefined) return UNMATCHED;
    // notEnabled, unknown: no verdict on the conditions.
    return ENTRA_APPLIED.has(v.result) || ENTRA_NOT_APPLIED.has(v.result) ? index : NOT_COMPARED;
  }

  private calibrate(record: number, file: string, line: number, s: SignIn, o: Outcome, v: EntraVerdict, index: number): void {
    const entraApplied = ENTRA_APPLIED.has(v.result);
    const code = o.codes[index]!;
    if (code === UNDECIDED || code === DISABLED) return;
    const st = this.stats[index]!;
    st.compared++;
    const ours = code === NOT_APPLIED ? 'notApplied' : code === BLOCKS ? 'blocks' : 'applies';
    const blockSucceeded = code === BLOCKS && this.policies[index]!.grantControls?.builtInControls.includes('block') && (v.result === 'success' || v.result === 'reportOnlySuccess');
    const agree = (code === NOT_APPLIED) === !entraApplied && !blockSucceeded;
    if (agree) {
      st.agreed++;
      return;
    }
    this.disagreementCount++;
    if (this.disagreements.length >= this.limits.disagreements) return;
    const p = this.policies[index]!;
    let why: string;
    if (code === NOT_APPLIED) {
      const reason = o.detail[index] as string;
      why = `What If: not applied because of ${reason} (${inputFor(reason, s)}); Entra applied it`;
    } else if (blockSucceeded) {
      why = 'What If: the policy applies and its block control cannot be satisfied; Entra recorded success';
    } else {
      why = `What If: every condition matched (${[inputFor('users', s), inputFor('application', s), inputFor('clientApps', s), inputFor('devicePlatform', s), inputFor('location', s)].join('; ')}); Entra did not apply it${v.conditionsNotSatisfied ? ` (not satisfied: ${v.conditionsNotSatisfied})` : ''}`;
    }
    this.disagreements.push({ record, file, line, policy: p.id, displayName: p.displayName, ours, entra: v.result, why });
  }

  private outcome(s: SignIn): Outcome {
    const result = evaluate(this.head, s);
    const n = result.policies.length;
    const codes = new Uint8Array(n);
    const asks = new Uint8Array(n);
    const detail: (readonly string[] | string | undefined)[] = new Array(n);
    const undecided = new Set<string>();
    let covered = false;
    for (let i = 0; i < n; i++) {
      const r = result.policies[i]!;
      const code = codeOf(r);
      codes[i] = code;
      if (code === UNDECIDED) {
        detail[i] = r.undecidedBy ?? [];
        for (const m of r.undecidedBy ?? []) undecided.add(m);
      } else if (code === NOT_APPLIED) detail[i] = r.reasons[0];
      else if (code === APPLIES) asks[i] = asksOf(r);
      if (this.enforced[i] && (code === APPLIES || code === BLOCKS)) covered = true;
    }
    const newly = new Uint8Array(n);
    const headRef = this.base ? undefined : referenceOf(result);
    const baseRef = this.base ? referenceOf(evaluate(this.base, s)) : undefined;
    for (let i = 0; i < n; i++) {
      const code = codes[i]!;
      if (code !== APPLIES && code !== BLOCKS) continue;
      const self = this.enforced[i] === 1;
      let refBlocked: boolean;
      let refAsks: number;
      if (baseRef) {
        refBlocked = baseRef.blockers > 0;
        refAsks = bitsOf(baseRef.asks);
      } else {
        refBlocked = headRef!.blockers - (self && code === BLOCKS ? 1 : 0) > 0;
        refAsks = bitsOf(headRef!.asks, self && code === APPLIES ? asks[i]! : 0);
      }
      if (refBlocked) continue;
      if (code === BLOCKS) newly[i] = BIT.block;
      else newly[i] = covers(refAsks, asks[i]!);
    }
    return { codes, asks, detail, newly, covered: covered || undecidedEnforced(codes, this.enforced), undecidedInputs: [...undecided] };
  }

  result(): ReplayResult {
    const model = this.head.model;
    let compared = 0;
    let agreed = 0;
    const policies = this.policies.map((p, i): PolicyReplay => {
      const st = this.stats[i]!;
      compared += st.compared;
      agreed += st.agreed;
      const objectId = objectIdOf(p, model);
      return {
        id: p.id,
        displayName: p.displayName,
        state: p.state,
        kind: policyKind(p, model),
        ...(objectId ? { objectId } : {}),
        applied: st.applied,
        newlyBlocked: { signIns: st.blocked, users: st.blockedUsers.size },
        newlyChallenged: { signIns: st.challenged, users: st.challengedUsers.size },
        byControl: { ...st.byControl },
        topUsers: top(st.users, this.limits.top, this.userNames),
        topApps: top(st.apps, this.limits.top, this.appNames),
        undecided: st.undecided,
        undecidedBy: Object.fromEntries([...st.undecidedBy].sort((a, b) => b[1] - a[1])),
        agreement: st.compared ? { compared: st.compared, agreed: st.agreed } : null,
      };
    });
    return {
      environment: model.name,
      base: this.baseLabel,
      records: this.records,
      skipped: this.skippedCount,
      undecided: this.undecidedCount,
      interactive: this.interactive,
      nonInteractive: this.nonInteractive,
      policies,
      disagreements: this.disagreements,
      disagreementCount: this.disagreementCount,
      agreement: { compared, agreed, rate: compared ? agreed / compared : null },
      uncovered: { signIns: this.uncovered, topApps: top(this.uncoveredApps, this.limits.top, this.appNames) },
      undecidedBy: Object.fromEntries([...this.undecidedBy].sort((a, b) => b[1] - a[1])),
      topUsers: top(this.users, this.limits.top, this.userNames),
      topApps: top(this.apps, this.limits.top, this.appNames),
      skippedRecords: this.skippedRecords,
      unmatchedPolicies: Object.fromEntries([...this.unmatched].sort((a, b) => b[1] - a[1])),
      warnings: [...this.warnings],
    };
  }
}

/** An enforced policy that might apply covers the sign-in as far as anyone can tell; it is not counted as uncovered. */
function undecidedEnforced(codes: Uint8Array, enforced: Uint8Array): boolean {
  for (let i = 0; i < codes.length; i++) if (enforced[i] && codes[i] === UNDECIDED) return true;
  return false;
}
