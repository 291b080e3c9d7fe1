/**
 * The Conditional Access policy model: the baseline as typed data, and the custom policies a
 * tenant brings (policies/custom/*.yaml, written by `npm run import` or by hand) on the same
 * model. Policies speak in logical names; the environment binds those names to object ids,
 * app ids and named locations. The model covers everything azuread 3.7.0's
 * azuread_conditional_access_policy can express. Nothing here imports cdktf.
 */
import type { Feature } from '../core/features';
import type {
  AuthenticationFlow,
  AuthenticationStrength,
  BuiltInControl,
  ClientAppType,
  DevicePlatform,
  GuestOrExternalUserType,
  PlatformCondition,
  RiskLevel,
  UserAction,
} from '../core/microsoft/well-known';

/**
 * A stable policy id: `CA001` for the baseline, `CP001` for a custom policy. It is the
 * policy's Terraform address and the first word of its display name.
 */
export type PolicyId = `CA${string}` | `CP${string}`;

/** Guest and external user types, from every tenant (`all`) or from the tenants listed. */
export interface GuestsRef {
  readonly types: readonly GuestOrExternalUserType[];
  readonly tenants: 'all' | readonly string[];
}

/**
 * Who a policy is about.
 * - `all-users`: every user in the directory, guests included.
 * - `guests`: every guest and external user type, from any tenant.
 * - `privileged-roles`: users holding any role in PRIVILEGED_ROLES.
 * - `directory-sync-accounts`: the Entra Connect / Cloud Sync service accounts of the environment.
 */
export type UserRef =
  | 'all-users'
  | 'guests'
  | 'privileged-roles'
  | 'directory-sync-accounts'
  /** A user by object id, or Graph's `None` (nobody: a policy that targets only other conditions). */
  | { readonly user: string }
  /** A key of the environment's `groups:`, or a group object id. */
  | { readonly group: string }
  /** A directory role by name (core/microsoft/directory-roles.ts) or by role template id. */
  | { readonly role: string }
  | { readonly guests: GuestsRef };

/**
 * What a policy protects.
 * - `All`, `Office365`, `MicrosoftAdminPortals`: Microsoft's own app sets.
 * - `azure-management`: Windows Azure Service Management API.
 * - `sensitive-apps`: the environment's `sensitiveApps`.
 * - `guest-allowed-apps`: the environment's `guests.allowedApps`.
 * - `app-proxy-apps`: the on-premises apps the environment publishes through Application Proxy (`appProxy.apps`).
 */
export type AppRef =
  | 'All'
  | 'None'
  | 'Office365'
  | 'MicrosoftAdminPortals'
  | 'azure-management'
  | 'sensitive-apps'
  | 'guest-allowed-apps'
  | 'app-proxy-apps'
  /** A key of the environment's `apps:`, or an application (client) id. */
  | { readonly app: string };

/**
 * Where a sign-in comes from.
 * - `All`, `AllTrusted`: any location; every trusted named location.
 * - `directory-sync-location`: the environment's `directorySync.allowedLocation`.
 * - `country-access-location`: the environment's `countryAccess.location`.
 */
export type LocationRef =
  | 'All'
  | 'AllTrusted'
  | 'directory-sync-location'
  | 'country-access-location'
  /** A key of the environment's `namedLocations:`, or the object id of a location perimeter does not manage. */
  | { readonly location: string };

/** The logical locations an environment binds to one of its named locations. */
export type BoundLocationRef = 'directory-sync-location' | 'country-access-location';

export interface UserAssignment {
  readonly include: readonly UserRef[];
  readonly exclude?: readonly UserRef[];
}

export type ResourceAssignment =
  | { readonly apps: readonly AppRef[]; readonly excludeApps?: readonly AppRef[] }
  | { readonly userAction: UserAction };

export interface Conditions {
  /** @default - all client app types */
  readonly clientAppTypes?: readonly ClientAppType[];
  /** @default - every platform, unknown ones included */
  readonly platforms?: { readonly include: readonly PlatformCondition[]; readonly exclude?: readonly PlatformCondition[] };
  /** @default - any location */
  readonly locations?: { readonly include: readonly LocationRef[]; readonly exclude?: readonly LocationRef[] };
  /** A set, not a threshold: list every level the policy is for. @default - any sign-in risk */
  readonly signInRiskLevels?: readonly RiskLevel[];
  /** A set, not a threshold. @default - any user risk */
  readonly userRiskLevels?: readonly RiskLevel[];
  /** @default - any authentication flow */
  readonly authenticationFlows?: readonly AuthenticationFlow[];
  /** A filter for devices in the dynamic-rule grammar. @default - every device */
  readonly deviceFilter?: { readonly mode: 'include' | 'exclude'; readonly rule: string };
  /** Workload identities: a set of levels. @default - any service principal risk */
  readonly servicePrincipalRiskLevels?: readonly RiskLevel[];
  /** Insider risk (Purview adaptive protection): one level. @default - any */
  readonly insiderRiskLevel?: 'minor' | 'moderate' | 'elevated';
  /** Workload-identity policies: which service principals, by object id (or `All`), and a filter. */
  readonly clientApplications?: {
    readonly include: readonly string[];
    readonly exclude?: readonly string[];
    readonly filter?: { readonly mode: 'include' | 'exclude'; readonly rule: string };
  };
}

