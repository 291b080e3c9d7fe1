/**
 * The one reader of Terraform's machine-readable plan (`terraform show -json plan.tfplan`,
 * format 1.x). It checks the shape it relies on and turns `resource_changes` (and
 * `resource_drift`) into a typed list. Anything else (a state file, cdk.tf.json, the log of
 * `terraform plan -json`, a binary plan, garbage) is one clear PerimeterError naming the file
 * and, for a damaged plan, the JSON path. Pure: it reads bytes already read.
 */
import { formatKeyPath, PerimeterError, quote as quoteValue, type Problem } from '../../core/problems';

/** What Terraform will do to one object, from `change.actions`. */
export type ChangeAction = 'no-op' | 'create' | 'read' | 'update' | 'replace' | 'destroy' | 'forget';

type Path = readonly (string | number)[];

export interface PlannedChange {
  /** `azuread_named_location.corp-egress` (with `[0]`, `["key"]` or `module.x.` where Terraform writes them). */
  readonly address: string;
  /** The address before a `moved` block, when it moved. */
  readonly previousAddress?: string;
  readonly moduleAddress?: string;
  readonly mode: 'managed' | 'data';
  readonly type: string;
  readonly name: string;
  readonly index?: string | number;
  /** Set when the change is to a deposed object (an old copy left by a replacement that failed half-way). */
  readonly deposed?: string;
  /** `change.actions` as Terraform wrote them. */
  readonly actions: readonly string[];
  readonly action: ChangeAction;
  /** A replacement that creates the new object before it destroys the old one (create_before_destroy). */
  readonly createBeforeDestroy: boolean;
  /** `["create","forget"]`: a new object is created and the old one is left in the tenant, unmanaged. */
  readonly createsAndForgets: boolean;
  /** `action_reason`, as written (Terraform documents these as hints and may add values). */
  readonly reason?: string;
  /** `change.replace_paths`: the attributes that force a replacement. */
  readonly replacePaths: readonly Path[];
  /** `change.importing`: the object is adopted from the tenant (the id given to `import`). */
  readonly importing?: { readonly id?: string };
  readonly before: unknown;
  readonly after: unknown;
  /** Parallel to `after`: `true` where the value is known only after apply. */
  readonly afterUnknown: unknown;
  /** Parallel to `before` / `after`: `true` where the value is sensitive. */
  readonly beforeSensitive: unknown;
  readonly afterSensitive: unknown;
}

/** One resource instance of `prior_state` or `planned_values`. */
export interface StateResource {
  readonly address: string;
  readonly mode: 'managed' | 'data';
  readonly type: string;
  readonly name: string;
  readonly values: Readonly<Record<string, unknown>>;
}

export interface TerraformPlan {
  /** The file read, for messages. */
  readonly file: string;
  readonly formatVersion: string;
  readonly terraformVersion: string;
  /** Absent before Terraform 1.8 wrote them. */
  readonly applyable?: boolean;
  readonly complete?: boolean;
  readonly errored?: boolean;
  /** `resource_changes`, in file order. */
  readonly changes: readonly PlannedChange[];
  /** `resource_drift`: what changed in the tenant outside Terraform since the last apply. */
  readonly drift: readonly PlannedChange[];
  /** `deferred_changes`: how many changes Terraform left for a later plan. */
  readonly deferred: number;
  /** Resource instances of `prior_state` (the state, refreshed) and `planned_values`. */
  readonly priorResources: readonly StateResource[];
  readonly plannedResources: readonly StateResource[];
  /** The managed resource addresses of `configuration` (root module), when the plan has it. */
  readonly configuredAddresses?: readonly string[];
  /** Constant provider arguments of `configuration.provider_config`, by provider config key (`azuread` -> `tenant_id` -> value). */
  readonly providerConstants: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
}

/** The plan formats this reader knows: Terraform 1.x writes `1.0` to `1.2`; a later 1.x only adds fields. */
const FORMAT = /^1\.\d+$/;

/** A plan this large is not a plan of one environment; reading it would only exhaust memory. */
export const MAX_PLAN_BYTES = 256 * 1024 * 1024;

const ACTIONS: ReadonlyMap<string, ChangeAction> = new Map([
  ['no-op', 'no-op'],
  ['create', 'create'],
  ['read', 'read'],
  ['update', 'update'],
  ['delete,create', 'replace'],
  ['create,delete', 'replace'],
  ['delete', 'destroy'],
  ['forget', 'forget'],
  ['create,forget', 'forget'],
]);

