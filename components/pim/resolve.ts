/**
 * Resolves `pim:`: role names to role template ids and scoped role definition ids, defaults,
 * stable Terraform addresses, and the load-time checks of ./checks.ts (each names the key path).
 */
import { azureScopeKey, pimAzureRoleKey, pimRoleKey, subscriptionOfScope } from '../../core/addresses';
import { AZURE_ROLES, isAzureRoleName } from '../../core/microsoft/azure-roles';
import { DIRECTORY_ROLES, TIER0_ROLES, isDirectoryRoleName } from '../../core/microsoft/directory-roles';
import type { PathProblem } from '../../core/problems';
import type { SectionResult } from '../section';
import {
  approvalRoleProblems,
  approverIsEligibleProblems,
  breakGlassMemberProblems,
  globalAdminActiveMembersProblems,
  permanentActiveProblems,
  permanentEligibilityProblems,
  tooFewApproversProblems,
  unknownRoleProblem,
} from './checks';
import { EXPIRY_DURATIONS, type PimAccessReviews, type PimAzureRole, type PimDirectoryRole, type PimInput, type PimSettings } from './schema';

export interface PimContext {
  readonly breakGlassAccounts: readonly string[];
  readonly assignGlobalAdmin: boolean;
}

const DIRECTORY_ROLE_NAMES = Object.keys(DIRECTORY_ROLES);
const AZURE_ROLE_NAMES = Object.keys(AZURE_ROLES);

function resolveDirectoryRoles(input: PimInput, context: PimContext, problems: PathProblem[]): PimDirectoryRole[] {
  const roles: PimDirectoryRole[] = [];
  for (const [name, role] of Object.entries(input.roles ?? {})) {
    const at = (...rest: PropertyKey[]): PropertyKey[] => ['pim', 'roles', name, ...rest];
    if (!isDirectoryRoleName(name)) {
      problems.push(unknownRoleProblem(at(), name, 'directory', DIRECTORY_ROLE_NAMES));
      continue;
    }
    const tier0 = TIER0_ROLES.includes(name);
    const approvers = role.approvers ?? [];
    const activeMembers = role.activeMembers ?? [];
    const activeExpiry = role.activeAssignmentExpiresAfter ?? 'P15D';
    problems.push(
      ...permanentEligibilityProblems(at('eligibilityExpiresAfter'), name, tier0, role.eligibilityExpiresAfter, EXPIRY_DURATIONS),
      ...permanentActiveProblems(at('activeAssignmentExpiresAfter'), name, tier0, activeExpiry, EXPIRY_DURATIONS),
      ...globalAdminActiveMembersProblems(at('activeMembers'), name, activeMembers),
      ...approvalRoleProblems(name, { path: at('maxActivation'), value: role.maxActivation }, { path: at('approvers'), count: approvers.length }),
      ...tooFewApproversProblems(at('approvers'), name, approvers.length),
      ...approverIsEligibleProblems(at('approvers'), name, approvers.map((a) => a.objectId), role.eligibleMembers),
      ...breakGlassMemberProblems(at('eligibleMembers'), name, role.eligibleMembers, context.breakGlassAccounts),
      ...breakGlassMemberProblems(at('activeMembers'), name, activeMembers, context.breakGlassAccounts),
    );
    const eligibilityExpiresAfter = role.eligibilityExpiresAfter;
    if (eligibilityExpiresAfter === 'permanent') continue;
    roles.push({
      name,
      templateId: DIRECTORY_ROLES[name],
      key: pimRoleKey(name),
      tier0,
      groupDisplayName: role.groupDisplayName ?? `PIM: ${name}`,
      eligibleMembers: role.eligibleMembers,
      activeMembers,
      maxActivation: role.maxActivation,
      approvers,
      ...(role.authenticationContext !== undefined ? { authenticationContext: role.authenticationContext } : {}),
      requireTicket: role.requireTicket ?? false,
      eligibilityExpiresAfter,
      activeAssignmentExpiresAfter: activeExpiry,
    });
  }
  return roles;
}

