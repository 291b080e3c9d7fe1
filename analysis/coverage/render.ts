/** The coverage report as Markdown (terminal, PR comment) and as a self-contained HTML page with the coloured matrix. */
import { escapeHtml, markdownCellText, markdownText } from '../report/render';
import type { CoverageReport, InvariantResult } from './coverage';
import { CONTROL_WORDS, type Control } from './outcome';
import { matrixRows, SHORT, SWATCH } from './table';

function invariantLines(i: InvariantResult): string[] {
  const out = [`- **${i.verdict}** \`${i.id}\`: ${markdownText(i.title)}`];
  for (const g of i.gaps) out.push(`  - ${markdownText(g.sentence)}`);
  if (i.verdict === 'FAILS') {
    out.push(
      i.withReportOnly.verdict === 'PROVED'
        ? '  - once the report-only policies are enabled: PROVED'
        : `  - once the report-only policies are enabled: still FAILS (${i.withReportOnly.gaps.length} gap${i.withReportOnly.gaps.length === 1 ? '' : 's'})`,
    );
  }
  return out;
}

export function renderCoverageMarkdown(r: CoverageReport, headingLevel = 1): string {
  const h = (n: number) => '#'.repeat(Math.min(6, headingLevel + n - 1));
  const proved = r.invariants.filter((i) => i.verdict === 'PROVED').length;
  const out: string[] = [
    `${h(1)} Coverage of ${r.environment}`,
    '',
    `${proved} of ${r.invariants.length} invariants PROVED over the enforced policies; ${r.space.toLocaleString('en-US')} sign-in classes searched in ${r.millis.toFixed(1)} ms.`,
    '',
    `${h(2)} Invariants`,
    '',
    ...r.invariants.flatMap(invariantLines),
    '',
    `${h(2)} Weakest control per persona and app (enforced policies)`,
    '',
  ];
  const { apps, rows } = matrixRows(r.matrix);
  out.push(`| persona | ${apps.map(markdownCellText).join(' | ')} |`, `|---|${apps.map(() => '---').join('|')}|`);
  for (const [p, cells] of rows) out.push(`| ${markdownCellText(p)} | ${cells.map((c) => `${SWATCH[c].mark} ${SHORT[c]}`).join(' | ')} |`);
  out.push('');
  const findings = r.exclusions.filter((e) => e.finding);
  out.push(`${h(2)} Exclusions without a fallback (${findings.length})`, '');
  if (!findings.length) out.push('Every excluded user and group is still held to something by another enforced policy (break-glass and sync accounts aside, by design).');
  for (const e of findings) out.push(`- ${markdownText(`${e.policy} excludes ${e.excluded}: then held to ${CONTROL_WORDS[e.heldTo]} somewhere ${e.policy} would apply`)}`);
  out.push('', `${h(2)} Dead policies (${r.deadPolicies.length})`, '');
  if (!r.deadPolicies.length) out.push('Every policy applies somewhere and adds something there.');
  for (const d of r.deadPolicies) out.push(`- ${markdownText(`${d.policy} (${d.state}): ${d.why}`)}`);
  if (r.problems.length) out.push('', `${h(2)} Problems`, '', ...r.problems.map((p) => `- ${markdownText(p)}`));
  out.push('');
  return out.join('\n');
}

export function renderCoverageHtml(r: CoverageReport): string {
  const { apps, rows } = matrixRows(r.matrix);
  const inv = r.invariants
    .map(
      (i) =>
        `<li><strong class="${i.verdict === 'PROVED' ? 'ok' : 'fail'}">${i.verdict}</strong> <code>${escapeHtml(i.id)}</code>: ${escapeHtml(i.title)}${
          i.gaps.length ? `<ul>${i.gaps.map((g) => `<li>${escapeHtml(g.sentence)}</li>`).join('')}</ul>` : ''
        }</li>`,
    )
    .join('');
  const legend = (Object.keys(SWATCH) as Control[]).map((c) => `<span class="cell" style="background:${SWATCH[c].colour}">${escapeHtml(CONTROL_WORDS[c])}</span>`).join(' ');
  return [
    '<!doctype html>',
    '<html lang="en">',
    '<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>Coverage of ${escapeHtml(r.environment)}</title>`,
    '<style>body{font:14px/1.45 system-ui,sans-serif;margin:2rem;color:#1b1f24}table{border-collapse:collapse}th,td{border:1px solid #d0d7de;padding:.3rem .45rem;text-align:left}th{background:#f6f8fa}.ok{color:#1a7f37}.fail{color:#cf222e}.cell{padding:.1rem .4rem;border-radius:3px}</style>',
    '</head><body>',
    `<h1>Coverage of ${escapeHtml(r.environment)}</h1>`,
    `<h2>Invariants</h2><ul>${inv}</ul>`,
    `<h2>Weakest control per persona and app (enforced policies)</h2><p>${legend}</p>`,
    `<table><thead><tr><th>persona</th>${apps.map((a) => `<th>${escapeHtml(a)}</th>`).join('')}</tr></thead><tbody>`,
    ...rows.map(([p, cells]) => `<tr><th>${escapeHtml(p)}</th>${cells.map((c) => `<td style="background:${SWATCH[c].colour}">${escapeHtml(SHORT[c])}</td>`).join('')}</tr>`),
    '</tbody></table>',
    `<h2>Exclusions without a fallback</h2><ul>${r.exclusions
      .filter((e) => e.finding)
      .map((e) => `<li>${escapeHtml(`${e.policy} excludes ${e.excluded}: then held to ${CONTROL_WORDS[e.heldTo]}`)}</li>`)
      .join('')}</ul>`,
    `<h2>Dead policies</h2><ul>${r.deadPolicies.map((d) => `<li>${escapeHtml(`${d.policy} (${d.state}): ${d.why}`)}</li>`).join('')}</ul>`,
    '</body></html>',
    '',
  ].join('\n');
}
