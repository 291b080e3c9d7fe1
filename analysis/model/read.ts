/**
 * The one reader of synthesized Terraform JSON (`cdk.tf.json`). It turns a stack into the
 * Graph-shaped EnvironmentModel of ./types.ts.
 *
 * Terraform references (`${azuread_named_location.sync-egress.object_id}`) cannot be resolved
 * to GUIDs before deploy, so they become logical references whose `id` is the Terraform
 * address (`azuread_named_location.sync-egress`). GUIDs stay GUIDs, lower-cased. Every
 * reference carries a human label (./labels.ts). Every other string is read as the value
 * Terraform applies: synth escapes template sequences in text (`$${`), the model has the text.
 *
 * Pure: it reads parsed JSON, never a file.
 */
import { authenticationContextOfResource, isGraphPolicyResource, policyOfWaveTwin, TERRAFORM_REFERENCE, TF } from '../../core/addresses';
import type { GraphBody } from '../../core/graph-json';
import { isGuid } from '../../core/ids';
import { PerimeterError } from '../../core/problems';
import { appliedLiteral, mapStrings } from '../../core/terraform-json';
import type { PolicyState } from '../../core/stages';
import { seedLabels, stackGroupId, stackGroupLabel } from './labels';
import { policyModelOf } from '../adoption/model';
import type { ImportedPolicy } from '../adoption/types';
import type {
  ApplicationsCondition,
  AuthenticationContextModel,
  BuiltInControlName,
  CheckModel,
  ClientAppTypeName,
  EnvironmentModel,
  GrantControlsModel,
  GroupModel,
  GuestOrExternalUserTypeName,
  GuestsOrExternalUsers,
  NamedLocationModel,
  PlatformName,
  PolicyConditions,
  PolicyModel,
  ReadOptions,
  Ref,
  RiskLevelName,
  SessionControlsModel,
  SynthesizedResource,
  TransferMethod,
  UsersCondition,
} from './types';

type Json = Record<string, unknown>;

const stopped = (problems: readonly { file: string; path: string; message: string }[]) => new PerimeterError(problems, 'perimeter: analysis stopped');

/** Reads a stack from its parsed JSON. A stack that is not Terraform JSON is a PerimeterError. */
export function readSynthesizedStack(json: unknown, options: ReadOptions = {}): EnvironmentModel {
  const where = options.file ?? '<synthesized stack>';
  if (json === null || typeof json !== 'object' || Array.isArray(json)) {
    throw stopped([{ file: where, path: '', message: 'is not a Terraform JSON object' }]);
  }
  const name = options.name ?? options.declared?.name ?? 'stack';
  const applied = mapStrings(json as Json, (text) => (TERRAFORM_REFERENCE.test(text) ? text : appliedLiteral(text)));
  return new StackReader(applied, where, name, options).read();
}

class StackReader {
  private readonly labels: Map<string, string>;
  private readonly resources: Record<string, Record<string, Json>>;
  private readonly problems: { path: string; message: string }[] = [];

  constructor(
    private readonly root: Json,
    private readonly where: string,
    private readonly name: string,
    private readonly options: ReadOptions,
  ) {
    this.resources = (isObject(root.resource) ? root.resource : {}) as Record<string, Record<string, Json>>;
    const appProxyApps = new Map(
      Object.entries(this.resourcesOf(TF.applicationFromTemplate)).map(([key, app]) => [key, str(app.display_name) ?? key]),
    );
    this.labels = seedLabels(appProxyApps, options.declared);
  }

