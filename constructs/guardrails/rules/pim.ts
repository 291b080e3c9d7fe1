import type { Finding, GuardrailRule, StackJson } from '../model';
import { resourcesOfType } from '../model';
import { DIRECTORY_ROLES, TIER0_ROLES, type DirectoryRoleName } from '../../../policies/directory-roles';
import { activationMinutes, globalAdminCountWarning } from '../../../config/pim-rules';

const ROLE_NAME_BY_ID = new Map<string, DirectoryRoleName>(
  (Object.entries(DIRECTORY_ROLES) as [DirectoryRoleName, string][]).map(([name, id]) => [id, name]),
);
const TIER0_IDS: ReadonlySet<string> = new Set<string>(TIER0_ROLES.map((r) => DIRECTORY_ROLES[r]));
const GROUP_REF = /^\$\{azuread_group\.([^.]+)\.object_id\}$/;

/** Which directory role each group in the stack holds, by group reference. */
function rolesHeldByGroups(tf: StackJson): Map<string, string> {
  const held = new Map<string, string>();
  for (const [, a] of resourcesOfType(tf, 'azuread_directory_role_assignment')) {
    const principal = String(a['principal_object_id']);
    if (GROUP_REF.test(principal)) held.set(principal, String(a['role_id']));
  }
  return held;
}

const roleName = (id: string) => ROLE_NAME_BY_ID.get(id) ?? id;

export const noPermanentTier0Person: GuardrailRule = {
  id: 'PRM-PIM001',
  severity: 'error',
  area: 'PIM',
  trigger: 'A Tier-0 directory role is assigned permanently to a person: a direct role assignment, or permanent eligibility or membership of a Tier-0 PIM group.',
  explanation:
    'Standing Tier-0 privilege is the largest blast radius in the tenant: a phished session of that person is a tenant takeover, at any hour, with nothing to approve and nothing to notice. Tier-0 roles are held by role-assignable groups whose members are eligible, time-boxed and approved. The only standing Global Administrators allowed are the break-glass accounts.',
  fix: 'Make the person an eligible member of the role\'s PIM group (pim.roles) with an expiry, and remove the direct assignment.',
  check({ tf, environment }) {
    const breakGlass = new Set(environment.breakGlass.accounts);
    const held = rolesHeldByGroups(tf);
    const findings: Finding[] = [];
    for (const [name, a] of resourcesOfType(tf, 'azuread_directory_role_assignment')) {
      const role = String(a['role_id']);
      const principal = String(a['principal_object_id']);
      if (!TIER0_IDS.has(role) || GROUP_REF.test(principal)) continue;
      if (breakGlass.has(principal) && role === DIRECTORY_ROLES['Global Administrator']) continue;
      findings.push({
        address: `azuread_directory_role_assignment.${name}`,
        target: roleName(role),
        message: `${principal} holds ${roleName(role)} as a standing, direct assignment`,
      });
    }
    for (const type of ['azuread_privileged_access_group_eligibility_schedule', 'azuread_privileged_access_group_assignment_schedule']) {
      for (const [name, s] of resourcesOfType(tf, type)) {
        const role = held.get(String(s['group_id']));
        const expires = s['duration'] !== undefined || s['expiration_date'] !== undefined;
        if (role && TIER0_IDS.has(role) && (s['permanent_assignment'] === true || !expires)) {
          findings.push({
            address: `${type}.${name}`,
            target: roleName(role),
            message: `${String(s['principal_id'])} is a permanent ${type.endsWith('eligibility_schedule') ? 'eligible' : 'active'} member of the ${roleName(role)} group`,
          });
        }
      }
    }
    return findings;
  },
};

const APPROVAL_ROLES: readonly DirectoryRoleName[] = ['Global Administrator', 'Privileged Role Administrator'];
const MAX_APPROVED_MINUTES = 240;

export const crownJewelActivation: GuardrailRule = {
  id: 'PRM-PIM002',
  severity: 'error',
  area: 'PIM',
  trigger: 'Activating Global Administrator or Privileged Role Administrator needs no approval, or lasts more than 4 hours.',
  explanation:
    'These two roles can grant every other role. Requiring a second person to approve each activation, for at most four hours, turns a stolen eligible account into a request someone has to notice and accept instead of a takeover.',
  fix: 'Give the role approvers (at least two) and a maxActivation of PT4H or less in pim.roles.',
  check({ tf }) {
    const held = rolesHeldByGroups(tf);
    const policies = resourcesOfType(tf, 'azuread_group_role_management_policy');
    const findings: Finding[] = [];
    for (const [groupRef, roleId] of held) {
      const role = roleName(roleId);
      if (!(APPROVAL_ROLES as readonly string[]).includes(role)) continue;
      const entry = policies.find(([, p]) => p['group_id'] === groupRef && p['role_id'] === 'member');
      const address = entry ? `azuread_group_role_management_policy.${entry[0]}` : `azuread_group.${GROUP_REF.exec(groupRef)![1]}`;
      if (!entry) {
        findings.push({ address, target: role, message: `the ${role} group has no activation policy` });
        continue;
      }
      const rules = (entry[1]['activation_rules'] ?? {}) as Record<string, unknown>;
      const approvers = ((rules['approval_stage'] as Record<string, unknown> | undefined)?.['primary_approver'] as unknown[] | undefined) ?? [];
      if (rules['require_approval'] !== true || approvers.length === 0) {
        findings.push({ address, target: role, message: `activating ${role} needs no approval` });
      }
      const duration = typeof rules['maximum_duration'] === 'string' ? rules['maximum_duration'] : undefined;
      const minutes = duration ? activationMinutes(duration) : undefined;
      if (minutes === undefined || minutes > MAX_APPROVED_MINUTES) {
        findings.push({ address, target: role, message: `activating ${role} lasts ${duration ?? 'the service default'}; at most PT4H is allowed` });
      }
    }
    return findings;
  },
};

