/** Human-readable What If output, and why a policy applied, in words a reviewer can check. */
import { policyLabel } from '../model/queries';
import type { EnvironmentModel, PolicyModel } from '../model/types';
import type { CompiledEnvironment } from './compile';
import { prepareSignIn, type PreparedSignIn } from './prepare';
import type { ControlRequirement, PolicyResult, Requirement, WhatIfResult } from './result';
import type { LockoutProof } from './lockout';
import { methodsInStack } from './methods';
import { PERSONA_IDS } from './personas';
import type { SignIn } from './signin';

function controlText(c: ControlRequirement, model: EnvironmentModel): string {
  const name = c.control === 'authenticationStrength' ? model.labelOf(c.detail ?? '') : c.detail ? `${c.control} ${model.labelOf(c.detail)}` : c.control;
  return c.status === 'required' ? name : `${name} [${c.status}${c.why ? `: ${c.why}` : ''}]`;
}

export function requirementText(r: Requirement, model: EnvironmentModel): string {
  return r.controls.map((c) => controlText(c, model)).join(` ${r.operator} `);
}

/** Which include matched the user and the resource, and which other conditions the policy has that matched. */
export function whyApplies(p: PolicyModel, s: PreparedSignIn, model: EnvironmentModel): string {
  const u = p.conditions.users;
  const parts: string[] = [];
  const userIds = new Set(u.includeUsers.map((x) => x.id));
  if (userIds.has('All')) parts.push('users: All');
  else if (s.userId && userIds.has(s.userId)) parts.push(`users: ${model.labelOf(s.userId)}`);
  else {
    const g = u.includeGroups.find((x) => s.groups.has(x.id));
    const r = u.includeRoles.find((x) => s.roles.has(x.id));
    if (g) parts.push(`users: member of ${g.label}`);
    else if (r) parts.push(`users: holds ${r.label}`);
    else if (s.signIn.user.guestType) parts.push(`users: guest type ${s.signIn.user.guestType}`);
  }
  const res = s.signIn.resource;
  const apps = p.conditions.applications;
  if (res.kind === 'userAction') parts.push(apps.includeUserActions.includes(res.action) ? `user action ${res.action}` : 'apps: All (covers user actions)');
  else if (res.kind === 'authenticationContext') {
    const hit = apps.includeAuthenticationContexts?.find((c) => c.id === res.id);
    parts.push(hit ? hit.label : 'apps: All (covers the app that asks for the context)');
  } else if (apps.includeApplications.some((a) => a.id === 'All')) parts.push(apps.excludeApplications.length ? `apps: All except ${apps.excludeApplications.map((a) => a.label).join(', ')}` : 'apps: All');
  else {
    const hit = apps.includeApplications.find((a) => a.id === res.appId || res.suites.some((x) => x === a.id));
    if (hit) parts.push(`apps: ${hit.label}`);
  }
  const c = p.conditions;
  if (c.platforms) parts.push(`platforms: ${c.platforms.includePlatforms.join(', ')}${c.platforms.excludePlatforms.length ? ` except ${c.platforms.excludePlatforms.join(', ')}` : ''}`);
  if (c.locations) parts.push(`locations: ${c.locations.includeLocations.map((l) => l.label).join(', ')}${c.locations.excludeLocations.length ? ` except ${c.locations.excludeLocations.map((l) => l.label).join(', ')}` : ''}`);
  if (!c.clientAppTypes.includes('all')) parts.push(`client apps: ${c.clientAppTypes.join(', ')}`);
  if (c.signInRiskLevels.length) parts.push(`sign-in risk: ${c.signInRiskLevels.join(', ')}`);
  if (c.userRiskLevels.length) parts.push(`user risk: ${c.userRiskLevels.join(', ')}`);
  if (c.devices) parts.push(`device filter (${c.devices.deviceFilter.mode}): ${c.devices.deviceFilter.rule}`);
  if (c.authenticationFlows) parts.push(`flows: ${c.authenticationFlows.transferMethods.join(', ')}`);
  return parts.join('; ');
}