  read(): EnvironmentModel {
    const namedLocations = this.readNamedLocations();
    const groups = this.readGroups();
    const authenticationContexts = this.readAuthenticationContexts();
    const policies = [
      ...Object.keys(this.resourcesOf(TF.conditionalAccessPolicy))
        .sort()
        .map((key) => this.readPolicy(key)),
      ...this.readGraphPolicies(),
    ];
    if (this.problems.length) throw stopped(this.problems.map((p) => ({ file: this.where, path: p.path, message: p.message })));
    const labels = this.labels;
    const locationsById = new Map<string, NamedLocationModel>(namedLocations.map((l) => [l.address, l]));
    const groupsById = new Map(groups.map((g) => [g.id, g]));
    // The tenant's unmanaged policies: labelled as such everywhere they show, found by their object id.
    const unmanagedPolicies = (this.options.declared?.unmanagedPolicies ?? []).map((p) => this.unmanagedPolicy(p));
    const policiesById = new Map([...policies, ...unmanagedPolicies].map((p) => [p.id, p]));
    const provider = this.root.provider;
    const azuread = isObject(provider) && Array.isArray(provider.azuread) ? (provider.azuread[0] as Json | undefined) : undefined;
    const tenantId = typeof azuread?.tenant_id === 'string' ? azuread.tenant_id : undefined;
    const declared = this.options.declared;
    return {
      name: this.name,
      ...(this.options.file ? { file: this.options.file } : {}),
      ...(declared ? { declared } : {}),
      ...(tenantId ? { tenantId } : {}),
      policies,
      namedLocations,
      groups,
      labels,
      labelOf: (id: string) => labels.get(id) ?? labels.get(id.toLowerCase()) ?? id,
      namedLocation: (id: string) => locationsById.get(id),
      group: (id: string) => groupsById.get(id) ?? groupsById.get(id.toLowerCase()),
      policy: (id: string) => policiesById.get(id),
      unmanagedPolicies,
      ...(authenticationContexts.length ? { authenticationContexts } : {}),
      ...this.readRaw(),
    };
  }

