/**
 * The offline What If: which policies apply to a sign-in, and what the sign-in then needs.
 *
 * Combining (ca-evaluation-semantics.md §1.1, §1.10-1.12):
 * - every applying enabled policy must be satisfied (AND of policies); any applying enabled
 *   `block` blocks, whatever else applies;
 * - within a policy the operator joins its controls (AND = all, OR = any one);
 * - legacy clients (exchangeActiveSync, other) can satisfy no interactive control, so a policy
 *   that asks them for one blocks them in effect; device-code flow cannot carry device state;
 * - authentication strengths are nested (phishing-resistant ⊂ passwordless ⊂ MFA), so the
 *   strongest one asked for satisfies `mfa` and the weaker strengths too;
 * - session controls of every applying enabled policy are merged, the most restrictive wins;
 * - report-only policies are evaluated the same way and listed apart; they never change the decision;
 * - an unknown input that decides whether a policy applies gives `notEnoughInformation` and names the input.
 */
import type { BuiltInControlName, EnvironmentModel, PolicyModel, SessionControlsModel } from '../model';
import { CheckRegistry, compilePolicy, prepareSignIn, stackMemberships, type CompiledPolicy, type Dimension, type PreparedSignIn, type Tri } from './conditions';
import type { SignIn } from './signin';

export type AnalysisReason = Dimension | 'userActions' | 'notSet' | 'notEnoughInformation' | 'policyNotEnabled' | 'invalidCondition';

export type Applies = true | false | 'unknown';

/** How one control of a policy stands for this sign-in. */
export type ControlStatus = 'satisfied' | 'required' | 'unsatisfiable' | 'unknown';

export interface ControlRequirement {
  /** `mfa`, `compliantDevice`, ..., `authenticationStrength`, `termsOfUse`, `customControl`. */
  readonly control: string;
  /** For authentication strengths, terms of use and custom controls: which one. */
  readonly detail?: string;
  readonly status: ControlStatus;
  /** Why the control cannot be satisfied (or is already satisfied). */
  readonly why?: string;
  /** When `unknown`: the input that would decide. */
  readonly input?: 'clientApp' | 'device' | 'platform';
}

export interface Requirement {
  readonly policy: string;
  readonly operator: 'AND' | 'OR';
  readonly controls: readonly ControlRequirement[];
  readonly status: ControlStatus;
}

export interface PolicyResult {
  readonly id: string;
  readonly displayName: string;
  readonly state: PolicyModel['state'];
  readonly applies: Applies;
  /** Graph What If vocabulary: `notSet` when the policy applies, else the first failing condition. */
  readonly reasons: readonly AnalysisReason[];
  /** When `applies` is `unknown`: the inputs that would decide. */
  readonly undecidedBy?: readonly string[];
  readonly block: boolean;
  readonly requirement?: Requirement;
  readonly session?: SessionControlsModel;
}

export type ReportOnlyOutcome = 'wouldBlock' | 'wouldRequire' | 'wouldApply';

export interface ReportOnlyResult {
  readonly id: string;
  readonly displayName: string;
  readonly applies: true | 'unknown';
  readonly outcome: ReportOnlyOutcome;
  readonly undecidedBy?: readonly string[];
  readonly requirement?: Requirement;
  readonly session?: SessionControlsModel;
}

export interface MergedSessionControls {
  readonly signInFrequency?: { readonly everyTime: true; readonly from: readonly string[] } | { readonly everyTime: false; readonly hours: number; readonly text: string; readonly from: readonly string[] };
  readonly persistentBrowser?: { readonly mode: 'always' | 'never'; readonly from: readonly string[] };
  readonly applicationEnforcedRestrictions?: { readonly from: readonly string[] };
  readonly cloudAppSecurity?: { readonly types: readonly string[]; readonly from: readonly string[] };
  readonly disableResilienceDefaults?: { readonly from: readonly string[] };
  /** How conflicts were resolved, one line per control that more than one policy sets. */
  readonly notes: readonly string[];
  /** Policies whose session controls apply only if an unknown input turns out so. */
  readonly mayAlsoApply: readonly string[];
}

export type Decision = 'block' | 'grant' | 'allow' | 'notEnoughInformation';