const PERSONA_NAMES: ReadonlyMap<string, string> = new Map([
  [PERSONA_IDS.member, 'member (persona)'],
  [PERSONA_IDS.globalAdmin, 'global-admin (persona)'],
  [PERSONA_IDS.guest, 'guest (persona)'],
]);

function userLabel(id: string, model: EnvironmentModel): string {
  const label = PERSONA_NAMES.get(id) ?? model.labelOf(id);
  return label === id ? id : `${label} (${id})`;
}

export function describeSignIn(s: SignIn, model: EnvironmentModel): string {
  const res = s.resource;
  const parts = [
    `user ${s.user.id ? userLabel(s.user.id, model) : '(any)'}`,
    ...(s.user.roles?.length ? [`roles ${s.user.roles.map((r) => model.labelOf(r).replace(/^role /, '')).join(', ')}`] : []),
    ...(s.user.groups?.length ? [`groups ${s.user.groups.map((g) => model.labelOf(g)).join(', ')}`] : []),
    ...(s.user.guestType && s.user.guestType !== 'none' ? [`guest ${s.user.guestType}`] : []),
    res.kind === 'userAction'
      ? `user action ${res.action}`
      : res.kind === 'authenticationContext'
        ? `${model.labelOf(res.id) === res.id ? `authentication context ${res.id}` : model.labelOf(res.id)}`
        : res.appId
        ? `${model.labelOf(res.appId) === res.appId ? `app ${res.appId}` : `${model.labelOf(res.appId)} (${res.appId})`}`
        : `app ${res.suites.length ? `a member of ${res.suites.join(', ')}` : 'All (an app no policy names)'}`,
    `client ${s.clientApp ?? 'unknown'}`,
    `platform ${s.platform ?? 'unknown'}`,
    ...(s.ip ? [`ip ${s.ip}`] : []),
    ...(s.country ? [`country ${s.country}`] : []),
    ...(s.device ? [`device ${s.device.state}${Object.keys(s.device.properties ?? {}).length ? ` (${Object.entries(s.device.properties ?? {}).map(([k, v]) => `${k}=${String(v)}`).join(', ')})` : ''}`] : []),
    `sign-in risk ${s.signInRisk ?? 'unknown'}`,
    `user risk ${s.userRisk ?? 'unknown'}`,
    `flow ${s.flow ?? 'unknown'}`,
  ];
  return parts.join(', ');
}

