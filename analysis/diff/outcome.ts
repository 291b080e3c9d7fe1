/**
 * The diff of a whole change: every environment of both sides compared in identity terms, and
 * the report-only-first rule applied. Pure: the sides are synthesized JSON already read.
 */
import { readSynthesizedStack } from '../model/read';
import type { DeclaredFacts, EnvironmentModel } from '../model/types';
import { markdownText } from '../report/render';
import type { ResourceSection } from '../report/sections';
import { diffEnvironment, diffLines, isEmptyDiff, type EnvironmentDiff } from './compare';
import { dangerousChanges, dangerousLine, isAcknowledged, REMOVAL_RULE, RETARGET_RULE, type DangerousResult } from './dangerous';
import { checkReportOnlyFirst, REPORT_ONLY_FIRST_RULE, violationMessage, type ReportOnlyFirstResult, type Suppression } from './report-only-first';

/** One side's synthesized stacks by environment, each with its environment file's facts when they could be read. */
export interface Side {
  readonly stacks: ReadonlyMap<string, { readonly json: object; readonly declared?: DeclaredFacts }>;
}

export interface DiffOutcome {
  readonly diffs: readonly EnvironmentDiff[];
  readonly rule: ReadonlyMap<string, ReportOnlyFirstResult>;
  /** Retargets, removals and renames by environment (analysis/diff/dangerous.ts). */
  readonly dangerous: ReadonlyMap<string, DangerousResult>;
  readonly promotable: boolean;
}

/** Every environment in ring order (then name); environments only the base has come last. */
export function compareSides(
  base: Side,
  head: Side,
  suppressionsOf: (env: string) => readonly Suppression[],
  sections: readonly ResourceSection[],
): DiffOutcome {
  const declaredOf = (env: string) => head.stacks.get(env)?.declared ?? base.stacks.get(env)?.declared;
  const model = (side: Side, env: string, fallback: DeclaredFacts | undefined): EnvironmentModel | undefined => {
    const s = side.stacks.get(env);
    if (!s) return undefined;
    const declared = s.declared ?? fallback;
    return readSynthesizedStack(s.json, { name: env, ...(declared ? { declared } : {}) });
  };
  const ring = (env: string) => declaredOf(env)?.ring ?? Number.MAX_SAFE_INTEGER;
  const names = [...new Set([...head.stacks.keys(), ...base.stacks.keys()])].sort(
    (a, b) => Number(!head.stacks.has(a)) - Number(!head.stacks.has(b)) || ring(a) - ring(b) || (a < b ? -1 : a > b ? 1 : 0),
  );
  const diffs: EnvironmentDiff[] = [];
  const rule = new Map<string, ReportOnlyFirstResult>();
  const dangerous = new Map<string, DangerousResult>();
  for (const env of names) {
    const b = model(base, env, head.stacks.get(env)?.declared);
    const h = model(head, env, undefined);
    diffs.push(diffEnvironment(env, b, h, sections));
    rule.set(env, checkReportOnlyFirst(env, b, h, suppressionsOf(env)));
    dangerous.set(env, dangerousChanges(env, b, h, { suppressions: suppressionsOf(env), retired: head.stacks.get(env)?.declared?.retired ?? [] }));
  }
  const promotable =
    [...rule.values()].every((r) => r.violations.length === 0) && [...dangerous.values()].every((d) => d.changes.every(isAcknowledged));
  return { diffs, rule, dangerous, promotable };
}

/** Sections other rules add before the result line (the evidence rules), and why they make the change not promotable. */
export interface ExtraSections {
  readonly markdown: readonly string[];
  readonly failures: readonly string[];
}

export function renderDiff(outcome: DiffOutcome, baseLabel: string, fileOf: (env: string) => string, extra?: ExtraSections): string {
  const out: string[] = [`# perimeter diff: ${markdownText(baseLabel)} -> working tree`, ''];
  for (const d of outcome.diffs) {
    out.push(`## ${d.env}`, '');
    const lines = diffLines(d);
    if (isEmptyDiff(d)) out.push('No changes.');
    else for (const line of lines) out.push(`- ${markdownText(line)}`);
    out.push('');
  }
  out.push(`## Report-only first (${REPORT_ONLY_FIRST_RULE})`, '');
  const findings: string[] = [];
  for (const [env, r] of outcome.rule) {
    for (const v of r.violations) findings.push(`- **FAIL** ${markdownText(violationMessage(v, fileOf(env)))}`);
    for (const s of r.suppressed) findings.push(`- suppressed: ${markdownText(`${s.displayName}: ${s.from} -> enabled (${env}); reason: ${s.reason}`)}`);
    for (const a of r.adopted) findings.push(`- adopted: ${markdownText(`${a.displayName}: takes over the existing enabled policy in place (${env}); the deploy changes no sign-in`)}`);
    for (const x of r.exempt) findings.push(`- allowed: ${markdownText(`${x.displayName}: ${x.from} -> enabled (${env}); Entra has no report-only for policies that target a user action`)}`);
    for (const u of r.unusedSuppressions) findings.push(`- warning: ${markdownText(`${fileOf(env)}: suppression of ${u.rule} for ${u.target} matches nothing in this change; remove it`)}`);
  }
  out.push(...(findings.length ? findings : ['No policy goes straight from absent or off to enabled.']), '');
  out.push(`## Retargets, removals and renames (${RETARGET_RULE}, ${REMOVAL_RULE})`, '');
  const dangerous: string[] = [];
  for (const [env, d] of outcome.dangerous) {
    for (const c of d.changes) dangerous.push(`- ${isAcknowledged(c) ? 'acknowledged' : '**DANGER**'} ${markdownText(dangerousLine(c, fileOf(env)))}`);
    for (const t of d.unusedRetirements) dangerous.push(`- note: ${markdownText(`${fileOf(env)}: retire entry ${t} matches nothing this change removes; it can go once the object is gone from the tenant`)}`);
  }
  out.push(...(dangerous.length ? dangerous : ['Nothing moves to another tenant or subscription, and nothing is removed or renamed.']), '');
  if (extra) out.push(...extra.markdown);
  const because = [...(outcome.promotable ? [] : [notPromotableBecause(outcome)]), ...(extra?.failures ?? [])];
  out.push(because.length ? `Result: NOT promotable: ${because.join('; ')} (see above).` : 'Result: promotable.', '');
  return out.join('\n');
}

function notPromotableBecause(outcome: DiffOutcome): string {
  const reasons: string[] = [];
  if ([...outcome.rule.values()].some((r) => r.violations.length)) reasons.push('a policy skips report-only');
  if ([...outcome.dangerous.values()].some((d) => d.changes.some((c) => !isAcknowledged(c)))) reasons.push('a retarget, removal or rename is not acknowledged');
  return reasons.join('; ');
}

/** Every reason the change is not promotable, one line each, for stderr. */
export function failureLines(outcome: DiffOutcome, fileOf: (env: string) => string, reportOnlyFirst: (env: string) => readonly string[]): string[] {
  const lines: string[] = [];
  for (const env of outcome.rule.keys()) lines.push(...reportOnlyFirst(env));
  for (const [env, d] of outcome.dangerous) for (const c of d.changes) if (!isAcknowledged(c)) lines.push(dangerousLine(c, fileOf(env)));
  return lines;
}
