/** The policy model's logical names in a reviewer's words: for docs/baseline.md and custom policy reviews. */
import type { AppRef, GrantControls, LocationRef, UserRef } from './model';

const USERS = {
  'all-users': 'all users',
  guests: 'every guest and external user type',
  'privileged-roles': 'privileged roles',
  'directory-sync-accounts': '`directorySync.accounts`',
} as const;

const APPS = {
  All: 'all resources',
  None: 'no resource',
  Office365: 'Office 365',
  MicrosoftAdminPortals: 'Microsoft admin portals',
  'azure-management': 'Azure Service Management API',
  'sensitive-apps': '`sensitiveApps`',
  'guest-allowed-apps': '`guests.allowedApps`',
  'app-proxy-apps': '`appProxy.apps`',
} as const;

const LOCATIONS = {
  All: 'any location',
  AllTrusted: 'trusted locations',
  'directory-sync-location': '`directorySync.allowedLocation`',
  'country-access-location': '`countryAccess.location`',
} as const;

export function userRefWords(ref: UserRef): string {
  if (typeof ref === 'string') return USERS[ref];
  if ('user' in ref) return ref.user === 'All' ? 'all users' : ref.user === 'None' ? 'nobody' : ref.user === 'GuestsOrExternalUsers' ? 'guests and external users' : `user ${ref.user}`;
  if ('group' in ref) return `group ${ref.group}`;
  if ('role' in ref) return `role ${ref.role}`;
  return `guests and external users (${ref.guests.types.join(', ')}) from ${ref.guests.tenants === 'all' ? 'any tenant' : `tenants ${ref.guests.tenants.join(', ')}`}`;
}

export function appRefWords(ref: AppRef): string {
  return typeof ref === 'string' ? APPS[ref] : `app ${ref.app}`;
}

export function locationRefWords(ref: LocationRef): string {
  return typeof ref === 'string' ? LOCATIONS[ref] : `location ${ref.location}`;
}

export function strengthWords(strength: NonNullable<GrantControls['authenticationStrength']>): string {
  return typeof strength === 'string' ? strength : `strength ${strength.id}`;
}