export function formatResult(env: CompiledEnvironment, signIn: SignIn, result: WhatIfResult, assumed: readonly string[] = []): string {
  const model = env.model;
  const s = prepareSignIn(signIn, env.memberships);
  const lines: string[] = [];
  lines.push(`What If for ${model.name}: ${describeSignIn(signIn, model)}`);
  const unknownInputs = ['ip', 'country', 'device'].filter((k) => signIn[k as 'ip' | 'country' | 'device'] === undefined);
  if (assumed.length || unknownInputs.length) {
    lines.push(`  assumed: ${[...assumed, ...unknownInputs.map((k) => `${k} unknown`)].join('; ')}`);
  }
  lines.push('');
  switch (result.decision) {
    case 'block':
      lines.push('Decision: BLOCK');
      for (const b of result.blockedBy) lines.push(`  ${model.policy(b.policy)?.displayName ?? b.policy}: ${b.why}`);
      break;
    case 'grant':
      lines.push('Decision: GRANT, when every requirement below is met (policies are ANDed)');
      for (const r of result.requirements) lines.push(`  ${r.policy}: ${requirementText(r, model)}${r.status === 'satisfied' ? ' (already met)' : ''}`);
      for (const line of result.summary) lines.push(`  => ${line}`);
      break;
    case 'allow':
      lines.push('Decision: ALLOW (no enabled policy with grant controls applies)');
      break;
    case 'notEnoughInformation':
      lines.push(`Decision: NOT ENOUGH INFORMATION: the outcome depends on ${result.undecidedBy.join(', ')} (policies ${result.undecidedPolicies.join(', ')})`);
      for (const r of result.requirements) lines.push(`  ${r.policy} applies and requires: ${requirementText(r, model)}`);
      break;
  }
  const enforced = result.policies.filter((p) => p.state === 'enabled');
  const applying = enforced.filter((p) => p.applies === true);
  const undecided = enforced.filter((p) => p.applies === 'unknown');
  lines.push('', 'Enabled policies that apply:');
  if (!applying.length) lines.push('  (none)');
  for (const p of applying) lines.push(`  ${titled(p, model)}: ${controlsOf(p, model)} (because ${whyApplies(model.policy(p.id)!, s, model)})`);
  if (undecided.length) {
    lines.push('', 'Enabled policies that apply depending on inputs not given:');
    for (const p of undecided) lines.push(`  ${titled(p, model)}: ${controlsOf(p, model)} (depending on ${p.undecidedBy?.join(', ')})`);
  }
  const notApplying = result.policies.filter((p) => p.applies === false && p.state !== 'disabled');
  if (notApplying.length) {
    lines.push('', 'Policies that do not apply (first condition not met):');
    for (const p of notApplying) lines.push(`  ${titled(p, model)}: ${p.reasons.join(', ')}`);
  }
  const disabled = result.policies.filter((p) => p.state === 'disabled');
  if (disabled.length) lines.push('', `Disabled (not evaluated): ${disabled.map((p) => { const m = model.policy(p.id); return m ? policyLabel(m) : p.id; }).join(', ')}`);
  const sc = result.sessionControls;
  lines.push('', 'Session controls (merged; the most restrictive wins):');
  const sessionLines: string[] = [];
  if (sc.signInFrequency) sessionLines.push(`sign-in frequency: ${sc.signInFrequency.everyTime ? 'every time' : sc.signInFrequency.text} (${sc.signInFrequency.from.join(', ')})`);
  if (sc.persistentBrowser) sessionLines.push(`persistent browser: ${sc.persistentBrowser.mode} (${sc.persistentBrowser.from.join(', ')})`);
  if (sc.applicationEnforcedRestrictions) sessionLines.push(`app-enforced restrictions (${sc.applicationEnforcedRestrictions.from.join(', ')})`);
  if (sc.cloudAppSecurity) sessionLines.push(`app control: ${sc.cloudAppSecurity.types.join(', ')} (${sc.cloudAppSecurity.from.join(', ')})`);
  if (sc.disableResilienceDefaults) sessionLines.push(`resilience defaults disabled (${sc.disableResilienceDefaults.from.join(', ')})`);
  for (const n of sc.notes) sessionLines.push(`note: ${n}`);
  if (sc.mayAlsoApply.length) sessionLines.push(`may also apply, depending on inputs not given: ${sc.mayAlsoApply.join(', ')}`);
  lines.push(...(sessionLines.length ? sessionLines.map((l) => `  ${l}`) : ['  (none)']));
  lines.push('', 'Report-only policies (evaluated, not enforced):');
  if (!result.reportOnly.length) lines.push('  (none would apply)');
  for (const r of result.reportOnly) {
    const what =
      r.outcome === 'wouldBlock'
        ? `would block${r.requirement ? ` (requires ${requirementText(r.requirement, model)})` : ''}`
        : r.outcome === 'wouldRequire'
          ? `would require ${requirementText(r.requirement!, model)}`
          : `would apply${r.requirement ? ' (requirements already met)' : ''}${r.session ? ' (session controls)' : ''}`;
    lines.push(`  ${titled(r, model)}: ${what}${r.applies === 'unknown' ? `, depending on ${r.undecidedBy?.join(', ')}` : ''}`);
  }
  if (result.warnings.length) {
    lines.push('', 'Warnings:');
    for (const w of result.warnings) lines.push(`  ${w}`);
  }
  return lines.join('\n');
}

