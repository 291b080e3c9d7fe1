import { TF } from '../../../core/addresses';
import { DIRECTORY_ROLES, TIER0_ROLES } from '../../../core/microsoft/directory-roles';
import { resourcesOf } from '../../../analysis/model/queries';
import type { Finding, GuardrailRule } from '../../../guardrails/rule';
import { isStackGroupRef, roleName, rolesHeldByGroups } from './held-roles';

const TIER0_IDS: ReadonlySet<string> = new Set<string>(TIER0_ROLES.map((r) => DIRECTORY_ROLES[r]));

export const noPermanentTier0Person: GuardrailRule = {
  id: 'PRM-PIM001',
  severity: 'error',
  trigger: 'A Tier-0 directory role is assigned permanently to a person: a direct role assignment, or permanent eligibility or membership of a Tier-0 PIM group.',
  explanation:
    'Standing Tier-0 privilege is the largest blast radius in the tenant: a phished session of that person is a tenant takeover, at any hour, with nothing to approve and nothing to notice. Tier-0 roles are held by role-assignable groups whose members are eligible, time-boxed and approved. The only standing Global Administrators allowed are the break-glass accounts.',
  fix: 'Make the person an eligible member of the role\'s PIM group (pim.roles) with an expiry, and remove the direct assignment.',
  check({ model }) {
    const breakGlass = new Set(model.declared.breakGlassAccounts);
    const held = rolesHeldByGroups(model);
    const findings: Finding[] = [];
    for (const a of resourcesOf(model, TF.directoryRoleAssignment)) {
      const role = String(a.config['role_id']);
      const principal = String(a.config['principal_object_id']);
      if (!TIER0_IDS.has(role) || isStackGroupRef(principal)) continue;
      if (breakGlass.has(principal.toLowerCase()) && role === DIRECTORY_ROLES['Global Administrator']) continue;
      findings.push({ address: a.address, target: roleName(role), message: `${principal} holds ${roleName(role)} as a standing, direct assignment` });
    }
    for (const type of [TF.groupEligibilitySchedule, TF.groupAssignmentSchedule]) {
      for (const s of resourcesOf(model, type)) {
        const role = held.get(String(s.config['group_id']));
        const expires = s.config['duration'] !== undefined || s.config['expiration_date'] !== undefined;
        if (role && TIER0_IDS.has(role) && (s.config['permanent_assignment'] === true || !expires)) {
          findings.push({
            address: s.address,
            target: roleName(role),
            message: `${String(s.config['principal_id'])} is a permanent ${type === TF.groupEligibilitySchedule ? 'eligible' : 'active'} member of the ${roleName(role)} group`,
          });
        }
      }
    }
    return findings;
  },
};
