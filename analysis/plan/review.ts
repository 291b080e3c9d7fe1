/**
 * A Terraform plan reviewed in identity terms, and its gate. Every change is classified
 * (create, update, replace, destroy, import, forget, move), named as an identity engineer
 * names it (./names.ts), and an update or replacement is described field by field with the
 * semantic diff (analysis/diff/compare.ts) over models of its values before and after. The
 * gate fails for every destroy or replacement of a protected object (core/addresses.ts) that
 * no `retire:` entry acknowledges, and for a plan Terraform refused or left incomplete. Pure:
 * the plan and the model of the stack it was made from are read already.
 */
import { TF } from '../../core/addresses';
import { CONTEXT_POLICY_ID_PATTERN } from '../../core/ids';
import { isPerimeterError } from '../../core/problems';
import { diffEnvironment } from '../diff/compare';
import { readSynthesizedStack } from '../model/read';
import type { DeclaredFacts, EnvironmentModel, NamedLocationModel, SynthesizedResource } from '../model/types';
import { describePolicy } from '../report/describe';
import type { ResourceSection } from '../report/sections';
import { CATEGORIES, nameObject, type ObjectName } from './names';
import type { PlannedChange, TerraformPlan } from './read';
import { asConfiguration, escapedConfiguration, masked, onlyConfigured, referenceIndex, stackWith, withUnknowns, type ReferenceIndex } from './values';
import { fieldWords, reasonWords } from './words';

export type ReviewAction = 'create' | 'update' | 'replace' | 'destroy' | 'import' | 'forget' | 'move';

/** The order a review shows actions in: what can hurt first. */
export const REVIEW_ACTIONS: readonly ReviewAction[] = ['replace', 'destroy', 'update', 'import', 'forget', 'move', 'create'];

export interface ReviewedChange {
  readonly action: ReviewAction;
  readonly address: string;
  readonly object: ObjectName;
  /** Why Terraform replaces, destroys or forgets it, in words. */
  readonly why?: string;
  /** What changes, field by field, in words (`excluded users: added group factory-floor-kiosks`). */
  readonly changes: readonly string[];
  /** For a create: what the new object does, in a few words. */
  readonly details?: string;
  /** For an import: the id of the existing object Terraform adopts. */
  readonly importId?: string;
  /** The address it had before a `moved` block. */
  readonly movedFrom?: string;
  /** Anything else a reviewer must know about this change. */
  readonly note?: string;
  /** For a destroy or replacement of a protected object: its `retire:` target, and the entry's reason when one acknowledges it. */
  readonly gate?: { readonly target: string; readonly acknowledged?: string };
}

export interface DriftItem {
  readonly address: string;
  readonly object: ObjectName;
  readonly kind: 'changed' | 'deleted';
  readonly changes: readonly string[];
}

export interface GateFinding {
  /** The object it is about; absent for the plan as a whole. */
  readonly address?: string;
  readonly message: string;
}

export interface PlanReview {
  readonly env: string;
  /** The plan file, the environment file (for messages) and the versions Terraform wrote. */
  readonly planFile: string;
  readonly environmentFile: string;
  readonly terraformVersion: string;
  readonly formatVersion: string;
  /** Every change a reviewer reads, in category then address order. */
  readonly changes: readonly ReviewedChange[];
  readonly counts: Readonly<Record<ReviewAction, number>>;
  /** Objects the plan leaves as they are. */
  readonly unchanged: number;
  /** Data sources Terraform reads during apply (their inputs are not known yet). */
  readonly deferredReads: number;
  /** Objects changed or deleted in the tenant outside Terraform since the last apply. */
  readonly drift: readonly DriftItem[];
  /** Why the gate fails; empty when it passes. */
  readonly findings: readonly GateFinding[];
  readonly passed: boolean;
}

export interface ReviewOptions {
  /** The environment file's path, for messages. @default - `model.declared.file`, else `environments/<env>.yaml` */
  readonly environmentFile?: string;
  /** The components' report sections: they give other resources (analytics rules) a stage. @default - none */
  readonly sections?: readonly ResourceSection[];
}

/** Types whose values the model reads whole; for any other type only the arguments the stack sets are compared. */
const MODELLED: ReadonlySet<string> = new Set([TF.conditionalAccessPolicy, TF.namedLocation, TF.group]);

