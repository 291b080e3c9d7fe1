/** Markdown (terminal, job summary, PR comment) for a ReportDocument, and the escaping every HTML page uses (dashboard.ts). */
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
