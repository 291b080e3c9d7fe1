/**
 * What an exported Conditional Access policy or named location may hold, in Graph's own
 * camelCase names, and what azuread 3.7.0 can do with each field:
 *
 * - `mapped`: an azuread argument writes it (facts B.2);
 * - `readOnly`: Graph sets it (ids, timestamps, the expanded authentication strength);
 * - `unexpressible`: no azuread 3.7.0 argument writes it (facts B.3: beta and newer fields).
 *
 * A field this table does not know is unexpressible under a mapped object and read-only under
 * a read-only one. The allowed values are the provider's validation lists, so a value outside
 * them is a problem the user sees before Terraform does.
 */

export type Role = 'mapped' | 'readOnly' | 'unexpressible';

export type Shape =
  | { readonly kind: 'object'; readonly fields: Readonly<Record<string, Field>> }
  /** A list of strings; a comma-separated string is read as a list. */
  | {
      readonly kind: 'list';
      /** What one element is, for messages: `a client app type`. */
      readonly what?: string;
      readonly values?: readonly string[];
      /** Elements are object ids (GUIDs, lower-cased) or one of these special values (case restored). */
      readonly ids?: { readonly specials: readonly string[] };
      /** Special values whose case is restored, on lists that also take free strings. */
      readonly specials?: readonly string[];
    }
  /** A Graph flags enum: one comma-separated string, written in the order of `values` (Graph's own). */
  | { readonly kind: 'flags'; readonly what?: string; readonly values?: readonly string[] }
  | { readonly kind: 'text'; readonly what?: string; readonly values?: readonly string[]; readonly guid?: boolean }
  | { readonly kind: 'boolean' }
  | { readonly kind: 'number' }
  /** IP ranges: `{ cidrAddress }` objects (Graph) or CIDR strings. */
  | { readonly kind: 'ranges' }
  | { readonly kind: 'any' };

export interface Field {
  readonly shape: Shape;
  readonly role: Role;
}

const f = (shape: Shape, role: Role = 'mapped'): Field => ({ shape, role });
const obj = (fields: Record<string, Field>, role: Role = 'mapped'): Field => f({ kind: 'object', fields }, role);
const ANY_READ_ONLY = f({ kind: 'any' }, 'readOnly');
const ANY_UNEXPRESSIBLE = f({ kind: 'any' }, 'unexpressible');

const POLICY_STATES = ['enabled', 'disabled', 'enabledForReportingButNotEnforced'] as const;
const CLIENT_APP_TYPES = ['all', 'browser', 'easSupported', 'exchangeActiveSync', 'mobileAppsAndDesktopClients', 'other'] as const;
const PLATFORMS = ['all', 'android', 'iOS', 'linux', 'macOS', 'windows', 'windowsPhone'] as const;
const RISK_LEVELS = ['hidden', 'high', 'low', 'medium', 'none'] as const;
const BUILT_IN_CONTROLS = ['approvedApplication', 'block', 'compliantApplication', 'compliantDevice', 'domainJoinedDevice', 'mfa', 'passwordChange'] as const;
/** Graph's bit order, which is the order it writes them in. `none` is Graph's value for an internal member. */
const GUEST_TYPES = ['none', 'internalGuest', 'b2bCollaborationGuest', 'b2bCollaborationMember', 'b2bDirectConnectUser', 'otherExternalUser', 'serviceProvider'] as const;
/** Graph's bit order. azuread accepts the last two only: `none` is unexpressible. */
const TRANSFER_METHODS = ['none', 'deviceCodeFlow', 'authenticationTransfer'] as const;
/** Graph's bit order. azuread takes one level, not a combination. */
const INSIDER_RISK_LEVELS = ['minor', 'moderate', 'elevated'] as const;
const COUNTRY_LOOKUP_METHODS = ['clientIpAddress', 'authenticatorAppGps'] as const;