const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

class Reviewer {
  private readonly refs: ReferenceIndex;
  private readonly resources: ReadonlyMap<string, SynthesizedResource>;
  private readonly file: string;
  private readonly declared: DeclaredFacts | undefined;
  /** Objects this plan creates or replaces: whatever refers to them gets a new object id. */
  private readonly renewed: ReadonlyMap<string, PlannedChange>;

  constructor(
    private readonly plan: TerraformPlan,
    private readonly model: EnvironmentModel,
    private readonly options: ReviewOptions,
  ) {
    this.refs = referenceIndex(plan, model);
    this.resources = new Map(model.resources.map((r) => [r.address, r]));
    this.declared = model.declared;
    this.file = options.environmentFile ?? model.declared?.file ?? `environments/${model.name}.yaml`;
    this.renewed = new Map(plan.changes.filter((c) => c.mode === 'managed' && (c.action === 'create' || c.action === 'replace')).map((c) => [c.address, c]));
  }

  /** The model of a stack holding this one value, or undefined when the value does not read as one (it is then named from the stack, and compared attribute by attribute). */
  private modelWith(type: string, name: string, value: unknown): EnvironmentModel | undefined {
    try {
      return readSynthesizedStack(stackWith(this.model, type, name, value), { name: this.model.name, ...(this.declared ? { declared: this.declared } : {}) });
    } catch (e) {
      if (isPerimeterError(e)) return undefined;
      throw e;
    }
  }

  private values(c: PlannedChange, resource: SynthesizedResource | undefined): { before?: unknown; after?: unknown } {
    const restrict = (v: unknown) => (MODELLED.has(c.type) ? v : onlyConfigured(v, resource?.config));
    const before = c.before === null ? undefined : restrict(asConfiguration(masked(c.before, c.beforeSensitive), this.refs));
    const config = resource ? escapedConfiguration(resource.config) : undefined;
    const after = c.after === null ? undefined : restrict(withUnknowns(asConfiguration(masked(c.after, c.afterSensitive), this.refs), c.afterUnknown, config));
    return { ...(before !== undefined ? { before } : {}), ...(after !== undefined ? { after } : {}) };
  }

  /** Field changes in words, from the semantic diff of two one-object models; attribute names in words when a side does not read as a model. */
  private fieldChanges(c: PlannedChange, before: unknown, after: unknown): string[] {
    if (before === undefined || after === undefined) return [];
    const b = this.modelWith(c.type, c.name, before);
    const a = this.modelWith(c.type, c.name, after);
    if (b && a) {
      const lb = b.namedLocations.find((l) => l.key === c.name);
      const la = a.namedLocations.find((l) => l.key === c.name);
      if (lb && la && lb.kind !== la.kind) {
        return [...(lb.displayName !== la.displayName ? [`display name: "${lb.displayName}" -> "${la.displayName}"`] : []), `from ${locationWords(lb)}`, `to ${locationWords(la)}`];
      }
      const d = diffEnvironment(this.model.name, b, a, this.options.sections ?? []);
      // The diff names another type's fields by attribute path (`activation_rules.maximum_duration`): say them in words.
      const field = (name: string) => (MODELLED.has(c.type) ? name : fieldWords(c.type, name.split(/[.[\]]+/).filter(Boolean)));
      return [...d.stageChanges.map((s) => `stage: ${s.from} -> ${s.stage}`), ...d.fieldChanges.map((f) => `${field(f.field)}: ${f.change}`)];
    }
    const isObj = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
    if (!isObj(before) || !isObj(after)) return [];
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort(byText);
    return keys.filter((k) => JSON.stringify(before[k]) !== JSON.stringify(after[k])).map((k) => `${fieldWords(c.type, [k])} changes`);
  }