/** `CA001 Require MFA for all users`; a wave twin as `CA006 (waves: it-pilot) Require compliant or hybrid-joined device`. */
function titled(p: { id: string; displayName: string }, model: EnvironmentModel): string {
  const twin = model.policy(p.id);
  if (!twin?.wave) return `${p.id} ${stripId(p)}`;
  const main = model.policy(twin.wave.of);
  return `${policyLabel(twin)} ${stripId({ id: twin.wave.of, displayName: main?.displayName ?? p.displayName })}`;
}

function stripId(p: { id: string; displayName: string }): string {
  return p.displayName.startsWith(`${p.id} `) ? p.displayName.slice(p.id.length + 1) : p.displayName;
}

function controlsOf(p: PolicyResult, model: EnvironmentModel): string {
  if (p.block) return 'block';
  const parts: string[] = [];
  if (p.requirement) parts.push(`requires ${requirementText(p.requirement, model)}`);
  if (p.session) parts.push('session controls');
  return parts.join(', ') || 'no controls';
}

/** The break-glass lockout proof, for people. */
export function formatProof(env: CompiledEnvironment, proof: LockoutProof): string {
  const model = env.model;
  const lines: string[] = [];
  lines.push(`Break-glass lockout proof for ${proof.environment}: ${proof.proved ? 'PROVED' : 'FAILED'}`);
  lines.push(`  accounts: ${proof.accounts.map((a) => `${model.labelOf(a)} (${a})`).join(', ') || '(none)'}`);
  const label = (id: string) => { const m = model.policy(id); return m ? policyLabel(m) : id; };
  lines.push(`  enabled policies that can block or challenge: ${proof.enforcedPolicies.map(label).join(', ') || '(none)'}`);
  lines.push(`  sign-in classes: ${proof.classes.map((c) => `${c.count} ${c.dimension}`).join(' x ')} = ${proof.space.toLocaleString('en-US')}`);
  lines.push(`  searched ${proof.nodesVisited.toLocaleString('en-US')} nodes in ${proof.millis.toFixed(1)} ms`);
  if (proof.counterexample) {
    const c = proof.counterexample;
    lines.push('', `Counterexample: ${c.policies.map(label).join(', ')} ${c.policies.length === 1 ? 'blocks or challenges' : 'block or challenge'} this sign-in:`);
    lines.push(`  ${describeSignIn(c.signIn, model)}`);
    for (const id of c.policies) {
      const p = c.result.policies.find((x) => x.id === id)!;
      lines.push(`  ${p.displayName}: ${controlsOf(p, model)} (because ${whyApplies(model.policy(id)!, prepareSignIn(c.signIn, env.memberships), model)})`);
    }
    lines.push(`  decision for this sign-in: ${c.result.decision}`);
    lines.push('  fix: exclude the break-glass accounts (or the break-glass exclusion group) from these policies');
  } else if (proof.proved) {
    lines.push('', 'No enabled policy blocks or challenges a break-glass account in any of these classes.');
    if (methodsInStack(model)) lines.push('Every break-glass account has an authentication method of MFA strength or stronger enabled for it.');
  }
  for (const a of proof.methodGaps) {
    lines.push('', `Locked out: ${model.labelOf(a)} (${a}) has no authentication method of MFA strength enabled for it in this stack's authentication methods policy; add break-glass (or all-users) to authenticationMethods.fido2.targets`);
  }
  if (proof.reportOnlyThreats.length) {
    lines.push('', `Warning: report-only ${proof.reportOnlyThreats.join(', ')} would block or challenge a break-glass account once enabled.`);
  }
  for (const p of proof.problems) lines.push(`Problem: ${p}`);
  return lines.join('\n');
}
