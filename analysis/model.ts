/**
 * Reads one synthesized stack (`cdktf.out/stacks/<env>/cdk.tf.json`, Terraform JSON) into a
 * typed, Graph-shaped model of the environment: Conditional Access policies in the Graph
 * vocabulary (`includeUsers`, `excludeGroups`, `grantControls.builtInControls`, ...), named
 * locations and groups. Everything analysis does starts here, so what is analysed is exactly
 * what `cdktf deploy` would apply.
 *
 * Terraform references (`${azuread_named_location.sync-egress.object_id}`) cannot be resolved
 * to GUIDs before deploy, so they become logical references whose `id` is the Terraform
 * address (`azuread_named_location.sync-egress`). GUIDs stay GUIDs, lower-cased. Every
 * reference carries a human label: role names from policies/directory-roles.ts, app names from
 * policies/well-known.ts and analysis/app-sets.ts, and, when an Environment is given, the
 * logical names of break-glass and directory-sync accounts, groups and apps.
 *
 * Pure TypeScript: no cdktf import.
 *
 * API:
 *   readSynthesizedStack(pathOrJson, { environment?, name? }) -> EnvironmentModel
 *   EnvironmentModel = { name, file?, tenantId?, policies, namedLocations, groups, labels, labelOf(id),
 *                        namedLocation(id), group(id), policy(id) }
 */
import { readFileSync } from 'node:fs';
import { basename, dirname } from 'node:path';
import type { Environment } from '../config/environment';
import { PerimeterError } from '../config/errors';
import { AZURE_ROLES } from '../policies/azure-roles';
import { DIRECTORY_ROLES } from '../policies/directory-roles';
import type { BuiltInControl } from '../policies/model';
import type { PolicyState } from '../policies/stages';
import { AUTHENTICATION_STRENGTHS, USER_ACTIONS, WELL_KNOWN_APPS } from '../policies/well-known';
import { suiteMemberNames } from './app-sets';

/** A value a policy names: a GUID, a special value such as `All`, or an object created in the same stack. */
export interface Ref {
  /**
   * What matching uses: a lower-case GUID, a special value (`All`, `None`, `AllTrusted`,
   * `GuestsOrExternalUsers`, `Office365`, `MicrosoftAdminPortals`), or for an object the stack
   * itself creates, its Terraform address (`azuread_group.break_glass_exclusion`).
   */
  readonly id: string;
  /** For people: `group break_glass_exclusion (CA exclusion: ...)`, `role Global Administrator`, ... */
  readonly label: string;
  /** Set when the value was a Terraform reference. */
  readonly terraform?: { readonly type: string; readonly name: string; readonly attribute: string };
}

export type GuestOrExternalUserTypeName =
  | 'none'
  | 'internalGuest'
  | 'b2bCollaborationGuest'
  | 'b2bCollaborationMember'
  | 'b2bDirectConnectUser'
  | 'otherExternalUser'
  | 'serviceProvider';

export interface GuestsOrExternalUsers {
  readonly guestOrExternalUserTypes: readonly GuestOrExternalUserTypeName[];
  readonly externalTenants: { readonly membershipKind: 'all' } | { readonly membershipKind: 'enumerated'; readonly members: readonly string[] };
}

export interface UsersCondition {
  readonly includeUsers: readonly Ref[];
  readonly excludeUsers: readonly Ref[];
  readonly includeGroups: readonly Ref[];
  readonly excludeGroups: readonly Ref[];
  readonly includeRoles: readonly Ref[];
  readonly excludeRoles: readonly Ref[];
  readonly includeGuestsOrExternalUsers?: GuestsOrExternalUsers;
  readonly excludeGuestsOrExternalUsers?: GuestsOrExternalUsers;
}

export interface ApplicationsCondition {
  readonly includeApplications: readonly Ref[];
  readonly excludeApplications: readonly Ref[];
  /** `urn:user:registersecurityinfo`, `urn:user:registerdevice`. */
  readonly includeUserActions: readonly string[];
}

export type ClientAppTypeName = 'all' | 'browser' | 'mobileAppsAndDesktopClients' | 'exchangeActiveSync' | 'easSupported' | 'other';
export type PlatformName = 'all' | 'android' | 'iOS' | 'windows' | 'windowsPhone' | 'macOS' | 'linux';
export type RiskLevelName = 'none' | 'low' | 'medium' | 'high' | 'hidden';
export type TransferMethod = 'deviceCodeFlow' | 'authenticationTransfer';

