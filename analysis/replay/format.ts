/**
 * A replay in words: a summary and tables in the report's document form, so the terminal
 * (Markdown), `--format html` and the HTML report's replay section say the same things.
 */
import type { ReportDocument, ReportTable } from '../report/document';
import { CONTROLS, type Counted, type PolicyReplay, type ReplayResult } from './replay';

const fmt = (n: number) => n.toLocaleString('en-US');
const pct = (agreed: number, compared: number) => `${((agreed / compared) * 100).toFixed(2)}%`;

const STATE_WORDS: Readonly<Record<string, string>> = { enabled: 'enabled', enabledForReportingButNotEnforced: 'report-only', disabled: 'off' };

const CONTROL_WORDS: Readonly<Record<string, string>> = {
  block: 'block',
  mfa: 'MFA',
  phishingResistant: 'phishing-resistant strength',
  device: 'device',
  passwordChange: 'password change',
  other: 'terms of use or custom control',
};

const counted = (c: Counted) => `${c.name ? `${c.name} (${c.id})` : c.id}: ${fmt(c.signIns)}`;

export function replaySummary(r: ReplayResult): string[] {
  const out = [
    `${fmt(r.records)} sign-ins replayed against ${r.environment}${r.base ? `, compared with ${r.base}` : ' (newly: relative to the other enforced policies of the working tree)'}; ${fmt(r.skipped)} records skipped`,
    `${fmt(r.interactive)} interactive, ${fmt(r.nonInteractive)} non-interactive${r.records - r.interactive - r.nonInteractive ? `, ${fmt(r.records - r.interactive - r.nonInteractive)} not said` : ''}`,
    r.agreement.compared
      ? `agreement with Entra's own verdicts: ${fmt(r.agreement.agreed)} of ${fmt(r.agreement.compared)} (${pct(r.agreement.agreed, r.agreement.compared)}); ${fmt(r.disagreementCount)} disagreements`
      : 'agreement with Entra: the logs carry no per-policy verdict for a policy perimeter knows',
    `${fmt(r.uncovered.signIns)} sign-ins no enforced policy covers${r.uncovered.topApps.length ? ` (most: ${r.uncovered.topApps.map(counted).join(', ')})` : ''}`,
    `${fmt(r.undecided)} sign-ins with a policy What If cannot decide from the log${Object.keys(r.undecidedBy).length ? `; the inputs that would decide: ${Object.entries(r.undecidedBy).slice(0, 8).map(([k, v]) => `${k} (${fmt(v)})`).join(', ')}` : ''}`,
  ];
  if (r.topUsers.length) out.push(`most affected users: ${r.topUsers.map(counted).join(', ')}`);
  if (r.topApps.length) out.push(`most affected apps: ${r.topApps.map(counted).join(', ')}`);
  if (Object.keys(r.unmatchedPolicies).length) out.push(`verdicts for policies perimeter does not know (not compared): ${Object.entries(r.unmatchedPolicies).slice(0, 8).map(([k, v]) => `${k} (${fmt(v)})`).join(', ')}`);
  for (const w of r.warnings) out.push(`warning: ${w}`);
  return out;
}

function policyRow(p: PolicyReplay): string[][] {
  const controls = CONTROLS.filter((c) => p.byControl[c]).map((c) => `${CONTROL_WORDS[c]}: ${fmt(p.byControl[c])}`);
  return [
    [p.id, `${p.kind}${p.objectId ? ` ${p.objectId}` : ''}`],
    [p.displayName],
    [STATE_WORDS[p.state] ?? p.state],
    [fmt(p.applied)],
    [`${fmt(p.newlyBlocked.signIns)} sign-ins`, `${fmt(p.newlyBlocked.users)} users`],
    [`${fmt(p.newlyChallenged.signIns)} sign-ins`, `${fmt(p.newlyChallenged.users)} users`, ...controls],
    [...p.topUsers.map(counted), ...p.topApps.map(counted)],
    p.undecided ? [`${fmt(p.undecided)}`, ...Object.entries(p.undecidedBy).slice(0, 3).map(([k, v]) => `${k}: ${fmt(v)}`)] : [],
    [p.agreement ? `${fmt(p.agreement.agreed)} of ${fmt(p.agreement.compared)} (${pct(p.agreement.agreed, p.agreement.compared)})` : 'no verdict in the logs'],
  ];
}

export function replayTables(r: ReplayResult): ReportTable[] {
  const tables: ReportTable[] = [
    {
      title: 'Replayed impact by policy',
      note: 'As if each policy were enforced: report-only policies show what enabling them would do. Newly: not already blocked, or asked for the same control, by the reference.',
      columns: ['policy', 'name', 'stage', 'applies to', 'newly blocked', 'newly challenged', 'top users and apps', 'undecided', 'agreement with Entra'],
      rows: r.policies.map(policyRow),
    },
  ];
  if (r.disagreements.length) {
    tables.push({
      title: 'Disagreements with Entra',
      note: r.disagreementCount > r.disagreements.length ? `the first ${fmt(r.disagreements.length)} of ${fmt(r.disagreementCount)}` : undefined,
      columns: ['record', 'policy', 'What If', 'Entra', 'why'],
      rows: r.disagreements.map((d) => [[`${d.record}`, `${d.file}:${d.line}`], [d.policy, d.displayName], [d.ours], [d.entra], [d.why]]),
    } as ReportTable);
  }
  if (r.skippedRecords.length) {
    tables.push({
      title: 'Skipped records',
      note: r.skipped > r.skippedRecords.length ? `the first ${fmt(r.skippedRecords.length)} of ${fmt(r.skipped)}` : undefined,
      columns: ['record', 'where', 'problem'],
      rows: r.skippedRecords.map((s) => [[`${s.record}`], [`${s.file}:${s.line}`], [s.problem]]),
    } as ReportTable);
  }
  return tables.map((t) => (t.note === undefined ? { title: t.title, columns: t.columns, rows: t.rows } : t));
}

export function replayDocument(r: ReplayResult): ReportDocument {
  return { title: `perimeter replay: ${r.environment}`, alerts: [], summary: replaySummary(r), tables: replayTables(r) };
}

/** The HTML report with the replay's summary and tables as its last section. */
export function withReplay(doc: ReportDocument, r: ReplayResult): ReportDocument {
  const tables = replayTables(r).map((t) => ({ ...t, title: `Replay of sign-in logs: ${t.title.charAt(0).toLowerCase()}${t.title.slice(1)}` }));
  return { ...doc, summary: [...doc.summary, ...replaySummary(r).map((line) => `replay: ${line}`)], tables: [...doc.tables, ...tables] };
}
