/**
 * The fidelity report of an import: for every policy and named location of the export, what
 * it became (adopted as a baseline policy, a custom policy, or left unmanaged), what azuread
 * 3.7.0 cannot express of it, and what the first deploy changes, in the report's words. It
 * compares each imported object with the stack synthesized from what the import writes.
 * Pure: `npm run import` (cli/import.ts) prints it as Markdown or as JSON.
 */
import { BREAK_GLASS_GROUP, TF } from '../../core/addresses';
import { stageOfState } from '../../core/stages';
import { policyChanges } from '../diff/compare';
import type { EnvironmentModel, PolicyModel, Ref } from '../model/types';
import { markdownCellText, markdownText } from '../report/render';
import type { AdoptionPlan, PolicyDecision } from './adopt';
import { policyModelOf } from './model';
import { mapLocationRefs } from './plan';
import type { ImportSource } from './types';

/** One policy or named location of the export, in the JSON contract (docs/adoption.md). */
export interface FidelityEntry {
  readonly source: ImportSource;
  readonly originalId: string;
  readonly displayName: string;
  /** `baseline`, `custom` or `unmanaged` for a policy; `managed` or `unmanaged` for a named location. */
  readonly outcome: 'baseline' | 'custom' | 'unmanaged' | 'managed';
  /** The perimeter id it became (`CA003`, `CP001`), or the named location's key. */
  readonly id?: string;
  /** JSON paths of the fields azuread 3.7.0 cannot express. */
  readonly unexpressible: readonly string[];
  /** What the first deploy changes, one sentence each; empty when it changes nothing. */
  readonly changes: readonly string[];
  /** Why it stays unmanaged; or, for an object adopted by an earlier import, that the code decides it now. */
  readonly note?: string;
}

export interface FidelityReport {
  readonly environment: string;
  readonly tenantId: string;
  /** `--from` as given. */
  readonly from: string;
  readonly dryRun: boolean;
  /** The files written (or, with --dry-run, that would be), relative to the working directory. */
  readonly files: readonly { readonly path: string; readonly change: 'created' | 'updated' | 'unchanged' }[];
  readonly policies: readonly FidelityEntry[];
  readonly namedLocations: readonly FidelityEntry[];
  /** Policies and named locations the first deploy creates because nothing in the tenant is adopted as them, with their stage. */
  readonly creates: readonly string[];
  /** Groups and apps the import gave keys, by key. */
  readonly groups: readonly { readonly key: string; readonly objectId: string; readonly displayName?: string }[];
  readonly apps: readonly { readonly key: string; readonly appId: string; readonly displayName?: string }[];
  /** The guardrails over every environment as the import leaves them: errors that stop synth, and warnings. */
  readonly guardrails: { readonly errors: readonly string[]; readonly warnings: readonly string[] };
  /** The break-glass lockout proof of the environment as the import leaves it, unmanaged policies included. */
  readonly lockoutProof: { readonly proved: boolean; readonly summary: readonly string[] };
  /** Said, not stopping: duplicate groups in the export, a tenant the export does not name. */
  readonly warnings: readonly string[];
}

const quote = (s: string) => `"${s}"`;

/** `a`, `a and b`, `a, b and c`; every break-glass account at once is the break-glass exclusion. */
function listed(items: readonly string[]): string {
  const all = [...items];
  const isBreakGlass = (i: string) => /^break-glass account \d+$/.test(i) || i.startsWith(`group ${BREAK_GLASS_GROUP} (`);
  const breakGlass = all.filter(isBreakGlass).map((i) => (i.startsWith('group ') ? 'the break-glass group' : i));
  const rest = all.filter((i) => !isBreakGlass(i));
  const words = [...(breakGlass.length ? [`the break-glass exclusion (${breakGlass.join(', ')})`] : []), ...rest];
  return words.length <= 1 ? (words[0] ?? '') : `${words.slice(0, -1).join(', ')} and ${words[words.length - 1]}`;
}

/** An exported policy as the stack names it: named locations the environment adopts by their address. */
function importedModel(d: Exclude<PolicyDecision, { outcome: 'unmanaged' }>, plan: AdoptionPlan, after: EnvironmentModel): PolicyModel {
  const model = policyModelOf(d.policy, d.id, (id) => after.labels.get(id));
  return mapLocationRefs(model, (r: Ref) => {
    const key = plan.keys.locations.get(r.id);
    if (!key) return r;
    const id = `${TF.namedLocation}.${key}`;
    return { id, label: after.labels.get(id) ?? r.label };
  });
}