  /** An update with nothing to say in perimeter's terms: it refers to something this plan creates or replaces, and takes its new object id. */
  private follows(resource: SynthesizedResource | undefined): string | undefined {
    if (!resource) return undefined;
    const referred = new Set<string>();
    for (const m of JSON.stringify(resource.config).matchAll(/\$\{([a-z][a-z0-9_]*\.[A-Za-z0-9_-]+)\.[a-z][a-z0-9_]*\}/g)) if (this.renewed.has(m[1]!)) referred.add(m[1]!);
    if (!referred.size) return undefined;
    const names = [...referred].sort(byText).map((address) => {
      const r = this.renewed.get(address)!;
      return `${nameObject(r.type, r.name, this.model, this.model).text}, which this plan ${r.action === 'replace' ? 'replaces' : 'creates'}`;
    });
    return `no change in perimeter's terms: it refers to ${names.join('; ')}, and takes its new object id`;
  }

  private nameOf(c: PlannedChange, before: unknown): ObjectName {
    const inStack = this.resources.has(c.address);
    const own = inStack ? this.model : (before !== undefined ? this.modelWith(c.type, c.name, before) : undefined) ?? this.model;
    return nameObject(c.type, c.name, own, this.model);
  }

  private details(c: PlannedChange): string | undefined {
    if (c.type === TF.conditionalAccessPolicy || (c.type === TF.msgraphResource && CONTEXT_POLICY_ID_PATTERN.test(c.name))) {
      // An authentication context policy (msgraph) is described like an azuread one.
      const p = this.model.policies.find((x) => x.address === c.address);
      if (!p) return undefined;
      const fields = describePolicy(p).fields;
      const grant = fields.find((f) => f.name === 'grant controls')?.items[0];
      const session = fields.filter((f) => f.column === 'session').map((f) => `${f.name} ${f.items.join(', ')}`);
      return [grant, ...session].filter(Boolean).join('; ') || undefined;
    }
    if (c.type === TF.namedLocation) {
      const l = this.model.namedLocations.find((x) => x.key === c.name);
      return l ? locationWords(l) : undefined;
    }
    if (c.type === TF.group) {
      const g = this.model.groups.find((x) => x.key === c.name && x.managedByStack);
      if (!g || !g.members.length) return undefined;
      return g.members.length > 5 ? `${g.members.length} members` : `members: ${g.members.map((m) => this.model.labelOf(m)).join('; ')}`;
    }
    return undefined;
  }

  private classify(c: PlannedChange): ReviewAction | undefined {
    if (c.mode === 'data') return undefined;
    switch (c.action) {
      case 'no-op':
        return c.importing ? 'import' : c.previousAddress !== undefined ? 'move' : undefined;
      case 'create':
        return 'create';
      case 'update':
        return c.importing ? 'import' : 'update';
      case 'replace':
        return 'replace';
      case 'destroy':
        return 'destroy';
      case 'forget':
        return 'forget';
      default:
        return undefined;
    }
  }

  private gate(c: PlannedChange, action: ReviewAction, object: ObjectName): ReviewedChange['gate'] {
    if ((action !== 'destroy' && action !== 'replace') || c.deposed || object.target === undefined) return undefined;
    const retirement = this.declared?.retired.find((r) => r.target === object.target);
    return { target: object.target, ...(retirement ? { acknowledged: retirement.reason } : {}) };
  }

  review(c: PlannedChange): ReviewedChange | undefined {
    const action = this.classify(c);
    if (!action) return undefined;
    const resource = this.resources.get(c.address);
    const { before, after } = this.values(c, resource);
    const object = this.nameOf(c, before);
    const changes = action === 'update' || action === 'replace' || action === 'import' ? this.fieldChanges(c, before, after) : [];
    if (action === 'update' && !changes.length) {
      const follows = this.follows(resource);
      if (follows) changes.push(follows);
    }
    const notes: string[] = [];
    if (c.deposed) notes.push(`an old copy (deposed object ${c.deposed}) left by a replacement that stopped half-way; the current object stays`);
    if (action === 'replace' && c.importing) notes.push('Terraform adopts the existing object, then replaces it');
    if (action === 'replace' && c.createBeforeDestroy) notes.push('the new object is created before the old one is destroyed');
    if (action === 'forget') notes.push(c.createsAndForgets ? 'a new one is created and the old one stays in the tenant, no longer managed: both exist after apply' : 'it stays in the tenant, no longer managed by Terraform');
    if (c.previousAddress !== undefined && action !== 'move') notes.push(`moved from ${c.previousAddress}`);
    const why = action === 'replace' || action === 'destroy' || action === 'forget' ? reasonWords(c) : undefined;
    const details = action === 'create' ? this.details(c) : undefined;
    const gate = this.gate(c, action, object);
    return {
      action,
      address: c.address,
      object,
      ...(why !== undefined ? { why } : {}),
      changes,
      ...(details !== undefined ? { details } : {}),
      ...(action === 'import' && c.importing?.id !== undefined ? { importId: c.importing.id } : {}),
      ...(action === 'move' && c.previousAddress !== undefined ? { movedFrom: c.previousAddress } : {}),
      ...(notes.length ? { note: notes.join('; ') } : {}),
      ...(gate ? { gate } : {}),
    };
  }

