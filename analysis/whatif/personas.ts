/**
 * Named users for the CLI and scenario files, so a question reads like the question:
 * `--user break-glass`, `--user guest`. A persona is a user id plus the memberships the
 * evaluator should assume; the stack's own group memberships are added on top.
 */
import { BREAK_GLASS_GROUP, TF } from '../../core/addresses';
import { isGuid } from '../../core/ids';
import { DIRECTORY_ROLES, isDirectoryRoleName } from '../../core/microsoft/directory-roles';
import type { EnvironmentModel } from '../model/types';
import type { UserInput } from './signin';

export interface Persona {
  readonly name: string;
  readonly description: string;
  readonly user: UserInput;
}

/** Obviously fake ids for the personas that are not bound to the environment. */
export const PERSONA_IDS = {
  member: 'e0000000-0000-4000-8000-000000000001',
  globalAdmin: 'e0000000-0000-4000-8000-000000000002',
  guest: 'e0000000-0000-4000-8000-000000000003',
  guestHomeTenant: 'e7000000-0000-4000-8000-000000000001',
} as const;

const GLOBAL_ADMIN = DIRECTORY_ROLES['Global Administrator'];

/** The break-glass accounts: from the environment file, else the members of the stack's exclusion group. */
export function breakGlassAccounts(model: EnvironmentModel): string[] {
  if (model.declared) return [...model.declared.breakGlassAccounts];
  return [...(model.group(`${TF.group}.${BREAK_GLASS_GROUP}`)?.members ?? [])];
}

/** The directory-sync accounts. Only the environment file knows which accounts they are. */
function directorySyncAccounts(model: EnvironmentModel): string[] {
  return [...(model.declared?.directorySync?.accounts ?? [])];
}

export function personas(model: EnvironmentModel): Persona[] {
  const out: Persona[] = [
    { name: 'member', description: 'an internal member with no role and no group a policy names', user: { id: PERSONA_IDS.member } },
    { name: 'global-admin', description: 'an internal member holding Global Administrator (active)', user: { id: PERSONA_IDS.globalAdmin, roles: [GLOBAL_ADMIN] } },
    {
      name: 'guest',
      description: 'a B2B collaboration guest (UserType Guest) from another Entra tenant',
      user: { id: PERSONA_IDS.guest, guestType: 'b2bCollaborationGuest', externalTenantId: PERSONA_IDS.guestHomeTenant },
    },
  ];
  breakGlassAccounts(model).forEach((id, i) => {
    const user: UserInput = { id, roles: [GLOBAL_ADMIN] };
    const description = 'an emergency access account holding Global Administrator';
    if (i === 0) out.push({ name: 'break-glass', description: `${description} (the first one)`, user });
    out.push({ name: `break-glass-${i + 1}`, description: `${description} (number ${i + 1})`, user });
  });
  directorySyncAccounts(model).forEach((id, i) => {
    const user: UserInput = { id, roles: [DIRECTORY_ROLES['Directory Synchronization Accounts']] };
    const description = 'a directory-sync service account (Directory Synchronization Accounts role)';
    if (i === 0) out.push({ name: 'sync-account', description: `${description} (the first one)`, user });
    out.push({ name: `sync-account-${i + 1}`, description: `${description} (number ${i + 1})`, user });
  });
  return out;
}

/** A group given by id, environment key or stack group name, as the id policies use. */
export function resolveGroup(value: string, model: EnvironmentModel): string | undefined {
  if (isGuid(value)) return value.toLowerCase();
  const byKey = model.groups.find((g) => g.key === value || g.id === value);
  return byKey?.id;
}

/** A role given by template id or by its display name in core/microsoft/directory-roles.ts. */
export function resolveRole(value: string): string | undefined {
  if (isGuid(value)) return value.toLowerCase();
  return isDirectoryRoleName(value) ? DIRECTORY_ROLES[value] : undefined;
}
