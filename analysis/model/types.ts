/**
 * The Graph-shaped model of one synthesized stack: Conditional Access policies in the Graph
 * vocabulary (`includeUsers`, `excludeGroups`, `grantControls.builtInControls`, ...), named
 * locations, groups, every other resource as synthesized, and what the environment file
 * declared. Everything analysis and the guardrails do starts from this model, so what is
 * analysed is exactly what `cdktf deploy` would apply.
 */
import type { PolicyState, StagedItem } from '../../core/stages';
import type { BuiltInControl, GuestOrExternalUserType, PlatformCondition, RiskLevel } from '../../core/microsoft/well-known';
import type { ImportedPolicy } from '../adoption/types';

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

/** A guest or external user type; `none` is Graph's value for an internal member. */
export type GuestOrExternalUserTypeName = 'none' | GuestOrExternalUserType;

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
  /** Authentication contexts (`c1`) the policy targets (Graph `includeAuthenticationContextClassReferences`); absent when none. */
  readonly includeAuthenticationContexts?: readonly Ref[];
}

export type ClientAppTypeName = 'all' | 'browser' | 'mobileAppsAndDesktopClients' | 'exchangeActiveSync' | 'easSupported' | 'other';
export type PlatformName = PlatformCondition;
export type RiskLevelName = RiskLevel;
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
  readonly clientApplications?: {
    readonly includeServicePrincipals: readonly string[];
    readonly excludeServicePrincipals: readonly string[];
    readonly servicePrincipalFilter?: { readonly mode: 'include' | 'exclude'; readonly rule: string };
  };
  /** Insider risk (Purview adaptive protection): one level. Absent: any. */
  readonly insiderRiskLevels?: 'minor' | 'moderate' | 'elevated';
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
  /** The Terraform name: the baseline policy id (`CA001`), or for an unmanaged policy its object id. */
  readonly id: string;
  /** A policy of the tenant that perimeter does not manage: in force, and never changed by a deploy. */
  readonly unmanaged?: true;
  /** A policy that targets an authentication context, declared through msgraph (`msgraph_resource.AC001`): azuread cannot express it. */
  readonly authenticationContextPolicy?: true;
  /** `azuread_conditional_access_policy.CA001` */
  readonly address: string;
  readonly displayName: string;
  readonly state: PolicyState;
  readonly conditions: PolicyConditions;
  readonly grantControls?: GrantControlsModel;
  readonly sessionControls?: SessionControlsModel;
  /**
   * Set for a wave twin (`CA006_waves`): the policy it pilots and the waves it is enforced
   * for, in rollout order (wave names when the environment file is known, group labels otherwise).
   */
  readonly wave?: { readonly of: string; readonly waves: readonly string[] };
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

/**
 * What the environment file says that synthesized JSON cannot: which accounts are break-glass
 * and directory-sync accounts, the logical names of groups and apps, and the stages the YAML
 * asks for (before any emergency brake). Plain data, so analysis and the guardrails need no
 * environment loader.
 */
/** One `policies.<id>.exclude` of an environment file: only the file knows its reason. */
export interface PolicyExclusionFact {
  /** `CA006` */
  readonly policy: string;
  /** Object ids, lower-case. */
  readonly users: readonly string[];
  /** Object ids of the `groups:` entries it names, lower-case. */
  readonly groups: readonly string[];
  readonly reason: string;
}

/** A coverage invariant an environment adds (`coverage.invariants`). */
export interface CoverageInvariantFact {
  readonly id: string;
  readonly title: string;
  /** `members`, `guests`, `privileged`, `sync`; empty: every persona but break-glass. */
  readonly personas: readonly ('members' | 'guests' | 'privileged' | 'sync')[];
  /** Object ids of groups: members of these only. */
  readonly groups: readonly string[];
  /** Application (client) ids or app groups (`Office365`); empty: every app. */
  readonly apps: readonly string[];
  /** Client app types; empty: every client. */
  readonly clients: readonly string[];
  readonly outsideTrustedLocations: boolean;
  readonly unmanagedDevices: boolean;
  readonly require: 'block' | 'phishingResistant' | 'mfa' | 'device' | 'passwordChange' | 'boundedSession';
}

/** `coverage:`: how the coverage proof is tuned for this environment. */
export interface CoverageFacts {
  /** Built-in invariants turned off, with the reason. */
  readonly disabled: readonly { readonly invariant: string; readonly reason: string }[];
  /** Where device code flow is allowed: application ids and group object ids, lower-case. */
  readonly deviceCodeFlowAllowed: { readonly apps: readonly string[]; readonly groups: readonly string[] };
  readonly invariants: readonly CoverageInvariantFact[];
}