  drift(c: PlannedChange): DriftItem | undefined {
    if (c.mode !== 'managed' || (c.action !== 'update' && c.action !== 'destroy')) return undefined;
    const { before, after } = this.values(c, this.resources.get(c.address));
    return {
      address: c.address,
      object: this.nameOf(c, before),
      kind: c.action === 'destroy' ? 'deleted' : 'changed',
      changes: c.action === 'update' ? this.fieldChanges(c, before, after) : [],
    };
  }

  findingOf(change: ReviewedChange, planned: PlannedChange): GateFinding | undefined {
    if (!change.gate || change.gate.acknowledged !== undefined) return undefined;
    const verb =
      change.action === 'destroy'
        ? 'destroyed'
        : planned.createBeforeDestroy
          ? 'replaced (a new one is created, then this one destroyed)'
          : 'replaced (destroyed, then created again with a new object id)';
    const t = change.gate.target;
    return {
      address: change.address,
      message: `${change.address}: ${change.object.text} would be ${verb} because ${change.why ?? 'Terraform gives no reason'}. No retire: entry in ${this.file} names ${t}; if this is intended, add retire: [{ target: ${t}, reason: <why, at least 10 characters> }]`,
    };
  }

  /** Terraform's own verdict on the plan: refused (errored) or incomplete. */
  planFindings(changes: readonly ReviewedChange[]): GateFinding[] {
    if (this.plan.errored === true) {
      const guarded = changes.filter((c) => (c.action === 'destroy' || c.action === 'replace') && isGuarded(this.resources.get(c.address)));
      const guards = guarded.some((c) => c.object.target !== undefined) ? '; perimeter sets that guard on every protected object, and a retire: entry for its target lifts it' : '';
      const why = guarded.length
        ? `it would ${[...new Set(guarded.map((c) => c.action))].join(' and ')} ${guarded.map((c) => `${c.address} (${c.object.text})`).join(', ')}, which ${guarded.length === 1 ? 'has' : 'have'} lifecycle.prevent_destroy${guards}`
        : 'the plan JSON does not say why: read the Error: lines terraform plan printed';
      return [{ message: `Terraform refused this plan (errored: it cannot be applied): ${why}` }];
    }
    if (this.plan.complete === false) {
      const deferred = this.plan.deferred ? `, ${this.plan.deferred} change${this.plan.deferred === 1 ? '' : 's'} deferred` : '';
      return [{ message: `Terraform made an incomplete plan (complete: false${deferred}): applying it would not make the whole change; plan again without -target, or once what it defers is known` }];
    }
    return [];
  }
}

/** `IP ranges 203.0.113.0/25, 198.51.100.0/26 (trusted)`, `countries GB, DE (unknown countries not included, by IP address)`. */
function locationWords(l: NamedLocationModel): string {
  if (l.kind === 'ip') return `IP ranges ${l.ipRanges.join(', ') || 'none'} (${l.isTrusted ? 'trusted' : 'not trusted'})`;
  const lookup = l.countryLookupMethod === 'authenticatorAppGps' ? 'by Authenticator GPS' : 'by IP address';
  return `countries ${l.countriesAndRegions.join(', ') || 'none'} (unknown countries ${l.includeUnknownCountriesAndRegions ? 'included' : 'not included'}, ${lookup})`;
}

const isGuarded = (r: SynthesizedResource | undefined): boolean => {
  const lifecycle = r?.config.lifecycle;
  return lifecycle !== null && typeof lifecycle === 'object' && (lifecycle as Record<string, unknown>).prevent_destroy === true;
};

