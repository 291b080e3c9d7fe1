import { DirectoryRoleAssignment } from '@cdktf/provider-azuread/lib/directory-role-assignment';
import { Group } from '@cdktf/provider-azuread/lib/group';
import { BREAK_GLASS_GROUP, breakGlassGlobalAdminName } from '../../core/addresses';
import { DIRECTORY_ROLES } from '../../core/microsoft/directory-roles';
import { Construct } from '../../app/cdktf';

export interface BreakGlassExclusionProps {
  /** Object ids of the existing cloud-only emergency access accounts. Never created here. */
  readonly accountIds: readonly string[];
  readonly groupDisplayName: string;
}

/**
 * The emergency access accounts and the group that excludes them from Conditional Access.
 * The group is role-assignable, so only a Privileged Role Administrator or Global
 * Administrator can change who is in it: a helpdesk admin cannot add themselves to the
 * exclusion.
 */
export class BreakGlassExclusion extends Construct {
  readonly accountIds: readonly string[];
  readonly group: Group;

  constructor(scope: Construct, id: string, props: BreakGlassExclusionProps) {
    super(scope, id);
    this.accountIds = [...props.accountIds];
    this.group = new Group(this, 'exclusion-group', {
      displayName: props.groupDisplayName,
      description:
        'Emergency access accounts, excluded from every Conditional Access policy. Managed by perimeter; role-assignable so only privileged role administrators can change it.',
      securityEnabled: true,
      mailEnabled: false,
      assignableToRole: true,
      preventDuplicateNames: true,
      members: [...props.accountIds],
    });
    this.group.overrideLogicalId(BREAK_GLASS_GROUP);
  }

  /** The bare GUID of the exclusion group, as Conditional Access needs it. */
  get groupObjectId(): string {
    return this.group.objectId;
  }
}

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
      assignment.overrideLogicalId(breakGlassGlobalAdminName(accountId));
      return assignment;
    });
  }
}