export interface WhatIfResult {
  readonly decision: Decision;
  /** Why `block`: policy ids with the block control or with a requirement this sign-in cannot meet. */
  readonly blockedBy: readonly { readonly policy: string; readonly why: string }[];
  /** One entry per applying enabled policy with grant controls; all must be met. */
  readonly requirements: readonly Requirement[];
  /** Short, human summary of what the user has to do (strongest authentication, device). */
  readonly summary: readonly string[];
  /** When `notEnoughInformation`: the inputs that would decide, and the policies they decide. */
  readonly undecidedBy: readonly string[];
  readonly undecidedPolicies: readonly string[];
  readonly policies: readonly PolicyResult[];
  readonly reportOnly: readonly ReportOnlyResult[];
  readonly sessionControls: MergedSessionControls;
  readonly warnings: readonly string[];
}

export interface CompiledEnvironment {
  readonly model: EnvironmentModel;
  readonly policies: readonly CompiledPolicy[];
  readonly memberships: ReadonlyMap<string, readonly string[]>;
  /** Problems found while compiling (device filters that do not parse). */
  readonly problems: readonly string[];
  /**
   * Requirements depend only on the policy and a few sign-in facts (client, flow, platform,
   * device), and summaries only on the requirements; both are immutable, so they are shared.
   */
  readonly requirementCache: Map<number | string, (ContextSlot | undefined)[]>;
  /** Per policy: the result when it does not apply, by reason (it depends on nothing else). */
  readonly notApplying: readonly Map<AnalysisReason, PolicyResult>[];
  readonly summaryCache: Map<string, readonly string[]>;
  readonly memo: CheckMemo;
}

/** Results of shared condition checks for the sign-in being evaluated, valid while `gen[slot] === current`. */
interface CheckMemo {
  current: number;
  readonly gen: Int32Array;
  readonly value: Tri[];
  readonly missing: (string[] | undefined)[];
}

export function compileEnvironment(model: EnvironmentModel): CompiledEnvironment {
  const registry = new CheckRegistry();
  const policies = model.policies.map((p) => compilePolicy(p, model, registry));
  return {
    model,
    policies,
    memberships: stackMemberships(model),
    problems: [...policies.flatMap((p) => (p.invalid ? [p.invalid] : [])), ...model.policies.flatMap(grantProblems)],
    memo: { current: 0, gen: new Int32Array(registry.size), value: new Array<Tri>(registry.size), missing: new Array<string[] | undefined>(registry.size) },
    requirementCache: new Map(),
    notApplying: policies.map(() => new Map()),
    summaryCache: new Map(),
  };
}

/** Grant combinations Microsoft rejects; evaluated as written, but said out loud. */
function grantProblems(p: PolicyModel): string[] {
  const g = p.grantControls;
  if (!g) return [];
  const out: string[] = [];
  const controls = g.builtInControls;
  if (controls.includes('passwordChange') && (g.operator !== 'AND' || !controls.includes('mfa'))) {
    out.push(`${p.id}: passwordChange must be combined with mfa using the AND operator; Microsoft rejects it otherwise`);
  }
  if (controls.includes('passwordChange') && !p.conditions.userRiskLevels.length) {
    out.push(`${p.id}: passwordChange needs a user risk condition; Microsoft rejects it otherwise`);
  }
  if (controls.includes('mfa') && g.authenticationStrength) {
    out.push(`${p.id}: mfa and an authentication strength cannot be in the same policy; use the strength alone`);
  }
  return out;
}

const REASONS: Readonly<Record<AnalysisReason, readonly AnalysisReason[]>> = Object.fromEntries(
  (['users', 'application', 'devicePlatform', 'location', 'clientApps', 'signInRisk', 'userRisk', 'devices', 'authenticationFlow', 'userActions', 'notSet', 'notEnoughInformation', 'policyNotEnabled', 'invalidCondition'] as const).map((r) => [r, Object.freeze([r])]),
) as unknown as Record<AnalysisReason, readonly AnalysisReason[]>;