const order = (a: { object: ObjectName; address: string }, b: { object: ObjectName; address: string }) => a.object.rank - b.object.rank || byText(a.address, b.address);

/** The review of `plan`, made from the stack `model` reads (with the environment file's facts, for names and `retire:`). */
export function reviewPlan(plan: TerraformPlan, model: EnvironmentModel, options: ReviewOptions = {}): PlanReview {
  const reviewer = new Reviewer(plan, model, options);
  const changes: ReviewedChange[] = [];
  const planned = new Map<ReviewedChange, PlannedChange>();
  let unchanged = 0;
  let deferredReads = 0;
  for (const c of plan.changes) {
    const reviewed = reviewer.review(c);
    if (reviewed) {
      changes.push(reviewed);
      planned.set(reviewed, c);
    }
    else if (c.mode === 'data' && c.action === 'read') deferredReads++;
    else if (c.action === 'no-op') unchanged++;
  }
  changes.sort(order);
  const drift = plan.drift.flatMap((c) => reviewer.drift(c) ?? []).sort(order);
  const counts = Object.fromEntries(REVIEW_ACTIONS.map((a) => [a, changes.filter((c) => c.action === a).length])) as Record<ReviewAction, number>;
  const findings = [...reviewer.planFindings(changes), ...changes.flatMap((c) => reviewer.findingOf(c, planned.get(c)!) ?? [])];
  return {
    env: model.name,
    planFile: plan.file,
    environmentFile: options.environmentFile ?? model.declared?.file ?? `environments/${model.name}.yaml`,
    terraformVersion: plan.terraformVersion,
    formatVersion: plan.formatVersion,
    changes,
    counts,
    unchanged,
    deferredReads,
    drift,
    findings,
    passed: findings.length === 0,
  };
}

/** How many changes of each category an action has, for a summary line: `22 policies, 3 named locations`. */
export function categoryCounts(changes: readonly ReviewedChange[]): string {
  const counts = CATEGORIES.map((category, rank) => [category, changes.filter((c) => c.object.rank === rank).length] as const).filter(([, n]) => n > 0);
  return counts.map(([category, n]) => `${n} ${n === 1 ? singular(category) : category}`).join(', ');
}

function singular(category: string): string {
  const words: Readonly<Record<string, string>> = { policies: 'policy', 'named locations': 'named location', groups: 'group', 'role assignments': 'role assignment', PIM: 'PIM', 'App Proxy': 'App Proxy', telemetry: 'telemetry', other: 'other' };
  return words[category] ?? category;
}

/**
 * Why a plan does not belong to this stack: the configuration it was made from has other
 * resources, or it targets another tenant. Empty when it matches.
 */
export function planMismatch(plan: TerraformPlan, model: EnvironmentModel, stackFile: string): string[] {
  const problems: string[] = [];
  if (plan.configuredAddresses) {
    const inPlan = new Set(plan.configuredAddresses);
    const inStack = new Set(model.resources.map((r) => r.address));
    const extra = [...inPlan].filter((a) => !inStack.has(a)).sort(byText);
    const missing = [...inStack].filter((a) => !inPlan.has(a)).sort(byText);
    const some = (list: readonly string[]) => `${list.slice(0, 3).join(', ')}${list.length > 3 ? `, and ${list.length - 3} more` : ''}`;
    if (extra.length || missing.length) {
      const parts = [
        ...(extra.length ? [`it configures ${extra.length} resource${extra.length === 1 ? '' : 's'} the stack does not have (${some(extra)})`] : []),
        ...(missing.length ? [`it lacks ${missing.length} the stack has (${some(missing)})`] : []),
      ];
      problems.push(`was not made from ${stackFile}: ${parts.join(', and ')}; run \`terraform plan -out=plan.tfplan\` again in the stack's folder after \`npm run synth\``);
    }
  }
  const tenant = plan.providerConstants['azuread']?.tenant_id;
  if (typeof tenant === 'string' && model.tenantId && tenant.toLowerCase() !== model.tenantId.toLowerCase()) {
    problems.push(`was made for tenant ${tenant}, but ${stackFile} (environment ${model.name}) is tenant ${model.tenantId}`);
  }
  return problems;
}
