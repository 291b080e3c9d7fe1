/**
 * The coverage matrix as a report table (`npm run report`, the PR comment): the weakest
 * control per persona and app class, one row per set of personas held alike, each cell
 * coloured by a square so Markdown and HTML both show it at a glance.
 */
import type { CoverageReport } from './coverage';
import type { Control } from './outcome';

/** A colour per control, strongest blue and green, nothing red. */
export const SWATCH: Readonly<Record<Control, { readonly mark: string; readonly colour: string }>> = {
  block: { mark: '🟦', colour: '#ddf4ff' },
  phishingResistant: { mark: '🟩', colour: '#aceebb' },
  mfa: { mark: '🟩', colour: '#dafbe1' },
  device: { mark: '🟨', colour: '#fff8c5' },
  passwordChange: { mark: '🟧', colour: '#ffe7cc' },
  nothing: { mark: '🟥', colour: '#ffcecb' },
};

export const SHORT: Readonly<Record<Control, string>> = { block: 'block', phishingResistant: 'phishing-resistant', mfa: 'MFA', device: 'device', passwordChange: 'password change', nothing: 'nothing' };

/** One row per set of personas held alike: 25 admin roles that behave the same are one row. */
export function matrixRows(matrix: CoverageReport['matrix']): { apps: string[]; rows: [string, Control[]][] } {
  const personas = Object.keys(matrix);
  const apps = personas.length ? Object.keys(matrix[personas[0]!]!) : [];
  const rows = new Map<string, { names: string[]; cells: Control[] }>();
  for (const p of personas) {
    const cells = apps.map((a) => matrix[p]![a]!);
    const key = cells.join('|');
    const row = rows.get(key);
    if (row) row.names.push(p);
    else rows.set(key, { names: [p], cells });
  }
  const label = (names: readonly string[]) => (names.length <= 3 ? names.join(', ') : `${names.slice(0, 2).join(', ')} and ${names.length - 2} more`);
  return { apps, rows: [...rows.values()].map((r) => [label(r.names), r.cells]) };
}

/** The matrix as a table of the report document (cells are lists of lines). */
export function coverageTable(report: CoverageReport): { title: string; note: string; columns: string[]; rows: string[][][] } {
  const { apps, rows } = matrixRows(report.matrix);
  const proved = report.invariants.filter((i) => i.verdict === 'PROVED').length;
  return {
    title: 'Coverage: weakest control per persona and app',
    note: `What the enforced policies hold every persona to, at the weakest, over every client, platform, location, device, risk and flow. ${proved} of ${report.invariants.length} coverage invariants PROVED; npm run coverage names every gap.`,
    columns: ['Personas', ...apps],
    rows: rows.map(([names, cells]) => [[names], ...cells.map((c) => [`${SWATCH[c].mark} ${SHORT[c]}`])]),
  };
}
