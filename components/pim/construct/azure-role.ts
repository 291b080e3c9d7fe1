import { PimEligibleRoleAssignment } from '@cdktf/provider-azurerm/lib/pim-eligible-role-assignment';
import { RoleManagementPolicy } from '@cdktf/provider-azurerm/lib/role-management-policy';
import { Construct } from '../../../app/cdktf';
import { pimMemberNames } from '../../../core/addresses';
import type { ExpiryDuration, PimAzureRole } from '../schema';
import { AZURE_POLICY_APPROVER_TYPES, policyRules } from './policy';

export interface AzurePimRoleProps {
  readonly role: PimAzureRole;
  readonly securityMailbox: string;
  /** The environment (stack) name, recorded in every assignment justification. */
  readonly environmentName: string;
}

/** `P180D` -> 180: azurerm wants the eligibility length in whole days. */
export function expiryDays(duration: ExpiryDuration): number {
  return Number(duration.slice(1, -1));
}

/**
 * One Azure role at one scope: its PIM activation policy and one eligible assignment per
 * member. Addresses are `<role key>` and `<role key>_<object id>`.
 */
export class AzurePimRole extends Construct {
  readonly policy: RoleManagementPolicy;
  readonly eligibility: readonly PimEligibleRoleAssignment[];

  constructor(scope: Construct, id: string, props: AzurePimRoleProps) {
    super(scope, id);
    const { role } = props;

    this.policy = new RoleManagementPolicy(this, 'policy', {
      scope: role.scope,
      roleDefinitionId: role.roleDefinitionId,
      ...policyRules(role, props.securityMailbox, AZURE_POLICY_APPROVER_TYPES),
    });
    this.policy.overrideLogicalId(role.key);

    this.eligibility = role.eligibleMembers.map((principalId) => {
      const assignment = new PimEligibleRoleAssignment(this, `eligible-${principalId}`, {
        scope: role.scope,
        roleDefinitionId: role.roleDefinitionId,
        principalId,
        justification: `${role.name} at ${role.scope}: eligibility managed by perimeter (environment ${props.environmentName})`,
        schedule: { expiration: { durationDays: expiryDays(role.eligibilityExpiresAfter) } },
        dependsOn: [this.policy],
      });
      assignment.overrideLogicalId(pimMemberNames.eligible(role.key, principalId));
      return assignment;
    });
  }
}
