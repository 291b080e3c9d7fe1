import { DirectoryRoleAssignment } from '@cdktf/provider-azuread/lib/directory-role-assignment';
import { Construct } from '../cdktf';
import { DIRECTORY_ROLES } from '../../policies/directory-roles';

export interface BreakGlassGlobalAdminProps {
  /** Object ids of the existing emergency access accounts. */
  readonly accountIds: readonly string[];
}

/**
 * Microsoft's guidance for emergency access: the break-glass accounts hold Global
 * Administrator as a permanent active assignment, outside PIM, so they work when PIM, MFA or
 * the approvers do not. The only standing Global Administrator perimeter creates.
 */
export class BreakGlassGlobalAdmin extends Construct {
  readonly assignments: readonly DirectoryRoleAssignment[];

  constructor(scope: Construct, id: string, props: BreakGlassGlobalAdminProps) {
    super(scope, id);
    this.assignments = props.accountIds.map((accountId) => {
      const assignment = new DirectoryRoleAssignment(this, accountId, {
        roleId: DIRECTORY_ROLES['Global Administrator'],
        principalObjectId: accountId,
        directoryScopeId: '/',
      });
      assignment.overrideLogicalId(`break_glass_global_administrator_${accountId}`);
      return assignment;
    });
  }
}
