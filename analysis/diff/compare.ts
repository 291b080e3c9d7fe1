/**
 * The semantic diff of one environment between two syntheses, in identity terms: policies
 * added and removed, stage changes, and field-level changes in plain words. Pure: it reads
 * two EnvironmentModels (either may be absent: a new or a deleted environment).
 */
import { settingsIn, type SettingInStack } from '../model/settings';
import type { EnvironmentModel, PolicyModel } from '../model/types';
import { describeBackend, describePolicy, resourceFacts, stageCeilingOf, stageOfPolicy, type PolicyField } from '../report/describe';
import { isModelledResource, OTHER_RESOURCES, type ResourceDescription, type ResourceSection } from '../report/sections';
import { waveNotes } from './waves';

export interface PolicyRef {
  readonly id: string;
  readonly displayName: string;
  /** `off`, `report-only`, `enabled`. */
  readonly stage: string;
}

export interface StageChange extends PolicyRef {
  readonly from: string;
}

/** One changed field of one object, already in words: `excluded users: added group kiosks`. */
export interface FieldChange {
  /** `CA006 Require compliant device`, `location corp-egress`, `azurerm_..._rule.x`. */
  readonly subject: string;
  readonly field: string;
  readonly change: string;
  /** For a list field: the entries added and removed, labelled. */
  readonly added?: readonly string[];
  readonly removed?: readonly string[];
  /** For a single-valued field: the values before and after. */
  readonly from?: readonly string[];
  readonly to?: readonly string[];
}

export interface ResourceChange {
  readonly section: string;
  readonly address: string;
  readonly kind: 'added' | 'removed';
  /** What it is, in identity terms (`named location warsaw-office "Warsaw office": trusted, IP ranges 203.0.113.0/24`), when its section can say. */
  readonly subject?: string;
}

export interface EnvironmentDiff {
  readonly env: string;
  /** The environment exists on one side only. */
  readonly presence: 'both' | 'added' | 'removed';
  readonly policiesAdded: readonly PolicyRef[];
  readonly policiesRemoved: readonly PolicyRef[];
  readonly stageChanges: readonly StageChange[];
  readonly fieldChanges: readonly FieldChange[];
  readonly resourceChanges: readonly ResourceChange[];
  /** Plain-word notes on the stack as a whole (state backend moved, emergency brake). */
  readonly notes: readonly string[];
  /**
   * The tenant's unmanaged policies (the snapshot `npm run import` writes) that appeared,
   * went or changed: in force all the same, never changed by a deploy.
   */
  readonly unmanagedChanges: readonly string[];
}

export function isEmptyDiff(d: EnvironmentDiff): boolean {
  return (
    d.presence === 'both' &&
    !d.policiesAdded.length &&
    !d.policiesRemoved.length &&
    !d.stageChanges.length &&
    !d.fieldChanges.length &&
    !d.resourceChanges.length &&
    !d.notes.length &&
    !d.unmanagedChanges.length
  );
}

const stageOf = (p: PolicyModel) => stageOfPolicy(p);
const policyRef = (p: PolicyModel): PolicyRef => ({ id: p.id, displayName: p.displayName, stage: stageOf(p) });
const quoted = (items: readonly string[]) => (items.length ? items.map((i) => `"${i}"`).join(', ') : 'nothing');

type Facts = ReadonlyMap<string, { items: readonly string[]; keys?: readonly string[]; set: boolean }>;

/**
 * Field-by-field comparison of two sets of named facts. Items are matched by key (an object
 * id, not its label), so a name that only one side could resolve is not a change; `relabel`
 * names an item from whichever side knows it.
 */
function compareFields(subject: string, before: Facts, after: Facts, relabel: (key: string) => string | undefined = () => undefined): FieldChange[] {
  const changes: FieldChange[] = [];
  const names = [...new Set([...before.keys(), ...after.keys()])];
  for (const field of names) {
    const b = before.get(field);
    const a = after.get(field);
    const bItems = b?.items ?? [];
    const aItems = a?.items ?? [];
    const bKeys = b?.keys ?? bItems;
    const aKeys = a?.keys ?? aItems;
    if (bKeys.length === aKeys.length && bKeys.every((v, i) => v === aKeys[i])) continue;
    if ((a ?? b)!.set) {
      const text = (keys: readonly string[], items: readonly string[], i: number) => relabel(keys[i]!) ?? items[i]!;
      const added = aKeys.flatMap((k, i) => (bKeys.includes(k) ? [] : [text(aKeys, aItems, i)]));
      const removed = bKeys.flatMap((k, i) => (aKeys.includes(k) ? [] : [text(bKeys, bItems, i)]));
      const parts = [
        ...(added.length ? [`added ${added.join('; ')}`] : []),
        ...(removed.length ? [`removed ${removed.join('; ')}`] : []),
      ];
      // Same members, another order: Terraform sees a change even when Graph would not.
      changes.push({ subject, field, change: parts.length ? parts.join(', ') : 'same entries in a different order', added, removed });
    } else {
      changes.push({ subject, field, change: `${quoted(bItems)} -> ${quoted(aItems)}`, from: bItems, to: aItems });
    }
  }
  return changes;
}