const USER_SPECIALS = ['All', 'None', 'GuestsOrExternalUsers'] as const;
const APPLICATION_SPECIALS = ['All', 'None', 'Office365', 'MicrosoftAdminPortals'] as const;
const LOCATION_SPECIALS = ['All', 'AllTrusted'] as const;
const SERVICE_PRINCIPAL_SPECIALS = ['ServicePrincipalsInMyTenant'] as const;

const filter = (what: string, role: Role = 'mapped') =>
  obj({ mode: f({ kind: 'text', what: `a ${what} filter mode`, values: ['include', 'exclude'] }), rule: f({ kind: 'text' }) }, role);

const users = (what: string, specials: readonly string[] = []) => f({ kind: 'list', what, ids: { specials } });

const guests = obj({
  guestOrExternalUserTypes: f({ kind: 'flags', what: 'a guest or external user type', values: GUEST_TYPES }),
  externalTenants: obj({
    membershipKind: f({ kind: 'text', what: 'an external tenants membership kind', values: ['all', 'enumerated'] }),
    members: users('a tenant id'),
  }),
});

const riskLevels = f({ kind: 'list', what: 'a risk level', values: RISK_LEVELS });
const timestamps = { createdDateTime: ANY_READ_ONLY, modifiedDateTime: ANY_READ_ONLY, deletedDateTime: ANY_READ_ONLY };