export interface PolicyConditions {
  readonly users: UsersCondition;
  readonly applications: ApplicationsCondition;
  /** `['all']` when the policy does not narrow client app types. */
  readonly clientAppTypes: readonly ClientAppTypeName[];
  /** Absent: every platform, unknown ones included. */
  readonly platforms?: { readonly includePlatforms: readonly PlatformName[]; readonly excludePlatforms: readonly PlatformName[] };
  /** Absent: any location. */
  readonly locations?: { readonly includeLocations: readonly Ref[]; readonly excludeLocations: readonly Ref[] };
  /** Empty: any level. A set, not a threshold. */
  readonly signInRiskLevels: readonly RiskLevelName[];
  readonly userRiskLevels: readonly RiskLevelName[];
  readonly servicePrincipalRiskLevels: readonly RiskLevelName[];
  /** Absent: any flow. */
  readonly authenticationFlows?: { readonly transferMethods: readonly TransferMethod[] };
  /** Absent: every device. */
  readonly devices?: { readonly deviceFilter: { readonly mode: 'include' | 'exclude'; readonly rule: string } };
  /** Workload-identity policies; kept so a reader can see them, the user evaluator ignores them. */
  readonly clientApplications?: { readonly includeServicePrincipals: readonly string[]; readonly excludeServicePrincipals: readonly string[] };
}

export type BuiltInControlName = BuiltInControl;

export interface GrantControlsModel {
  readonly operator: 'AND' | 'OR';
  readonly builtInControls: readonly BuiltInControlName[];
  /** `id` is the bare strength id (`00000000-0000-0000-0000-000000000004`) or a Terraform address. */
  readonly authenticationStrength?: Ref;
  readonly customAuthenticationFactors: readonly string[];
  readonly termsOfUse: readonly string[];
}

export interface SessionControlsModel {
  readonly signInFrequency?: {
    readonly frequencyInterval: 'timeBased' | 'everyTime';
    readonly value?: number;
    readonly type?: 'hours' | 'days';
    readonly authenticationType: 'primaryAndSecondaryAuthentication' | 'secondaryAuthentication';
  };
  readonly persistentBrowser?: { readonly mode: 'always' | 'never' };
  readonly applicationEnforcedRestrictions?: { readonly isEnabled: boolean };
  readonly cloudAppSecurity?: { readonly cloudAppSecurityType: string };
  readonly disableResilienceDefaults?: boolean;
}

export interface PolicyModel {
  /** The Terraform name: the baseline policy id (`CA001`). */
  readonly id: string;
  /** `azuread_conditional_access_policy.CA001` */
  readonly address: string;
  readonly displayName: string;
  readonly state: PolicyState;
  readonly conditions: PolicyConditions;
  readonly grantControls?: GrantControlsModel;
  readonly sessionControls?: SessionControlsModel;
}

export type NamedLocationModel =
  | {
      readonly kind: 'ip';
      /** The Terraform name (`corp-egress`), which is the environment's location key. */
      readonly key: string;
      readonly address: string;
      readonly displayName: string;
      readonly ipRanges: readonly string[];
      readonly isTrusted: boolean;
    }
  | {
      readonly kind: 'country';
      readonly key: string;
      readonly address: string;
      readonly displayName: string;
      readonly countriesAndRegions: readonly string[];
      readonly includeUnknownCountriesAndRegions: boolean;
      readonly countryLookupMethod: 'clientIpAddress' | 'authenticatorAppGps';
    };

export interface GroupModel {
  /** The Terraform name (`break_glass_exclusion`) for a stack group, the environment key otherwise. */
  readonly key: string;
  /** The id policies use: the Terraform address for a stack group, the object id for an environment group. */
  readonly id: string;
  readonly displayName: string;
  /** Members the stack declares (object ids). Empty for groups the stack does not manage. */
  readonly members: readonly string[];
  readonly managedByStack: boolean;
}

export interface EnvironmentModel {
  /** The stack (environment) name. */
  readonly name: string;
  /** The file read, when read from disk. */
  readonly file?: string;
  readonly tenantId?: string;
  /** In Terraform-name order. */
  readonly policies: readonly PolicyModel[];
  readonly namedLocations: readonly NamedLocationModel[];
  readonly groups: readonly GroupModel[];
  /** Every id the reader could name, with its label. */
  readonly labels: ReadonlyMap<string, string>;
  /** The label of an id (GUID, address or special value); the id itself when nothing is known. */
  labelOf(id: string): string;
  /** The named location a location Ref id points at, if the stack (or the environment) defines it. */
  namedLocation(id: string): NamedLocationModel | undefined;
  group(id: string): GroupModel | undefined;
  policy(id: string): PolicyModel | undefined;
  /** Every resource as synthesized, in type then name order: for the resource types this model does not interpret. */
  readonly resources: readonly SynthesizedResource[];
  /** Terraform outputs by name, as synthesized (`{ value, description? }`). */
  readonly outputs: Readonly<Record<string, { readonly value: unknown; readonly description?: string }>>;
  /** The `terraform.backend` block: its type (`local`, `azurerm`) and arguments. */
  readonly backend?: { readonly type: string; readonly config: Readonly<Record<string, unknown>> };
}