const policyFields = (p: PolicyModel): Facts =>
  new Map(describePolicy(p).fields.map((f: PolicyField) => [f.name, { items: f.items, keys: f.keys, set: f.set }]));

/**
 * Field by field, in words, what turns one policy into the other (the same policy read from
 * two places: an export and a synth, or two syntheses). `relabel` names an id either side knows.
 */
export function policyChanges(before: PolicyModel, after: PolicyModel, relabel: (key: string) => string | undefined = () => undefined): FieldChange[] {
  return compareFields(after.displayName, policyFields(before), policyFields(after), relabel);
}

function locationFields(model: EnvironmentModel, key: string) {
  const l = model.namedLocations.find((x) => x.key === key);
  const m = new Map<string, { items: readonly string[]; set: boolean }>();
  if (!l) return m;
  m.set('display name', { items: [l.displayName], set: false });
  if (l.kind === 'ip') {
    m.set('IP ranges', { items: l.ipRanges, set: true });
    m.set('trusted', { items: [l.isTrusted ? 'yes' : 'no'], set: false });
  } else {
    m.set('countries', { items: l.countriesAndRegions, set: true });
    m.set('unknown countries included', { items: [l.includeUnknownCountriesAndRegions ? 'yes' : 'no'], set: false });
    m.set('lookup method', { items: [l.countryLookupMethod], set: false });
  }
  return m;
}

/** A named location in one phrase: its key, name, kind and whether Conditional Access trusts it. */
function locationSubject(l: EnvironmentModel['namedLocations'][number]): string {
  const what =
    l.kind === 'ip'
      ? `${l.isTrusted ? 'trusted' : 'not trusted'}, IP ranges ${l.ipRanges.join(', ')}`
      : `countries ${l.countriesAndRegions.join(', ')}${l.includeUnknownCountriesAndRegions ? ' and unknown countries' : ''}, by ${l.countryLookupMethod}`;
  return `named location ${l.key} ${JSON.stringify(l.displayName)}: ${what}`;
}

function groupFields(model: EnvironmentModel, key: string) {
  const g = model.groups.find((x) => x.key === key && x.managedByStack);
  const m = new Map<string, { items: readonly string[]; keys?: readonly string[]; set: boolean }>();
  if (!g) return m;
  m.set('display name', { items: [g.displayName], set: false });
  m.set('members', { items: g.members.map((id) => model.labelOf(id)), keys: g.members, set: true });
  return m;
}

const sectionTitle = (sections: readonly ResourceSection[], type: string, address: string, model: EnvironmentModel) =>
  [...sections, OTHER_RESOURCES].find((s) => {
    const r = model.resources.find((x) => x.address === address);
    return r !== undefined && s.matches(r);
  })?.title ?? type;

