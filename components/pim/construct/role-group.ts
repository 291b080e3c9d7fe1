import { DirectoryRoleAssignment } from '@cdktf/provider-azuread/lib/directory-role-assignment';
import { Group } from '@cdktf/provider-azuread/lib/group';
import { GroupRoleManagementPolicy } from '@cdktf/provider-azuread/lib/group-role-management-policy';
import { PrivilegedAccessGroupAssignmentSchedule } from '@cdktf/provider-azuread/lib/privileged-access-group-assignment-schedule';
import { PrivilegedAccessGroupEligibilitySchedule } from '@cdktf/provider-azuread/lib/privileged-access-group-eligibility-schedule';
import { Construct, TerraformOutput } from '../../../app/cdktf';
import { pimMemberNames } from '../../../core/addresses';
import type { PimDirectoryRole } from '../schema';
import { GROUP_POLICY_APPROVER_TYPES, policyRules } from './policy';

export interface PimRoleGroupProps {
  readonly role: PimDirectoryRole;
  readonly securityMailbox: string;
  /** The environment (stack) name, recorded in every assignment justification. */
  readonly environmentName: string;
}

/**
 * One directory role held only through a role-assignable group: the group holds the role
 * permanently, people are eligible members of the group and activate membership through PIM
 * for Groups under the group's policy. Every address is `<role key>` or `<role key>_<object id>`.
 */
export class PimRoleGroup extends Construct {
  readonly group: Group;
  readonly roleAssignment: DirectoryRoleAssignment;
  readonly policy: GroupRoleManagementPolicy;
  readonly eligibility: readonly PrivilegedAccessGroupEligibilitySchedule[];
  readonly activeAssignments: readonly PrivilegedAccessGroupAssignmentSchedule[];

  constructor(scope: Construct, id: string, props: PimRoleGroupProps) {
    super(scope, id);
    const { role } = props;

    // No `members`: activated members come and go through PIM, and the provider treats an
    // unset `members` as unmanaged (Optional+Computed), so activations are never drift.
    this.group = new Group(this, 'group', {
      displayName: role.groupDisplayName,
      description: `Holds ${role.name}. Members are eligible through PIM and activate just in time. Managed by perimeter; do not add members by hand.`,
      securityEnabled: true,
      mailEnabled: false,
      assignableToRole: true,
      preventDuplicateNames: true,
    });
    this.group.overrideLogicalId(role.key);
    // Its object id exists only after the first deploy; the assessment configurations
    // (npm run assessments -- --outputs) read it from here.
    new TerraformOutput(this, 'group-object-id', {
      value: this.group.objectId,
      description: `The object id of the PIM group that holds ${role.name}.`,
    }).overrideLogicalId(`${role.key}_group_object_id`);

    this.roleAssignment = new DirectoryRoleAssignment(this, 'role-assignment', {
      roleId: role.templateId,
      principalObjectId: this.group.objectId,
      directoryScopeId: '/',
    });
    this.roleAssignment.overrideLogicalId(role.key);

    this.policy = new GroupRoleManagementPolicy(this, 'policy', {
      groupId: this.group.objectId,
      roleId: 'member',
      ...policyRules(role, props.securityMailbox, GROUP_POLICY_APPROVER_TYPES),
    });
    this.policy.overrideLogicalId(role.key);

    const justification = `${role.name}: eligibility managed by perimeter (environment ${props.environmentName})`;
    // Schedules wait for the policy: a schedule created under the tenant's default policy can be
    // rejected (RoleAssignmentRequestPolicyValidationFailed) before perimeter's rules apply.
    this.eligibility = role.eligibleMembers.map((principalId) => {
      const schedule = new PrivilegedAccessGroupEligibilitySchedule(this, `eligible-${principalId}`, {
        groupId: this.group.objectId,
        principalId,
        assignmentType: 'member',
        duration: role.eligibilityExpiresAfter,
        justification,
        dependsOn: [this.policy],
      });
      schedule.overrideLogicalId(pimMemberNames.eligible(role.key, principalId));
      return schedule;
    });

    this.activeAssignments = role.activeMembers.map((principalId) => {
      const schedule = new PrivilegedAccessGroupAssignmentSchedule(this, `active-${principalId}`, {
        groupId: this.group.objectId,
        principalId,
        assignmentType: 'member',
        ...(role.activeAssignmentExpiresAfter === 'permanent' ? { permanentAssignment: true } : { duration: role.activeAssignmentExpiresAfter }),
        justification,
        dependsOn: [this.policy],
      });
      schedule.overrideLogicalId(pimMemberNames.active(role.key, principalId));
      return schedule;
    });
  }

  /** The bare GUID of the group, as PIM and access reviews need it. */
  get groupObjectId(): string {
    return this.group.objectId;
  }
}