export interface SynthesizedResource {
  readonly type: string;
  readonly name: string;
  /** `type.name` */
  readonly address: string;
  /** The resource's arguments as synthesized (Terraform references stay `${...}` strings). */
  readonly config: Readonly<Record<string, unknown>>;
}

export interface ReadOptions {
  /** Labels object ids with logical names (break-glass, sync accounts, groups, apps). */
  readonly environment?: Environment;
  /** The stack name when `source` is parsed JSON. @default - the stack directory name, or the environment name */
  readonly name?: string;
}

type Json = Record<string, unknown>;

/** The logical id of an App Proxy app's client id in policies: `data.azuread_application.<app key>`. */
export function appProxyAppRef(appKey: string): string {
  return `data.azuread_application.${appKey}`;
}

/** `${type.name.attribute}`, or `${data.type.name.attribute}` for a data source (kept as `data.type`). */
const REFERENCE = /^\$\{((?:data\.)?[a-zA-Z0-9_]+)\.([a-zA-Z0-9_-]+)\.([a-zA-Z0-9_]+)\}$/;
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const SPECIAL_LABELS: Readonly<Record<string, string>> = {
  All: 'All',
  None: 'None',
  AllTrusted: 'all trusted locations',
  GuestsOrExternalUsers: 'all guests and external users',
  Office365: 'Office 365 (app group)',
  MicrosoftAdminPortals: 'Microsoft Admin Portals (app group)',
};

/** Reads a stack from a `cdk.tf.json` path or from its parsed JSON. User mistakes throw a PerimeterError. */
export function readSynthesizedStack(source: string | object, options: ReadOptions = {}): EnvironmentModel {
  let json: unknown = source;
  let file: string | undefined;
  if (typeof source === 'string') {
    file = source;
    let text: string;
    try {
      text = readFileSync(source, 'utf8');
    } catch (e) {
      throw new PerimeterError([{ file: source, path: '', message: `cannot be read (${(e as NodeJS.ErrnoException).code ?? String(e)}); run \`npm run synth\` first` }], 'perimeter: analysis stopped');
    }
    try {
      json = JSON.parse(text);
    } catch (e) {
      throw new PerimeterError([{ file: source, path: '', message: `is not valid JSON (${(e as Error).message}); run \`npm run synth\` again` }], 'perimeter: analysis stopped');
    }
  }
  const where = file ?? '<synthesized stack>';
  if (json === null || typeof json !== 'object' || Array.isArray(json)) {
    throw new PerimeterError([{ file: where, path: '', message: 'is not a Terraform JSON object' }], 'perimeter: analysis stopped');
  }
  const root = json as Json;
  const name = options.name ?? (file ? basename(dirname(file)) : options.environment?.name ?? 'stack');
  return new Reader(root, where, name, options.environment).read(file);
}

class Reader {
  private readonly labels = new Map<string, string>();
  private readonly resources: Record<string, Record<string, Json>>;
  private readonly problems: { path: string; message: string }[] = [];

  constructor(
    private readonly root: Json,
    private readonly where: string,
    private readonly name: string,
    private readonly environment: Environment | undefined,
  ) {
    this.resources = (isObject(root.resource) ? root.resource : {}) as Record<string, Record<string, Json>>;
  }

