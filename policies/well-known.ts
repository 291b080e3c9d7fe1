/** Identifiers Microsoft publishes; one home for each. */

/** Built-in authentication strengths (Graph `authenticationStrengthPolicies`). */
export const AUTHENTICATION_STRENGTHS = {
  mfa: '/policies/authenticationStrengthPolicies/00000000-0000-0000-0000-000000000002',
  passwordless: '/policies/authenticationStrengthPolicies/00000000-0000-0000-0000-000000000003',
  'phishing-resistant': '/policies/authenticationStrengthPolicies/00000000-0000-0000-0000-000000000004',
} as const;
export type AuthenticationStrength = keyof typeof AUTHENTICATION_STRENGTHS;

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
