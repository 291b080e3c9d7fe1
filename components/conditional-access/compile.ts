/**
 * Turns a logical policy definition into the azuread_conditional_access_policy arguments,
 * given the environment's bindings (object ids, app ids, named-location ids). Pure: no
 * constructs are created here.
 */
import type { ConditionalAccessPolicyConfig } from '@cdktf/provider-azuread/lib/conditional-access-policy';
import { DIRECTORY_ROLES, PRIVILEGED_ROLES } from '../../core/microsoft/directory-roles';
import { GUEST_OR_EXTERNAL_USER_TYPES, strengthPolicyPath, USER_ACTIONS, WELL_KNOWN_APPS, type GuestOrExternalUserType } from '../../core/microsoft/well-known';
import type { PolicyState } from '../../core/stages';
import type { AppRef, BoundLocationRef, GuestsRef, LocationRef, PolicyDefinition, UserRef } from '../../baseline/model';
import { excludesDirectorySyncAccounts } from '../../baseline/model';

/** What the environment binds logical names to. Values may be Terraform tokens. */
export interface PolicyBindings {
  readonly breakGlassAccountIds: readonly string[];
  readonly breakGlassGroupObjectId: string;
  readonly directorySyncAccountIds: readonly string[];
  readonly sensitiveAppIds: readonly string[];
  readonly guestAllowedApps: readonly string[];
  /** Application (client) ids of the apps published through Application Proxy. */
  readonly appProxyAppIds: readonly string[];
  /** Object id of a named location bound to a logical location slot. */
  locationObjectId(ref: BoundLocationRef): string;
  /** A custom policy's group, app or named location: a key of the environment, or an id as written. */
  groupObjectId(keyOrId: string): string;
  appId(keyOrId: string): string;
  namedLocationObjectId(keyOrId: string): string;
  /** A directory role by name or template id: the template id. */
  roleTemplateId(nameOrId: string): string;
}

export interface PolicyExclusions {
  /** Extra users (object ids) and groups (object ids) the environment excludes. */
  readonly excludedUserIds?: readonly string[];
  readonly excludedGroupIds?: readonly string[];
}

type UsersBlock = ConditionalAccessPolicyConfig['conditions']['users'];
type GuestsBlock = NonNullable<UsersBlock['includedGuestsOrExternalUsers']>;

/** Graph's order of guest types: declaring them in it keeps azuread from planning a reorder. */
const GUEST_ORDER: readonly GuestOrExternalUserType[] = GUEST_OR_EXTERNAL_USER_TYPES;

function guestBlock(ref: GuestsRef): GuestsBlock {
  const types = GUEST_ORDER.filter((t) => ref.types.includes(t));
  return [
    {
      guestOrExternalUserTypes: types,
      externalTenants: [ref.tenants === 'all' ? { membershipKind: 'all' } : { membershipKind: 'enumerated', members: [...ref.tenants] }],
    },
  ];
}

const ALL_GUESTS: GuestsRef = { types: GUEST_OR_EXTERNAL_USER_TYPES, tenants: 'all' };

function userRefs(refs: readonly UserRef[], bindings: PolicyBindings) {
  const users: string[] = [];
  const groups: string[] = [];
  const roles: string[] = [];
  let guests: GuestsRef | undefined;
  for (const ref of refs) {
    if (typeof ref === 'string') {
      switch (ref) {
        case 'all-users':
          users.push('All');
          break;
        case 'guests':
          guests = ALL_GUESTS;
          break;
        case 'privileged-roles':
          roles.push(...PRIVILEGED_ROLES.map((r) => DIRECTORY_ROLES[r]));
          break;
        case 'directory-sync-accounts':
          users.push(...bindings.directorySyncAccountIds);
          break;
      }
    } else if ('user' in ref) users.push(ref.user);
    else if ('group' in ref) groups.push(bindings.groupObjectId(ref.group));
    else if ('role' in ref) roles.push(bindings.roleTemplateId(ref.role));
    else guests = ref.guests;
  }
  return { users, groups, roles, guests };
}