/** `sections` are the components' report sections: they name the table a resource belongs to and read its stage. */
export function diffEnvironment(
  env: string,
  base: EnvironmentModel | undefined,
  head: EnvironmentModel | undefined,
  sections: readonly ResourceSection[],
): EnvironmentDiff {
  const presence = base && head ? 'both' : head ? 'added' : 'removed';
  const b = base?.policies ?? [];
  const h = head?.policies ?? [];
  const bById = new Map(b.map((p) => [p.id, p]));
  const hById = new Map(h.map((p) => [p.id, p]));
  const policiesAdded = h.filter((p) => !bById.has(p.id)).map(policyRef);
  const policiesRemoved = b.filter((p) => !hById.has(p.id)).map(policyRef);
  const relabel = (key: string): string | undefined => {
    for (const m of [head, base]) {
      const l = m?.labelOf(key);
      if (l !== undefined && l !== key) return l;
    }
    return undefined;
  };
  const stageChanges: StageChange[] = [];
  const fieldChanges: FieldChange[] = [];
  for (const p of h) {
    const before = bById.get(p.id);
    if (!before) continue;
    if (stageOf(before) !== stageOf(p)) stageChanges.push({ ...policyRef(p), from: stageOf(before) });
    const reasons = (head?.declared?.policyExclusions ?? []).filter((e) => e.policy === p.id).map((e) => e.reason);
    for (const change of compareFields(p.displayName, policyFields(before), policyFields(p), relabel)) {
      // An exclusion is read with its reason: only the environment file knows it.
      const why = change.field === 'excluded users' && change.added?.length && reasons.length ? ` (reason: ${reasons.join('; ')})` : '';
      fieldChanges.push(why ? { ...change, change: `${change.change}${why}` } : change);
    }
  }

  const resourceChanges: ResourceChange[] = [];
  if (base && head) {
    const keys = (m: EnvironmentModel) => m.namedLocations.map((l) => l.key);
    for (const key of [...new Set([...keys(base), ...keys(head)])].sort()) {
      const inBase = keys(base).includes(key);
      const inHead = keys(head).includes(key);
      const address = `azuread_named_location.${key}`;
      if (inBase && inHead) fieldChanges.push(...compareFields(`location ${key}`, locationFields(base, key), locationFields(head, key)));
      else resourceChanges.push({ section: 'Named locations', address, kind: inHead ? 'added' : 'removed', subject: locationSubject((inHead ? head : base).namedLocations.find((l) => l.key === key)!) });
    }
    const groupKeys = (m: EnvironmentModel) => m.groups.filter((g) => g.managedByStack).map((g) => g.key);
    for (const key of [...new Set([...groupKeys(base), ...groupKeys(head)])].sort()) {
      const inBase = groupKeys(base).includes(key);
      const inHead = groupKeys(head).includes(key);
      if (inBase && inHead) fieldChanges.push(...compareFields(`group ${key}`, groupFields(base, key), groupFields(head, key), relabel));
      else resourceChanges.push({ section: 'Groups', address: `azuread_group.${key}`, kind: inHead ? 'added' : 'removed' });
    }
    // Tenant settings are compared by what they declare, whatever their stage (write or check), below.
    const others = (m: EnvironmentModel) =>
      new Map(m.resources.filter((r) => !isModelledResource(r) && !(r.type === 'msgraph_update_resource' && r.name.startsWith(SETTINGS_PREFIX))).map((r) => [r.address, r]));
    const bOther = others(base);
    const hOther = others(head);
    for (const address of [...new Set([...bOther.keys(), ...hOther.keys()])].sort()) {
      const br = bOther.get(address);
      const hr = hOther.get(address);
      if (br && hr) {
        const section = sections.find((x) => x.matches(hr));
        const [from, to] = [section?.stageOf?.(br), section?.stageOf?.(hr)];
        if (from && to && from !== to) {
          const displayName = typeof hr.config.display_name === 'string' ? hr.config.display_name : address;
          stageChanges.push({ id: hr.name, displayName, stage: to, from });
        }
        const [db, dh] = [section?.describe?.(br, base), section?.describe?.(hr, head)];
        const described = db && dh ? { base: db, head: dh } : undefined;
        const asFields = (m: EnvironmentModel, r: typeof br): Facts =>
          new Map([...resourceFacts(m, r)].map(([k, v]) => [k, { items: [v.text], keys: [v.raw], set: false }]));
        const sentences = (d: ResourceDescription): Facts => new Map([...d.facts].map(([k, v]) => [k, { items: [v.text], keys: [v.raw ?? v.text], set: false }]));
        if (described) fieldChanges.push(...compareFields(described.head.subject, sentences(described.base), sentences(described.head)));
        else fieldChanges.push(...compareFields(address, asFields(base, br), asFields(head, hr)));
      } else {
        const r = (hr ?? br)!;
        const model = (hr ? head : base)!;
        const subject = sections.find((x) => x.matches(r))?.describe?.(r, model)?.subject;
        resourceChanges.push({ section: sectionTitle(sections, r.type, address, model), address, kind: hr ? 'added' : 'removed', ...(subject ? { subject } : {}) });
      }
    }
  }

  if (base && head) settingsChanges(base, head, stageChanges, fieldChanges, resourceChanges);

  const notes: string[] = [];
  if (base && head) {
    const before = describeBackend(base);
    const after = describeBackend(head);
    if (before !== after) notes.push(`state backend: ${before} -> ${after} (run \`terraform init -migrate-state\` in the stack once)`);
    const bc = stageCeilingOf(base);
    const hc = stageCeilingOf(head);
    if (hc && !bc) notes.push(`emergency brake applied: every policy capped at ${hc.ceiling}`);
    if (bc && !hc) notes.push(`emergency brake released (was ${bc.ceiling})`);
  }
  notes.push(...waveNotes(base, head));
  return { env, presence, policiesAdded, policiesRemoved, stageChanges, fieldChanges, resourceChanges, notes, unmanagedChanges: unmanagedChanges(base, head, relabel) };
}

const SETTINGS_PREFIX = 'settings_';

