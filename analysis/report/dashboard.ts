/**
 * `npm run report -- --format html`: one self-contained page (no network, no script, no CDN)
 * a reviewer reads before a change ships. A summary (stages counted and charted, the
 * break-glass lockout proof, guardrail findings and suppressions with their reasons), the
 * ring x policy matrix across every environment, one card per policy in sentences with its
 * exclusions and their reasons (break-glass stated once for the environment), then named
 * locations and every component's resources. Light and dark, printable, headings and table
 * semantics for screen readers. Pure: the command line gathers the inputs.
 */
import { BREAK_GLASS_GROUP, TF } from '../../core/addresses';
import type { EnvironmentModel, PolicyModel } from '../model/types';
import type { Cell, ReportDocument, ReportTable } from './document';
import { describePolicy, stageOfPolicy, type PolicyField } from './describe';
import { escapeHtml } from './render';

/** One environment of the ring x policy matrix. */
export interface MatrixEnvironment {
  readonly name: string;
  /** From the environment file; Infinity when it could not be read. */
  readonly ring: number;
  readonly model: EnvironmentModel;
}

/** A guardrail finding that did not stop synth (warnings, suppressed findings), as synth recorded it. */
export interface DashboardFinding {
  readonly level: 'warning' | 'suppressed';
  readonly message: string;
}

export interface DashboardInput {
  readonly model: EnvironmentModel;
  /** Every synthesized environment, this one included, for the matrix. */
  readonly environments: readonly MatrixEnvironment[];
  /** The report of this environment (buildReport): its title, summary, alerts and tables, computed once for both formats. */
  readonly doc: ReportDocument;
  readonly findings: readonly DashboardFinding[];
  readonly proof: { readonly proved: boolean; readonly lines: readonly string[] };
  /** The semantic diff against a git ref (npm run report --base): this environment's changes in words, and the verdict. */
  readonly diff?: { readonly base: string; readonly lines: readonly string[]; readonly failures: readonly string[] };
  /** What other evidence adds (npm run replay's tables, when the report is given --replay), shown after the summary. */
  readonly evidence?: { readonly summary: readonly string[]; readonly tables: readonly ReportTable[] };
}

const STAGES = ['enabled', 'report-only', 'off'] as const;

const STYLE = `
:root{color-scheme:light dark;--fg:#1b1f24;--muted:#57606a;--bg:#fff;--panel:#f6f8fa;--line:#d0d7de;
--on-bg:#dafbe1;--on-fg:#0f5323;--ro-bg:#fff1c2;--ro-fg:#5c3b00;--off-bg:#eaeef2;--off-fg:#3d444d;--bad-bg:#ffebe9;--bad-fg:#82071e}
@media (prefers-color-scheme:dark){:root{--fg:#e6edf3;--muted:#9da7b3;--bg:#0d1117;--panel:#161b22;--line:#30363d;
--on-bg:#12361f;--on-fg:#aff5b4;--ro-bg:#3b2e05;--ro-fg:#f8e3a1;--off-bg:#21262d;--off-fg:#c9d1d9;--bad-bg:#42101a;--bad-fg:#ffdcd7}}
*{box-sizing:border-box}
body{font:14px/1.5 system-ui,-apple-system,"Segoe UI",sans-serif;margin:0 auto;padding:1.5rem;max-width:1200px;color:var(--fg);background:var(--bg);overflow-wrap:anywhere}
h1{font-size:1.6rem;margin:.2rem 0}h2{font-size:1.25rem;margin:2rem 0 .6rem;border-bottom:1px solid var(--line);padding-bottom:.2rem}h3{font-size:1rem;margin:0}
.muted,.note{color:var(--muted)}
.summary{display:grid;grid-template-columns:repeat(auto-fit,minmax(260px,1fr));gap:1rem}
.panel{background:var(--panel);border:1px solid var(--line);border-radius:6px;padding:.8rem 1rem}
.panel h2{margin:0 0 .5rem;border:0;font-size:1rem}
.bar{display:flex;height:1.1rem;border-radius:4px;overflow:hidden;border:1px solid var(--line);margin:.4rem 0}
.bar span{display:block;height:100%}
table{border-collapse:collapse;width:100%;margin:.4rem 0 1rem}
caption{text-align:left;color:var(--muted);padding:.2rem 0}
th,td{border:1px solid var(--line);padding:.3rem .5rem;vertical-align:top;text-align:left}
thead th{background:var(--panel)}
td div+div{margin-top:.2rem}
.stage{display:inline-block;border-radius:4px;padding:0 .4rem;font-weight:600;white-space:nowrap}
.stage-enabled{background:var(--on-bg);color:var(--on-fg)}
.stage-report-only{background:var(--ro-bg);color:var(--ro-fg)}
.stage-off{background:var(--off-bg);color:var(--off-fg)}
.stage-absent{color:var(--muted);font-weight:400}
td.stage-enabled,td.stage-report-only,td.stage-off{font-weight:600}
.verdict-proved{color:var(--on-fg);background:var(--on-bg)}
.verdict-fails,.alert{color:var(--bad-fg);background:var(--bad-bg)}
.verdict{display:inline-block;font-weight:700;border-radius:4px;padding:.1rem .5rem}
.alert{border:2px solid currentColor;padding:.75rem 1rem;font-weight:600;margin:1rem 0;border-radius:6px}
.cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(340px,1fr));gap:1rem;align-items:start}
.card{border:1px solid var(--line);border-radius:6px;padding:.8rem 1rem;break-inside:avoid;background:var(--bg)}
.card header{display:flex;justify-content:space-between;gap:.5rem;align-items:baseline;margin-bottom:.4rem}
.card dl{margin:0;display:grid;grid-template-columns:max-content 1fr;gap:.15rem .7rem}
.card dt{color:var(--muted)}.card dd{margin:0}
ul.findings{padding-left:1.2rem;margin:.3rem 0}
pre{white-space:pre-wrap;margin:.4rem 0;font-size:12px}
@media print{body{max-width:none;padding:0}.card,.panel{break-inside:avoid}a{color:inherit}}
`;

