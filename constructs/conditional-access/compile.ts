/**
 * Turns a logical policy definition into the azuread_conditional_access_policy arguments,
 * given the environment's bindings (object ids, app ids, named-location ids). Pure: no
 * constructs are created here.
 */
import type { ConditionalAccessPolicyConfig } from '@cdktf/provider-azuread/lib/conditional-access-policy';
import { DIRECTORY_ROLES, PRIVILEGED_ROLES } from '../../policies/directory-roles';
import type { AppRef, LocationRef, PolicyDefinition, UserRef } from '../../policies/model';
import { excludesDirectorySyncAccounts } from '../../policies/model';
import type { PolicyState } from '../../policies/stages';
import { AUTHENTICATION_STRENGTHS, GUEST_OR_EXTERNAL_USER_TYPES, USER_ACTIONS, WELL_KNOWN_APPS } from '../../policies/well-known';

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
  locationObjectId(ref: Exclude<LocationRef, 'All' | 'AllTrusted'>): string;
}

export interface PolicyExtras {
  /** Extra users (object ids) and groups (object ids) the environment excludes. */
  readonly excludedUserIds?: readonly string[];
  readonly excludedGroupIds?: readonly string[];
}

type UsersBlock = ConditionalAccessPolicyConfig['conditions']['users'];

const guestBlock = () => [
  { guestOrExternalUserTypes: [...GUEST_OR_EXTERNAL_USER_TYPES], externalTenants: [{ membershipKind: 'all' }] },
];

function userRefs(refs: readonly UserRef[], b: PolicyBindings) {
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
        users.push(...b.directorySyncAccountIds);
        break;
    }
  }
  return { users, roles, guests };
}

function appRefs(refs: readonly AppRef[], b: PolicyBindings): string[] {
  return refs.flatMap((ref) => {
    switch (ref) {
      case 'All':
      case 'Office365':
      case 'MicrosoftAdminPortals':
        return [ref];
      case 'azure-management':
        return [WELL_KNOWN_APPS['azure-management']];
      case 'sensitive-apps':
        return [...b.sensitiveAppIds];
      case 'guest-allowed-apps':
        return [...b.guestAllowedApps];
      case 'app-proxy-apps':
        return [...b.appProxyAppIds];
    }
  });
}

function locationRefs(refs: readonly LocationRef[], b: PolicyBindings): string[] {
  return refs.map((ref) => (ref === 'All' || ref === 'AllTrusted' ? ref : b.locationObjectId(ref)));
}

const nonEmpty = <K extends string, T>(key: K, list: readonly T[]): { [P in K]?: T[] } =>
  (list.length ? { [key]: [...list] } : {}) as { [P in K]?: T[] };

export function compilePolicy(
  def: PolicyDefinition,
  state: PolicyState,
  b: PolicyBindings,
  extras: PolicyExtras = {},
): ConditionalAccessPolicyConfig {
  const include = userRefs(def.users.include, b);
  const exclude = userRefs(def.users.exclude ?? [], b);
  const excludedUsers = [
    ...b.breakGlassAccountIds,
    ...(excludesDirectorySyncAccounts(def) ? b.directorySyncAccountIds : []),
    ...exclude.users,
    ...(extras.excludedUserIds ?? []),
  ];
  const users: UsersBlock = {
    ...nonEmpty('includedUsers', include.users),
    ...nonEmpty('includedRoles', include.roles),
    ...(include.guests ? { includedGuestsOrExternalUsers: guestBlock() } : {}),
    excludedUsers: [...new Set(excludedUsers)],
    excludedGroups: [b.breakGlassGroupObjectId, ...(extras.excludedGroupIds ?? [])],
    ...nonEmpty('excludedRoles', exclude.roles),
    ...(exclude.guests ? { excludedGuestsOrExternalUsers: guestBlock() } : {}),
  };

  const resources = def.resources;
  const applications =
    'userAction' in resources
      ? { includedUserActions: [USER_ACTIONS[resources.userAction]] }
      : {
          includedApplications: appRefs(resources.apps, b),
          ...nonEmpty('excludedApplications', appRefs(resources.excludeApps ?? [], b)),
        };

  const c = def.conditions ?? {};
  const conditions: ConditionalAccessPolicyConfig['conditions'] = {
    clientAppTypes: [...(c.clientAppTypes ?? ['all'])],
    applications,
    users,
    ...(c.locations
      ? {
          locations: {
            includedLocations: locationRefs(c.locations.include, b),
            ...nonEmpty('excludedLocations', locationRefs(c.locations.exclude ?? [], b)),
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
          ? { authenticationStrengthPolicyId: AUTHENTICATION_STRENGTHS[grant.authenticationStrength] }
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
