/** The authorization policy's Graph values perimeter writes and its rules and report read back. */

/** Graph's guest user role template ids (authorizationPolicy.guestUserRoleId). */
export const GUEST_ROLES = {
  restricted: '2af84b1e-32c8-42b7-82bc-daa82404023b',
  limited: '10dae51f-b6af-4016-8d66-8c2a99b929b3',
  'same-as-members': 'a0b1b346-4d3e-4e8b-98f8-753987be4970',
} as const;

/** `guestInvites` -> Graph's allowInvitesFrom. */
export const INVITERS = { 'admins-and-guest-inviters': 'adminsAndGuestInviters', nobody: 'none' } as const;

/** The built-in permission grant policy for "verified publishers, low-impact permissions". */
export const LOW_RISK_CONSENT_POLICY = 'ManagePermissionGrantsForSelf.microsoft-user-default-low';
/** The prefix of consent entries for resources a user owns (Teams, chats): not user consent to apps. */
export const OWNED_RESOURCE_PREFIX = 'ManagePermissionGrantsForOwnedResource.';

