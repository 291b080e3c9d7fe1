import { TF } from '../../../core/addresses';
import { DIRECTORY_ROLES } from '../../../core/microsoft/directory-roles';
import { resourcesOf } from '../../../analysis/model/queries';
import type { GuardrailRule } from '../../../guardrails/rule';
import { globalAdminCountWarning } from '../checks';
import { isStackGroupRef, rolesHeldByGroups } from './held-roles';

export const globalAdminCount: GuardrailRule = {
  id: 'PRM-PIM004',
  severity: 'warning',
  trigger: 'The number of Global Administrators (eligible members plus standing assignments) is outside CISA\'s 2 to 8.',
  explanation:
    'CISA\'s SCuBA baseline for Microsoft Entra ID (MS.AAD.7.1v1) wants at least two Global Administrators, so one lost account is not a lockout, and at most eight, because each one is a path to the whole tenant. Eligible members count: each can become Global Administrator on request.',
  fix: 'Move people to least-privileged roles (or add a second administrator), or suppress the finding with the reason this count is right for the tenant.',
  check({ model }) {
    const gaId = DIRECTORY_ROLES['Global Administrator'];
    const assignments = resourcesOf(model, TF.directoryRoleAssignment);
    const gaGroups = [...rolesHeldByGroups(model)].filter(([, role]) => role === gaId).map(([ref]) => ref);
    if (!gaGroups.length && !assignments.some((a) => a.config['role_id'] === gaId)) return [];
    const eligible = new Set(
      resourcesOf(model, TF.groupEligibilitySchedule)
        .filter((s) => gaGroups.includes(String(s.config['group_id'])))
        .map((s) => String(s.config['principal_id'])),
    ).size;
    const standing = assignments.filter((a) => a.config['role_id'] === gaId && !isStackGroupRef(String(a.config['principal_object_id']))).length;
    const message = globalAdminCountWarning(eligible, standing);
    return message ? [{ address: model.declared.file, target: 'Global Administrator', message }] : [];
  },
};