/** `notSet` when the policy applies, `notEnoughInformation` when it depends on `missing`, else the failing condition. */
function applicability(cp: CompiledPolicy, s: PreparedSignIn, missing: string[], memo?: CheckMemo): AnalysisReason {
  if (cp.policy.state === 'disabled') return 'policyNotEnabled';
  if (cp.invalid) return 'invalidCondition';
  let unknown = false;
  const checks = cp.checks;
  for (let i = 0; i < checks.length; i++) {
    const { dimension, check, slot } = checks[i]!;
    const before = missing.length;
    let r: Tri;
    if (memo && memo.gen[slot] === memo.current) {
      r = memo.value[slot];
      if (r === undefined) for (const m of memo.missing[slot]!) missing.push(m);
    } else {
      r = check(s, missing);
      if (memo) {
        memo.gen[slot] = memo.current;
        memo.value[slot] = r;
        memo.missing[slot] = r === undefined ? missing.slice(before) : undefined;
      }
    }
    if (r === false) {
      if (missing.length) missing.length = 0;
      return dimension === 'application' && s.resource.kind === 'userAction' ? 'userActions' : dimension;
    }
    if (r === undefined) unknown = true;
    else if (missing.length !== before) missing.length = before;
  }
  return unknown ? 'notEnoughInformation' : 'notSet';
}

/** Applicability of one policy; `missing` lists the inputs an undecided answer depends on. */
export function policyApplicability(cp: CompiledPolicy, s: PreparedSignIn): { applies: Applies; reason: AnalysisReason; missing: string[] } {
  const missing: string[] = [];
  const reason = applicability(cp, s, missing);
  const applies: Applies = reason === 'notSet' ? true : reason === 'notEnoughInformation' ? 'unknown' : false;
  return { applies, reason, missing: applies === 'unknown' ? [...new Set(missing)] : [] };
}

const STRENGTH_RANK: Readonly<Record<string, number>> = {
  '00000000-0000-0000-0000-000000000002': 1,
  '00000000-0000-0000-0000-000000000003': 2,
  '00000000-0000-0000-0000-000000000004': 3,
};
const STRENGTH_NAME = ['', 'MFA', 'passwordless MFA', 'phishing-resistant MFA'];

function isLegacy(s: SignIn): boolean {
  return s.clientApp === 'exchangeActiveSync' || s.clientApp === 'other';
}

function controlStatus(control: BuiltInControlName | 'authenticationStrength' | 'termsOfUse' | 'customControl', s: SignIn, detail?: string): ControlRequirement {
  const base = detail ? { control, detail } : { control };
  if (isLegacy(s)) {
    return { ...base, status: 'unsatisfiable', why: `a legacy ${s.clientApp} client can do no MFA and passes no device state` };
  }
  if (s.clientApp === undefined && control !== 'block') {
    return { ...base, status: 'unknown', input: 'clientApp', why: 'a legacy client (exchangeActiveSync, other) could not satisfy it; the client app type is not known' };
  }
  const device = s.device;
  switch (control) {
    case 'compliantDevice':
    case 'domainJoinedDevice': {
      if (s.flow === 'deviceCodeFlow') return { ...base, status: 'unsatisfiable', why: 'device code flow cannot pass device state' };
      if (!device) return { ...base, status: 'unknown', input: 'device', why: 'the device is not known' };
      if (control === 'domainJoinedDevice') {
        const trust = device.properties?.trustType ?? (device.state === 'hybrid' ? 'ServerAD' : undefined);
        if (trust === 'ServerAD') return { ...base, status: 'satisfied', why: 'the device is hybrid joined' };
        return { ...base, status: 'unsatisfiable', why: `the device is ${device.state}, not hybrid joined` };
      }
      const compliant = device.properties?.isCompliant ?? (device.state === 'compliant' ? 'True' : device.state === 'hybrid' ? undefined : 'False');
      if (compliant === undefined) return { ...base, status: 'unknown', input: 'device', why: 'whether the hybrid-joined device is compliant is not known' };
      if (String(compliant).toLowerCase() === 'true') return { ...base, status: 'satisfied', why: 'the device is compliant' };
      return { ...base, status: 'unsatisfiable', why: `the device is ${device.state}, not compliant` };
    }
    case 'approvedApplication':
    case 'compliantApplication':
      if (s.platform === undefined) return { ...base, status: 'unknown', input: 'platform', why: 'only iOS and Android apps can satisfy it; the platform is not known' };
      if (s.platform !== 'iOS' && s.platform !== 'android') return { ...base, status: 'unsatisfiable', why: `only iOS and Android apps can satisfy it, not ${s.platform}` };
      return { ...base, status: 'required' };
    default:
      return { ...base, status: 'required' };
  }
}

