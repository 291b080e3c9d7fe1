/** Which directory role each PIM group holds, as the PIM rules read it from the model. */
import { TERRAFORM_REFERENCE, TF } from '../../../core/addresses';
import { DIRECTORY_ROLES, type DirectoryRoleName } from '../../../core/microsoft/directory-roles';
import { resourcesOf } from '../../../analysis/model/queries';
import type { EnvironmentModel } from '../../../analysis/model/types';

const ROLE_NAME_BY_ID = new Map<string, DirectoryRoleName>(
  (Object.entries(DIRECTORY_ROLES) as [DirectoryRoleName, string][]).map(([name, id]) => [id, name]),
);

/** True when an assignment's principal is a group the stack creates (`${azuread_group.<key>.object_id}`). */
export function isStackGroupRef(principal: string): boolean {
  const m = TERRAFORM_REFERENCE.exec(principal);
  return m !== null && m[1] === TF.group && m[3] === 'object_id';
}

/** The role each stack group holds, by the group's reference as schedules and policies write it. */
export function rolesHeldByGroups(model: EnvironmentModel): Map<string, string> {
  const held = new Map<string, string>();
  for (const a of resourcesOf(model, TF.directoryRoleAssignment)) {
    const principal = String(a.config['principal_object_id']);
    if (isStackGroupRef(principal)) held.set(principal, String(a.config['role_id']));
  }
  return held;
}

export const roleName = (id: string) => ROLE_NAME_BY_ID.get(id) ?? id;
