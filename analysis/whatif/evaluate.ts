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
import { contextSlot, requirementContext, type ContextSlot } from './cache';
import type { CheckMemo, CompiledEnvironment } from './compile';
import type { CompiledPolicy, Tri } from './conditions';
import { isLegacy, summarize, unsatisfiableBlock } from './controls';
import { prepareSignIn, type PreparedSignIn } from './prepare';
import { REASONS, type AnalysisReason, type Applies, type Decision, type MergedSessionControls, type PolicyResult, type ReportOnlyResult, type Requirement, type WhatIfResult } from './result';
import { mergeSessions } from './sessions';
import type { SignIn } from './signin';

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

/** Shared empty result lists: most sign-ins have nothing to put in most of them. */
const NONE: readonly never[] = Object.freeze([]);

/** Scratch list of missing inputs, reused across calls; evaluate copies what it keeps. */
const MISSING: string[] = [];

const NO_SESSION: MergedSessionControls = Object.freeze({ notes: Object.freeze([]) as readonly string[], mayAlsoApply: Object.freeze([]) as readonly string[] });

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
