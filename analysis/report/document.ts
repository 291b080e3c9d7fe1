/**
 * The report as a small document (title, alerts, summary, tables) that the Markdown and HTML
 * renderers both print, so the two formats cannot say different things.
 */
import { ceilingScope } from '../../core/stages';
import { includesP2Group, isRiskPolicy } from '../model/queries';
import { analyseCoverage } from '../coverage/coverage';
import { coverageTable } from '../coverage/table';
import type { EnvironmentModel, NamedLocationModel, PolicyModel } from '../model/types';
import { describeBackend, describePolicy, describeResource, stageCeilingOf, stageOfPolicy, type PolicyField } from './describe';
import { sectionsOf, type ResourceSection } from './sections';
import { waveProgressionTable, waveSummary } from './waves';

/** A cell is a list of lines; a renderer decides how lines are separated. */
export type Cell = readonly string[];

export interface ReportTable {
  readonly title: string;
  readonly note?: string;
  readonly columns: readonly string[];
  readonly rows: readonly (readonly Cell[])[];
}

export interface ReportDocument {
  readonly title: string;
  /** Things a reviewer must not miss (the emergency brake). */
  readonly alerts: readonly string[];
  readonly summary: readonly string[];
  readonly tables: readonly ReportTable[];
}

const fieldLines = (fields: readonly PolicyField[], column: PolicyField['column'], withName: boolean): string[] =>
  fields.filter((f) => f.column === column).map((f) => (withName ? `${f.name}: ${f.items.join('; ')}` : f.items.join('; ')));

function appLines(fields: readonly PolicyField[]): string[] {
  return fields
    .filter((f) => f.column === 'apps')
    .map((f) => (f.name === 'target resources' ? f.items.join('; ') : `${f.name === 'excluded resources' ? 'except' : f.name}: ${f.items.join('; ')}`));
}

function locationRow(l: NamedLocationModel): Cell[] {
  if (l.kind === 'ip') {
    return [[l.key], [l.displayName], ['IP ranges'], [l.ipRanges.join(', ')], [l.isTrusted ? 'trusted' : 'not trusted']];
  }
  return [
    [l.key],
    [l.displayName],
    ['countries'],
    [l.countriesAndRegions.join(', ')],
    [`unknown countries ${l.includeUnknownCountriesAndRegions ? 'included' : 'not included'}`, `lookup by ${l.countryLookupMethod}`],
  ];
}