function combine(operator: 'AND' | 'OR', statuses: readonly ControlStatus[]): ControlStatus {
  if (operator === 'OR') {
    if (statuses.includes('satisfied')) return 'satisfied';
    if (statuses.includes('required')) return 'required';
    if (statuses.includes('unknown')) return 'unknown';
    return 'unsatisfiable';
  }
  if (statuses.includes('unsatisfiable')) return 'unsatisfiable';
  if (statuses.includes('unknown')) return 'unknown';
  if (statuses.includes('required')) return 'required';
  return 'satisfied';
}

function requirementOf(p: PolicyModel, s: SignIn): Requirement | undefined {
  const g = p.grantControls;
  if (!g) return undefined;
  const controls: ControlRequirement[] = [];
  for (const c of g.builtInControls) if (c !== 'block') controls.push(controlStatus(c, s));
  if (g.authenticationStrength) controls.push(controlStatus('authenticationStrength', s, g.authenticationStrength.id));
  for (const t of g.termsOfUse) controls.push(controlStatus('termsOfUse', s, t));
  for (const c of g.customAuthenticationFactors) controls.push(controlStatus('customControl', s, c));
  if (!controls.length) return undefined;
  return { policy: p.id, operator: g.operator, controls, status: combine(g.operator, controls.map((c) => c.status)) };
}

const hoursOf = (f: NonNullable<SessionControlsModel['signInFrequency']>) => (f.type === 'days' ? (f.value ?? 0) * 24 : (f.value ?? 0));

function mergeSessions(applying: readonly PolicyResult[], undecided: readonly PolicyResult[]): MergedSessionControls {
  const notes: string[] = [];
  let sif: MergedSessionControls['signInFrequency'];
  const sifs = applying.filter((p) => p.session?.signInFrequency);
  if (sifs.length) {
    const every = sifs.filter((p) => p.session!.signInFrequency!.frequencyInterval === 'everyTime');
    if (every.length) {
      sif = { everyTime: true, from: every.map((p) => p.id) };
    } else {
      const min = Math.min(...sifs.map((p) => hoursOf(p.session!.signInFrequency!)));
      const from = sifs.filter((p) => hoursOf(p.session!.signInFrequency!) === min).map((p) => p.id);
      sif = { everyTime: false, hours: min, text: min % 24 === 0 && min >= 24 ? `${min / 24} days` : `${min} hours`, from };
    }
    if (sifs.length > 1) {
      const each = sifs.map((p) => {
        const f = p.session!.signInFrequency!;
        return `${p.id} ${f.frequencyInterval === 'everyTime' ? 'every time' : `${f.value} ${f.type}`}`;
      });
      notes.push(`sign-in frequency: the most restrictive wins (${each.join(', ')}): ${sif.everyTime ? 'every time' : sif.text}`);
    }
  }
  let persistentBrowser: MergedSessionControls['persistentBrowser'];
  const pbs = applying.filter((p) => p.session?.persistentBrowser);
  if (pbs.length) {
    const never = pbs.filter((p) => p.session!.persistentBrowser!.mode === 'never');
    persistentBrowser = never.length ? { mode: 'never', from: never.map((p) => p.id) } : { mode: 'always', from: pbs.map((p) => p.id) };
    if (pbs.length > 1) notes.push(`persistent browser: the most restrictive wins (never beats always): ${persistentBrowser.mode} (${pbs.map((p) => `${p.id} ${p.session!.persistentBrowser!.mode}`).join(', ')})`);
  }
  const aer = applying.filter((p) => p.session?.applicationEnforcedRestrictions?.isEnabled);
  const mcas = applying.filter((p) => p.session?.cloudAppSecurity);
  const drd = applying.filter((p) => p.session?.disableResilienceDefaults);
  if (mcas.length > 1) notes.push(`app control: every type asked for is applied (${mcas.map((p) => `${p.id} ${p.session!.cloudAppSecurity!.cloudAppSecurityType}`).join(', ')})`);
  return {
    ...(sif ? { signInFrequency: sif } : {}),
    ...(persistentBrowser ? { persistentBrowser } : {}),
    ...(aer.length ? { applicationEnforcedRestrictions: { from: aer.map((p) => p.id) } } : {}),
    ...(mcas.length ? { cloudAppSecurity: { types: [...new Set(mcas.map((p) => p.session!.cloudAppSecurity!.cloudAppSecurityType))], from: mcas.map((p) => p.id) } } : {}),
    ...(drd.length ? { disableResilienceDefaults: { from: drd.map((p) => p.id) } } : {}),
    notes,
    mayAlsoApply: undecided.filter((p) => p.session).map((p) => p.id),
  };
}

