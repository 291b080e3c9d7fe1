/** Identifiers and value sets Microsoft publishes; one home for each. */

/**
 * Built-in authentication strengths (Graph `authenticationStrengthPolicies`). They are nested:
 * a stronger one satisfies every weaker one (`rank`), phishing-resistant satisfies MFA.
 */
export const BUILT_IN_STRENGTHS = {
  mfa: { id: '00000000-0000-0000-0000-000000000002', rank: 1, name: 'MFA' },
  passwordless: { id: '00000000-0000-0000-0000-000000000003', rank: 2, name: 'passwordless MFA' },
  'phishing-resistant': { id: '00000000-0000-0000-0000-000000000004', rank: 3, name: 'phishing-resistant MFA' },
} as const;
export type AuthenticationStrength = keyof typeof BUILT_IN_STRENGTHS;

/** The Graph path azuread's `authentication_strength_policy_id` takes. */
export function strengthPolicyPath(strength: AuthenticationStrength): string {
  return `/policies/authenticationStrengthPolicies/${BUILT_IN_STRENGTHS[strength].id}`;
}

const STRENGTH_BY_ID: ReadonlyMap<string, (typeof BUILT_IN_STRENGTHS)[AuthenticationStrength]> = new Map(
  Object.values(BUILT_IN_STRENGTHS).map((s) => [s.id, s]),
);

/** The built-in strength a bare strength id names, or undefined for a custom strength. */
export function builtInStrength(id: string): (typeof BUILT_IN_STRENGTHS)[AuthenticationStrength] | undefined {
  return STRENGTH_BY_ID.get(id.toLowerCase());
}

/** Application (client) ids of first-party resources the baseline targets by name. */
export const WELL_KNOWN_APPS = {
  /** "Windows Azure Service Management API": ARM, the Azure portal, Azure CLI and PowerShell. */
  'azure-management': '797f4846-ba00-4fd7-ba43-dac1f8f63013',
} as const;

/**
 * Guest and external user types, in the order the Graph API stores them. Declaring them in
 * another order gives a perpetual diff (hashicorp/terraform-provider-azuread#1794).
 */
export const GUEST_OR_EXTERNAL_USER_TYPES = [
  'internalGuest',
  'b2bCollaborationGuest',
  'b2bCollaborationMember',
  'b2bDirectConnectUser',
  'otherExternalUser',
  'serviceProvider',
] as const;
export type GuestOrExternalUserType = (typeof GUEST_OR_EXTERNAL_USER_TYPES)[number];

/** User actions a policy can target instead of resources. */
export const USER_ACTIONS = {
  registerSecurityInfo: 'urn:user:registersecurityinfo',
  registerDevice: 'urn:user:registerdevice',
} as const;
export type UserAction = keyof typeof USER_ACTIONS;

/** The device platforms Conditional Access names (`all` aside). */
export const DEVICE_PLATFORMS = ['android', 'iOS', 'windows', 'windowsPhone', 'macOS', 'linux'] as const;
export type DevicePlatform = (typeof DEVICE_PLATFORMS)[number];
/** A platform condition: `all` or a platform. */
export type PlatformCondition = 'all' | DevicePlatform;

/** Client app types a policy condition can list. */
export type ClientAppType = 'all' | 'browser' | 'mobileAppsAndDesktopClients' | 'exchangeActiveSync' | 'other';

/** Risk levels as Graph spells them; `hidden` is what a sign-in shows to callers without P2. */
export const RISK_LEVELS = ['none', 'low', 'medium', 'high', 'hidden'] as const;
export type RiskLevel = (typeof RISK_LEVELS)[number];

/** Authentication flows a policy can target. */
export type AuthenticationFlow = 'deviceCodeFlow' | 'authenticationTransfer';

/** Built-in grant controls. */
export type BuiltInControl =
  | 'block'
  | 'mfa'
  | 'compliantDevice'
  | 'domainJoinedDevice'
  | 'approvedApplication'
  | 'compliantApplication'
  | 'passwordChange';