const stageClass = (stage: string) => (STAGES.includes(stage as (typeof STAGES)[number]) ? `stage-${stage}` : 'stage-absent');
const badge = (stage: string) => `<span class="stage ${stageClass(stage)}">${escapeHtml(stage)}</span>`;
const lines = (cell: Cell) => (cell.length ? cell.map((l) => `<div>${escapeHtml(l)}</div>`).join('') : '<span class="muted">none</span>');

function table(t: ReportTable, headingLevel: 2 | 3 = 2): string {
  return [
    `<section aria-labelledby="${anchor(t.title)}">`,
    `<h${headingLevel} id="${anchor(t.title)}">${escapeHtml(t.title)} (${t.rows.length})</h${headingLevel}>`,
    t.note ? `<p class="note">${escapeHtml(t.note)}</p>` : '',
    '<table>',
    `<thead><tr>${t.columns.map((c) => `<th scope="col">${escapeHtml(c)}</th>`).join('')}</tr></thead>`,
    '<tbody>',
    ...t.rows.map((row) => `<tr>${row.map((c, i) => (i === 0 ? `<th scope="row">${lines(c)}</th>` : `<td>${lines(c)}</td>`)).join('')}</tr>`),
    '</tbody>',
    '</table>',
    '</section>',
  ].join('\n');
}

const anchor = (title: string) => title.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');

/** Stages counted, with a bar whose segments are as wide as their share. */
function stagePanel(model: EnvironmentModel): string {
  const counts = STAGES.map((s) => ({ stage: s, n: model.policies.filter((p) => stageOfPolicy(p) === s).length }));
  const total = model.policies.length || 1;
  const bar = counts
    .filter((c) => c.n)
    .map((c) => `<span class="${stageClass(c.stage)}" style="width:${((c.n / total) * 100).toFixed(2)}%" title="${c.stage}: ${c.n}"></span>`)
    .join('');
  return [
    '<section class="panel" aria-labelledby="stages">',
    `<h2 id="stages">Policies by stage (${model.policies.length})</h2>`,
    `<div class="bar" role="img" aria-label="${counts.map((c) => `${c.n} ${c.stage}`).join(', ')}">${bar}</div>`,
    `<p>${counts.map((c) => `${badge(c.stage)} ${c.n}`).join(' &nbsp; ')}</p>`,
    model.unmanagedPolicies.length
      ? `<p class="muted">${model.unmanagedPolicies.length} unmanaged policies in the tenant (in force, never changed by a deploy): ${model.unmanagedPolicies.length + model.policies.length} in all.</p>`
      : '',
    '</section>',
  ].join('\n');
}

function proofPanel(model: EnvironmentModel, proof: DashboardInput['proof']): string {
  return [
    '<section class="panel" aria-labelledby="proof">',
    '<h2 id="proof">Break-glass lockout proof</h2>',
    `<p><span class="verdict ${proof.proved ? 'verdict-proved' : 'verdict-fails'}">${proof.proved ? 'PROVED' : 'FAILS'}</span> ${
      proof.proved ? 'no enforced policy can block or challenge a break-glass account' : 'a break-glass account can be locked out'
    }</p>`,
    `<pre>${escapeHtml(proof.lines.join('\n'))}</pre>`,
    breakGlassSentence(model),
    '</section>',
  ].join('\n');
}

