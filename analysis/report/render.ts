/** Markdown (terminal, job summary, PR comment) and self-contained HTML for a ReportDocument. */
import { withoutUserinfo } from '../../core/secrets';
import type { Cell, ReportDocument } from './document';

/**
 * Text for one Markdown line: never raw HTML (a label or rule could contain `<script>` and
 * the output lands in a PR comment), no line breaks of its own. `->` stays readable.
 */
export function markdownText(text: string): string {
  return withoutUserinfo(text).replace(/</g, '&lt;').replace(/\r?\n/g, ' ');
}

/** Text inside a Markdown table cell: also no pipes. */
export function markdownCellText(text: string): string {
  return markdownText(text).replace(/\|/g, '\\|');
}

const mdCell = (cell: Cell) => (cell.length ? cell.map(markdownCellText).join('<br>') : '–');

export function renderMarkdown(doc: ReportDocument, headingLevel = 1): string {
  const h = (n: number) => '#'.repeat(Math.min(6, headingLevel + n - 1));
  const out: string[] = [`${h(1)} ${doc.title}`, ''];
  for (const alert of doc.alerts) out.push('> [!CAUTION]', `> ${markdownText(alert)}`, '');
  for (const line of doc.summary) out.push(`- ${markdownText(line)}`);
  out.push('');
  for (const table of doc.tables) {
    out.push(`${h(2)} ${table.title} (${table.rows.length})`, '');
    if (table.note) out.push(table.note, '');
    out.push(`| ${table.columns.join(' | ')} |`, `|${table.columns.map(() => '---').join('|')}|`);
    for (const row of table.rows) out.push(`| ${row.map(mdCell).join(' | ')} |`);
    out.push('');
  }
  return out.join('\n');
}

export function escapeHtml(text: string): string {
  return withoutUserinfo(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

const STYLE = `
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:2rem;color:#1b1f24;background:#fff}
h1{font-size:1.6rem}h2{font-size:1.2rem;margin-top:2rem}
table{border-collapse:collapse;width:100%;margin:.5rem 0 1.5rem}
th,td{border:1px solid #d0d7de;padding:.35rem .5rem;vertical-align:top;text-align:left}
th{background:#f6f8fa}tr:nth-child(even) td{background:#fbfcfd}
td div+div{margin-top:.25rem}
.alert{border:2px solid #cf222e;background:#ffebe9;color:#82071e;padding:.75rem 1rem;font-weight:600;margin:1rem 0}
.note{color:#57606a}
`;

export function renderHtml(doc: ReportDocument): string {
  const cell = (c: Cell) => (c.length ? c.map((line) => `<div>${escapeHtml(line)}</div>`).join('') : '–');
  const parts: string[] = [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(doc.title)}</title>`,
    `<style>${STYLE}</style>`,
    '</head>',
    '<body>',
    `<h1>${escapeHtml(doc.title)}</h1>`,
    ...doc.alerts.map((a) => `<div class="alert" role="alert">${escapeHtml(a)}</div>`),
    `<ul>${doc.summary.map((s) => `<li>${escapeHtml(s)}</li>`).join('')}</ul>`,
  ];
  for (const table of doc.tables) {
    parts.push(`<h2>${escapeHtml(table.title)} (${table.rows.length})</h2>`);
    if (table.note) parts.push(`<p class="note">${escapeHtml(table.note)}</p>`);
    parts.push(
      '<table>',
      `<thead><tr>${table.columns.map((c) => `<th>${escapeHtml(c)}</th>`).join('')}</tr></thead>`,
      '<tbody>',
      ...table.rows.map((row) => `<tr>${row.map((c) => `<td>${cell(c)}</td>`).join('')}</tr>`),
      '</tbody>',
      '</table>',
    );
  }
  parts.push('</body>', '</html>', '');
  return parts.join('\n');
}