export interface DeclaredFacts {
  /** The environment (stack) name. */
  readonly name: string;
  /** The environment file, relative to the working directory, for messages. */
  readonly file: string;
  readonly tenantId: string;
  readonly ring: number;
  /** Object ids, lower-case, in file order. */
  readonly breakGlassAccounts: readonly string[];
  readonly directorySync?: { readonly accounts: readonly string[]; readonly allowedLocation?: string };
  /** `groups:` by key. */
  readonly groups: Readonly<Record<string, { readonly objectId: string; readonly description?: string }>>;
  /** `apps:`: key -> application (client) id. */
  readonly apps: Readonly<Record<string, string>>;
  /** Keys of `appProxy.apps`. */
  readonly appProxyApps: readonly string[];
  /** Every staged item with the stage its YAML gives it. */
  readonly staged: readonly StagedItem[];
  /** `policies.<id>.exclude`: the environment's own exclusions, object ids lower-case, with their reasons. */
  readonly policyExclusions: readonly PolicyExclusionFact[];
  /** The tenant's policies perimeter does not manage, as exported (`<env>.unmanaged.json`). */
  readonly unmanagedPolicies: readonly ImportedPolicy[];
  /** Display names of other objects the snapshot holds (named locations perimeter does not manage), by object id. */
  readonly unmanagedNames: Readonly<Record<string, string>>;
  /** `namedLocations.<key>.adopt`: the existing named location's object id -> the key that takes it over. */
  readonly adoptedLocations: Readonly<Record<string, string>>;
  /**
   * `waves:` in rollout order: each wave's name and the id its group has in policies (the
   * object id, lower-case, or for a group the stack creates its address `azuread_group.wave_<name>`).
   */
  readonly waves?: readonly { readonly name: string; readonly groupId: string }[];
  /** `suppressions:`: accepted findings, with their reasons. */
  readonly suppressions: readonly { readonly rule: string; readonly target: string; readonly reason: string }[];
  /** `retire:`: objects taken out on purpose, by target, with the reason. */
  readonly retired: readonly { readonly target: string; readonly reason: string }[];
  /** `licensing:`: who holds Entra ID P2 (the risk policies need it), and the group of holders, object id lower-case. */
  readonly licensing?: { readonly p2: 'all' | 'partial'; readonly p2Group?: { readonly key: string; readonly objectId: string } };
  /** `coverage:`, when the file tunes the coverage proof. */
  readonly coverage?: CoverageFacts;
}

export interface EnvironmentModel {
  /** The stack (environment) name. */
  readonly name: string;
  /** The file read, when read from disk. */
  readonly file?: string;
  /** What the environment file declares, when it was read with it. */
  readonly declared?: DeclaredFacts;
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
  /** The Azure subscriptions the azurerm providers target (lower case, sorted, each once). */
  readonly subscriptions: readonly string[];
  /** The subscription of each azurerm provider by how a resource names it: `azurerm` or `azurerm.<alias>`. */
  readonly providerSubscriptions: Readonly<Record<string, string>>;
  /** Terraform `import` blocks: the existing object each address takes over (`/identity/conditionalAccess/policies/<id>`). */
  readonly imports: ReadonlyMap<string, string>;
  /** The tenant's policies perimeter does not manage (from the declared snapshot): they count, and a deploy never changes them. */
  readonly unmanagedPolicies: readonly PolicyModel[];
  /** The authentication contexts the stack declares (`msgraph_update_resource` upserts), in id order; absent when none. */
  readonly authenticationContexts?: readonly AuthenticationContextModel[];
  /** Terraform `check` blocks by name: what a plan compares with the tenant and warns about, changing nothing. */
  readonly checks: ReadonlyMap<string, CheckModel>;
  /** Terraform `locals`, by name, as synthesized. */
  readonly locals: Readonly<Record<string, unknown>>;
}

export interface AuthenticationContextModel {
  /** `c1` */
  readonly id: string;
  /** `msgraph_update_resource.authentication_context_c1` */
  readonly address: string;
  readonly displayName: string;
  readonly description?: string;
  /** Published to apps (and PIM): only an available context can be requested. */
  readonly isAvailable: boolean;
}

/** One `check` block: its scoped data sources and assertions, as synthesized. */
export interface CheckModel {
  readonly name: string;
  /** Scoped data sources as `type.name` -> arguments. */
  readonly data: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
  readonly assertions: readonly { readonly condition: string; readonly errorMessage: string }[];
}

/** A model read together with its environment file. */
export type DeclaredModel = EnvironmentModel & { readonly declared: DeclaredFacts };

export interface SynthesizedResource {
  readonly type: string;
  readonly name: string;
  /** `type.name` */
  readonly address: string;
  /** The resource's arguments as synthesized (Terraform references stay `${...}` strings). */
  readonly config: Readonly<Record<string, unknown>>;
}

export interface ReadOptions {
  /** Labels object ids with logical names (break-glass, sync accounts, groups, apps) and lets rules read the file's intent. */
  readonly declared?: DeclaredFacts;
  /** @default - the declared environment's name, else `stack` */
  readonly name?: string;
  /** The file the JSON was read from, for messages. */
  readonly file?: string;
}