function summarize(requirements: readonly Requirement[], model: EnvironmentModel): readonly string[] {
  const out: string[] = [];
  let strongest = 0;
  const askers: string[] = [];
  for (const r of requirements) {
    for (const c of r.controls) {
      const rank = c.control === 'mfa' ? 1 : c.control === 'authenticationStrength' ? (STRENGTH_RANK[c.detail ?? ''] ?? 0) : 0;
      // Only a control the policy cannot do without counts: in an OR it is one option among several.
      if (rank && (r.operator === 'AND' || r.controls.length === 1)) {
        askers.push(`${r.policy} ${c.control === 'mfa' ? 'mfa' : model.labelOf(c.detail ?? '')}`);
        strongest = Math.max(strongest, rank);
      }
      if (c.control === 'authenticationStrength' && STRENGTH_RANK[c.detail ?? ''] === undefined) {
        out.push(`${r.policy} asks for the custom ${model.labelOf(c.detail ?? '')}; it must be met on its own`);
      }
    }
  }
  const passwordChange = requirements.filter((r) => r.controls.some((c) => c.control === 'passwordChange')).map((r) => r.policy);
  if (passwordChange.length) out.push(`change the password after MFA (${passwordChange.join(', ')})`);
  if (strongest) {
    const nested = askers.length > 1 ? `; it also satisfies ${askers.join(', ')} (built-in strengths are nested)` : '';
    out.push(`authenticate with ${STRENGTH_NAME[strongest]}${nested}`);
  }
  return out;
}

const UNSATISFIABLE = new WeakMap<Requirement, { readonly policy: string; readonly why: string }>();

/** The blockedBy entry of a requirement the sign-in cannot meet; shared, as requirements are. */
function unsatisfiableBlock(r: Requirement): { readonly policy: string; readonly why: string } {
  let entry = UNSATISFIABLE.get(r);
  if (!entry) {
    const whys = [...new Set(r.controls.map((c) => c.why).filter((w): w is string => w !== undefined))];
    entry = { policy: r.policy, why: `requires ${r.controls.map((c) => c.control).join(` ${r.operator} `)}, which this sign-in cannot satisfy: ${whys.join('; ')}` };
    UNSATISFIABLE.set(r, entry);
  }
  return entry;
}

/** Shared empty result lists: most sign-ins have nothing to put in most of them. */
const NONE: readonly never[] = Object.freeze([]);

/** Scratch list of missing inputs, reused across calls; evaluate copies what it keeps. */
const MISSING: string[] = [];

const NO_SESSION: MergedSessionControls = Object.freeze({ notes: Object.freeze([]) as readonly string[], mayAlsoApply: Object.freeze([]) as readonly string[] });

const CLIENT_INDEX: Readonly<Record<string, number>> = { browser: 1, mobileAppsAndDesktopClients: 2, exchangeActiveSync: 3, other: 4 };
const FLOW_INDEX: Readonly<Record<string, number>> = { none: 1, deviceCodeFlow: 2, authenticationTransfer: 3 };
const PLATFORM_INDEX: Readonly<Record<string, number>> = { android: 1, iOS: 2, windows: 3, windowsPhone: 4, macOS: 5, linux: 6, unknown: 7 };
const STATE_INDEX: Readonly<Record<string, number>> = { unregistered: 1, registered: 2, compliant: 3, hybrid: 4 };

