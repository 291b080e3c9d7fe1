/**
 * Every Terraform address rule, in one place. An address derives from a stable key (a policy
 * id, a location key, a role name, an app key), never from a display name, so renaming never
 * recreates anything. Constructs write these names; guardrails and analysis read them back.
 */
import { CONTEXT_POLICY_ID_PATTERN, slug } from './ids';

/** Terraform resource types perimeter writes and reads by name. */
export const TF = {
  conditionalAccessPolicy: 'azuread_conditional_access_policy',
  namedLocation: 'azuread_named_location',
  group: 'azuread_group',
  directoryRoleAssignment: 'azuread_directory_role_assignment',
  groupRoleManagementPolicy: 'azuread_group_role_management_policy',
  groupEligibilitySchedule: 'azuread_privileged_access_group_eligibility_schedule',
  groupAssignmentSchedule: 'azuread_privileged_access_group_assignment_schedule',
  azureRoleManagementPolicy: 'azurerm_role_management_policy',
  azureEligibleAssignment: 'azurerm_pim_eligible_role_assignment',
  applicationFromTemplate: 'azuread_application_from_template',
  appRoleAssignment: 'azuread_app_role_assignment',
  application: 'azuread_application',
  msgraphResource: 'msgraph_resource',
  msgraphUpdateResource: 'msgraph_update_resource',
  msgraphResourceAction: 'msgraph_resource_action',
  workspace: 'azurerm_log_analytics_workspace',
  diagnosticSetting: 'azurerm_monitor_aad_diagnostic_setting',
  nrtRule: 'azurerm_sentinel_alert_rule_nrt',
  scheduledRule: 'azurerm_sentinel_alert_rule_scheduled',
} as const;

/** `${type.name.attribute}`: a reference Terraform resolves at plan time. */
export function terraformRef(type: string, name: string, attribute: string): string {
  return `\${${type}.${name}.${attribute}}`;
}

/** `${type.name.attribute}`, or `${data.type.name.attribute}` for a data source (kept as `data.type`). */
export const TERRAFORM_REFERENCE = /^\$\{((?:data\.)?[a-zA-Z0-9_]+)\.([a-zA-Z0-9_-]+)\.([a-zA-Z0-9_]+)\}$/;

/**
 * Tenant settings (docs/tenant-settings.md): the write, the check and the local of one settings
 * document share this name. Every name starts `settings_`, so no other resource can take it.
 */
export const SETTINGS = {
  authorizationPolicy: 'settings_authorization_policy',
  adminConsentRequestPolicy: 'settings_admin_consent_request_policy',
  authenticationMethodsPolicy: 'settings_authentication_methods_policy',
  /** `settings_authentication_method_fido2` */
  authenticationMethod: (configurationId: string) => `settings_authentication_method_${slug(configurationId)}`,
  deviceRegistrationPolicy: 'settings_device_registration_policy',
  directorySyncFeatures: 'settings_directory_sync_features',
  /** `settings_role_policy_global_administrator` */
  directoryRolePolicy: (roleName: string) => `settings_role_policy_${slug(roleName)}`,
} as const;

/**
 * A policy piloted in waves (`upTo:`) is two policies: the main one keeps the policy id as its
 * name (and so its object, history and report-only evidence), and its wave twin is
 * `azuread_conditional_access_policy.<policy id>_waves`, whichever waves it covers, so
 * widening a pilot updates the twin in place.
 */
const WAVE_TWIN_SUFFIX = '_waves';

export function waveTwinName(policyId: string): string {
  return `${policyId}${WAVE_TWIN_SUFFIX}`;
}

/** The policy id a wave twin's name belongs to (`CA006_waves` -> `CA006`), else undefined. */
export function policyOfWaveTwin(name: string): string | undefined {
  return name.endsWith(WAVE_TWIN_SUFFIX) && name.length > WAVE_TWIN_SUFFIX.length ? name.slice(0, -WAVE_TWIN_SUFFIX.length) : undefined;
}

const WAVE_GROUP_PREFIX = 'wave_';

/** The group perimeter creates for a wave: `azuread_group.wave_<wave name>`. */
export function waveGroupName(wave: string): string {
  return `${WAVE_GROUP_PREFIX}${wave}`;
}