/** The report of one environment; `sections` are the components' report sections, in registry order. */
export function buildReport(model: EnvironmentModel, sections: readonly ResourceSection[]): ReportDocument {
  const ceiling = stageCeilingOf(model);
  const alerts: string[] = [];
  if (ceiling) {
    const lowered = Object.entries(ceiling.lowered).map(([id, from]) => `${id} (YAML: ${from})`);
    alerts.push(
      `EMERGENCY BRAKE: synthesized with PERIMETER_STAGE_CEILING=${ceiling.ceiling}, which caps ${ceilingScope(ceiling.ceiling)}` +
        (lowered.length ? `; lowered: ${lowered.join(', ')}.` : '; nothing was further along.') +
        ' The tenant will differ from the YAML until a deploy without the ceiling.',
    );
  }

  const counts = new Map<string, number>();
  for (const p of model.policies) {
    const stage = stageOfPolicy(p);
    counts.set(stage, (counts.get(stage) ?? 0) + 1);
  }
  const summary = [
    ...(model.tenantId ? [`Tenant: ${model.tenantId}`] : []),
    `State: ${describeBackend(model)}`,
    `Conditional Access policies: ${model.policies.length}` +
      (counts.size ? ` (${['enabled', 'report-only', 'off'].filter((s) => counts.has(s)).map((s) => `${counts.get(s)} ${s}`).join(', ')})` : ''),
  ];

  summary.push(...licensingSummary(model));
  if (model.unmanagedPolicies.length) {
    summary.push(`Unmanaged policies in the tenant: ${model.unmanagedPolicies.length} (in force, never changed by a deploy; ${model.unmanagedPolicies.length + model.policies.length} policies in all)`);
  }

  const waves = waveSummary(model);
  if (waves) summary.push(waves);

  const policyRow = (p: PolicyModel): Cell[] => {
    const facts = describePolicy(p);
    const stage = facts.stage;
    const capped = ceiling?.lowered[p.id];
    return [
      p.authenticationContextPolicy ? [p.displayName, 'authentication context policy (declared through msgraph)'] : [p.displayName],
      capped ? [stage, `capped by the emergency brake (YAML: ${capped})`] : [stage],
      fieldLines(facts.fields, 'included', false),
      fieldLines(facts.fields, 'excluded', false),
      appLines(facts.fields),
      fieldLines(facts.fields, 'conditions', true),
      fieldLines(facts.fields, 'grant', false),
      fieldLines(facts.fields, 'session', true),
    ];
  };
  const policyRows = model.policies.map(policyRow);

  const tables: ReportTable[] = [
    {
      title: 'Conditional Access policies',
      note: 'One row per policy, in policy-id order. Stages: off = disabled, report-only = enabledForReportingButNotEnforced, enabled = enforced.',
      columns: ['Policy', 'Stage', 'Included', 'Excluded', 'Apps and actions', 'Conditions', 'Grant', 'Session'],
      rows: policyRows,
    },
  ];
  if (model.unmanagedPolicies.length) {
    tables.push({
      title: 'Unmanaged policies',
      note: `The tenant's policies perimeter does not manage (${model.declared?.name ?? model.name}.unmanaged.json, written by npm run import): in force as they are, counted by What If, the lockout proof and the policy limit, never changed by a deploy.`,
      columns: ['Policy', 'Stage', 'Included', 'Excluded', 'Apps and actions', 'Conditions', 'Grant', 'Session'],
      rows: model.unmanagedPolicies.map(policyRow),
    });
  }
  const progression = waveProgressionTable(model);
  if (progression) tables.push(progression);
  if (model.policies.length || model.unmanagedPolicies.length) tables.push(coverageTable(analyseCoverage(model).report));
  if (model.namedLocations.length) {
    tables.push({
      title: 'Named locations',
      columns: ['Location', 'Display name', 'Kind', 'Ranges or countries', 'Settings'],
      rows: model.namedLocations.map(locationRow),
    });
  }
  if (model.groups.length) {
    tables.push({
      title: 'Groups',
      columns: ['Group', 'Display name', 'Members', 'Managed'],
      rows: model.groups.map((g) => [
        [g.key],
        [g.displayName],
        g.members.length ? [g.members.map((m) => model.labelOf(m)).join('; ')] : [g.managedByStack ? 'no standing members' : '(not managed here)'],
        [g.managedByStack ? 'created by this stack' : 'existing group, referenced'],
      ]),
    });
  }
  for (const { section, resources } of sectionsOf(model, sections)) {
    if (section.rows) continue;
    tables.push({
      title: section.title,
      ...(section.note ? { note: section.note } : {}),
      columns: ['Resource', 'Settings'],
      rows: resources.map((r) => {
        const described = section.describe?.(r, model);
        if (described) {
          const stage = section.stageOf?.(r);
          const capped = ceiling?.lowered[r.name];
          return [
            [described.subject],
            [
              ...(stage ? [`stage: ${stage}${capped ? ` (capped by the emergency brake; YAML: ${capped})` : ''}`] : []),
              ...[...described.facts].map(([k, v]) => `${k}: ${v.text}`),
            ],
          ];
        }
        const settings = describeResource(model, r);
        const name = settings.get('display_name');
        const stage = section.stageOf?.(r);
        const capped = ceiling?.lowered[r.name];
        return [
          name ? [r.address, name] : [r.address],
          [
            ...(stage ? [`stage: ${stage}${capped ? ` (capped by the emergency brake; YAML: ${capped})` : ''}`] : []),
            ...[...settings].filter(([k]) => k !== 'display_name').map(([k, v]) => `${k}: ${v}`),
          ],
        ];
      }),
    });
  }

  for (const section of sections) {
    const rows = section.rows?.(model) ?? [];
    if (rows.length) tables.push({ title: section.title, ...(section.note ? { note: section.note } : {}), columns: ['Setting', 'Declared'], rows: rows.map(([a, b]) => [[...a], [...b]]) });
  }

  return { title: `perimeter report: ${model.name}`, alerts, summary, tables };
}

/** Who Entra ID P2 covers and who the risk policies leave out, in words (`licensing:`). */
function licensingSummary(model: EnvironmentModel): string[] {
  const licensing = model.declared?.licensing;
  if (licensing?.p2 !== 'partial') return [];
  const risk = model.policies.filter(isRiskPolicy);
  const ids = risk.map((p) => p.id).join(', ') || 'none';
  const group = licensing.p2Group;
  if (!group) return [`Entra ID P2: partial, and no licensing.p2Group: the risk policies (${ids}) target all users, licensed or not`];
  const label = model.labelOf(group.objectId);
  const inGroup = risk.filter((p) => includesP2Group(p, model.declared));
  return [
    `Entra ID P2: partial; the risk policies (${inGroup.map((p) => p.id).join(', ') || 'none'}) target the P2 holders, ${label !== group.objectId ? label : `group ${group.key}`}.` +
      ' Outside them: every user who is not a member of that group, guests included. Identity Protection does not block or challenge them for sign-in or user risk.',
  ];
}
