/**
 * Human labels for the ids a policy names: role names, app names, strengths, user actions,
 * and (when the environment file is known) the logical names it gives its accounts, groups
 * and apps. Reports, the diff and What If show ids by these labels.
 */
import { appProxyAppRef, TF } from '../../core/addresses';
import { APP_SUITE_MEMBERS } from '../../core/microsoft/app-sets';
import { AZURE_ROLES } from '../../core/microsoft/azure-roles';
import { DIRECTORY_ROLES } from '../../core/microsoft/directory-roles';
import { BUILT_IN_STRENGTHS, USER_ACTIONS, WELL_KNOWN_APPS } from '../../core/microsoft/well-known';
import type { DeclaredFacts } from './types';

const SPECIAL_LABELS: Readonly<Record<string, string>> = {
  All: 'All',
  None: 'None',
  AllTrusted: 'all trusted locations',
  GuestsOrExternalUsers: 'all guests and external users',
  Office365: 'Office 365 (app group)',
  MicrosoftAdminPortals: 'Microsoft Admin Portals (app group)',
};

/** Labels every stack shares: Microsoft's roles, apps, strengths, user actions and special values. */
function wellKnownLabels(labels: Map<string, string>): void {
  for (const [role, id] of Object.entries(DIRECTORY_ROLES)) labels.set(id, `role ${role}`);
  for (const [role, id] of Object.entries(AZURE_ROLES)) labels.set(id, `Azure role ${role}`);
  for (const [key, id] of Object.entries(WELL_KNOWN_APPS)) labels.set(id, `app ${key}`);
  for (const members of Object.values(APP_SUITE_MEMBERS)) for (const m of members) labels.set(m.appId, `app ${m.displayName}`);
  for (const [key, s] of Object.entries(BUILT_IN_STRENGTHS)) labels.set(s.id, `authentication strength ${key}`);
  for (const [key, urn] of Object.entries(USER_ACTIONS)) labels.set(urn, `user action ${key}`);
  for (const [value, label] of Object.entries(SPECIAL_LABELS)) labels.set(value, label);
}

/**
 * The labels a stack starts from. `appProxyApps` are the App Proxy apps the stack publishes
 * (key -> display name): policies name them by the client id a data source reads at plan time.
 */
export function seedLabels(appProxyApps: ReadonlyMap<string, string>, declared: DeclaredFacts | undefined): Map<string, string> {
  const labels = new Map<string, string>();
  wellKnownLabels(labels);
  for (const [key, displayName] of appProxyApps) labels.set(appProxyAppRef(key), `App Proxy app ${key} (${displayName})`);
  if (!declared) return labels;
  declared.breakGlassAccounts.forEach((id, i) => labels.set(id.toLowerCase(), `break-glass account ${i + 1}`));
  declared.directorySync?.accounts.forEach((id, i) => labels.set(id.toLowerCase(), `directory-sync account ${i + 1}`));
  for (const [key, g] of Object.entries(declared.groups)) labels.set(g.objectId.toLowerCase(), `group ${key}`);
  for (const [key, appId] of Object.entries(declared.apps)) labels.set(appId.toLowerCase(), `app ${key}`);
  labels.set(declared.tenantId.toLowerCase(), `tenant ${declared.name}`);
  return labels;
}

/** The label of a group the stack creates: `group break_glass_exclusion (CA exclusion: ...)`. */
export function stackGroupLabel(key: string, displayName: string): string {
  return `group ${key} (${displayName})`;
}

/** The id policies use for a group the stack creates: its Terraform address. */
export function stackGroupId(key: string): string {
  return `${TF.group}.${key}`;
}