/** The group every Conditional Access policy excludes: `azuread_group.break_glass_exclusion`. */
export const BREAK_GLASS_GROUP = 'break_glass_exclusion';

/** `azuread_directory_role_assignment.break_glass_global_administrator_<object id>`. */
export function breakGlassGlobalAdminName(accountId: string): string {
  return `break_glass_global_administrator_${accountId}`;
}

/** The stack output with the exclusion group's object id. */
export const BREAK_GLASS_GROUP_OUTPUT = 'break_glass_exclusion_group_object_id';

/** Everything PIM creates for one directory role: `pim_global_administrator`. */
export function pimRoleKey(roleName: string): string {
  return `pim_${slug(roleName)}`;
}

const SUBSCRIPTION_SCOPE = /^\/subscriptions\/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/;
// Management group names: up to 90 letters, digits, hyphens, underscores, periods and parentheses.
const MANAGEMENT_GROUP_SCOPE = /^\/providers\/Microsoft\.Management\/managementGroups\/([A-Za-z0-9_().-]{1,90})$/;

/** The subscription id of a `/subscriptions/<id>` scope. */
export function subscriptionOfScope(scope: string): string | undefined {
  return SUBSCRIPTION_SCOPE.exec(scope)?.[1];
}

/** The stable address part of an Azure scope, or undefined when the scope is not one perimeter accepts. */
export function azureScopeKey(scope: string): string | undefined {
  const sub = subscriptionOfScope(scope);
  if (sub) return `sub_${sub}`;
  const mg = MANAGEMENT_GROUP_SCOPE.exec(scope);
  if (mg && !mg[1]!.endsWith('.')) return `mg_${slug(mg[1]!)}`;
  return undefined;
}

/** One Azure role at one scope: `pim_owner_sub_<subscription id>`. */
export function pimAzureRoleKey(roleName: string, scopeKey: string): string {
  return `pim_${slug(roleName)}_${scopeKey}`;
}

/** Per-member PIM schedules: `<role key>_eligible_<object id>`, `<role key>_active_<object id>`. */
export const pimMemberNames = {
  eligible: (roleKey: string, principalId: string) => `${roleKey}_eligible_${principalId}`,
  active: (roleKey: string, principalId: string) => `${roleKey}_active_${principalId}`,
  accessReview: (roleKey: string) => `${roleKey}_access_review`,
} as const;

/** Terraform resource names of an App Proxy app's resources, derived from the app key only. */
export const appProxyNames = {
  /** `azuread_application_from_template.<key>` and `data.azuread_application.<key>` */
  application: (key: string) => key,
  /** `msgraph_update_resource.<key>_publishing`: onPremisesPublishing, alone */
  publishing: (key: string) => `${key}_publishing`,
  /** `msgraph_update_resource.<key>_urls`: identifier URI, redirect URI and home page */
  urls: (key: string) => `${key}_urls`,
  /** `msgraph_update_resource.<key>_assignment_required`: the service principal's appRoleAssignmentRequired */
  assignmentRequired: (key: string) => `${key}_assignment_required`,
  /** `msgraph_resource_action.<key>_connector_group` */
  connectorGroup: (key: string) => `${key}_connector_group`,
  /** `azuread_app_role_assignment.<key>_<group ref>` */
  groupAssignment: (key: string, groupRef: string) => `${key}_${groupRef}`,
} as const;

const PUBLISHING_SUFFIX = '_publishing';

/** The app key of an `msgraph_update_resource` written by appProxyNames.publishing, else undefined. */
export function appKeyOfPublishing(name: string): string | undefined {
  return name.endsWith(PUBLISHING_SUFFIX) ? name.slice(0, -PUBLISHING_SUFFIX.length) : undefined;
}

/** The logical id of an App Proxy app's client id in policies: `data.azuread_application.<app key>`. */
export function appProxyAppRef(appKey: string): string {
  return `data.${TF.application}.${appKey}`;
}

/** The stack output that lists the App Proxy apps. */
export const APP_PROXY_OUTPUT = 'app_proxy_applications';

/** Workspace, resource group and Sentinel onboarding: `identity_telemetry`. */
export const TELEMETRY_NAME = 'identity_telemetry';
/** The Entra diagnostic setting: `azurerm_monitor_aad_diagnostic_setting.entra_logs`. */
export const DIAGNOSTIC_SETTING_NAME = 'entra_logs';

