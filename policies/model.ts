/**
 * The Conditional Access baseline as typed data. Policies speak in logical names; the
 * environment binds those names to object ids, app ids and named locations.
 * Nothing here imports cdktf.
 */
import type { AuthenticationStrength, UserAction } from './well-known';

/** A stable policy id such as `CA001`. It is the policy's Terraform address and the first word of its display name. */
export type PolicyId = `CA${string}`;
export const POLICY_ID_PATTERN = /^CA\d{3}$/;

/**
 * Who a policy is about.
 * - `all-users`: every user in the directory, guests included.
 * - `guests`: every guest and external user type, from any tenant.
 * - `privileged-roles`: users holding any role in PRIVILEGED_ROLES.
 * - `directory-sync-accounts`: the Entra Connect / Cloud Sync service accounts of the environment.
 */
export type UserRef = 'all-users' | 'guests' | 'privileged-roles' | 'directory-sync-accounts';

/**
 * What a policy protects.
 * - `All`, `Office365`, `MicrosoftAdminPortals`: Microsoft's own app sets.
 * - `azure-management`: Windows Azure Service Management API.
 * - `sensitive-apps`: the environment's `sensitiveApps`.
 * - `guest-allowed-apps`: the environment's `guests.allowedApps`.
 * - `app-proxy-apps`: the on-premises apps the environment publishes through Application Proxy (`appProxy.apps`).
 */
export type AppRef = 'All' | 'Office365' | 'MicrosoftAdminPortals' | 'azure-management' | 'sensitive-apps' | 'guest-allowed-apps' | 'app-proxy-apps';

/**
 * Where a sign-in comes from.
 * - `All`, `AllTrusted`: any location; every trusted named location.
 * - `directory-sync-location`: the environment's `directorySync.allowedLocation`.
 * - `country-access-location`: the environment's `countryAccess.location`.
 */
export type LocationRef = 'All' | 'AllTrusted' | 'directory-sync-location' | 'country-access-location';

export type ClientAppType = 'all' | 'browser' | 'mobileAppsAndDesktopClients' | 'exchangeActiveSync' | 'other';
export type Platform = 'all' | 'android' | 'iOS' | 'windows' | 'windowsPhone' | 'macOS' | 'linux';
export type PlatformList = readonly Platform[];
export type RiskLevel = 'none' | 'low' | 'medium' | 'high';
export type AuthenticationFlow = 'deviceCodeFlow' | 'authenticationTransfer';
export type BuiltInControl =
  | 'block'
  | 'mfa'
  | 'compliantDevice'
  | 'domainJoinedDevice'
  | 'approvedApplication'
  | 'compliantApplication'
  | 'passwordChange';

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
  readonly platforms?: { readonly include: readonly Platform[]; readonly exclude?: readonly Platform[] };
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
}

export interface GrantControls {
  readonly operator: 'AND' | 'OR';
  readonly controls: readonly BuiltInControl[];
  readonly authenticationStrength?: AuthenticationStrength;
}

export interface SessionControls {
  /** `everyTime` or a bounded interval. */
  readonly signInFrequency?: 'everyTime' | { readonly value: number; readonly unit: 'hours' | 'days' };
  readonly persistentBrowser?: 'always' | 'never';
}

export interface PolicyDefinition {
  readonly id: PolicyId;
  /** Starts with the id; the rest may change freely, the Terraform address does not follow it. */
  readonly displayName: string;
  /** Why the policy exists, for reviewers and reports. */
  readonly description: string;
  readonly users: UserAssignment;
  readonly resources: ResourceAssignment;
  readonly conditions?: Conditions;
  readonly grant?: GrantControls;
  readonly session?: SessionControls;
}

/** The environment choices a policy may depend on. Logical only: never an object id. */
export interface BaselineSettings {
  readonly userRiskResponse: 'passwordChange' | 'block';
  /** Guests cannot present a managed device; by default the device policy leaves them out. */
  readonly guestsInDevicePolicy: boolean;
  readonly adminSignInFrequencyHours: number;
  readonly unmanagedSignInFrequencyHours: number;
  readonly supportedPlatforms: readonly Exclude<Platform, 'all'>[];
  readonly countryAccessMode?: 'allow' | 'block';
}

/**
 * An environment feature a policy needs; without it the policy is not part of that
 * environment (and naming it under `policies:` is an error that says so).
 */
export type BaselineFeature = 'directorySync' | 'countryAccess' | 'sensitiveApps' | 'appProxy';

export interface PolicyModule {
  readonly id: PolicyId;
  /** @default - the policy is part of every environment */
  readonly requires?: BaselineFeature;
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
  if (policy.users.include.includes('directory-sync-accounts')) return false;
  const grant = policy.grant;
  const interactiveGrant =
    grant !== undefined &&
    (grant.authenticationStrength !== undefined || grant.controls.some((c) => INTERACTIVE_CONTROLS.has(c)));
  const reauthentication = policy.session?.signInFrequency !== undefined;
  return interactiveGrant || reauthentication;
}
