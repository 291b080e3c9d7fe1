/**
 * The diff of a whole change: every environment of both sides compared in identity terms, and
 * the report-only-first rule applied. Pure: the sides are synthesized JSON already read.
 */
import { coverageChanges, type CoverageChanges } from '../coverage/changes';
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
  /** What the change does to coverage, by environment (analysis/coverage/changes.ts); it does not decide promotability (PRM-COV001 does, at synth). */
  readonly coverage: ReadonlyMap<string, CoverageChanges>;
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
  const coverage = new Map<string, CoverageChanges>();
  for (const env of names) {
    const b = model(base, env, head.stacks.get(env)?.declared);
    const h = model(head, env, undefined);
    diffs.push(diffEnvironment(env, b, h, sections));
    rule.set(env, checkReportOnlyFirst(env, b, h, suppressionsOf(env)));
    dangerous.set(env, dangerousChanges(env, b, h, { suppressions: suppressionsOf(env), retired: head.stacks.get(env)?.declared?.retired ?? [] }));
    coverage.set(env, coverageChanges(b, h));
  }
  const promotable =
    [...rule.values()].every((r) => r.violations.length === 0) && [...dangerous.values()].every((d) => d.changes.every(isAcknowledged));
  return { diffs, rule, dangerous, coverage, promotable };
}

/** How much of each environment's changes a rendering shows: every line, one line per changed object, or counts. */
type Detail = 'full' | 'by-object' | 'counts';

/** One environment's changes as one line per changed object: what a long diff becomes in a PR comment. */
function objectLines(d: EnvironmentDiff): string[] {
  const e = `(${d.env})`;
  const lines: string[] = [];
  for (const n of d.notes) lines.push(`${n} ${e}`);
  if (d.policiesAdded.length) lines.push(`${d.policiesAdded.length} new: ${d.policiesAdded.map((p) => `${p.id} (${p.stage})`).join(', ')} ${e}`);
  if (d.policiesRemoved.length) lines.push(`${d.policiesRemoved.length} removed: ${d.policiesRemoved.map((p) => p.id).join(', ')} ${e}`);
  for (const s of d.stageChanges) lines.push(`${s.displayName}: ${s.from} -> ${s.stage} ${e}`);
  const bySubject = new Map<string, Set<string>>();
  for (const f of d.fieldChanges) bySubject.set(f.subject, (bySubject.get(f.subject) ?? new Set()).add(f.field));
  for (const [subject, fields] of bySubject) lines.push(`${subject}: ${[...fields].join(', ')} changed ${e}`);
  const bySection = new Map<string, { added: number; removed: number }>();
  for (const r of d.resourceChanges) {
    const c = bySection.get(r.section) ?? { added: 0, removed: 0 };
    c[r.kind] += 1;
    bySection.set(r.section, c);
  }
  for (const [section, c] of bySection) lines.push(`${section}: ${[c.added ? `${c.added} added` : '', c.removed ? `${c.removed} removed` : ''].filter(Boolean).join(', ')} ${e}`);
  if (d.unmanagedChanges.length) lines.push(`${d.unmanagedChanges.length} changes in the tenant's unmanaged snapshot ${e}`);
  return lines;
}

function countLine(d: EnvironmentDiff): string {
  const objects = new Set([...d.fieldChanges.map((f) => f.subject), ...d.stageChanges.map((s) => s.displayName)]).size;
  return `${d.policiesAdded.length} policies added, ${d.policiesRemoved.length} removed, ${d.stageChanges.length} stage changes, ${objects} objects changed, ${d.resourceChanges.length} other objects added or removed, ${d.unmanagedChanges.length} unmanaged-snapshot changes`;
}

/**
 * The Markdown diff. With `maxLength` (a PR comment's limit), a diff that would be longer is
 * summarised, never cut: first one line per changed object, then counts per environment. The
 * verdict sections (report-only first, retargets, removals and renames) are always whole.
 */
/** Sections other rules add before the result line (the evidence rules), and why they make the change not promotable. */
export interface ExtraSections {
  readonly markdown: readonly string[];
  readonly failures: readonly string[];
}

export function renderDiff(outcome: DiffOutcome, baseLabel: string, fileOf: (env: string) => string, maxLength = Number.POSITIVE_INFINITY, extra?: ExtraSections): string {
  for (const detail of ['full', 'by-object', 'counts'] as const) {
    const text = renderAt(outcome, baseLabel, fileOf, detail, extra);
    if (text.length <= maxLength || detail === 'counts') return text;
  }
  throw new Error('unreachable: the counts rendering is always returned');
}

function renderAt(outcome: DiffOutcome, baseLabel: string, fileOf: (env: string) => string, detail: Detail, extra?: ExtraSections): string {
  const out: string[] = [`# perimeter diff: ${markdownText(baseLabel)} -> working tree`, ''];
  if (detail !== 'full') {
    out.push(`_Summarised to fit a pull-request comment (${detail === 'by-object' ? 'one line per changed object' : 'counts per environment'}); the job summary has every change._`, '');
  }
  for (const d of outcome.diffs) {
    out.push(`## ${d.env}`, '');
    const lines = detail === 'full' ? diffLines(d) : detail === 'by-object' ? objectLines(d) : [countLine(d)];
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
  out.push('## Coverage changes (npm run coverage)', '');
  const coverage: string[] = [];
  for (const [env, c] of outcome.coverage) {
    for (const v of c.verdicts) coverage.push(`- **${env}** invariant ${markdownText(v)}`);
    for (const r of c.removed) coverage.push(`- **${env}** ${markdownText(r)}`);
    for (const a of c.added) coverage.push(`- ${env}: ${markdownText(a)}`);
  }
  out.push(...(coverage.length ? coverage : ['No enforced requirement is removed or added for any persona, app or condition.']), '');
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