/** The Sentinel rule name: derived from the id because `name` forces a new rule when it changes. */
export function sentinelRuleName(id: string): string {
  return `perimeter-${id}`;
}

/** Saved search names are ForceNew as well; derived from the policy id, never from its display name. */
export function evidenceSearchName(policyId: string): string {
  return `perimeter-report-only-${policyId}`;
}

/**
 * The objects whose loss hurts: destroying one removes a control from every sign-in, or the
 * break-glass path, and recreating one loses its history (report-only evidence, sign-in log
 * references). `npm run diff` calls every removal or rename of one dangerous, and the YAML
 * must acknowledge it with a `retire:` entry naming `target`.
 */
export interface ProtectedObject {
  /** What it is, in a reviewer's words: `policy`, `named location`. */
  readonly kind: string;
  /** What a `retire:` entry names: the policy id, location key, group key, app key or account id. */
  readonly target: string;
}

const BREAK_GLASS_GA_PREFIX = 'break_glass_global_administrator_';

/** The protected object a resource address is, or undefined for everything else. */
export function protectedObject(type: string, name: string): ProtectedObject | undefined {
  switch (type) {
    case TF.conditionalAccessPolicy:
      // A wave twin holds no history of its own: finishing a rollout removes it on purpose.
      return policyOfWaveTwin(name) !== undefined ? undefined : { kind: 'policy', target: name };
    case TF.namedLocation:
      return { kind: 'named location', target: name };
    case TF.group:
      return { kind: name === BREAK_GLASS_GROUP ? 'break-glass exclusion group' : name.startsWith('pim_') ? 'PIM group' : name.startsWith(WAVE_GROUP_PREFIX) ? 'wave group' : 'group', target: name };
    case TF.applicationFromTemplate:
      return { kind: 'App Proxy app', target: name };
    case TF.msgraphResource:
      return CONTEXT_POLICY_ID_PATTERN.test(name) ? { kind: 'authentication context policy', target: name } : undefined;
    case TF.directoryRoleAssignment:
      return name.startsWith(BREAK_GLASS_GA_PREFIX) ? { kind: 'break-glass Global Administrator assignment', target: name.slice(BREAK_GLASS_GA_PREFIX.length) } : undefined;
    default:
      return undefined;
  }
}

/**
 * The id a Terraform `import` block takes for an existing object, as azuread 3.7.0's importers
 * validate it: the Graph path with camelCase segments and the object id (a bare GUID is refused).
 */
export function importIdOf(type: typeof TF.conditionalAccessPolicy | typeof TF.namedLocation, objectId: string): string {
  return type === TF.conditionalAccessPolicy ? `/identity/conditionalAccess/policies/${objectId}` : `/identity/conditionalAccess/namedLocations/${objectId}`;
}

/** The Graph collection of Conditional Access policies: an `msgraph_resource` with this url is a policy. */
export const GRAPH_POLICIES_URL = 'identity/conditionalAccess/policies';
/** The Graph collection of authentication context class references; a context is `<this>/<id>`. */
export const GRAPH_AUTHENTICATION_CONTEXTS_URL = 'identity/conditionalAccess/authenticationContextClassReferences';

/** Terraform names of an authentication context's resources, from the context id only. */
export const authenticationContextNames = {
  /** `msgraph_update_resource.authentication_context_c1`: the context (PATCH upsert of `<contexts>/c1`) */
  context: (contextId: string) => `authentication_context_${contextId}`,
} as const;

/** A Conditional Access policy declared through msgraph (one that azuread cannot express, such as a context policy). */
export function isGraphPolicyResource(type: string, config: Readonly<Record<string, unknown>>): boolean {
  return type === TF.msgraphResource && config.url === GRAPH_POLICIES_URL;
}

/** The context id an `msgraph_update_resource` declares (`c1`), or undefined when it declares something else. */
export function authenticationContextOfResource(type: string, config: Readonly<Record<string, unknown>>): string | undefined {
  if (type !== TF.msgraphUpdateResource || typeof config.url !== 'string') return undefined;
  const prefix = `${GRAPH_AUTHENTICATION_CONTEXTS_URL}/`;
  return config.url.startsWith(prefix) ? config.url.slice(prefix.length) : undefined;
}