export const POLICY_SCHEMA: Shape = {
  kind: 'object',
  fields: {
    id: f({ kind: 'text', guid: true }, 'readOnly'),
    templateId: f({ kind: 'text', guid: true }, 'readOnly'),
    ...timestamps,
    displayName: f({ kind: 'text' }),
    description: f({ kind: 'text' }, 'unexpressible'),
    state: f({ kind: 'text', what: 'a Conditional Access state', values: POLICY_STATES }),
    partialEnablementStrategy: ANY_UNEXPRESSIBLE,
    conditions: obj({
      users: obj({
        includeUsers: users('a user', USER_SPECIALS),
        excludeUsers: users('a user', USER_SPECIALS),
        includeGroups: users('a group'),
        excludeGroups: users('a group'),
        includeRoles: users('a directory role template'),
        excludeRoles: users('a directory role template'),
        includeGuestsOrExternalUsers: guests,
        excludeGuestsOrExternalUsers: guests,
      }),
      applications: obj({
        includeApplications: f({ kind: 'list', specials: APPLICATION_SPECIALS }),
        excludeApplications: f({ kind: 'list', specials: APPLICATION_SPECIALS }),
        includeUserActions: f({ kind: 'list' }),
        includeAuthenticationContextClassReferences: f({ kind: 'list' }, 'unexpressible'),
        applicationFilter: ANY_UNEXPRESSIBLE,
      }),
      clientAppTypes: f({ kind: 'list', what: 'a client app type', values: CLIENT_APP_TYPES }),
      platforms: obj({
        includePlatforms: f({ kind: 'list', what: 'a device platform', values: PLATFORMS }),
        excludePlatforms: f({ kind: 'list', what: 'a device platform', values: PLATFORMS }),
      }),
      locations: obj({
        includeLocations: users('a named location', LOCATION_SPECIALS),
        excludeLocations: users('a named location', LOCATION_SPECIALS),
      }),
      signInRiskLevels: riskLevels,
      userRiskLevels: riskLevels,
      servicePrincipalRiskLevels: riskLevels,
      insiderRiskLevels: f({ kind: 'flags', what: 'an insider risk level', values: INSIDER_RISK_LEVELS }),
      authenticationFlows: obj({ transferMethods: f({ kind: 'flags', what: 'an authentication flow transfer method', values: TRANSFER_METHODS }) }),
      devices: obj({
        deviceFilter: filter('device'),
        includeDevices: ANY_UNEXPRESSIBLE,
        excludeDevices: ANY_UNEXPRESSIBLE,
        includeDeviceStates: ANY_UNEXPRESSIBLE,
        excludeDeviceStates: ANY_UNEXPRESSIBLE,
      }),
      clientApplications: obj({
        includeServicePrincipals: users('a service principal', SERVICE_PRINCIPAL_SPECIALS),
        excludeServicePrincipals: users('a service principal', SERVICE_PRINCIPAL_SPECIALS),
        servicePrincipalFilter: filter('service principal'),
        includeAgentIdServicePrincipals: ANY_UNEXPRESSIBLE,
        excludeAgentIdServicePrincipals: ANY_UNEXPRESSIBLE,
      }),
      times: ANY_UNEXPRESSIBLE,
      deviceStates: ANY_UNEXPRESSIBLE,
      agents: ANY_UNEXPRESSIBLE,
      agentContext: ANY_UNEXPRESSIBLE,
      agentIdRiskLevels: f({ kind: 'flags' }, 'unexpressible'),
    }),
    grantControls: obj({
      operator: f({ kind: 'text', what: 'a grant operator', values: ['AND', 'OR'] }),
      builtInControls: f({ kind: 'list', what: 'a built-in grant control', values: BUILT_IN_CONTROLS }),
      customAuthenticationFactors: f({ kind: 'list' }),
      termsOfUse: users('a terms of use'),
      authenticationStrength: obj({ id: f({ kind: 'text', guid: true }) }, 'readOnly'),
    }),
    sessionControls: obj({
      applicationEnforcedRestrictions: obj({ isEnabled: f({ kind: 'boolean' }) }),
      cloudAppSecurity: obj({
        isEnabled: f({ kind: 'boolean' }),
        cloudAppSecurityType: f({ kind: 'text', what: 'a cloud app security type', values: ['blockDownloads', 'mcasConfigured', 'monitorOnly'] }),
      }),
      persistentBrowser: obj({ isEnabled: f({ kind: 'boolean' }), mode: f({ kind: 'text', what: 'a persistent browser mode', values: ['always', 'never'] }) }),
      signInFrequency: obj({
        isEnabled: f({ kind: 'boolean' }),
        value: f({ kind: 'number' }),
        type: f({ kind: 'text', what: 'a sign-in frequency period', values: ['days', 'hours'] }),
        authenticationType: f({ kind: 'text', what: 'a sign-in frequency authentication type', values: ['primaryAndSecondaryAuthentication', 'secondaryAuthentication'] }),
        frequencyInterval: f({ kind: 'text', what: 'a sign-in frequency interval', values: ['timeBased', 'everyTime'] }),
      }),
      disableResilienceDefaults: f({ kind: 'boolean' }),
      continuousAccessEvaluation: ANY_UNEXPRESSIBLE,
      secureSignInSession: ANY_UNEXPRESSIBLE,
      globalSecureAccessFilteringProfile: ANY_UNEXPRESSIBLE,
      blockSensitiveActions: ANY_UNEXPRESSIBLE,
    }),
  },
};

/** Every kind of named location in one table; which fields count depends on the kind (./locations.ts). */
export const NAMED_LOCATION_SCHEMA: Shape = {
  kind: 'object',
  fields: {
    id: f({ kind: 'text', guid: true }, 'readOnly'),
    ...timestamps,
    displayName: f({ kind: 'text' }),
    ipRanges: f({ kind: 'ranges' }),
    isTrusted: f({ kind: 'boolean' }),
    countriesAndRegions: f({ kind: 'list' }),
    includeUnknownCountriesAndRegions: f({ kind: 'boolean' }),
    countryLookupMethod: f({ kind: 'text', what: 'a country lookup method', values: COUNTRY_LOOKUP_METHODS }),
  },
};

/** Groups are read for their names: the id lower-cased, every other field kept as it is, nothing checked. */
export const GROUP_SCHEMA: Shape = { kind: 'object', fields: { id: f({ kind: 'text', guid: true }, 'readOnly') } };