export const eligibilityExpires: GuardrailRule = {
  id: 'PRM-PIM003',
  severity: 'error',
  area: 'PIM',
  trigger: 'An eligible assignment (PIM group or Azure role) never expires, or a PIM activation policy does not require eligibility to expire.',
  explanation:
    'Eligibility that never expires outlives the job change, the project and the contract that justified it. Expiry forces the question again; the quarterly access review answers it in between.',
  fix: 'Set eligibilityExpiresAfter for the role; never use permanent eligibility.',
  check({ tf }) {
    const held = rolesHeldByGroups(tf);
    const findings: Finding[] = [];
    for (const [name, s] of resourcesOfType(tf, 'azuread_privileged_access_group_eligibility_schedule')) {
      if (s['permanent_assignment'] === true || (s['duration'] === undefined && s['expiration_date'] === undefined)) {
        const role = held.get(String(s['group_id']));
        findings.push({
          address: `azuread_privileged_access_group_eligibility_schedule.${name}`,
          target: role ? roleName(role) : name,
          message: `eligibility of ${String(s['principal_id'])} never expires`,
        });
      }
    }
    for (const [name, a] of resourcesOfType(tf, 'azurerm_pim_eligible_role_assignment')) {
      const expiration = ((a['schedule'] as Record<string, unknown> | undefined)?.['expiration'] ?? undefined) as Record<string, unknown> | undefined;
      if (!expiration || Object.keys(expiration).length === 0) {
        findings.push({ address: `azurerm_pim_eligible_role_assignment.${name}`, target: name, message: `Azure role eligibility of ${String(a['principal_id'])} never expires` });
      }
    }
    for (const [name, p] of [...resourcesOfType(tf, 'azuread_group_role_management_policy'), ...resourcesOfType(tf, 'azurerm_role_management_policy')]) {
      const rules = p['eligible_assignment_rules'] as Record<string, unknown> | undefined;
      if (rules?.['expiration_required'] !== true) {
        const role = held.get(String(p['group_id']));
        findings.push({
          address: `${p['group_id'] ? 'azuread_group_role_management_policy' : 'azurerm_role_management_policy'}.${name}`,
          target: role ? roleName(role) : name,
          message: `the activation policy ${name} does not require eligible assignments to expire`,
        });
      }
    }
    return findings;
  },
};

export const globalAdminCount: GuardrailRule = {
  id: 'PRM-PIM004',
  severity: 'warning',
  area: 'PIM',
  trigger: 'The number of Global Administrators (eligible members plus standing assignments) is outside CISA\'s 2 to 8.',
  explanation:
    'CISA\'s SCuBA baseline for Microsoft Entra ID (MS.AAD.7.1v1) wants at least two Global Administrators, so one lost account is not a lockout, and at most eight, because each one is a path to the whole tenant. Eligible members count: each can become Global Administrator on request.',
  fix: 'Move people to least-privileged roles (or add a second administrator), or suppress the finding with the reason this count is right for the tenant.',
  check({ tf, environment }) {
    const gaId = DIRECTORY_ROLES['Global Administrator'];
    const gaGroups = [...rolesHeldByGroups(tf)].filter(([, role]) => role === gaId).map(([ref]) => ref);
    if (!gaGroups.length && !resourcesOfType(tf, 'azuread_directory_role_assignment').some(([, a]) => a['role_id'] === gaId)) return [];
    const eligible = new Set(
      resourcesOfType(tf, 'azuread_privileged_access_group_eligibility_schedule')
        .filter(([, s]) => gaGroups.includes(String(s['group_id'])))
        .map(([, s]) => String(s['principal_id'])),
    ).size;
    const standing = resourcesOfType(tf, 'azuread_directory_role_assignment').filter(
      ([, a]) => a['role_id'] === gaId && !GROUP_REF.test(String(a['principal_object_id'])),
    ).length;
    const message = globalAdminCountWarning(eligible, standing);
    return message ? [{ address: environment.file, target: 'Global Administrator', message }] : [];
  },
};