/**
 * The sign-in facts a requirement's status depends on (client, flow, platform, device state,
 * trustType and isCompliant), as a number for a cheap cache lookup; a string when a device
 * property has a value the number cannot encode.
 */
function requirementContext(s: SignIn): number | string {
  const d = s.device;
  const props = d?.properties;
  const trust = props?.trustType;
  const compliant = props?.isCompliant;
  const t = trust === undefined ? 0 : trust === 'ServerAD' ? 1 : trust === 'AzureAD' ? 2 : trust === 'Workplace' ? 3 : -1;
  const c = compliant === undefined ? 0 : typeof compliant === 'string' && compliant.toLowerCase() === 'true' ? 1 : typeof compliant === 'string' && compliant.toLowerCase() === 'false' ? 2 : -1;
  if (t < 0 || c < 0) return `${s.clientApp}|${s.flow}|${s.platform}|${d ? d.state : '-'}|${String(trust)}|${String(compliant)}`;
  const client = s.clientApp === undefined ? 0 : (CLIENT_INDEX[s.clientApp] ?? 0);
  const flow = s.flow === undefined ? 0 : (FLOW_INDEX[s.flow] ?? 0);
  const platform = s.platform === undefined ? 0 : (PLATFORM_INDEX[s.platform] ?? 0);
  const state = d === undefined ? 0 : (STATE_INDEX[d.state] ?? 0);
  return ((((client * 4 + flow) * 8 + platform) * 5 + state) * 4 + t) * 3 + c;
}

/** What a policy that applies yields in one sign-in context; immutable, so shared between sign-ins. */
interface ContextSlot {
  readonly requirement: Requirement | undefined;
  readonly applied: PolicyResult;
  readonly reportOnly?: ReportOnlyResult;
}

function contextSlot(p: PolicyModel, block: boolean, s: SignIn): ContextSlot {
  const requirement = block ? undefined : requirementOf(p, s);
  const session = p.sessionControls;
  const applied: PolicyResult = Object.freeze({ id: p.id, displayName: p.displayName, state: p.state, applies: true, reasons: REASONS.notSet, undecidedBy: undefined, block, requirement, session });
  if (p.state !== 'enabledForReportingButNotEnforced') return { requirement, applied };
  const outcome: ReportOnlyOutcome =
    block || requirement?.status === 'unsatisfiable' ? 'wouldBlock' : requirement && requirement.status !== 'satisfied' ? 'wouldRequire' : 'wouldApply';
  const reportOnly: ReportOnlyResult = Object.freeze({ id: p.id, displayName: p.displayName, applies: true, outcome, undecidedBy: undefined, requirement, session });
  return { requirement, applied, reportOnly };
}

function cachedSummary(env: CompiledEnvironment, requirements: readonly Requirement[]): readonly string[] {
  let key = '';
  for (const r of requirements) key += `${r.policy},`;
  const hit = env.summaryCache.get(key);
  if (hit) return hit;
  const summary = summarize(requirements, env.model);
  if (env.summaryCache.size < 10_000) env.summaryCache.set(key, summary);
  return summary;
}

