/**
 * A plan review as Markdown (job summary, PR comment, terminal) and as JSON. Markdown leads
 * with the counts and the gate, then one table per action, what can hurt first; a long action
 * is split by category and a long category folds away, so a plan of a few hundred changes
 * stays readable. Pure.
 */
import { markdownCellText, markdownText } from '../report/render';
import { CATEGORIES } from './names';
import { categoryCounts, REVIEW_ACTIONS, type PlanReview, type ReviewAction, type ReviewedChange } from './review';

/** An action with more rows than this is split by category, and a category with more folds into `<details>` (never replacements or destroys). */
const FOLD_AFTER = 30;

const TITLES: Readonly<Record<ReviewAction, string>> = {
  replace: 'Replace',
  destroy: 'Destroy',
  update: 'Update',
  import: 'Import',
  forget: 'Forget',
  move: 'Move',
  create: 'Create',
};

const cell = (lines: readonly string[]) => (lines.length ? lines.map(markdownCellText).join('<br>') : '–');
/** An address as code, safe in a table cell (a for_each key may hold a pipe or a backtick). */
const code = (address: string) => `\`${address.replace(/`/g, "'").replace(/\|/g, '\\|')}\``;

function gateCell(c: ReviewedChange): string {
  if (!c.gate) return '–';
  return c.gate.acknowledged !== undefined ? `acknowledged: ${markdownCellText(c.gate.acknowledged)}` : '**not acknowledged**';
}

function whyCell(c: ReviewedChange): string {
  return cell([...(c.why !== undefined ? [c.why] : []), ...(c.note !== undefined ? [`(${c.note})`] : [])]);
}

function importCell(c: ReviewedChange): string {
  const adopts = `adopts the existing object${c.importId !== undefined ? ` ${c.importId}` : ''}`;
  return cell(c.changes.length ? [`${adopts}, then changes:`, ...c.changes] : [`${adopts}; no change to it`]);
}

const COLUMNS: Readonly<Record<ReviewAction, readonly [string, (c: ReviewedChange) => string][]>> = {
  replace: [['Why', whyCell], ['Changes', (c) => cell(c.changes)], ['Gate', gateCell]],
  destroy: [['Why', whyCell], ['Gate', gateCell]],
  update: [['Changes', (c) => cell(c.changes.length ? c.changes : ['(only attributes Terraform computes; nothing perimeter sets changes)'])]],
  import: [['Terraform', importCell]],
  forget: [['Why', whyCell]],
  move: [['Moved from', (c) => code(c.movedFrom ?? '')]],
  create: [['Details', (c) => cell(c.details !== undefined ? [c.details] : [])]],
};

function table(action: ReviewAction, changes: readonly ReviewedChange[]): string[] {
  const columns = COLUMNS[action];
  return [
    `| Object | Address | ${columns.map(([title]) => title).join(' | ')} |`,
    `|---|---|${columns.map(() => '---').join('|')}|`,
    ...changes.map((c) => `| ${markdownCellText(c.object.text)} | ${code(c.address)} | ${columns.map(([, render]) => render(c)).join(' | ')} |`),
  ];
}

function gateLines(review: PlanReview): string[] {
  const lines = review.findings.map((f) =>
    f.address !== undefined && f.message.startsWith(`${f.address}: `) ? `- **FAIL** ${code(f.address)}${markdownText(f.message.slice(f.address.length))}` : `- **FAIL** ${markdownText(f.message)}`,
  );
  for (const c of review.changes) {
    if (c.gate?.acknowledged === undefined) continue;
    lines.push(`- acknowledged: ${code(c.address)} (${markdownText(c.object.text)}) would be ${c.action === 'destroy' ? 'destroyed' : 'replaced'}; retire: ${markdownText(c.gate.acknowledged)}`);
  }
  return lines.length ? lines : ['Nothing protected is destroyed or replaced.'];
}