/** In words, what turns the tenant's policy into the one the stack declares. */
export function policyChangeSentences(before: PolicyModel, after: PolicyModel, relabel: (id: string) => string | undefined = () => undefined): string[] {
  const name = quote(before.displayName);
  const out: string[] = [];
  if (before.state !== after.state) out.push(`moves ${name} from ${stageOfState(before.state) ?? before.state} to ${stageOfState(after.state) ?? after.state}`);
  for (const c of policyChanges(before, after, relabel)) {
    if (c.field === 'display name') {
      out.push(`renames ${name} to ${quote(after.displayName)}`);
      continue;
    }
    if (c.added || c.removed) {
      if (c.added?.length) out.push(`adds ${listed(c.added)} to the ${c.field} of ${name}`);
      if (c.removed?.length) out.push(`removes ${listed(c.removed)} from the ${c.field} of ${name}`);
      if (!c.added?.length && !c.removed?.length) out.push(`reorders the ${c.field} of ${name} (the same entries)`);
    } else {
      out.push(`changes the ${c.field} of ${name} from ${(c.from ?? []).map(quote).join(', ') || 'nothing'} to ${(c.to ?? []).map(quote).join(', ') || 'nothing'}`);
    }
  }
  return out;
}

/** What the report says of each policy and named location, against the stack synthesized from what the import writes. */
export function fidelityEntries(plan: AdoptionPlan, after: EnvironmentModel): { policies: FidelityEntry[]; namedLocations: FidelityEntry[]; creates: string[] } {
  const policies = plan.policies.map((d): FidelityEntry => {
    const common = { source: d.policy.source, originalId: d.policy.originalId, displayName: d.policy.displayName, unexpressible: d.policy.unexpressible };
    if (d.outcome === 'unmanaged') return { ...common, outcome: 'unmanaged', changes: [], note: `${d.why}; it stays in force as it is, counted by What If, the lockout proof and the policy limit` };
    const synthesized = after.policy(d.id);
    const changes = synthesized
      ? policyChangeSentences(importedModel(d, plan, after), synthesized, (id) => after.labels.get(id))
      : [`${d.id} is not part of ${after.name}: list it under policies: to manage ${quote(d.policy.displayName)}`];
    return {
      ...common,
      outcome: d.outcome,
      id: d.id,
      changes,
      ...(d.reused ? { note: `adopted as ${d.id} by an earlier import: the code decides it now, and these are the changes a deploy makes to the tenant's copy` } : {}),
    };
  });
  const namedLocations = plan.locations.map((d): FidelityEntry => {
    const l = d.location;
    const common = { source: l.source, originalId: l.originalId, displayName: l.displayName, unexpressible: l.unexpressible };
    if (d.outcome === 'unmanaged') return { ...common, outcome: 'unmanaged', changes: [], note: d.why };
    const declared = after.namedLocations.find((x) => x.key === d.key);
    const changes: string[] = [];
    if (declared && declared.displayName !== l.displayName) changes.push(`renames the named location ${quote(l.displayName)} to ${quote(declared.displayName)}`);
    if (declared && l.kind === 'ip' && declared.kind === 'ip') {
      const had = new Set(l.ipRanges);
      const has = new Set(declared.ipRanges);
      for (const r of declared.ipRanges) if (!had.has(r)) changes.push(`adds the range ${r} to the named location ${quote(l.displayName)}`);
      for (const r of l.ipRanges) if (!has.has(r)) changes.push(`removes the range ${r} from the named location ${quote(l.displayName)}`);
      if (declared.isTrusted !== l.isTrusted) changes.push(`${declared.isTrusted ? 'trusts' : 'stops trusting'} the named location ${quote(l.displayName)}`);
    }
    if (declared && l.kind === 'country' && declared.kind === 'country') {
      const had = new Set(l.countriesAndRegions);
      const has = new Set(declared.countriesAndRegions);
      for (const c of declared.countriesAndRegions) if (!had.has(c)) changes.push(`adds ${c} to the named location ${quote(l.displayName)}`);
      for (const c of l.countriesAndRegions) if (!has.has(c)) changes.push(`removes ${c} from the named location ${quote(l.displayName)}`);
      if (declared.includeUnknownCountriesAndRegions !== l.includeUnknownCountriesAndRegions) {
        changes.push(`${declared.includeUnknownCountriesAndRegions ? 'includes' : 'stops including'} unknown countries in the named location ${quote(l.displayName)}`);
      }
      if (declared.countryLookupMethod !== l.countryLookupMethod) changes.push(`looks up the country of ${quote(l.displayName)} by ${declared.countryLookupMethod} instead of ${l.countryLookupMethod}`);
    }
    return { ...common, outcome: 'managed', id: d.key, changes };
  });
  const adoptedIds = new Set(plan.policies.flatMap((d) => (d.outcome === 'unmanaged' ? [] : [d.id])));
  const adoptedKeys = new Set(plan.locations.flatMap((d) => (d.outcome === 'managed' ? [d.key] : [])));
  const creates = [
    ...after.policies.filter((p) => !adoptedIds.has(p.id) && !after.imports.has(p.address)).map((p) => `creates the policy ${quote(p.displayName)} (${stageOfState(p.state) ?? p.state})`),
    ...after.namedLocations.filter((l) => !adoptedKeys.has(l.key) && !after.imports.has(l.address)).map((l) => `creates the named location ${quote(l.displayName)}`),
  ];
  return { policies, namedLocations, creates };
}

