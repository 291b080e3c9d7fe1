/**
 * Turns a logical policy definition into the azuread_conditional_access_policy arguments,
 * given the environment's bindings (object ids, app ids, named-location ids). Pure: no
 * constructs are created here.
 */
import type { ConditionalAccessPolicyConfig } from '@cdktf/provider-azuread/lib/conditional-access-policy';
import { DIRECTORY_ROLES, PRIVILEGED_ROLES } from '../../core/microsoft/directory-roles';
import { GUEST_OR_EXTERNAL_USER_TYPES, strengthPolicyPath, USER_ACTIONS, WELL_KNOWN_APPS } from '../../core/microsoft/well-known';
import type { PolicyState } from '../../core/stages';
import type { AppRef, BoundLocationRef, LocationRef, PolicyDefinition, UserRef } from '../../baseline/model';
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
}

export interface PolicyExclusions {
  /** Extra users (object ids) and groups (object ids) the environment excludes. */
  readonly excludedUserIds?: readonly string[];
  readonly excludedGroupIds?: readonly string[];
}

type UsersBlock = ConditionalAccessPolicyConfig['conditions']['users'];

const guestBlock = () => [
  { guestOrExternalUserTypes: [...GUEST_OR_EXTERNAL_USER_TYPES], externalTenants: [{ membershipKind: 'all' }] },
];

function userRefs(refs: readonly UserRef[], bindings: PolicyBindings) {
  const users: string[] = [];
  const roles: string[] = [];
  let guests = false;
  for (const ref of refs) {
    switch (ref) {
      case 'all-users':
        users.push('All');
        break;
      case 'guests':
        guests = true;
        break;
      case 'privileged-roles':
        roles.push(...PRIVILEGED_ROLES.map((r) => DIRECTORY_ROLES[r]));
        break;
      case 'directory-sync-accounts':
        users.push(...bindings.directorySyncAccountIds);
        break;
    }
  }
  return { users, roles, guests };
}

function appRefs(refs: readonly AppRef[], bindings: PolicyBindings): string[] {
  return refs.flatMap((ref) => {
    switch (ref) {
      case 'All':
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
  return refs.map((ref) => (ref === 'All' || ref === 'AllTrusted' ? ref : bindings.locationObjectId(ref)));
}

const nonEmpty = <K extends string, T>(key: K, list: readonly T[]): { [P in K]?: T[] } =>
  (list.length ? { [key]: [...list] } : {}) as { [P in K]?: T[] };

export function toPolicyConfig(
  def: PolicyDefinition,
  state: PolicyState,
  bindings: PolicyBindings,
  extras: PolicyExclusions = {},
): ConditionalAccessPolicyConfig {
  const include = userRefs(def.users.include, bindings);
  const exclude = userRefs(def.users.exclude ?? [], bindings);
  const excludedUsers = [
    ...bindings.breakGlassAccountIds,
    ...(excludesDirectorySyncAccounts(def) ? bindings.directorySyncAccountIds : []),
    ...exclude.users,
    ...(extras.excludedUserIds ?? []),
  ];
  const users: UsersBlock = {
    ...nonEmpty('includedUsers', include.users),
    ...nonEmpty('includedRoles', include.roles),
    ...(include.guests ? { includedGuestsOrExternalUsers: guestBlock() } : {}),
    excludedUsers: [...new Set(excludedUsers)],
    excludedGroups: [bindings.breakGlassGroupObjectId, ...(extras.excludedGroupIds ?? [])],
    ...nonEmpty('excludedRoles', exclude.roles),
    ...(exclude.guests ? { excludedGuestsOrExternalUsers: guestBlock() } : {}),
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
    ...nonEmpty('authenticationFlowTransferMethods', c.authenticationFlows ?? []),
    ...(c.deviceFilter ? { devices: { filter: { mode: c.deviceFilter.mode, rule: c.deviceFilter.rule } } } : {}),
  };

  const grant = def.grant;
  const grantControls = grant
    ? {
        operator: grant.operator,
        ...nonEmpty('builtInControls', grant.controls),
        ...(grant.authenticationStrength
          ? { authenticationStrengthPolicyId: strengthPolicyPath(grant.authenticationStrength) }
          : {}),
      }
    : undefined;

  const s = def.session;
  const frequency = s?.signInFrequency;
  const sessionControls = s
    ? {
        ...(frequency === 'everyTime'
          ? { signInFrequencyInterval: 'everyTime', signInFrequencyAuthenticationType: 'primaryAndSecondaryAuthentication' }
          : frequency
            ? {
                signInFrequency: frequency.value,
                signInFrequencyPeriod: frequency.unit,
                signInFrequencyInterval: 'timeBased',
                signInFrequencyAuthenticationType: 'primaryAndSecondaryAuthentication',
              }
            : {}),
        ...(s.persistentBrowser ? { persistentBrowserMode: s.persistentBrowser } : {}),
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