/** `settings_authorization_policy` -> `tenant setting authorization policy`. */
const settingSubject = (key: string) => `tenant setting ${key.slice(SETTINGS_PREFIX.length).replace(/_/g, ' ')}`;

/** Every declared leaf of a setting as `path -> JSON`, lists of objects by their ids. */
function settingFacts(s: SettingInStack | undefined): Facts {
  const out = new Map<string, { items: readonly string[]; set: boolean }>();
  const walk = (v: unknown, path: string) => {
    if (Array.isArray(v)) {
      const items = v.map((x) => (x !== null && typeof x === 'object' && typeof (x as Record<string, unknown>).id === 'string' ? String((x as Record<string, unknown>).id) : JSON.stringify(x)));
      out.set(path, { items, set: true });
    } else if (v !== null && typeof v === 'object') {
      for (const k of Object.keys(v).sort()) if (!k.startsWith('@')) walk((v as Record<string, unknown>)[k], path ? `${path}.${k}` : k);
    } else out.set(path, { items: [typeof v === 'string' ? v : JSON.stringify(v)], set: false });
  };
  if (s) walk(s.declared, '');
  return out;
}

/** Settings that appeared, went, changed stage or changed a declared value. */
function settingsChanges(base: EnvironmentModel, head: EnvironmentModel, stages: StageChange[], fields: FieldChange[], resources: ResourceChange[]): void {
  const b = new Map(settingsIn(base, SETTINGS_PREFIX).map((s) => [s.key, s]));
  const h = new Map(settingsIn(head, SETTINGS_PREFIX).map((s) => [s.key, s]));
  for (const key of [...new Set([...b.keys(), ...h.keys()])].sort()) {
    const before = b.get(key);
    const after = h.get(key);
    const subject = settingSubject(key);
    if (!before || !after) {
      resources.push({ section: 'Tenant settings', address: (after ?? before)!.address, kind: after ? 'added' : 'removed' });
      continue;
    }
    if (before.stage !== after.stage) stages.push({ id: key, displayName: subject, stage: after.stage, from: before.stage });
    fields.push(...compareFields(subject, settingFacts(before), settingFacts(after)));
  }
}

/** How the tenant's unmanaged policies differ between two snapshots, in words. */
function unmanagedChanges(base: EnvironmentModel | undefined, head: EnvironmentModel | undefined, relabel: (key: string) => string | undefined): string[] {
  const b = new Map((base?.unmanagedPolicies ?? []).map((p) => [p.id, p]));
  const h = new Map((head?.unmanagedPolicies ?? []).map((p) => [p.id, p]));
  const out: string[] = [];
  for (const [id, p] of h) {
    const before = b.get(id);
    if (!before) {
      out.push(`${p.displayName}: now listed in the tenant's snapshot, ${stageOf(p)}; in force, and a deploy does not change it`);
      continue;
    }
    if (stageOf(before) !== stageOf(p)) out.push(`${p.displayName}: ${stageOf(before)} -> ${stageOf(p)} in the tenant's snapshot; a deploy does not change it`);
    for (const f of compareFields(p.displayName, policyFields(before), policyFields(p), relabel)) out.push(`${f.subject}: ${f.field}: ${f.change} in the tenant's snapshot; a deploy does not change it`);
  }
  for (const [id, p] of b) if (!h.has(id)) out.push(`${p.displayName}: no longer in the tenant's snapshot (adopted, or deleted in the tenant)`);
  return out;
}

/** The diff of one environment as plain lines, every line ending with the environment. */
export function diffLines(d: EnvironmentDiff): string[] {
  const e = `(${d.env})`;
  const lines: string[] = [];
  if (d.presence === 'added') lines.push(`new environment ${d.env}: ${d.policiesAdded.length} policies`);
  if (d.presence === 'removed') lines.push(`environment ${d.env} removed: its stack would no longer be synthesized or deployed`);
  for (const n of d.notes) lines.push(`${n} ${e}`);
  for (const p of d.policiesAdded) lines.push(`${p.displayName}: new policy, ${p.stage} ${e}`);
  for (const p of d.policiesRemoved) lines.push(`${p.displayName}: removed (was ${p.stage}) ${e}`);
  for (const s of d.stageChanges) lines.push(`${s.displayName}: ${s.from} -> ${s.stage} ${e}`);
  for (const f of d.fieldChanges) lines.push(`${f.subject}: ${f.field}: ${f.change} ${e}`);
  for (const r of d.resourceChanges) lines.push(r.subject ? `${r.section}: ${r.subject}: ${r.kind} ${e}` : `${r.section}: ${r.address} ${r.kind} ${e}`);
  for (const u of d.unmanagedChanges) lines.push(`${u} ${e}`);
  return lines;
}