function resolveAzureRoles(input: PimInput, context: PimContext, problems: PathProblem[]): PimAzureRole[] {
  const azureRoles: PimAzureRole[] = [];
  const azureKeys = new Map<string, number>();
  (input.azureRoles ?? []).forEach((entry, index) => {
    const at = (...rest: PropertyKey[]): PropertyKey[] => ['pim', 'azureRoles', index, ...rest];
    const roleName = entry.role;
    const known = isAzureRoleName(roleName);
    if (!known) problems.push(unknownRoleProblem(at('role'), entry.role, 'Azure', AZURE_ROLE_NAMES));
    const scopeKey = azureScopeKey(entry.scope);
    if (scopeKey === undefined) {
      problems.push({
        path: at('scope'),
        message: `${JSON.stringify(entry.scope)} is not a scope perimeter manages; use /subscriptions/<subscription id> or /providers/Microsoft.Management/managementGroups/<management group name>`,
      });
    }
    const label = `${entry.role} at ${entry.scope}`;
    const approvers = entry.approvers ?? [];
    problems.push(
      ...permanentEligibilityProblems(at('eligibilityExpiresAfter'), label, false, entry.eligibilityExpiresAfter, EXPIRY_DURATIONS),
      ...tooFewApproversProblems(at('approvers'), label, approvers.length),
      ...approverIsEligibleProblems(at('approvers'), label, approvers.map((a) => a.objectId), entry.eligibleMembers),
      ...breakGlassMemberProblems(at('eligibleMembers'), label, entry.eligibleMembers, context.breakGlassAccounts),
    );
    const eligibilityExpiresAfter = entry.eligibilityExpiresAfter;
    if (!known || scopeKey === undefined || eligibilityExpiresAfter === 'permanent') return;
    const key = pimAzureRoleKey(entry.role, scopeKey);
    const first = azureKeys.get(key);
    if (first !== undefined) {
      problems.push({ path: at(), message: `${label} is listed twice (also pim.azureRoles[${first}]); keep one entry per role and scope` });
      return;
    }
    azureKeys.set(key, index);
    azureRoles.push({
      name: roleName,
      scope: entry.scope,
      roleDefinitionId: `${entry.scope}/providers/Microsoft.Authorization/roleDefinitions/${AZURE_ROLES[roleName]}`,
      key,
      eligibleMembers: entry.eligibleMembers,
      maxActivation: entry.maxActivation,
      approvers,
      ...(entry.authenticationContext !== undefined ? { authenticationContext: entry.authenticationContext } : {}),
      requireTicket: entry.requireTicket ?? false,
      eligibilityExpiresAfter,
      activeAssignmentExpiresAfter: entry.activeAssignmentExpiresAfter ?? 'P15D',
    });
  });
  return azureRoles;
}

/** The azurerm provider's subscription: given, or the first subscription scope. */
function azureSubscription(input: PimInput, problems: PathProblem[]): string | undefined {
  const firstSubscription = (input.azureRoles ?? []).map((r) => subscriptionOfScope(r.scope)).find((id) => id !== undefined);
  const azureSubscriptionId = input.azureSubscriptionId ?? firstSubscription;
  if ((input.azureRoles ?? []).length > 0 && azureSubscriptionId === undefined) {
    problems.push({
      path: ['pim', 'azureSubscriptionId'],
      message: 'is required when every azureRoles scope is a management group: the azurerm provider needs a subscription (any one the deploy identity can read), written as a GUID',
    });
  }
  return azureSubscriptionId;
}

function resolveAccessReviews(input: PimInput, roles: readonly PimDirectoryRole[], problems: PathProblem[], warnings: string[]): PimAccessReviews | undefined {
  const review = input.accessReviews;
  if (review && Object.keys(input.roles ?? {}).length === 0) {
    problems.push({ path: ['pim', 'accessReviews'], message: 'reviews the eligible members of PIM groups, but pim.roles defines none; add roles or remove accessReviews' });
  }
  if (!review && roles.length > 0) {
    warnings.push(
      `pim.accessReviews is not set: nobody reviews who is eligible for ${roles.map((r) => r.name).join(', ')}. Add quarterly access reviews (reviews of PIM groups need Microsoft Entra ID Governance licences)`,
    );
  }
  if (review?.autoApplyDecisions) {
    warnings.push(
      'pim.accessReviews.autoApplyDecisions is true: a denied member loses eligibility when the review ends, but the next deploy grants it again unless the member is also removed from pim.roles; remove denied members from this file as well',
    );
  }
  if (!review) return undefined;
  return {
    intervalMonths: 3,
    startDate: review.startDate,
    reviewers: review.reviewers,
    durationInDays: review.durationInDays ?? 14,
    defaultDecision: review.defaultDecision ?? 'None',
    autoApplyDecisions: review.autoApplyDecisions ?? false,
  };
}

export function resolvePim(input: PimInput | undefined, context: PimContext): SectionResult<PimSettings | undefined> {
  const problems: PathProblem[] = [];
  const warnings: string[] = [];
  if (!input) return { spec: undefined, problems, warnings };
  const roles = resolveDirectoryRoles(input, context, problems);
  const azureRoles = resolveAzureRoles(input, context, problems);
  const azureSubscriptionId = azureSubscription(input, problems);
  const accessReviews = resolveAccessReviews(input, roles, problems, warnings);
  // The Global Administrator count (CISA MS.AAD.7.1) is guardrail PRM-PIM004: a warning that
  // can be suppressed with a reason, like every other finding.
  if (problems.length) return { spec: undefined, problems, warnings };
  return {
    spec: {
      securityMailbox: input.securityMailbox,
      roles,
      azureRoles,
      ...(azureRoles.length && azureSubscriptionId ? { azureSubscriptionId } : {}),
      ...(accessReviews ? { accessReviews } : {}),
    },
    problems,
    warnings,
  };
}
