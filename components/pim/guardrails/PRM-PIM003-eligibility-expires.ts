import { TF } from '../../../core/addresses';
import { resourcesOf } from '../../../analysis/model/queries';
import type { Finding, GuardrailRule } from '../../../guardrails/rule';
import { roleName, rolesHeldByGroups } from './held-roles';

export const eligibilityExpires: GuardrailRule = {
  id: 'PRM-PIM003',
  severity: 'error',
  trigger: 'An eligible assignment (PIM group or Azure role) never expires, or a PIM activation policy does not require eligibility to expire.',
  explanation:
    'Eligibility that never expires outlives the job change, the project and the contract that justified it. Expiry forces the question again; the quarterly access review answers it in between.',
  fix: 'Set eligibilityExpiresAfter for the role; never use permanent eligibility.',
  check({ model }) {
    const held = rolesHeldByGroups(model);
    const findings: Finding[] = [];
    for (const s of resourcesOf(model, TF.groupEligibilitySchedule)) {
      if (s.config['permanent_assignment'] === true || (s.config['duration'] === undefined && s.config['expiration_date'] === undefined)) {
        const role = held.get(String(s.config['group_id']));
        findings.push({ address: s.address, target: role ? roleName(role) : s.name, message: `eligibility of ${String(s.config['principal_id'])} never expires` });
      }
    }
    for (const a of resourcesOf(model, TF.azureEligibleAssignment)) {
      const expiration = ((a.config['schedule'] as Record<string, unknown> | undefined)?.['expiration'] ?? undefined) as Record<string, unknown> | undefined;
      if (!expiration || Object.keys(expiration).length === 0) {
        findings.push({ address: a.address, target: a.name, message: `Azure role eligibility of ${String(a.config['principal_id'])} never expires` });
      }
    }
    for (const p of [...resourcesOf(model, TF.groupRoleManagementPolicy), ...resourcesOf(model, TF.azureRoleManagementPolicy)]) {
      const rules = p.config['eligible_assignment_rules'] as Record<string, unknown> | undefined;
      if (rules?.['expiration_required'] !== true) {
        const role = held.get(String(p.config['group_id']));
        findings.push({
          address: `${p.config['group_id'] ? TF.groupRoleManagementPolicy : TF.azureRoleManagementPolicy}.${p.name}`,
          target: role ? roleName(role) : p.name,
          message: `the activation policy ${p.name} does not require eligible assignments to expire`,
        });
      }
    }
    return findings;
  },
};