function appRefs(refs: readonly AppRef[], bindings: PolicyBindings): string[] {
  return refs.flatMap((ref): string[] => {
    if (typeof ref !== 'string') return [bindings.appId(ref.app)];
    switch (ref) {
      case 'All':
      case 'None':
      case 'Office365':
      case 'MicrosoftAdminPortals':
        return [ref];
      case 'azure-management':
        return [WELL_KNOWN_APPS['azure-management']];
      case 'sensitive-apps':
        return [...bindings.sensitiveAppIds];
      case 'guest-allowed-apps':
        return [...bindings.guestAllowedApps];
      case 'app-proxy-apps':
        return [...bindings.appProxyAppIds];
    }
  });
}

function locationRefs(refs: readonly LocationRef[], bindings: PolicyBindings): string[] {
  return refs.map((ref) => (typeof ref !== 'string' ? bindings.namedLocationObjectId(ref.location) : ref === 'All' || ref === 'AllTrusted' ? ref : bindings.locationObjectId(ref)));
}

const nonEmpty = <K extends string, T>(key: K, list: readonly T[]): { [P in K]?: T[] } =>
  (list.length ? { [key]: [...list] } : {}) as { [P in K]?: T[] };

const strengthPath = (s: NonNullable<PolicyDefinition['grant']>['authenticationStrength'] & object) => `/policies/authenticationStrengthPolicies/${s.id}`;