const ALLOWED_ACTIONS = [...ACTIONS.keys()].map((k) => JSON.stringify(k.split(','))).join(', ');
const HOW = 'expected the output of `terraform show -json plan.tfplan` (run in cdktf.out/stacks/<env> after `terraform plan -out=plan.tfplan`)';
const MAX_PROBLEMS = 20;

/** A value as a message shows it, never longer than a line (a damaged plan can hold whole objects where a word belongs). */
function quote(v: unknown): string {
  const text = quoteValue(v);
  return text.length > 80 ? `${text.slice(0, 60)}… (${text.length} characters)` : text;
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => v !== null && typeof v === 'object' && !Array.isArray(v);

const stopped = (problems: readonly Problem[]) => new PerimeterError(problems, 'perimeter: plan review stopped');
const notAPlan = (file: string, message: string) => stopped([{ file, path: '', message }]);

/** The text of a plan file: UTF-8 (a BOM is tolerated); UTF-16 and binary plan files are named for what they are. */
function decode(bytes: Uint8Array, file: string): string {
  if (bytes.length > MAX_PLAN_BYTES) throw notAPlan(file, `is ${Math.round(bytes.length / 1024 / 1024)} MB; a plan review reads at most ${MAX_PLAN_BYTES / 1024 / 1024} MB`);
  if (bytes.length === 0) throw notAPlan(file, `is empty; ${HOW}`);
  if (bytes[0] === 0x50 && bytes[1] === 0x4b) {
    throw notAPlan(file, 'is a binary plan file (what `terraform plan -out` writes), not its JSON; convert it with `terraform show -json plan.tfplan > plan.json`');
  }
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    throw notAPlan(file, 'is UTF-16 text (what Windows PowerShell\'s `>` writes), not UTF-8; write it with `terraform show -json plan.tfplan | Out-File -Encoding utf8 plan.json`, or from a POSIX shell');
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw notAPlan(file, `is not UTF-8 text; ${HOW}`);
  }
  return text.startsWith('\uFEFF') ? text.slice(1) : text;
}