  read(file: string | undefined): EnvironmentModel {
    this.seedLabels();
    const namedLocations = this.readNamedLocations();
    const groups = this.readGroups();
    const policies = Object.keys(this.resourcesOf('azuread_conditional_access_policy'))
      .sort()
      .map((key) => this.readPolicy(key));
    if (this.problems.length) {
      throw new PerimeterError(
        this.problems.map((p) => ({ file: this.where, path: p.path, message: p.message })),
        'perimeter: analysis stopped',
      );
    }
    const labels = this.labels;
    const locationsById = new Map<string, NamedLocationModel>();
    for (const l of namedLocations) locationsById.set(l.address, l);
    const groupsById = new Map(groups.map((g) => [g.id, g]));
    const policiesById = new Map(policies.map((p) => [p.id, p]));
    const provider = this.root.provider;
    const azuread = isObject(provider) && Array.isArray(provider.azuread) ? (provider.azuread[0] as Json | undefined) : undefined;
    const tenantId = typeof azuread?.tenant_id === 'string' ? azuread.tenant_id : undefined;
    return {
      name: this.name,
      ...(file ? { file } : {}),
      ...(tenantId ? { tenantId } : {}),
      policies,
      namedLocations,
      groups,
      labels,
      labelOf: (id: string) => labels.get(id) ?? labels.get(id.toLowerCase()) ?? id,
      namedLocation: (id: string) => locationsById.get(id),
      group: (id: string) => groupsById.get(id) ?? groupsById.get(id.toLowerCase()),
      policy: (id: string) => policiesById.get(id),
      ...this.readRaw(),
    };
  }

  private readRaw(): Pick<EnvironmentModel, 'resources' | 'outputs' | 'backend'> {
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
    return {
      resources,
      outputs,
      ...(type !== undefined && isObject(config) ? { backend: { type, config } } : {}),
    };
  }

  private resourcesOf(type: string): Record<string, Json> {
    const r = this.resources[type];
    return isObject(r) ? (r as Record<string, Json>) : {};
  }

  private seedLabels(): void {
    for (const [role, id] of Object.entries(DIRECTORY_ROLES)) this.labels.set(id, `role ${role}`);
    for (const [role, id] of Object.entries(AZURE_ROLES)) this.labels.set(id, `Azure role ${role}`);
    for (const [key, id] of Object.entries(WELL_KNOWN_APPS)) this.labels.set(id, `app ${key}`);
    for (const [appId, displayName] of suiteMemberNames()) this.labels.set(appId, `app ${displayName}`);
    for (const [key, path] of Object.entries(AUTHENTICATION_STRENGTHS)) {
      const bare = path.slice(path.lastIndexOf('/') + 1);
      this.labels.set(bare, `authentication strength ${key}`);
    }
    for (const [key, urn] of Object.entries(USER_ACTIONS)) this.labels.set(urn, `user action ${key}`);
    for (const [value, label] of Object.entries(SPECIAL_LABELS)) this.labels.set(value, label);
    // App Proxy apps: policies name them by the client id a data source reads at plan time.
    for (const [key, app] of Object.entries(this.resourcesOf('azuread_application_from_template'))) {
      this.labels.set(appProxyAppRef(key), `App Proxy app ${key} (${str(app.display_name) ?? key})`);
    }
    const env = this.environment;
    if (!env) return;
    env.breakGlass.accounts.forEach((id, i) => this.labels.set(id.toLowerCase(), `break-glass account ${i + 1}`));
    env.directorySync?.accounts.forEach((id, i) => this.labels.set(id.toLowerCase(), `directory-sync account ${i + 1}`));
    for (const [key, g] of Object.entries(env.groups)) this.labels.set(g.objectId.toLowerCase(), `group ${key}`);
    for (const [key, appId] of Object.entries(env.apps)) this.labels.set(appId.toLowerCase(), `app ${key}`);
    this.labels.set(env.tenantId.toLowerCase(), `tenant ${env.name}`);
  }