/** Evaluates one sign-in against every policy of the environment. */
export function evaluate(env: CompiledEnvironment, signIn: SignIn): WhatIfResult {
  const s = prepareSignIn(signIn, env.memberships);
  const context = requirementContext(signIn);
  let slots = env.requirementCache.get(context);
  if (!slots) {
    slots = new Array<ContextSlot | undefined>(env.policies.length);
    // Bounded by the distinct (client, flow, platform, device) contexts, a few hundred at most.
    if (env.requirementCache.size < 10_000) env.requirementCache.set(context, slots);
  }
  let warnings: string[] | readonly string[] = env.problems;
  if (s.badIp !== undefined) warnings = [...warnings, `ip ${JSON.stringify(s.badIp)} is not an IPv4 or IPv6 address; location conditions treat it as unknown`];
  const count = env.policies.length;
  const policies: PolicyResult[] = new Array<PolicyResult>(count);
  const reportOnly: ReportOnlyResult[] = [];
  let blockedBy: { readonly policy: string; readonly why: string }[] | undefined;
  let requirements: Requirement[] | undefined;
  let undecidedInputs: Set<string> | undefined;
  let undecidedPolicies: string[] | undefined;
  let applyingEnforced: PolicyResult[] | undefined;
  let undecidedEnforced: PolicyResult[] | undefined;
  let anySession = false;
  const missing = MISSING;
  if (missing.length) missing.length = 0;
  const memo = env.memo;
  // A new generation invalidates every remembered check result (wrapping is harmless: a slot
  // would need 2^31 evaluations without being touched to collide).
  memo.current = (memo.current + 1) | 0;
  for (let index = 0; index < env.policies.length; index++) {
    const cp = env.policies[index]!;
    const p = cp.policy;
    if (missing.length) missing.length = 0;
    const reason = applicability(cp, s, missing, memo);
    const block = cp.blocks;
    if (reason !== 'notSet' && reason !== 'notEnoughInformation') {
      let cached = env.notApplying[index]!.get(reason);
      if (!cached) {
        cached = Object.freeze({ id: p.id, displayName: p.displayName, state: p.state, applies: false, reasons: REASONS[reason], undecidedBy: undefined, block, requirement: undefined, session: undefined });
        env.notApplying[index]!.set(reason, cached);
      }
      policies[index] = cached;
      continue;
    }
    const slot = (slots[index] ??= contextSlot(p, block, signIn));
    const requirement = slot.requirement;
    const session = p.sessionControls;
    let result: PolicyResult;
    let applies: Applies;
    let undecidedBy: string[] | undefined;
    if (reason === 'notSet') {
      applies = true;
      result = slot.applied;
    } else {
      applies = 'unknown';
      undecidedBy = [...new Set(missing)];
      result = { id: p.id, displayName: p.displayName, state: p.state, applies, reasons: REASONS[reason], undecidedBy, block, requirement, session };
    }
    policies[index] = result;
    if (p.state === 'enabledForReportingButNotEnforced') {
      if (applies === true) reportOnly.push(slot.reportOnly!);
      else reportOnly.push({ ...slot.reportOnly!, applies, undecidedBy });
      continue;
    }
    if (session) anySession = true;
    if (applies === 'unknown') {
      (undecidedEnforced ??= []).push(result);
      if (block || requirement) {
        (undecidedPolicies ??= []).push(p.id);
        undecidedInputs ??= new Set();
        for (const m of undecidedBy!) undecidedInputs.add(m);
      }
      continue;
    }
    (applyingEnforced ??= []).push(result);
    if (block) (blockedBy ??= []).push(cp.blockEntry);
    else if (requirement) {
      (requirements ??= []).push(requirement);
      if (requirement.status === 'unsatisfiable') {
        (blockedBy ??= []).push(unsatisfiableBlock(requirement));
      } else if (requirement.status === 'unknown') {
        (undecidedPolicies ??= []).push(p.id);
        undecidedInputs ??= new Set();
        for (const c of requirement.controls) if (c.input) undecidedInputs.add(c.input);
      }
    }
  }
  let decision: Decision;
  if (blockedBy) decision = 'block';
  else if (undecidedPolicies) decision = 'notEnoughInformation';
  else if (requirements) decision = 'grant';
  else decision = 'allow';
  if (blockedBy && isLegacy(signIn) && blockedBy.some((b) => b.why !== 'block control')) {
    warnings = [...warnings, 'legacy authentication clients cannot satisfy MFA, authentication strength, terms of use or device controls; the policies that ask for them block this sign-in in effect'];
  }
  const sessionControls = decision === 'block' || !anySession ? NO_SESSION : mergeSessions(applyingEnforced ?? [], undecidedEnforced ?? []);
  return {
    decision,
    blockedBy: blockedBy ?? NONE,
    requirements: requirements ?? NONE,
    summary: requirements && decision === 'grant' ? cachedSummary(env, requirements) : NONE,
    undecidedBy: decision === 'notEnoughInformation' && undecidedInputs ? [...undecidedInputs] : NONE,
    undecidedPolicies: decision === 'notEnoughInformation' && undecidedPolicies ? undecidedPolicies : NONE,
    policies,
    reportOnly,
    sessionControls,
    warnings,
  };
}