export interface GrantControls {
  readonly operator: 'AND' | 'OR';
  readonly controls: readonly BuiltInControl[];
  /** A built-in strength by name, or any strength by its id. */
  readonly authenticationStrength?: AuthenticationStrength | { readonly id: string };
  /** Terms of use agreements, by id. */
  readonly termsOfUse?: readonly string[];
  readonly customAuthenticationFactors?: readonly string[];
}

export interface SessionControls {
  /** `everyTime` or a bounded interval. */
  readonly signInFrequency?: 'everyTime' | { readonly value: number; readonly unit: 'hours' | 'days' };
  /** What a sign-in frequency asks again for. @default 'primaryAndSecondaryAuthentication' */
  readonly signInFrequencyAuthenticationType?: 'primaryAndSecondaryAuthentication' | 'secondaryAuthentication';
  readonly persistentBrowser?: 'always' | 'never';
  /** Exchange and SharePoint limit what an unmanaged device can do. */
  readonly applicationEnforcedRestrictions?: boolean;
  /** Conditional Access App Control (Defender for Cloud Apps). */
  readonly cloudAppSecurity?: 'mcasConfigured' | 'monitorOnly' | 'blockDownloads';
  readonly disableResilienceDefaults?: boolean;
}

/** What a policy file declares: everything but its id and display name, which definePolicy derives. */
export interface PolicyBody {
  /** The display name after the id: `Require MFA for all users`. The Terraform address does not follow it. */
  readonly title: string;
  /** Why the policy exists, for reviewers and reports. */
  readonly description: string;
  readonly users: UserAssignment;
  readonly resources: ResourceAssignment;
  readonly conditions?: Conditions;
  readonly grant?: GrantControls;
  readonly session?: SessionControls;
}

export interface PolicyDefinition extends Omit<PolicyBody, 'title'> {
  readonly id: PolicyId;
  /** `<id> <title>`: starts with the id, so every sign-in log line leads back to the code. */
  readonly displayName: string;
}

/** The environment choices a policy may depend on. Logical only: never an object id. */
export interface BaselineSettings {
  readonly userRiskResponse: 'passwordChange' | 'block';
  /** Guests cannot present a managed device; by default the device policy leaves them out. */
  readonly guestsInDevicePolicy: boolean;
  readonly adminSignInFrequencyHours: number;
  readonly unmanagedSignInFrequencyHours: number;
  readonly supportedPlatforms: readonly DevicePlatform[];
  readonly countryAccessMode?: 'allow' | 'block';
}

export interface PolicyModule {
  readonly id: PolicyId;
  /** @default - the policy is part of every environment */
  readonly requires?: Feature;
  define(settings: BaselineSettings): PolicyDefinition;
}

export function targetsUserAction(policy: PolicyDefinition): boolean {
  return 'userAction' in policy.resources;
}

/** Grant controls a non-interactive service account can never satisfy. */
const INTERACTIVE_CONTROLS: ReadonlySet<BuiltInControl> = new Set([
  'mfa',
  'compliantDevice',
  'domainJoinedDevice',
  'approvedApplication',
  'compliantApplication',
  'passwordChange',
]);

/**
 * Directory-sync accounts sign in non-interactively with a password: they can satisfy no
 * MFA, device, app or password-change control and cannot be re-prompted by a sign-in
 * frequency. Every policy that would ask them for one of those excludes them; block
 * policies still apply to them.
 */
export function excludesDirectorySyncAccounts(policy: PolicyDefinition): boolean {
  // Custom policies keep exactly the exclusions they were written with (break-glass aside).
  if (policy.id.startsWith('CP')) return false;
  if (policy.users.include.includes('directory-sync-accounts')) return false;
  const grant = policy.grant;
  const interactiveGrant =
    grant !== undefined &&
    (grant.authenticationStrength !== undefined || grant.controls.some((c) => INTERACTIVE_CONTROLS.has(c)));
  const reauthentication = policy.session?.signInFrequency !== undefined;
  return interactiveGrant || reauthentication;
}