function findingsPanel(model: EnvironmentModel, findings: readonly DashboardFinding[]): string {
  const warnings = findings.filter((f) => f.level === 'warning');
  const suppressions = model.declared?.suppressions ?? [];
  return [
    '<section class="panel" aria-labelledby="findings">',
    `<h2 id="findings">Guardrails: ${warnings.length} warning${warnings.length === 1 ? '' : 's'}, ${suppressions.length} suppression${suppressions.length === 1 ? '' : 's'}</h2>`,
    '<p class="muted">Errors stop synth, so none can be in a synthesized stack.</p>',
    warnings.length ? `<ul class="findings">${warnings.map((w) => `<li>${escapeHtml(w.message)}</li>`).join('')}</ul>` : '<p>No warnings.</p>',
    suppressions.length
      ? `<h3>Accepted on purpose</h3><ul class="findings">${suppressions.map((s) => `<li><strong>${escapeHtml(s.rule)}</strong> for ${escapeHtml(s.target)}: ${escapeHtml(s.reason)}</li>`).join('')}</ul>`
      : '',
    '</section>',
  ].join('\n');
}

function breakGlassSentence(model: EnvironmentModel): string {
  const accounts = model.declared?.breakGlassAccounts ?? [];
  if (!accounts.length) return '';
  const names = accounts.map((a) => model.labelOf(a));
  return `<p>Every managed policy excludes the break-glass accounts (${escapeHtml(names.join(', '))}) and the break-glass group; the cards below do not repeat it.</p>`;
}

