/**
 * The plan fixtures and how each was made. Run `PERIMETER_WRITE_FIXTURES=1 npx jest --ci analysis/plan/fixtures`
 * to make them again; without it, this file checks the committed ones are still what it makes.
 *
 * - `prod.cdk.tf.json`: the prod stack exactly as synth writes it
 *   (`CDKTF_OUTDIR=<tmp> node -r ./cli/register.js cli/main.ts synth`, then `<tmp>/stacks/prod/cdk.tf.json`).
 * - `first-deploy.plan.json`: the plan Terraform 1.11 writes for that stack into an empty
 *   state: every resource created, object ids of new objects known only after apply, the App
 *   Proxy lookups read during apply.
 * - `changes.cdk.tf.json` + `changes.plan.json`: prod with CA006 enabled and allowed-countries'
 *   destroy guard lifted (as a `retire:` entry lifts it), planned against a tenant where CA006
 *   is report-only without the kiosk exclusion, allowed-countries is an IP-range location,
 *   legacy-vpn-egress still exists, CA015 exists under another name (imported), someone
 *   switched CA003 off in the portal, the hr-portal publishing call is tainted, and one
 *   Global Administrator eligibility is new.
 * - `prevent-destroy.plan.json`: the same tenant planned with the prod stack itself, whose
 *   guard on allowed-countries makes Terraform refuse the plan (errored, not applyable).
 * - `terraform-data*.json`: written by the Terraform binary itself from provider-free
 *   `terraform_data` configurations (see `terraformDataPlans` below), kept next to the
 *   configuration each plan was made from.
 *
 * These plans are built in Terraform's schema form (blocks as lists, every attribute present,
 * unknown values left out and marked in after_unknown) with deterministic fake object ids.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readSynthesizedStack } from '../model/read';
import { readPlan } from './read';
import { renderPlanReview } from './render';
import { reviewPlan } from './review';
import { REPO_ROOT } from '../../__tests__/helpers/synth';

const FIXTURES = join(__dirname, '__fixtures__');
const WRITE = process.env['PERIMETER_WRITE_FIXTURES'] === '1';

type Json = Record<string, unknown>;
interface Stack {
  resource: Record<string, Record<string, Json>>;
  data?: Record<string, Record<string, Json>>;
  provider?: Record<string, Json[]>;
  [key: string]: unknown;
}

const isObject = (v: unknown): v is Json => v !== null && typeof v === 'object' && !Array.isArray(v);
const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;

/** A fixed fake object id per seed (version 4, RFC 4122 variant). */
function guid(seed: string): string {
  const h = createHash('sha256').update(seed).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

const META = new Set(['//', 'depends_on', 'lifecycle', 'provider', 'count', 'for_each', 'timeouts']);
/** Object-valued arguments that are attributes (dynamic, maps, single nested), not blocks. */
const OBJECT_ATTRIBUTES = new Set(['body', 'retry', 'read_query_parameters']);
const REF = /\$\{((?:data\.)?[a-z][a-z0-9_]*\.[A-Za-z0-9_-]+)\.([a-z][a-z0-9_]*)\}/g;
const SUBSCRIPTION = 'c5000000-0000-4000-8000-0000000000a1';

/** Attributes the provider computes, by resource type. */
function computed(stack: Stack, address: string): Record<string, string> {
  const [first = '', second = '', third = ''] = address.split('.');
  const [type, name] = first === 'data' ? [second, third] : [first, second];
  const id = guid(address);
  switch (type) {
    case 'azuread_conditional_access_policy':
      return { id: `/identity/conditionalAccess/policies/${id}`, object_id: id };
    case 'azuread_named_location':
      return { id: `/identity/conditionalAccess/namedLocations/${id}`, object_id: id };
    case 'azuread_group':
      return { id: `/groups/${id}`, object_id: id };
    case 'azuread_application_from_template':
      return {
        id: `/applicationTemplates/${String(stack.resource[type]?.[name]?.template_id)}/instantiate/${id}/${guid(`${address}.sp`)}`,
        application_object_id: id,
        application_id: guid(`${address}.client`),
        service_principal_object_id: guid(`${address}.sp`),
      };
    case 'azuread_application':
      return { id: `/applications/${guid(`azuread_application_from_template.${name}`)}`, client_id: guid(`azuread_application_from_template.${name}.client`) };
    case 'azurerm_resource_group':
      return { id: `/subscriptions/${SUBSCRIPTION}/resourceGroups/${String(stack.resource[type]?.[name]?.name)}` };
    case 'azurerm_log_analytics_workspace':
      return { id: `/subscriptions/${SUBSCRIPTION}/resourceGroups/rg-identity-prod/providers/Microsoft.OperationalInsights/workspaces/${String(stack.resource[type]?.[name]?.name)}`, workspace_id: id };
    default:
      return { id: type.startsWith('azurerm_') ? `/subscriptions/${SUBSCRIPTION}/providers/perimeter.fixture/${type}/${name}` : id };
  }
}

function configOf(stack: Stack, address: string): Json | undefined {
  const parts = address.split('.');
  if (parts[0] === 'data') return stack.data?.[parts[1]!]?.[parts[2]!];
  return stack.resource[parts[0]!]?.[parts[1]!];
}

/** The value Terraform knows for `${address.attribute}` once the object exists. */
function resolved(stack: Stack, address: string, attribute: string): string {
  const c = computed(stack, address)[attribute];
  if (c !== undefined) return c;
  const v = configOf(stack, address)?.[attribute];
  if (typeof v === 'string') return resolveText(stack, v, () => true) ?? v;
  return guid(`${address}.${attribute}`);
}

function resolveText(stack: Stack, text: string, known: (address: string) => boolean): string | undefined {
  let unknown = false;
  const out = text.replace(REF, (_, address: string, attribute: string) => {
    if (!known(address)) unknown = true;
    return resolved(stack, address, attribute);
  });
  if (unknown) return undefined;
  return out.replace(/([$%])\1\{/g, '$1{');
}

/** Schema defaults for the attributes the stack leaves out: Terraform's values carry every attribute. */
const DEFAULTS: Readonly<Record<string, Json>> = {
  azuread_conditional_access_policy: { display_name: null, state: null, conditions: [], grant_controls: [], session_controls: [] },
  'azuread_conditional_access_policy.conditions': {
    applications: [], authentication_flow_transfer_methods: [], client_app_types: [], client_applications: [], devices: [], insider_risk_levels: null,
    locations: [], platforms: [], service_principal_risk_levels: [], sign_in_risk_levels: [], user_risk_levels: [], users: [],
  },
  'azuread_conditional_access_policy.conditions.users': {
    excluded_groups: [], excluded_guests_or_external_users: [], excluded_roles: [], excluded_users: [], included_groups: [], included_guests_or_external_users: [], included_roles: [], included_users: [],
  },
  'azuread_conditional_access_policy.conditions.applications': { excluded_applications: [], filter: [], included_applications: [], included_user_actions: [] },
  'azuread_conditional_access_policy.grant_controls': { authentication_strength_policy_id: null, built_in_controls: [], custom_authentication_factors: [], operator: null, terms_of_use: [] },
  'azuread_conditional_access_policy.session_controls': {
    application_enforced_restrictions_enabled: false, cloud_app_security_policy: null, disable_resilience_defaults: false, persistent_browser_mode: null,
    sign_in_frequency: null, sign_in_frequency_authentication_type: null, sign_in_frequency_interval: null, sign_in_frequency_period: null,
  },
  azuread_named_location: { country: [], display_name: null, ip: [] },
  'azuread_named_location.ip': { ip_ranges: [], trusted: false },
  'azuread_named_location.country': { countries_and_regions: [], country_lookup_method: 'clientIpAddress', include_unknown_countries_and_regions: false },
};

const UNKNOWN = Symbol('unknown');
type Value = unknown;

/** Configuration -> Terraform's value: blocks as lists, defaults filled, references resolved or UNKNOWN. Inside an object attribute (`body`) objects stay objects. */
function toValue(stack: Stack, type: string, config: unknown, path: string, known: (address: string) => boolean, attribute = false): Value {
  if (typeof config === 'string') return config.includes('${') ? (resolveText(stack, config, known) ?? UNKNOWN) : config.replace(/([$%])\1\{/g, '$1{');
  if (Array.isArray(config)) return config.map((v) => toValue(stack, type, v, path, known, attribute));
  if (!isObject(config)) return config;
  const out: Json = attribute ? {} : { ...(DEFAULTS[path] ?? {}) };
  for (const [k, v] of Object.entries(config)) {
    if (path === type && META.has(k)) continue;
    const child = `${path}.${k}`;
    if (attribute || OBJECT_ATTRIBUTES.has(k)) out[k] = toValue(stack, type, v, child, known, true);
    else if (isObject(v)) out[k] = [toValue(stack, type, v, child, known)];
    else out[k] = toValue(stack, type, v, child, known);
  }
  return out;
}

/** `after` as JSON (unknowns left out of objects, null in lists) and `after_unknown`, as jsonplan writes them. */
function split(value: Value): { known: unknown; unknown: unknown } {
  if (value === UNKNOWN) return { known: null, unknown: true };
  if (Array.isArray(value)) {
    const parts = value.map(split);
    return { known: parts.map((p) => p.known), unknown: parts.map((p) => p.unknown) };
  }
  if (isObject(value)) {
    const known: Json = {};
    const unknown: Json = {};
    for (const [k, v] of Object.entries(value)) {
      const p = split(v);
      if (v !== UNKNOWN) known[k] = p.known;
      if (p.unknown !== false) unknown[k] = p.unknown;
    }
    return { known, unknown };
  }
  return { known: value, unknown: false };
}

/** The sensitivity mask of a value with nothing sensitive: lists kept, known leaves left out of objects. */
function notSensitive(value: unknown): unknown {
  if (value === null || value === undefined) return false;
  if (Array.isArray(value)) return value.map(notSensitive);
  if (isObject(value)) {
    const out: Json = {};
    for (const [k, v] of Object.entries(value)) {
      const m = notSensitive(v);
      if (m !== false) out[k] = m;
    }
    return out;
  }
  return false;
}

interface Resource {
  readonly address: string;
  readonly mode: 'managed' | 'data';
  readonly type: string;
  readonly name: string;
}

function resourcesOf(stack: Stack): Resource[] {
  const out: Resource[] = [];
  for (const [type, byName] of Object.entries(stack.resource)) for (const name of Object.keys(byName)) out.push({ address: `${type}.${name}`, mode: 'managed', type, name });
  for (const [type, byName] of Object.entries(stack.data ?? {})) for (const name of Object.keys(byName)) out.push({ address: `data.${type}.${name}`, mode: 'data', type, name });
  return out.sort((a, b) => (a.address < b.address ? -1 : a.address > b.address ? 1 : 0));
}

const PROVIDERS: Readonly<Record<string, string>> = {
  azuread: 'registry.terraform.io/hashicorp/azuread',
  azurerm: 'registry.terraform.io/hashicorp/azurerm',
  msgraph: 'registry.terraform.io/microsoft/msgraph',
};
const providerOf = (type: string) => PROVIDERS[type.split('_')[0]!]!;

/** A state value of one object as it exists: its configuration resolved, its computed attributes set. */
function stateValue(stack: Stack, r: Resource, config: Json): Json {
  const v = toValue(stack, r.type, config, r.type, () => true) as Json;
  return { ...v, ...computed(stack, r.address) };
}

function stateResource(r: Resource, values: Json) {
  return { address: r.address, mode: r.mode, type: r.type, name: r.name, provider_name: providerOf(r.type), schema_version: 0, values, sensitive_values: notSensitive(values) };
}

function configuration(stack: Stack) {
  const provider_config: Json = {};
  for (const [name, blocks] of Object.entries(stack.provider ?? {})) {
    const first = blocks[0] ?? {};
    const expressions: Json = {};
    for (const [k, v] of Object.entries(first)) if (typeof v === 'string' || typeof v === 'boolean') expressions[k] = { constant_value: v };
    provider_config[name] = { name, full_name: PROVIDERS[name], expressions };
  }
  return {
    provider_config,
    root_module: {
      resources: resourcesOf(stack).map((r) => ({ address: r.address, mode: r.mode, type: r.type, name: r.name, provider_config_key: r.type.split('_')[0], schema_version: 0 })),
    },
  };
}

interface ChangeSpec {
  readonly actions: readonly string[];
  readonly before?: Json | null;
  readonly after?: Json | null;
  readonly afterUnknown?: unknown;
  readonly reason?: string;
  readonly replacePaths?: readonly (readonly (string | number)[])[];
  readonly importing?: { id: string };
}

function resourceChange(r: Resource, spec: ChangeSpec) {
  const after = spec.after ?? null;
  return {
    address: r.address,
    mode: r.mode,
    type: r.type,
    name: r.name,
    provider_name: providerOf(r.type),
    change: {
      actions: spec.actions,
      before: spec.before ?? null,
      after,
      after_unknown: spec.afterUnknown ?? {},
      before_sensitive: spec.before ? notSensitive(spec.before) : false,
      after_sensitive: after ? notSensitive(after) : false,
      ...(spec.replacePaths ? { replace_paths: spec.replacePaths } : {}),
      ...(spec.importing ? { importing: spec.importing } : {}),
    },
    ...(spec.reason ? { action_reason: spec.reason } : {}),
  };
}

const HEADER = { format_version: '1.2', terraform_version: '1.11.4' };
const TIMESTAMP = '2026-12-01T09:00:00Z';

/** (a) A first deploy: nothing exists, everything is created. */
function firstDeployPlan(stack: Stack): Json {
  const resources = resourcesOf(stack);
  const created = new Set(resources.filter((r) => r.mode === 'managed').map((r) => r.address));
  const known = (address: string) => !created.has(address) && !address.startsWith('data.');
  const changes = resources.map((r) => {
    const config = configOf(stack, r.address)!;
    const { known: after, unknown } = split(toValue(stack, r.type, config, r.type, known));
    const afterUnknown = { ...(unknown as Json), ...Object.fromEntries(Object.keys(computed(stack, r.address)).map((k) => [k, true])) };
    if (r.mode === 'data') return { ...resourceChange(r, { actions: ['read'], after: after as Json, afterUnknown }), action_reason: 'read_because_config_unknown' };
    return resourceChange(r, { actions: ['create'], after: after as Json, afterUnknown });
  });
  return {
    ...HEADER,
    planned_values: { root_module: { resources: changes.filter((c) => c.mode === 'managed').map((c) => ({ ...stateResource(c, c.change.after as Json), sensitive_values: {} })) } },
    resource_changes: changes,
    configuration: configuration(stack),
    timestamp: TIMESTAMP,
    applyable: true,
    complete: true,
    errored: false,
  };
}

/** prod with CA006 enabled and allowed-countries' destroy guard lifted. */
function changesStack(prod: Stack): Stack {
  const stack = clone(prod);
  stack.resource['azuread_conditional_access_policy']!['CA006']!.state = 'enabled';
  delete stack.resource['azuread_named_location']!['allowed-countries']!.lifecycle;
  return stack;
}

const LEGACY_VPN: Resource = { address: 'azuread_named_location.legacy-vpn-egress', mode: 'managed', type: 'azuread_named_location', name: 'legacy-vpn-egress' };
const NEW_ELIGIBILITY = 'azuread_privileged_access_group_eligibility_schedule.pim_global_administrator_eligible_ad000000-0000-4000-8000-000000000014';

/** (b) The tenant described at the top of this file, planned with `stack`. */
function changesPlan(stack: Stack, options: { errored: boolean }): Json {
  const resources = resourcesOf(stack).filter((r) => r.mode === 'managed');
  const now = (r: Resource) => stateValue(stack, r, configOf(stack, r.address)!);
  /** What the tenant holds (refreshed), where it differs from the configuration. */
  const tenant = new Map<string, Json>();
  const ca006 = now(resources.find((r) => r.address === 'azuread_conditional_access_policy.CA006')!);
  const users = ((ca006.conditions as Json[])[0]!.users as Json[])[0]!;
  users.excluded_groups = (users.excluded_groups as string[]).filter((g) => g !== '6f000000-0000-4000-8000-000000000001');
  ca006.state = 'enabledForReportingButNotEnforced';
  tenant.set('azuread_conditional_access_policy.CA006', ca006);
  const countries = now(resources.find((r) => r.address === 'azuread_named_location.allowed-countries')!);
  countries.country = [];
  countries.ip = [{ ip_ranges: ['192.0.2.0/24', '198.51.100.128/25'], trusted: false }];
  tenant.set('azuread_named_location.allowed-countries', countries);
  const ca003 = now(resources.find((r) => r.address === 'azuread_conditional_access_policy.CA003')!);
  const ca003Applied = clone(ca003);
  ca003.state = 'disabled';
  tenant.set('azuread_conditional_access_policy.CA003', ca003);
  const ca015 = now(resources.find((r) => r.address === 'azuread_conditional_access_policy.CA015')!);
  ca015.display_name = 'Guests - allowed apps only (made in the portal)';
  tenant.set('azuread_conditional_access_policy.CA015', ca015);
  const legacy = stateValue({ ...stack, resource: { ...stack.resource, azuread_named_location: { 'legacy-vpn-egress': {} } } }, LEGACY_VPN, {
    display_name: 'Meridian legacy VPN egress (decommissioned)',
    ip: { ip_ranges: ['192.0.2.64/27'], trusted: true },
  });

  const replaced = new Set(['azuread_named_location.allowed-countries', 'msgraph_update_resource.hr-portal_publishing']);
  const changes: Json[] = [];
  const prior: Json[] = [];
  const planned: Json[] = [];
  for (const r of resources) {
    const config = configOf(stack, r.address)!;
    if (r.address === NEW_ELIGIBILITY) {
      const { known: after, unknown } = split(toValue(stack, r.type, config, r.type, () => true));
      changes.push(resourceChange(r, { actions: ['create'], after: after as Json, afterUnknown: { ...(unknown as Json), id: true } }));
      planned.push(stateResource(r, after as Json));
      continue;
    }
    const before = tenant.get(r.address) ?? now(r);
    prior.push(stateResource(r, before));
    if (replaced.has(r.address)) {
      const { known: after, unknown } = split(toValue(stack, r.type, config, r.type, (a) => !replaced.has(a)));
      const afterUnknown = { ...(unknown as Json), ...Object.fromEntries(Object.keys(computed(stack, r.address)).map((k) => [k, true])) };
      const named = r.type === 'azuread_named_location';
      changes.push(
        resourceChange(r, {
          actions: ['delete', 'create'],
          before,
          after: after as Json,
          afterUnknown,
          reason: named ? 'replace_because_cannot_update' : 'replace_because_tainted',
          ...(named ? { replacePaths: [['country'], ['ip']] } : {}),
        }),
      );
      planned.push(stateResource(r, after as Json));
      continue;
    }
    // Everything that refers to a replaced object gets its new id: unknown until apply.
    const { known: afterKnown, unknown } = split(toValue(stack, r.type, config, r.type, (a) => !replaced.has(a)));
    const after = { ...(afterKnown as Json), ...Object.fromEntries(Object.entries(computed(stack, r.address)).filter(([k]) => !(k in (unknown as Json)))) };
    const differs = JSON.stringify(before) !== JSON.stringify(after) || JSON.stringify(unknown) !== JSON.stringify(split(toValue(stack, r.type, config, r.type, () => true)).unknown);
    const importing = r.address === 'azuread_conditional_access_policy.CA015' ? { id: `/identity/conditionalAccess/policies/${guid(r.address)}` } : undefined;
    changes.push(resourceChange(r, { actions: [differs ? 'update' : 'no-op'], before, after, afterUnknown: unknown, ...(importing ? { importing } : {}) }));
    planned.push(stateResource(r, after));
  }
  prior.push(stateResource(LEGACY_VPN, legacy));
  changes.push(resourceChange(LEGACY_VPN, { actions: ['delete'], before: legacy, reason: 'delete_because_no_resource_config' }));
  for (const r of resourcesOf(stack).filter((x) => x.mode === 'data')) prior.push(stateResource(r, stateValue(stack, r, configOf(stack, r.address)!)));
  changes.sort((a, b) => (String(a.address) < String(b.address) ? -1 : 1));
  prior.sort((a, b) => (String(a.address) < String(b.address) ? -1 : 1));
  const ca003Resource = resources.find((r) => r.address === 'azuread_conditional_access_policy.CA003')!;
  return {
    ...HEADER,
    planned_values: { root_module: { resources: planned } },
    resource_drift: [resourceChange(ca003Resource, { actions: ['update'], before: ca003Applied, after: ca003 })],
    resource_changes: changes,
    prior_state: { ...HEADER, values: { root_module: { resources: prior } } },
    configuration: configuration(stack),
    timestamp: TIMESTAMP,
    applyable: !options.errored,
    complete: !options.errored,
    errored: options.errored,
  };
}

/** Plans as `terraform show -json` writes them (one line); stacks as synth writes them. */
const write = (name: string, json: unknown) => writeFileSync(join(FIXTURES, name), name.endsWith('.plan.json') ? `${JSON.stringify(json)}\n` : `${JSON.stringify(json, null, 2)}\n`);
const read = (name: string): unknown => JSON.parse(readFileSync(join(FIXTURES, name), 'utf8'));

/** Synthesizes the project as the CLI does, into a temporary folder, and returns the prod stack's text as written. */
function synthesizedProd(): string {
  const outdir = mkdtempSync(join(tmpdir(), 'perimeter-plan-fixtures-'));
  try {
    const r = spawnSync(process.execPath, ['-r', './cli/register.js', 'cli/main.ts', 'synth'], { cwd: REPO_ROOT, env: { ...process.env, CDKTF_OUTDIR: outdir }, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`synth failed: ${r.stderr}`);
    return readFileSync(join(outdir, 'stacks', 'prod', 'cdk.tf.json'), 'utf8');
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

test('the plan fixtures are what this file makes from the committed prod stack', () => {
  if (WRITE) writeFileSync(join(FIXTURES, 'prod.cdk.tf.json'), synthesizedProd());
  const prod = read('prod.cdk.tf.json') as Stack;
  const made: Record<string, unknown> = {
    'first-deploy.plan.json': firstDeployPlan(prod),
    'changes.cdk.tf.json': changesStack(prod),
    'changes.plan.json': changesPlan(changesStack(prod), { errored: false }),
    'prevent-destroy.plan.json': changesPlan(prod, { errored: true }),
  };
  for (const [name, json] of Object.entries(made)) {
    if (WRITE) write(name, json);
    expect([name, read(name)]).toEqual([name, json]);
  }
});

// ---------------------------------------------------------------------------------------------
// Plans written by the Terraform binary itself, from provider-free configurations.

const TERRAFORM_DATA_BEFORE = {
  resource: {
    terraform_data: {
      kept: { input: 'v1' },
      changed: { input: 'before' },
      replaced: { input: 'x', triggers_replace: ['one'] },
      removed: { input: 'bye' },
      forgotten: { input: 'keep me' },
      tainted: { input: 't' },
      requested: { input: 'r' },
    },
  },
};
/** Create, update, triggers_replace replace, removal, import, forget (removed block), tainted, -replace. */
const TERRAFORM_DATA_AFTER = {
  import: [{ to: 'terraform_data.adopted', id: 'imported-id-123' }],
  removed: [{ from: 'terraform_data.forgotten', lifecycle: { destroy: false } }],
  resource: {
    terraform_data: {
      kept: { input: 'v1' },
      changed: { input: 'after' },
      replaced: { input: 'x', triggers_replace: ['two'] },
      added: { input: 'new' },
      adopted: {},
      tainted: { input: 't' },
      requested: { input: 'r' },
    },
  },
};
const GUARDED = (trigger: string) => ({ resource: { terraform_data: { guarded: { input: 'g', triggers_replace: [trigger], lifecycle: { prevent_destroy: true } } } } });

const terraformOnPath = spawnSync('terraform', ['version'], { encoding: 'utf8' }).status === 0;

function terraform(dir: string, args: readonly string[], okCodes: readonly number[] = [0]): string {
  const r = spawnSync('terraform', [...args], { cwd: dir, encoding: 'utf8', env: { ...process.env, CHECKPOINT_DISABLE: '1', TF_IN_AUTOMATION: '1', TF_CLI_CONFIG_FILE: '/dev/null' } });
  if (!okCodes.includes(r.status ?? -1)) throw new Error(`terraform ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  return r.stdout;
}

/** Runs Terraform through both scenarios and returns `terraform show -json` of each plan. */
function terraformDataPlans(): { 'terraform-data.plan.json': unknown; 'terraform-data-prevent-destroy.plan.json': unknown } {
  const run = (steps: readonly unknown[], planArgs: readonly string[], taint?: string) => {
    const dir = mkdtempSync(join(tmpdir(), 'perimeter-tfdata-'));
    try {
      writeFileSync(join(dir, 'main.tf.json'), JSON.stringify(steps[0]));
      terraform(dir, ['init', '-input=false', '-no-color']);
      terraform(dir, ['apply', '-auto-approve', '-input=false', '-no-color']);
      if (taint) terraform(dir, ['taint', '-no-color', taint]);
      writeFileSync(join(dir, 'main.tf.json'), JSON.stringify(steps[1]));
      // A refused plan (prevent_destroy) exits 1 and still writes the plan file.
      terraform(dir, ['plan', '-input=false', '-no-color', '-out=plan.tfplan', ...planArgs], [0, 1]);
      return JSON.parse(terraform(dir, ['show', '-json', 'plan.tfplan'])) as unknown;
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
  return {
    'terraform-data.plan.json': run([TERRAFORM_DATA_BEFORE, TERRAFORM_DATA_AFTER], ['-replace=terraform_data.requested'], 'terraform_data.tainted'),
    'terraform-data-prevent-destroy.plan.json': run([GUARDED('a'), GUARDED('b')], []),
  };
}

/** What differs between two runs of the same scenario: random ids and the time. */
function normalized(plan: unknown): unknown {
  return JSON.parse(JSON.stringify(plan).replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, '<id>').replace(/"timestamp":"[^"]*"/, '"timestamp":"<time>"'));
}

const CONFIGS: Readonly<Record<string, unknown>> = {
  'terraform-data.plan.json': TERRAFORM_DATA_AFTER,
  'terraform-data-prevent-destroy.plan.json': GUARDED('b'),
};

const reviewOf = (name: string, plan: unknown) => {
  const model = readSynthesizedStack(CONFIGS[name], { name: 'lab' });
  return renderPlanReview(reviewPlan(readPlan(JSON.stringify(plan), name), model));
};

test('the terraform_data fixtures are what Terraform writes (made again with the binary when it is on PATH)', () => {
  for (const [name, config] of Object.entries(CONFIGS)) {
    const file = name.replace('.plan.json', '.tf.json');
    if (WRITE) writeFileSync(join(FIXTURES, file), `${JSON.stringify(config, null, 1)}\n`);
    expect([file, read(file)]).toEqual([file, config]);
  }
  if (!terraformOnPath) {
    console.log('skipped making the terraform_data plans again: no terraform binary on PATH; the committed plans are checked by review.test.ts');
    return;
  }
  const fresh = terraformDataPlans();
  for (const [name, plan] of Object.entries(fresh)) {
    if (WRITE || !existsSync(join(FIXTURES, name))) writeFileSync(join(FIXTURES, name), `${JSON.stringify(plan)}\n`);
    const committed = read(name) as { terraform_version?: string };
    if ((plan as { terraform_version?: string }).terraform_version === committed.terraform_version) expect(normalized(plan)).toEqual(normalized(committed));
    else console.log(`${name}: Terraform ${String((plan as { terraform_version?: string }).terraform_version)} on PATH, the fixture is from ${String(committed.terraform_version)}: comparing the reviews only`);
    expect(reviewOf(name, plan)).toBe(reviewOf(name, committed));
  }
});