export function toPolicyConfig(
  def: PolicyDefinition,
  state: PolicyState,
  bindings: PolicyBindings,
  extras: PolicyExclusions = {},
): ConditionalAccessPolicyConfig {
  const include = userRefs(def.users.include, bindings);
  const exclude = userRefs(def.users.exclude ?? [], bindings);
  const excludedGroups = [bindings.breakGlassGroupObjectId, ...exclude.groups, ...(extras.excludedGroupIds ?? [])];
  const excludedUsers = [
    ...bindings.breakGlassAccountIds,
    ...(excludesDirectorySyncAccounts(def) ? bindings.directorySyncAccountIds : []),
    ...exclude.users,
    ...(extras.excludedUserIds ?? []),
  ];
  const users: UsersBlock = {
    ...nonEmpty('includedUsers', include.users),
    ...nonEmpty('includedGroups', include.groups),
    ...nonEmpty('includedRoles', include.roles),
    ...(include.guests ? { includedGuestsOrExternalUsers: guestBlock(include.guests) } : {}),
    excludedUsers: [...new Set(excludedUsers)],
    excludedGroups: [...new Set(excludedGroups)],
    ...nonEmpty('excludedRoles', exclude.roles),
    ...(exclude.guests ? { excludedGuestsOrExternalUsers: guestBlock(exclude.guests) } : {}),
  };

  const resources = def.resources;
  const applications =
    'userAction' in resources
      ? { includedUserActions: [USER_ACTIONS[resources.userAction]] }
      : {
          includedApplications: appRefs(resources.apps, bindings),
          ...nonEmpty('excludedApplications', appRefs(resources.excludeApps ?? [], bindings)),
        };

  const c = def.conditions ?? {};
  const conditions: ConditionalAccessPolicyConfig['conditions'] = {
    clientAppTypes: [...(c.clientAppTypes ?? ['all'])],
    applications,
    users,
    ...(c.locations
      ? {
          locations: {
            includedLocations: locationRefs(c.locations.include, bindings),
            ...nonEmpty('excludedLocations', locationRefs(c.locations.exclude ?? [], bindings)),
          },
        }
      : {}),
    ...(c.platforms
      ? { platforms: { includedPlatforms: [...c.platforms.include], ...nonEmpty('excludedPlatforms', c.platforms.exclude ?? []) } }
      : {}),
    ...nonEmpty('signInRiskLevels', c.signInRiskLevels ?? []),
    ...nonEmpty('userRiskLevels', c.userRiskLevels ?? []),
    ...nonEmpty('servicePrincipalRiskLevels', c.servicePrincipalRiskLevels ?? []),
    ...(c.insiderRiskLevel ? { insiderRiskLevels: c.insiderRiskLevel } : {}),
    ...nonEmpty('authenticationFlowTransferMethods', c.authenticationFlows ?? []),
    ...(c.deviceFilter ? { devices: { filter: { mode: c.deviceFilter.mode, rule: c.deviceFilter.rule } } } : {}),
    ...(c.clientApplications
      ? {
          clientApplications: {
            ...nonEmpty('includedServicePrincipals', c.clientApplications.include),
            ...nonEmpty('excludedServicePrincipals', c.clientApplications.exclude ?? []),
            ...(c.clientApplications.filter ? { filter: { mode: c.clientApplications.filter.mode, rule: c.clientApplications.filter.rule } } : {}),
          },
        }
      : {}),
  };

  const grant = def.grant;
  const grantControls = grant
    ? {
        operator: grant.operator,
        ...nonEmpty('builtInControls', grant.controls),
        ...(grant.authenticationStrength
          ? {
              authenticationStrengthPolicyId:
                typeof grant.authenticationStrength === 'string' ? strengthPolicyPath(grant.authenticationStrength) : strengthPath(grant.authenticationStrength),
            }
          : {}),
        ...nonEmpty('termsOfUse', grant.termsOfUse ?? []),
        ...nonEmpty('customAuthenticationFactors', grant.customAuthenticationFactors ?? []),
      }
    : undefined;

  const s = def.session;
  const frequency = s?.signInFrequency;
  const reauthentication = s?.signInFrequencyAuthenticationType ?? 'primaryAndSecondaryAuthentication';
  const sessionControls = s
    ? {
        ...(frequency === 'everyTime'
          ? { signInFrequencyInterval: 'everyTime', signInFrequencyAuthenticationType: reauthentication }
          : frequency
            ? {
                signInFrequency: frequency.value,
                signInFrequencyPeriod: frequency.unit,
                signInFrequencyInterval: 'timeBased',
                signInFrequencyAuthenticationType: reauthentication,
              }
            : {}),
        ...(s.persistentBrowser ? { persistentBrowserMode: s.persistentBrowser } : {}),
        ...(s.applicationEnforcedRestrictions !== undefined ? { applicationEnforcedRestrictionsEnabled: s.applicationEnforcedRestrictions } : {}),
        ...(s.cloudAppSecurity ? { cloudAppSecurityPolicy: s.cloudAppSecurity } : {}),
        ...(s.disableResilienceDefaults !== undefined ? { disableResilienceDefaults: s.disableResilienceDefaults } : {}),
      }
    : undefined;

  return {
    displayName: def.displayName,
    state,
    conditions,
    ...(grantControls ? { grantControls } : {}),
    ...(sessionControls ? { sessionControls } : {}),
  };
}

/** A wave twin's display name: `CA006 Require compliant device (waves: it-pilot, early-adopters)`. */
export function waveTwinDisplayName(displayName: string, waves: readonly string[]): string {
  return `${displayName} (waves: ${waves.join(', ')})`;
}

/**
 * The wave twin of a policy: the policy's configuration at the waves' stage, for the waves'
 * groups only. Every exclusion stays (break-glass, sync accounts, the environment's own), so
 * the twin is the policy restricted to its waves; that equals the policy's scope because a
 * piloted policy includes all users (checked when the file loads).
 */
export function toWaveTwinConfig(
  config: ConditionalAccessPolicyConfig,
  policyId: string,
  waves: readonly string[],
  waveGroupIds: readonly string[],
): ConditionalAccessPolicyConfig {
  const { includedUsers: _u, includedGroups: _g, includedRoles: _r, includedGuestsOrExternalUsers: _x, ...rest } = config.conditions.users;
  if (!_u?.includes('All')) throw new Error(`${policyId}: a wave twin needs a policy that includes all users`);
  return {
    ...config,
    displayName: waveTwinDisplayName(config.displayName, waves),
    conditions: { ...config.conditions, users: { includedGroups: [...waveGroupIds], ...rest } },
  };
}