export function renderPlanReview(review: PlanReview): string {
  const out: string[] = [`# Plan review: ${markdownText(review.env)}`, ''];
  out.push(`Terraform ${markdownText(review.terraformVersion)}, plan format ${markdownText(review.formatVersion)}, read from ${markdownText(review.planFile)}; \`retire:\` entries from ${markdownText(review.environmentFile)}.`, '');
  out.push(
    review.passed
      ? '**Gate: passed.** Nothing protected is destroyed or replaced without a `retire:` entry, and Terraform made a complete plan.'
      : `**Gate: FAILED** (${review.findings.length} finding${review.findings.length === 1 ? '' : 's'}, below).`,
    '',
  );
  const present = REVIEW_ACTIONS.filter((a) => review.counts[a] > 0);
  out.push('| Action | Objects | What |', '|---|---:|---|');
  for (const a of present) out.push(`| ${a} | ${review.counts[a]} | ${markdownCellText(categoryCounts(review.changes.filter((c) => c.action === a)))} |`);
  out.push(`| unchanged | ${review.unchanged} | – |`, '');
  if (review.deferredReads) out.push(`${review.deferredReads} data source${review.deferredReads === 1 ? ' is' : 's are'} read during apply, once the objects ${review.deferredReads === 1 ? 'it reads' : 'they read'} exist.`, '');

  out.push('## Gate: protected objects', '', ...gateLines(review), '');
  for (const a of present) {
    const changes = review.changes.filter((c) => c.action === a);
    out.push(`## ${TITLES[a]} (${changes.length})`, '');
    if (changes.length <= FOLD_AFTER || a === 'replace' || a === 'destroy') {
      out.push(...table(a, changes), '');
      continue;
    }
    // A long list reads by category: a first deploy shows its policies, and folds its PIM schedules.
    CATEGORIES.forEach((category, rank) => {
      const some = changes.filter((c) => c.object.rank === rank);
      if (!some.length) return;
      out.push(`### ${TITLES[a]}: ${category} (${some.length})`, '');
      if (some.length > FOLD_AFTER) out.push(`<details><summary>All ${some.length} ${category}</summary>`, '', ...table(a, some), '', '</details>', '');
      else out.push(...table(a, some), '');
    });
  }
  if (review.drift.length) {
    out.push(`## Changed outside Terraform (${review.drift.length})`, '', 'Changed or deleted in the tenant since the last apply; the changes above put them back.', '');
    out.push('| Object | Address | In the tenant |', '|---|---|---|');
    for (const d of review.drift) out.push(`| ${markdownCellText(d.object.text)} | ${code(d.address)} | ${cell(d.kind === 'deleted' ? ['deleted'] : d.changes.length ? d.changes : ['changed'])} |`);
    out.push('');
  }
  return out.join('\n');
}

/** The review as JSON, for scripts: the same facts as the Markdown, one object per change. */
export function renderPlanReviewJson(review: PlanReview): string {
  const change = (c: ReviewedChange) => ({
    action: c.action,
    address: c.address,
    object: c.object.text,
    kind: c.object.kind,
    category: CATEGORIES[c.object.rank],
    ...(c.why !== undefined ? { why: c.why } : {}),
    changes: c.changes,
    ...(c.details !== undefined ? { details: c.details } : {}),
    ...(c.importId !== undefined ? { importId: c.importId } : {}),
    ...(c.movedFrom !== undefined ? { movedFrom: c.movedFrom } : {}),
    ...(c.note !== undefined ? { note: c.note } : {}),
    ...(c.gate ? { protected: { target: c.gate.target, acknowledged: c.gate.acknowledged !== undefined, ...(c.gate.acknowledged !== undefined ? { reason: c.gate.acknowledged } : {}) } } : {}),
  });
  const json = {
    env: review.env,
    planFile: review.planFile,
    environmentFile: review.environmentFile,
    terraformVersion: review.terraformVersion,
    formatVersion: review.formatVersion,
    gate: { passed: review.passed, findings: review.findings },
    counts: { ...review.counts, unchanged: review.unchanged, deferredReads: review.deferredReads },
    changes: review.changes.map(change),
    drift: review.drift.map((d) => ({ address: d.address, object: d.object.text, kind: d.kind, changes: d.changes })),
  };
  return `${JSON.stringify(json, null, 2)}\n`;
}