const OUTCOME_WORDS: Readonly<Record<FidelityEntry['outcome'], string>> = {
  baseline: 'adopted as baseline',
  custom: 'imported as custom',
  unmanaged: 'left unmanaged',
  managed: 'managed as',
};

const sourceText = (s: ImportSource) => `${s.file}${s.index !== undefined ? ` [${s.index}]` : ''}`;

/** The report as Markdown, for the pull request that brings the tenant under review. */
export function fidelityMarkdown(r: FidelityReport): string {
  const t = markdownText;
  const c = markdownCellText;
  const lines: string[] = [];
  const count = (outcome: FidelityEntry['outcome']) => r.policies.filter((p) => p.outcome === outcome).length;
  lines.push(`## Import into ${t(r.environment)} (tenant ${r.tenantId})${r.dryRun ? ': dry run, nothing written' : ''}`, '');
  lines.push(
    `${r.policies.length} policies from ${t(r.from)}: ${count('baseline')} adopted as baseline policies, ${count('custom')} imported as custom policies, ${count('unmanaged')} left unmanaged. ` +
      `${r.namedLocations.filter((l) => l.outcome === 'managed').length} of ${r.namedLocations.length} named locations managed.`,
    '',
  );
  const changing = r.policies.filter((p) => p.changes.length).length + r.namedLocations.filter((l) => l.changes.length).length;
  const creating = r.creates.length ? `, and creates ${r.creates.length} objects nothing in the tenant is adopted as` : '';
  lines.push(changing ? `**The first deploy changes ${changing} of them${creating}**; every change is listed below.` : `**The first deploy changes nothing the tenant has${creating}.**`, '');
  if (r.guardrails.errors.length) {
    lines.push(`### Synth stops on ${r.guardrails.errors.length} guardrail errors`, '', 'Fix these in the files the import wrote before the pull request can merge:', '');
    for (const e of r.guardrails.errors) lines.push(`- ${t(e)}`);
    lines.push('');
  }
  lines.push(`### Break-glass lockout proof: ${r.lockoutProof.proved ? 'PROVED' : 'FAILED'}`, '');
  for (const s of r.lockoutProof.summary) lines.push(`    ${s}`);
  lines.push('');
  lines.push('### Policies', '', '| Policy | Became | First deploy changes | Not expressible in azuread 3.7.0 |', '| --- | --- | --- | --- |');
  for (const p of r.policies) {
    const became = `${OUTCOME_WORDS[p.outcome]}${p.id ? ` ${p.id}` : ''}`;
    const changes = p.changes.length ? p.changes.map(c).join('<br>') : p.outcome === 'unmanaged' ? 'nothing: a deploy never changes it' : 'nothing';
    lines.push(`| ${c(p.displayName)}<br><sub>${c(p.originalId)} from ${c(sourceText(p.source))}</sub> | ${c(became)}${p.note ? `<br><sub>${c(p.note)}</sub>` : ''} | ${changes} | ${p.unexpressible.map((u) => `\`${u}\``).join('<br>') || ''} |`);
  }
  lines.push('', '### Named locations', '', '| Named location | Became | First deploy changes |', '| --- | --- | --- |');
  for (const l of r.namedLocations) {
    lines.push(`| ${c(l.displayName)}<br><sub>${c(l.originalId)}</sub> | ${c(l.outcome === 'managed' ? `managed as ${l.id}` : 'left unmanaged')}${l.note ? `<br><sub>${c(l.note)}</sub>` : ''} | ${l.changes.map(c).join('<br>') || 'nothing'} |`);
  }
  if (r.creates.length) {
    lines.push('', `### Created by the first deploy (${r.creates.length})`, '', 'Nothing in the tenant is adopted as these, so the deploy creates them at the stage shown:', '');
    for (const c of r.creates) lines.push(`- ${t(c)}`);
  }
  if (r.groups.length || r.apps.length) {
    lines.push('', '### Keys given to groups and apps', '');
    for (const g of r.groups) lines.push(`- group \`${g.key}\`: ${t(g.displayName ?? g.objectId)} (${g.objectId})`);
    for (const a of r.apps) lines.push(`- app \`${a.key}\`: ${t(a.displayName ?? a.appId)} (${a.appId})`);
  }
  if (r.guardrails.warnings.length || r.warnings.length) {
    lines.push('', '### Warnings', '');
    for (const w of [...r.warnings, ...r.guardrails.warnings]) lines.push(`- ${t(w)}`);
  }
  lines.push('', `### Files${r.dryRun ? ' (not written: dry run)' : ''}`, '');
  for (const f of r.files) lines.push(`- ${t(f.path)}: ${f.change}`);
  return `${lines.join('\n')}\n`;
}