  private readRaw(): Pick<EnvironmentModel, 'resources' | 'outputs' | 'backend' | 'subscriptions' | 'providerSubscriptions' | 'imports' | 'checks' | 'locals'> {
    const resources: SynthesizedResource[] = [];
    for (const type of Object.keys(this.resources).sort()) {
      const byName = this.resourcesOf(type);
      for (const name of Object.keys(byName).sort()) {
        const config = byName[name];
        if (isObject(config)) resources.push({ type, name, address: `${type}.${name}`, config });
      }
    }
    const outputs: Record<string, { value: unknown; description?: string }> = {};
    if (isObject(this.root.output)) {
      for (const [name, o] of Object.entries(this.root.output)) {
        if (isObject(o)) outputs[name] = { value: o.value, ...(typeof o.description === 'string' ? { description: o.description } : {}) };
      }
    }
    const terraform = isObject(this.root.terraform) ? this.root.terraform : {};
    const backends = isObject(terraform.backend) ? Object.entries(terraform.backend) : [];
    const [type, config] = backends[0] ?? [];
    const azurerm = isObject(this.root.provider) && Array.isArray(this.root.provider.azurerm) ? this.root.provider.azurerm : [];
    const subscriptions = [...new Set(azurerm.flatMap((p) => (isObject(p) && typeof p.subscription_id === 'string' ? [p.subscription_id.toLowerCase()] : [])))].sort();
    const providerSubscriptions: Record<string, string> = {};
    for (const p of azurerm) {
      if (isObject(p) && typeof p.subscription_id === 'string') providerSubscriptions[typeof p.alias === 'string' ? `azurerm.${p.alias}` : 'azurerm'] = p.subscription_id.toLowerCase();
    }
    const imports = new Map<string, string>();
    for (const block of Array.isArray(this.root.import) ? this.root.import : []) {
      if (isObject(block) && typeof block.to === 'string' && typeof block.id === 'string') imports.set(block.to, block.id);
    }
    const checks = new Map<string, CheckModel>();
    for (const [name, block] of Object.entries(isObject(this.root.check) ? this.root.check : {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
      if (!isObject(block)) continue;
      const data: Record<string, Json> = {};
      for (const [dataType, byName] of Object.entries(isObject(block.data) ? block.data : {})) {
        for (const [dataName, config] of Object.entries(isObject(byName) ? byName : {})) if (isObject(config)) data[`${dataType}.${dataName}`] = config;
      }
      const assertions = (Array.isArray(block.assert) ? block.assert : []).flatMap((a) =>
        isObject(a) && typeof a.condition === 'string' ? [{ condition: a.condition, errorMessage: typeof a.error_message === 'string' ? a.error_message : '' }] : [],
      );
      checks.set(name, { name, data, assertions });
    }
    return {
      resources,
      outputs,
      checks,
      locals: isObject(this.root.locals) ? this.root.locals : {},
      ...(type !== undefined && isObject(config) ? { backend: { type, config } } : {}),
      subscriptions,
      providerSubscriptions,
      imports,
    };
  }

  private resourcesOf(type: string): Record<string, Json> {
    const r = this.resources[type];
    return isObject(r) ? (r as Record<string, Json>) : {};
  }

  private readNamedLocations(): NamedLocationModel[] {
    const out: NamedLocationModel[] = [];
    const resources = this.resourcesOf(TF.namedLocation);
    for (const key of Object.keys(resources).sort()) {
      const r = resources[key]!;
      const address = `${TF.namedLocation}.${key}`;
      const displayName = str(r.display_name) ?? key;
      const ip = block(r.ip);
      const country = block(r.country);
      if (ip) {
        out.push({ kind: 'ip', key, address, displayName, ipRanges: strings(ip.ip_ranges), isTrusted: ip.trusted === true });
      } else if (country) {
        out.push({
          kind: 'country',
          key,
          address,
          displayName,
          countriesAndRegions: strings(country.countries_and_regions),
          includeUnknownCountriesAndRegions: country.include_unknown_countries_and_regions === true,
          countryLookupMethod: country.country_lookup_method === 'authenticatorAppGps' ? 'authenticatorAppGps' : 'clientIpAddress',
        });
      } else {
        this.problems.push({ path: `resource.${TF.namedLocation}.${key}`, message: 'has neither an ip nor a country block' });
        continue;
      }
      this.labels.set(address, `location ${key} (${displayName})`);
    }
    return out;
  }

  private readGroups(): GroupModel[] {
    const out: GroupModel[] = [];
    const resources = this.resourcesOf(TF.group);
    for (const key of Object.keys(resources).sort()) {
      const r = resources[key]!;
      const id = stackGroupId(key);
      const displayName = str(r.display_name) ?? key;
      out.push({ key, id, displayName, members: strings(r.members).map((m) => m.toLowerCase()), managedByStack: true });
      this.labels.set(id, stackGroupLabel(key, displayName));
    }
    for (const [key, g] of Object.entries(this.options.declared?.groups ?? {})) {
      out.push({ key, id: g.objectId.toLowerCase(), displayName: g.description ?? key, members: [], managedByStack: false });
    }
    // A wave's group says which wave it is wherever it shows: `group it-staff (wave it-pilot)`,
    // `group wave_lab-pilot (CA rollout wave - lab pilot; wave lab-pilot)`.
    for (const w of this.options.declared?.waves ?? []) {
      const label = this.labels.get(w.groupId) ?? `group ${w.groupId}`;
      this.labels.set(w.groupId, label.endsWith(')') ? `${label.slice(0, -1)}; wave ${w.name})` : `${label} (wave ${w.name})`);
    }
    return out;
  }

  /**
   * A policy of the tenant's snapshot, labelled as unmanaged everywhere it shows. A named
   * location it names by object id that the environment adopts is the stack's location: What
   * If evaluates its ranges, and it counts as used.
   */
  private unmanagedPolicy(p: ImportedPolicy): PolicyModel {
    const declared = this.options.declared;
    for (const [id, name] of Object.entries(declared?.unmanagedNames ?? {})) if (!this.labels.has(id)) this.labels.set(id, `named location ${name}`);
    const model = policyModelOf(p, p.originalId, (id) => this.labels.get(id));
    const adopted = declared?.adoptedLocations ?? {};
    const remap = (refs: readonly Ref[]) => refs.map((r) => (Object.hasOwn(adopted, r.id) ? this.ref(`\${${TF.namedLocation}.${adopted[r.id]!}.object_id}`) : r));
    const l = model.conditions.locations;
    return {
      ...model,
      ...(l ? { conditions: { ...model.conditions, locations: { includeLocations: remap(l.includeLocations), excludeLocations: remap(l.excludeLocations) } } } : {}),
      displayName: `${p.displayName} (unmanaged)`,
      address: `unmanaged.${p.originalId}`,
      unmanaged: true,
    };
  }

  /** `msgraph_update_resource` upserts of `authenticationContextClassReferences/<id>`, labelled `authentication context c1 (name)`. */
  private readAuthenticationContexts(): AuthenticationContextModel[] {
    const out: AuthenticationContextModel[] = [];
    const resources = this.resourcesOf(TF.msgraphUpdateResource);
    for (const name of Object.keys(resources).sort()) {
      const r = resources[name]!;
      const id = authenticationContextOfResource(TF.msgraphUpdateResource, r);
      if (id === undefined) continue;
      const body = isObject(r.body) ? r.body : {};
      const displayName = str(body.displayName) ?? id;
      const description = str(body.description);
      out.push({ id, address: `${TF.msgraphUpdateResource}.${name}`, displayName, ...(description !== undefined ? { description } : {}), isAvailable: body.isAvailable === true });
      this.labels.set(id, `authentication context ${id} (${displayName})`);
    }
    return out.sort((a, b) => Number(a.id.slice(1)) - Number(b.id.slice(1)));
  }

  /**
   * Conditional Access policies declared through msgraph (`msgraph_resource` on the policies
   * collection): their body is Graph's own shape, read by the same conversion as an export,
   * with Terraform references (the break-glass group) read as references.
   */
  private readGraphPolicies(): PolicyModel[] {
    const out: PolicyModel[] = [];
    const resources = this.resourcesOf(TF.msgraphResource);
    for (const key of Object.keys(resources).sort()) {
      const r = resources[key]!;
      if (!isGraphPolicyResource(TF.msgraphResource, r)) continue;
      const path = `resource.${TF.msgraphResource}.${key}`;
      const body = (isObject(r.body) ? r.body : {}) as GraphBody;
      const state = str(body.state);
      if (state !== 'enabled' && state !== 'disabled' && state !== 'enabledForReportingButNotEnforced') {
        this.problems.push({ path: `${path}.body.state`, message: `${JSON.stringify(body.state)} is not a Conditional Access state (enabled | disabled | enabledForReportingButNotEnforced)` });
      }
      const displayName = str(body.displayName) ?? key;
      const imported: ImportedPolicy = {
        source: { file: this.where },
        originalId: key,
        displayName,
        state: (state ?? 'disabled') as PolicyState,
        graph: body,
        unexpressible: [],
        notes: [],
        declarable: true,
      };
      const model = policyModelOf(imported, key, (id) => this.labels.get(id));
      const remap = (refs: readonly Ref[]) => refs.map((x) => (TERRAFORM_REFERENCE.test(x.id) ? this.ref(x.id) : x));
      const u = model.conditions.users;
      const l = model.conditions.locations;
      const applications = isObject(body.conditions) && isObject(body.conditions.applications) ? body.conditions.applications : {};
      const contexts = strings(applications.includeAuthenticationContextClassReferences).map((c) => this.ref(c));
      this.labels.set(key, displayName);
      out.push({
        ...model,
        address: `${TF.msgraphResource}.${key}`,
        ...(contexts.length ? { authenticationContextPolicy: true as const } : {}),
        conditions: {
          ...model.conditions,
          users: {
            ...u,
            includeUsers: remap(u.includeUsers),
            excludeUsers: remap(u.excludeUsers),
            includeGroups: remap(u.includeGroups),
            excludeGroups: remap(u.excludeGroups),
          },
          applications: { ...model.conditions.applications, ...(contexts.length ? { includeAuthenticationContexts: contexts } : {}) },
          ...(l ? { locations: { includeLocations: remap(l.includeLocations), excludeLocations: remap(l.excludeLocations) } } : {}),
        },
      });
    }
    return out;
  }

  private ref(value: string): Ref {
    const m = TERRAFORM_REFERENCE.exec(value);
    if (m) {
      const [, type = '', name = '', attribute = ''] = m;
      const id = `${type}.${name}`;
      const known = this.labels.get(id);
      return { id, label: known ?? id, terraform: { type, name, attribute } };
    }
    const id = isGuid(value) ? value.toLowerCase() : value;
    return { id, label: this.labels.get(id) ?? id };
  }

  private refs(value: unknown): Ref[] {
    return strings(value).map((v) => this.ref(v));
  }

  private guests(value: unknown, path: string): GuestsOrExternalUsers | undefined {
    const list = Array.isArray(value) ? value : value === undefined ? [] : [value];
    const first = list[0];
    if (!isObject(first)) return undefined;
    if (list.length > 1) this.problems.push({ path, message: 'has more than one guests_or_external_users block; Graph accepts one' });
    const types = splitFlags(first.guest_or_external_user_types) as GuestOrExternalUserTypeName[];
    const tenants = block(first.external_tenants);
    const externalTenants =
      tenants && tenants.membership_kind === 'enumerated'
        ? { membershipKind: 'enumerated' as const, members: strings(tenants.members).map((t) => t.toLowerCase()) }
        : { membershipKind: 'all' as const };
    return { guestOrExternalUserTypes: types, externalTenants };
  }

  private readUsers(u: Json, path: string): UsersCondition {
    const includeGuests = this.guests(u.included_guests_or_external_users, `${path}.conditions.users.included_guests_or_external_users`);
    const excludeGuests = this.guests(u.excluded_guests_or_external_users, `${path}.conditions.users.excluded_guests_or_external_users`);
    return {
      includeUsers: this.refs(u.included_users),
      excludeUsers: this.refs(u.excluded_users),
      includeGroups: this.refs(u.included_groups),
      excludeGroups: this.refs(u.excluded_groups),
      includeRoles: this.refs(u.included_roles),
      excludeRoles: this.refs(u.excluded_roles),
      ...(includeGuests ? { includeGuestsOrExternalUsers: includeGuests } : {}),
      ...(excludeGuests ? { excludeGuestsOrExternalUsers: excludeGuests } : {}),
    };
  }

  private readApplications(a: Json): ApplicationsCondition {
    return {
      includeApplications: this.refs(a.included_applications),
      excludeApplications: this.refs(a.excluded_applications),
      includeUserActions: strings(a.included_user_actions),
    };
  }

  private readConditions(c: Json, path: string): PolicyConditions {
    const clientAppTypes = strings(c.client_app_types) as ClientAppTypeName[];
    const platforms = block(c.platforms);
    const locations = block(c.locations);
    const devices = block(c.devices);
    const filter = devices ? block(devices.filter) : undefined;
    const flows = splitFlags(c.authentication_flow_transfer_methods) as TransferMethod[];
    const clientApps = block(c.client_applications);
    const spFilter = clientApps ? block(clientApps.filter) : undefined;
    const insider = str(c.insider_risk_levels);
    return {
      users: this.readUsers(block(c.users) ?? {}, path),
      applications: this.readApplications(block(c.applications) ?? {}),
      clientAppTypes: clientAppTypes.length ? clientAppTypes : ['all'],
      ...(platforms
        ? {
            platforms: {
              includePlatforms: strings(platforms.included_platforms) as PlatformName[],
              excludePlatforms: strings(platforms.excluded_platforms) as PlatformName[],
            },
          }
        : {}),
      ...(locations
        ? { locations: { includeLocations: this.refs(locations.included_locations), excludeLocations: this.refs(locations.excluded_locations) } }
        : {}),
      signInRiskLevels: strings(c.sign_in_risk_levels) as RiskLevelName[],
      userRiskLevels: strings(c.user_risk_levels) as RiskLevelName[],
      servicePrincipalRiskLevels: strings(c.service_principal_risk_levels) as RiskLevelName[],
      ...(flows.length ? { authenticationFlows: { transferMethods: flows } } : {}),
      ...(filter
        ? { devices: { deviceFilter: { mode: filter.mode === 'exclude' ? ('exclude' as const) : ('include' as const), rule: str(filter.rule) ?? '' } } }
        : {}),
      ...(clientApps
        ? {
            clientApplications: {
              includeServicePrincipals: strings(clientApps.included_service_principals),
              excludeServicePrincipals: strings(clientApps.excluded_service_principals),
              ...(spFilter ? { servicePrincipalFilter: { mode: spFilter.mode === 'exclude' ? ('exclude' as const) : ('include' as const), rule: str(spFilter.rule) ?? '' } } : {}),
            },
          }
        : {}),
      ...(insider === 'minor' || insider === 'moderate' || insider === 'elevated' ? { insiderRiskLevels: insider } : {}),
    };
  }

  private readGrant(g: Json): GrantControlsModel {
    const strengthPath = str(g.authentication_strength_policy_id);
    let authenticationStrength: Ref | undefined;
    if (strengthPath) {
      const asRef = this.ref(strengthPath);
      if (asRef.terraform) authenticationStrength = asRef;
      else {
        const bare = strengthPath.slice(strengthPath.lastIndexOf('/') + 1).toLowerCase();
        authenticationStrength = { id: bare, label: this.labels.get(bare) ?? `authentication strength ${bare}` };
      }
    }
    return {
      operator: g.operator === 'AND' ? 'AND' : 'OR',
      builtInControls: strings(g.built_in_controls) as BuiltInControlName[],
      ...(authenticationStrength ? { authenticationStrength } : {}),
      customAuthenticationFactors: strings(g.custom_authentication_factors),
      termsOfUse: strings(g.terms_of_use),
    };
  }

  private readPolicy(key: string): PolicyModel {
    const r = this.resourcesOf(TF.conditionalAccessPolicy)[key]!;
    const path = `resource.${TF.conditionalAccessPolicy}.${key}`;
    const state = str(r.state);
    if (state !== 'enabled' && state !== 'disabled' && state !== 'enabledForReportingButNotEnforced') {
      this.problems.push({ path: `${path}.state`, message: `${JSON.stringify(r.state)} is not a Conditional Access state (enabled | disabled | enabledForReportingButNotEnforced)` });
    }
    const g = block(r.grant_controls);
    const s = block(r.session_controls);
    const grantControls = g ? this.readGrant(g) : undefined;
    const sessionControls = s ? readSession(s) : undefined;
    const displayName = str(r.display_name) ?? key;
    this.labels.set(key, `${displayName}`);
    const conditions = this.readConditions(block(r.conditions) ?? {}, path);
    const of = policyOfWaveTwin(key);
    return {
      id: key,
      address: `${TF.conditionalAccessPolicy}.${key}`,
      displayName,
      state: (state ?? 'disabled') as PolicyState,
      conditions,
      ...(grantControls ? { grantControls } : {}),
      ...(sessionControls ? { sessionControls } : {}),
      ...(of !== undefined ? { wave: { of, waves: this.wavesOf(conditions.users.includeGroups) } } : {}),
    };
  }

  /** The waves a twin includes, in rollout order when the file declares them; other groups by their labels. */
  private wavesOf(groups: readonly Ref[]): string[] {
    const declared = this.options.declared?.waves ?? [];
    const ids = new Set(groups.map((g) => g.id));
    const known = declared.filter((w) => ids.has(w.groupId));
    const named = new Set(known.map((w) => w.groupId));
    return [...known.map((w) => w.name), ...groups.filter((g) => !named.has(g.id)).map((g) => g.label)];
  }
}

function readSession(s: Json): SessionControlsModel | undefined {
  const interval = str(s.sign_in_frequency_interval);
  const value = typeof s.sign_in_frequency === 'number' ? s.sign_in_frequency : undefined;
  const period = str(s.sign_in_frequency_period);
  const authType: 'primaryAndSecondaryAuthentication' | 'secondaryAuthentication' =
    s.sign_in_frequency_authentication_type === 'secondaryAuthentication' ? 'secondaryAuthentication' : 'primaryAndSecondaryAuthentication';
  const sif =
    interval === 'everyTime'
      ? { frequencyInterval: 'everyTime' as const, authenticationType: authType }
      : value !== undefined && value > 0
        ? { frequencyInterval: 'timeBased' as const, value, type: period === 'days' ? ('days' as const) : ('hours' as const), authenticationType: authType }
        : undefined;
  const mode = str(s.persistent_browser_mode);
  const mcas = str(s.cloud_app_security_policy);
  const out: SessionControlsModel = {
    ...(sif ? { signInFrequency: sif } : {}),
    ...(mode === 'always' || mode === 'never' ? { persistentBrowser: { mode } } : {}),
    ...(s.application_enforced_restrictions_enabled === true ? { applicationEnforcedRestrictions: { isEnabled: true } } : {}),
    ...(mcas ? { cloudAppSecurity: { cloudAppSecurityType: mcas } } : {}),
    ...(s.disable_resilience_defaults === true ? { disableResilienceDefaults: true } : {}),
  };
  return Object.keys(out).length ? out : undefined;
}

function isObject(v: unknown): v is Json {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** Terraform JSON writes a nested block as an object or as a one-element list. */
function block(v: unknown): Json | undefined {
  if (Array.isArray(v)) return isObject(v[0]) ? v[0] : undefined;
  return isObject(v) ? v : undefined;
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

function strings(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

/** Lists, or the comma-separated strings Graph uses for flags. */
function splitFlags(v: unknown): string[] {
  if (typeof v === 'string') return v.split(',').map((s) => s.trim()).filter(Boolean);
  return strings(v);
}