function parse(text: string, file: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    const firstLine = text.slice(0, text.indexOf('\n') < 0 ? undefined : text.indexOf('\n')).trim();
    if (firstLine.startsWith('{') && firstLine.includes('"@level"')) {
      throw notAPlan(file, 'is the log of `terraform plan -json` (one JSON message a line), not a plan; save the plan with `terraform plan -out=plan.tfplan`, then `terraform show -json plan.tfplan > plan.json`');
    }
    if (!/^\s*[[{]/.test(text)) throw notAPlan(file, `is not JSON (it starts with ${quote(text.trimStart().slice(0, 30))}); ${HOW}`);
    throw notAPlan(file, `is not valid JSON (${(e as Error).message}); ${HOW}`);
  }
}

/** One message for a JSON value that is not a plan at all, naming what it looks like. */
function whatItIs(json: unknown): string | undefined {
  if (!isObject(json)) return `is JSON ${Array.isArray(json) ? 'list' : typeof json === 'string' ? 'text' : String(json === null ? 'null' : typeof json)}, not a Terraform plan; ${HOW}`;
  if (json.format_version === undefined) {
    if (isObject(json.resource) || isObject(json.terraform) || isObject(json.provider)) return `is Terraform configuration (like cdk.tf.json), not a plan; ${HOW}`;
    if (typeof json.version === 'number' && Array.isArray(json.resources)) return `is a Terraform state file (terraform.tfstate), not a plan; ${HOW}`;
    return `is JSON but not a Terraform plan (it has no format_version); ${HOW}`;
  }
  if (isObject(json.values) && json.planned_values === undefined) return `is Terraform state as \`terraform show -json\` prints it without a plan file, not a plan; ${HOW}`;
  if (typeof json.format_version !== 'string') return `format_version is ${quote(json.format_version)}, not text: this is not a Terraform plan; ${HOW}`;
  if (!FORMAT.test(json.format_version)) return `has format_version ${quote(json.format_version)}; perimeter reads plan format 1.x (Terraform 1.x)`;
  if (!isObject(json.planned_values) && !Array.isArray(json.resource_changes)) return `is JSON with a format_version but neither planned_values nor resource_changes, so not a plan; ${HOW}`;
  return undefined;
}

class PlanReader {
  readonly problems: { path: string; message: string }[] = [];

  problem(path: Path, message: string): void {
    this.problems.push({ path: formatKeyPath(path), message });
  }

  optionalString(v: unknown, path: Path): string | undefined {
    if (v === undefined || v === null) return undefined;
    if (typeof v === 'string') return v;
    this.problem(path, `is ${quote(v)}; expected text`);
    return undefined;
  }

  optionalBoolean(v: unknown, path: Path): boolean | undefined {
    if (v === undefined || v === null) return undefined;
    if (typeof v === 'boolean') return v;
    this.problem(path, `is ${quote(v)}; expected true or false`);
    return undefined;
  }

  change(raw: unknown, path: Path): PlannedChange | undefined {
    if (!isObject(raw)) {
      this.problem(path, `is ${quote(raw)}; expected a resource change object (address, mode, type, name, change)`);
      return undefined;
    }
    const address = raw.address;
    const type = raw.type;
    const name = raw.name;
    const mode = raw.mode;
    let ok = true;
    for (const [key, v] of [['address', address], ['type', type], ['name', name]] as const) {
      if (typeof v !== 'string' || v === '') {
        this.problem([...path, key], `is ${quote(v)}; expected the resource's ${key} as text`);
        ok = false;
      }
    }
    if (mode !== 'managed' && mode !== 'data') {
      this.problem([...path, 'mode'], `is ${quote(mode)}; allowed: "managed", "data"`);
      ok = false;
    }
    const change = raw.change;
    if (!isObject(change)) {
      this.problem([...path, 'change'], `is ${quote(change)}; expected an object with actions, before and after`);
      return undefined;
    }
    const actions = change.actions;
    let action: ChangeAction | undefined;
    if (!Array.isArray(actions) || !actions.every((a): a is string => typeof a === 'string')) {
      this.problem([...path, 'change', 'actions'], `is ${quote(actions)}; expected a list of actions, one of ${ALLOWED_ACTIONS}`);
    } else {
      action = ACTIONS.get(actions.join(','));
      if (!action) this.problem([...path, 'change', 'actions'], `${quote(actions)} is not a Terraform plan action; allowed: ${ALLOWED_ACTIONS}`);
    }
    const reason = this.optionalString(raw.action_reason, [...path, 'action_reason']);
    const replacePaths = this.replacePaths(change.replace_paths, [...path, 'change', 'replace_paths']);
    const importing = this.importing(change.importing, [...path, 'change', 'importing']);
    const previousAddress = this.optionalString(raw.previous_address, [...path, 'previous_address']);
    const moduleAddress = this.optionalString(raw.module_address, [...path, 'module_address']);
    const deposed = this.optionalString(raw.deposed, [...path, 'deposed']);
    const index = raw.index;
    if (index !== undefined && index !== null && typeof index !== 'string' && typeof index !== 'number') this.problem([...path, 'index'], `is ${quote(index)}; expected a count index or a for_each key`);
    if (!ok || !action) return undefined;
    return {
      address: address as string,
      ...(previousAddress !== undefined ? { previousAddress } : {}),
      ...(moduleAddress !== undefined ? { moduleAddress } : {}),
      mode: mode as 'managed' | 'data',
      type: type as string,
      name: name as string,
      ...(typeof index === 'string' || typeof index === 'number' ? { index } : {}),
      ...(deposed !== undefined ? { deposed } : {}),
      actions: actions as string[],
      action,
      createBeforeDestroy: action === 'replace' && (actions as string[])[0] === 'create',
      createsAndForgets: action === 'forget' && (actions as string[]).length === 2,
      ...(reason !== undefined ? { reason } : {}),
      replacePaths,
      ...(importing ? { importing } : {}),
      before: change.before ?? null,
      after: change.after ?? null,
      afterUnknown: change.after_unknown ?? {},
      beforeSensitive: change.before_sensitive ?? false,
      afterSensitive: change.after_sensitive ?? false,
    };
  }

  replacePaths(v: unknown, path: Path): Path[] {
    if (v === undefined || v === null) return [];
    const valid = Array.isArray(v) && v.every((p) => Array.isArray(p) && p.every((s) => typeof s === 'string' || typeof s === 'number'));
    if (!valid) {
      this.problem(path, `is ${quote(v)}; expected a list of attribute paths, each a list of names and indexes`);
      return [];
    }
    return v as Path[];
  }

  importing(v: unknown, path: Path): { id?: string } | undefined {
    if (v === undefined || v === null) return undefined;
    if (!isObject(v)) {
      this.problem(path, `is ${quote(v)}; expected an object such as {"id": "..."}`);
      return undefined;
    }
    const id = this.optionalString(v.id, [...path, 'id']);
    return id !== undefined ? { id } : {};
  }

  changes(v: unknown, key: string): PlannedChange[] {
    if (v === undefined || v === null) return [];
    if (!Array.isArray(v)) {
      this.problem([key], `is ${quote(v)}; expected a list of resource changes`);
      return [];
    }
    const out: PlannedChange[] = [];
    v.forEach((raw, i) => {
      const c = this.change(raw, [key, i]);
      if (c) out.push(c);
    });
    return out;
  }

  /** Resource instances of a values representation (`root_module`, `child_modules` recursively); lenient: these only label. */
  stateResources(values: unknown): StateResource[] {
    const out: StateResource[] = [];
    const walk = (module: unknown, depth: number) => {
      if (!isObject(module) || depth > 32) return;
      if (Array.isArray(module.resources)) {
        for (const r of module.resources) {
          if (!isObject(r) || typeof r.address !== 'string' || typeof r.type !== 'string' || typeof r.name !== 'string' || !isObject(r.values)) continue;
          out.push({ address: r.address, mode: r.mode === 'data' ? 'data' : 'managed', type: r.type, name: r.name, values: r.values });
        }
      }
      if (Array.isArray(module.child_modules)) for (const m of module.child_modules) walk(m, depth + 1);
    };
    walk(isObject(values) ? values.root_module : undefined, 0);
    return out;
  }
}

function configuration(json: Json): Pick<TerraformPlan, 'configuredAddresses' | 'providerConstants'> {
  const config = json.configuration;
  const providerConstants: Record<string, Record<string, unknown>> = {};
  if (!isObject(config)) return { providerConstants };
  if (isObject(config.provider_config)) {
    for (const [key, p] of Object.entries(config.provider_config)) {
      if (!isObject(p) || !isObject(p.expressions)) continue;
      const constants: Record<string, unknown> = {};
      for (const [arg, e] of Object.entries(p.expressions)) if (isObject(e) && 'constant_value' in e) constants[arg] = e.constant_value;
      providerConstants[key] = constants;
    }
  }
  const root = config.root_module;
  if (!isObject(root) || !Array.isArray(root.resources)) return { providerConstants };
  const configuredAddresses = root.resources.flatMap((r) => (isObject(r) && r.mode === 'managed' && typeof r.address === 'string' ? [r.address] : []));
  return { configuredAddresses, providerConstants };
}

/**
 * Reads a plan file's bytes. `file` names it in every message. Throws a PerimeterError
 * (kind `input`) for anything that is not a readable plan.
 */
export function readPlan(bytes: Uint8Array | string, file: string): TerraformPlan {
  const text = typeof bytes === 'string' ? bytes : decode(bytes, file);
  if (!text.trim()) throw notAPlan(file, `is empty; ${HOW}`);
  const json = parse(text, file);
  const what = whatItIs(json);
  if (what) throw notAPlan(file, what);
  const root = json as Json;
  const reader = new PlanReader();
  const terraformVersion = reader.optionalString(root.terraform_version, ['terraform_version']);
  const applyable = reader.optionalBoolean(root.applyable, ['applyable']);
  const complete = reader.optionalBoolean(root.complete, ['complete']);
  const errored = reader.optionalBoolean(root.errored, ['errored']);
  const changes = reader.changes(root.resource_changes, 'resource_changes');
  const drift = reader.changes(root.resource_drift, 'resource_drift');
  if (root.deferred_changes !== undefined && !Array.isArray(root.deferred_changes)) reader.problem(['deferred_changes'], `is ${quote(root.deferred_changes)}; expected a list`);
  if (reader.problems.length) {
    const error = stopped(reader.problems.slice(0, MAX_PROBLEMS).map((p) => ({ file, ...p })));
    const more = reader.problems.length - MAX_PROBLEMS;
    if (more > 0) error.message = `${error.message.replace(/\(\d+ problems\):/, `(${reader.problems.length} problems, the first ${MAX_PROBLEMS} shown):`)}\n  ... and ${more} more`;
    throw error;
  }
  return {
    file,
    formatVersion: root.format_version as string,
    terraformVersion: terraformVersion ?? 'unknown',
    ...(applyable !== undefined ? { applyable } : {}),
    ...(complete !== undefined ? { complete } : {}),
    ...(errored !== undefined ? { errored } : {}),
    changes,
    drift,
    deferred: Array.isArray(root.deferred_changes) ? root.deferred_changes.length : 0,
    priorResources: reader.stateResources(isObject(root.prior_state) ? root.prior_state.values : undefined),
    plannedResources: reader.stateResources(root.planned_values),
    ...configuration(root),
  };
}