  private readNamedLocations(): NamedLocationModel[] {
    const out: NamedLocationModel[] = [];
    const resources = this.resourcesOf('azuread_named_location');
    for (const key of Object.keys(resources).sort()) {
      const r = resources[key]!;
      const address = `azuread_named_location.${key}`;
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
        this.problems.push({ path: `resource.azuread_named_location.${key}`, message: 'has neither an ip nor a country block' });
        continue;
      }
      this.labels.set(address, `location ${key} (${displayName})`);
    }
    return out;
  }

  private readGroups(): GroupModel[] {
    const out: GroupModel[] = [];
    const resources = this.resourcesOf('azuread_group');
    for (const key of Object.keys(resources).sort()) {
      const r = resources[key]!;
      const id = `azuread_group.${key}`;
      const displayName = str(r.display_name) ?? key;
      out.push({ key, id, displayName, members: strings(r.members).map((m) => m.toLowerCase()), managedByStack: true });
      this.labels.set(id, `group ${key} (${displayName})`);
    }
    for (const [key, g] of Object.entries(this.environment?.groups ?? {})) {
      out.push({ key, id: g.objectId.toLowerCase(), displayName: g.description ?? key, members: [], managedByStack: false });
    }
    return out;
  }

  private ref(value: string): Ref {
    const m = REFERENCE.exec(value);
    if (m) {
      const [, type = '', name = '', attribute = ''] = m;
      const id = `${type}.${name}`;
      const known = this.labels.get(id);
      return { id, label: known ?? id, terraform: { type, name, attribute } };
    }
    const id = GUID.test(value) ? value.toLowerCase() : value;
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

  private readPolicy(key: string): PolicyModel {
    const r = this.resourcesOf('azuread_conditional_access_policy')[key]!;
    const path = `resource.azuread_conditional_access_policy.${key}`;
    const c = block(r.conditions) ?? {};
    const u = block(c.users) ?? {};
    const a = block(c.applications) ?? {};
    const state = str(r.state);
    if (state !== 'enabled' && state !== 'disabled' && state !== 'enabledForReportingButNotEnforced') {
      this.problems.push({ path: `${path}.state`, message: `${JSON.stringify(r.state)} is not a Conditional Access state (enabled | disabled | enabledForReportingButNotEnforced)` });
    }
    const includeGuests = this.guests(u.included_guests_or_external_users, `${path}.conditions.users.included_guests_or_external_users`);
    const excludeGuests = this.guests(u.excluded_guests_or_external_users, `${path}.conditions.users.excluded_guests_or_external_users`);
    const users: UsersCondition = {
      includeUsers: this.refs(u.included_users),
      excludeUsers: this.refs(u.excluded_users),
      includeGroups: this.refs(u.included_groups),
      excludeGroups: this.refs(u.excluded_groups),
      includeRoles: this.refs(u.included_roles),
      excludeRoles: this.refs(u.excluded_roles),
      ...(includeGuests ? { includeGuestsOrExternalUsers: includeGuests } : {}),
      ...(excludeGuests ? { excludeGuestsOrExternalUsers: excludeGuests } : {}),
    };
    const applications: ApplicationsCondition = {
      includeApplications: this.refs(a.included_applications),
      excludeApplications: this.refs(a.excluded_applications),
      includeUserActions: strings(a.included_user_actions),
    };
    const clientAppTypes = strings(c.client_app_types) as ClientAppTypeName[];
    const platforms = block(c.platforms);
    const locations = block(c.locations);
    const devices = block(c.devices);
    const filter = devices ? block(devices.filter) : undefined;
    const flows = splitFlags(c.authentication_flow_transfer_methods) as TransferMethod[];
    const clientApps = block(c.client_applications);
    const conditions: PolicyConditions = {
      users,
      applications,
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
            },
          }
        : {}),
    };
    const g = block(r.grant_controls);
    const strengthPath = g ? str(g.authentication_strength_policy_id) : undefined;
    let grantControls: GrantControlsModel | undefined;
    if (g) {
      let authenticationStrength: Ref | undefined;
      if (strengthPath) {
        const asRef = this.ref(strengthPath);
        if (asRef.terraform) authenticationStrength = asRef;
        else {
          const bare = strengthPath.slice(strengthPath.lastIndexOf('/') + 1).toLowerCase();
          authenticationStrength = { id: bare, label: this.labels.get(bare) ?? `authentication strength ${bare}` };
        }
      }
      grantControls = {
        operator: g.operator === 'AND' ? 'AND' : 'OR',
        builtInControls: strings(g.built_in_controls) as BuiltInControlName[],
        ...(authenticationStrength ? { authenticationStrength } : {}),
        customAuthenticationFactors: strings(g.custom_authentication_factors),
        termsOfUse: strings(g.terms_of_use),
      };
    }
    const s = block(r.session_controls);
    const sessionControls = s ? readSession(s) : undefined;
    const displayName = str(r.display_name) ?? key;
    this.labels.set(key, `${displayName}`);
    return {
      id: key,
      address: `azuread_conditional_access_policy.${key}`,
      displayName,
      state: (state ?? 'disabled') as PolicyState,
      conditions,
      ...(grantControls ? { grantControls } : {}),
      ...(sessionControls ? { sessionControls } : {}),
    };
  }
}

function readSession(s: Json): SessionControlsModel | undefined {
  const interval = str(s.sign_in_frequency_interval);
  const value = typeof s.sign_in_frequency === 'number' ? s.sign_in_frequency : undefined;
  const period = str(s.sign_in_frequency_period);
  const authType: 'primaryAndSecondaryAuthentication' | 'secondaryAuthentication' = s.sign_in_frequency_authentication_type === 'secondaryAuthentication' ? 'secondaryAuthentication' : 'primaryAndSecondaryAuthentication';
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