/** Every policy id against every environment, in ring order; a policy an environment does not have is "absent" there. */
function matrix(environments: readonly MatrixEnvironment[], current: string): string {
  const ordered = [...environments].sort((a, b) => a.ring - b.ring || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const ids = [...new Set(ordered.flatMap((e) => e.model.policies.map((p) => p.id)))].sort();
  const names = new Map<string, string>();
  for (const e of ordered) for (const p of e.model.policies) if (!names.has(p.id)) names.set(p.id, p.displayName);
  const cell = (e: MatrixEnvironment, id: string) => {
    const p = e.model.policies.find((x) => x.id === id);
    const stage = p ? stageOfPolicy(p) : 'absent';
    return `<td class="${stageClass(stage)}">${escapeHtml(stage)}</td>`;
  };
  return [
    '<section aria-labelledby="matrix">',
    '<h2 id="matrix">Rings and policies</h2>',
    '<p class="note">Every policy in every synthesized environment, lower rings first: a policy is never further along in a later ring (PRM-STG001).</p>',
    '<table class="matrix">',
    '<caption>Stage of each policy per environment</caption>',
    `<thead><tr><th scope="col">Policy</th>${ordered.map((e) => `<th scope="col">${escapeHtml(e.name)}${e.name === current ? ' (this report)' : ''}<br><span class="muted">ring ${Number.isFinite(e.ring) ? e.ring : '?'}</span></th>`).join('')}</tr></thead>`,
    '<tbody>',
    ...ids.map((id) => `<tr><th scope="row">${escapeHtml(names.get(id) ?? id)}</th>${ordered.map((e) => cell(e, id)).join('')}</tr>`),
    '</tbody>',
    '</table>',
    '</section>',
  ].join('\n');
}

const SENTENCE: Readonly<Record<Exclude<PolicyField['column'], 'name'>, string>> = {
  included: 'Applies to',
  excluded: 'Except',
  apps: 'Protects',
  conditions: 'When',
  grant: 'Requires',
  session: 'Session',
};

/** One card: who, what, when, what is required, and the environment's own exclusions with their reasons. */
function card(model: EnvironmentModel, p: PolicyModel, unmanaged: boolean): string {
  const facts = describePolicy(p);
  const breakGlass = new Set([...(model.declared?.breakGlassAccounts ?? []), `${TF.group}.${BREAK_GLASS_GROUP}`]);
  const rows: string[] = [];
  for (const column of Object.keys(SENTENCE) as (keyof typeof SENTENCE)[]) {
    const fields = facts.fields.filter((f) => f.column === column);
    const parts = fields.flatMap((f) => {
      const items = f.items.filter((_, i) => !(column === 'excluded' && breakGlass.has(f.keys[i] ?? '')));
      if (!items.length) return [];
      const named = column === 'conditions' || column === 'session' || f.name === 'excluded resources';
      return [`${named ? `${f.name}: ` : ''}${items.join(', ')}`];
    });
    if (parts.length) rows.push(`<dt>${SENTENCE[column]}</dt><dd>${parts.map(escapeHtml).join('<br>')}</dd>`);
  }
  const exclusions = (model.declared?.policyExclusions ?? []).filter((e) => e.policy === p.id);
  const reasons = exclusions.map((e) => `<li>${escapeHtml([...e.users, ...e.groups].map((id) => model.labelOf(id)).join(', '))}: ${escapeHtml(e.reason)}</li>`).join('');
  return [
    `<article class="card" aria-labelledby="card-${anchor(p.id)}">`,
    `<header><h3 id="card-${anchor(p.id)}">${escapeHtml(p.displayName)}</h3>${badge(facts.stage)}</header>`,
    unmanaged ? '<p class="muted">Unmanaged: in force in the tenant, never changed by a deploy.</p>' : '',
    `<dl>${rows.join('')}</dl>`,
    reasons ? `<p class="muted">Excluded by this environment, and why:</p><ul class="findings">${reasons}</ul>` : '',
    '</article>',
  ].join('\n');
}

/** The page around a body: self-contained (the style inline, nothing fetched), titled by the document. */
function page(title: string, body: readonly string[]): string {
  return [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(title)}</title>`,
    `<style>${STYLE}</style>`,
    '</head>',
    '<body>',
    ...body,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

export function renderDashboard(input: DashboardInput): string {
  const { model, doc } = input;
  // The report's tables after its policy tables: named locations, groups, then every component's resources.
  const rest = doc.tables.filter((t) => t.title !== 'Conditional Access policies' && t.title !== 'Unmanaged policies');
  return page(doc.title, [
    '<header>',
    `<h1>${escapeHtml(doc.title)}</h1>`,
    `<p class="muted">${doc.summary.map(escapeHtml).join(' · ')}</p>`,
    '</header>',
    '<main>',
    ...doc.alerts.map((a) => `<div class="alert" role="alert">${escapeHtml(a)}</div>`),
    '<div class="summary">',
    stagePanel(model),
    proofPanel(model, input.proof),
    findingsPanel(model, input.findings),
    '</div>',
    ...(input.evidence
      ? [
          '<section class="panel" aria-labelledby="evidence">',
          '<h2 id="evidence">Evidence</h2>',
          `<ul class="findings">${input.evidence.summary.map((s) => `<li>${escapeHtml(s)}</li>`).join('')}</ul>`,
          '</section>',
          ...input.evidence.tables.map((t) => table(t)),
        ]
      : []),
    ...(input.diff
      ? [
          '<section aria-labelledby="changes">',
          `<h2 id="changes">Changes against ${escapeHtml(input.diff.base)} (${input.diff.lines.length})</h2>`,
          input.diff.lines.length ? `<ul class="findings">${input.diff.lines.map((l) => `<li>${escapeHtml(l)}</li>`).join('')}</ul>` : '<p>No changes to this environment.</p>',
          input.diff.failures.length
            ? `<div class="alert" role="alert">Not promotable:<ul class="findings">${input.diff.failures.map((f) => `<li>${escapeHtml(f)}</li>`).join('')}</ul></div>`
            : '<p><span class="verdict verdict-proved">promotable</span> nothing in this change skips report-only or removes, renames or retargets an object unacknowledged.</p>',
          '</section>',
        ]
      : []),
    matrix(input.environments, model.name),
    '<section aria-labelledby="policies">',
    `<h2 id="policies">Conditional Access policies (${model.policies.length})</h2>`,
    `<div class="cards">${model.policies.map((p) => card(model, p, false)).join('\n')}</div>`,
    '</section>',
    model.unmanagedPolicies.length
      ? [
          '<section aria-labelledby="unmanaged">',
          `<h2 id="unmanaged">Unmanaged policies (${model.unmanagedPolicies.length})</h2>`,
          `<div class="cards">${model.unmanagedPolicies.map((p) => card(model, p, true)).join('\n')}</div>`,
          '</section>',
        ].join('\n')
      : '',
    ...rest.map((t) => table(t)),
    '</main>',
  ]);
}

/** Any ReportDocument as one self-contained page in the dashboard's style (npm run replay --format html). */
export function renderDocumentPage(doc: ReportDocument): string {
  return page(doc.title, [
    `<header><h1>${escapeHtml(doc.title)}</h1></header>`,
    '<main>',
    ...doc.alerts.map((a) => `<div class="alert" role="alert">${escapeHtml(a)}</div>`),
    `<ul>${doc.summary.map((s) => `<li>${escapeHtml(s)}</li>`).join('')}</ul>`,
    ...doc.tables.map((t) => table(t)),
    '</main>',
  ]);
}
