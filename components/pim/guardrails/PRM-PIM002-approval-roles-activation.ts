import { TERRAFORM_REFERENCE, TF } from '../../../core/addresses';
import { resourcesOf } from '../../../analysis/model/queries';
import type { Finding, GuardrailRule } from '../../../guardrails/rule';
import { activationMinutes, APPROVAL_ROLE_MAX_ACTIVATION, APPROVAL_ROLES } from '../checks';
import { roleName, rolesHeldByGroups } from './held-roles';

const MAX_APPROVED_MINUTES = activationMinutes(APPROVAL_ROLE_MAX_ACTIVATION)!;

export const approvalRolesActivation: GuardrailRule = {
  id: 'PRM-PIM002',
  severity: 'error',
  trigger: 'Activating Global Administrator or Privileged Role Administrator needs no approval, or lasts more than 4 hours.',
  explanation:
    'These two roles can grant every other role. Requiring a second person to approve each activation, for at most four hours, turns a stolen eligible account into a request someone has to notice and accept instead of a takeover.',
  fix: 'Give the role approvers (at least two) and a maxActivation of PT4H or less in pim.roles.',
  check({ model }) {
    const held = rolesHeldByGroups(model);
    const policies = resourcesOf(model, TF.groupRoleManagementPolicy);
    const findings: Finding[] = [];
    for (const [groupRef, roleId] of held) {
      const role = roleName(roleId);
      if (!(APPROVAL_ROLES as readonly string[]).includes(role)) continue;
      const entry = policies.find((p) => p.config['group_id'] === groupRef && p.config['role_id'] === 'member');
      const address = entry ? entry.address : `${TF.group}.${TERRAFORM_REFERENCE.exec(groupRef)![2]}`;
      if (!entry) {
        findings.push({ address, target: role, message: `the ${role} group has no activation policy` });
        continue;
      }
      const rules = (entry.config['activation_rules'] ?? {}) as Record<string, unknown>;
      const approvers = ((rules['approval_stage'] as Record<string, unknown> | undefined)?.['primary_approver'] as unknown[] | undefined) ?? [];
      if (rules['require_approval'] !== true || approvers.length === 0) {
        findings.push({ address, target: role, message: `activating ${role} needs no approval` });
      }
      const duration = typeof rules['maximum_duration'] === 'string' ? rules['maximum_duration'] : undefined;
      const minutes = duration ? activationMinutes(duration) : undefined;
      if (minutes === undefined || minutes > MAX_APPROVED_MINUTES) {
        findings.push({ address, target: role, message: `activating ${role} lasts ${duration ?? 'the service default'}; at most ${APPROVAL_ROLE_MAX_ACTIVATION} is allowed` });
      }
    }
    return findings;
  },
};
