/**
 * The `pim:` section: who may become a privileged administrator, for how long, and who
 * approves. The schema checks structure; resolvePim maps role names to ids, checks the
 * guardrails (config/pim-rules.ts) and returns typed settings the PIM constructs take.
 */
import { z } from 'zod';
import { AZURE_ROLES, isAzureRoleName, type AzureRoleName } from '../policies/azure-roles';
import { DIRECTORY_ROLES, TIER0_ROLES, isDirectoryRoleName, type DirectoryRoleName } from '../policies/directory-roles';
import {
  approvalRoleProblems,
  approverIsEligibleProblems,
  breakGlassMemberProblems,
  globalAdminActiveMembersProblems,
  permanentActiveProblems,
  permanentEligibilityProblems,
  tooFewApproversProblems,
  unknownRoleProblem,
} from './pim-rules';
import type { PathProblem } from './resolve';

// Local copy: importing from schema.ts would make a require cycle (schema.ts imports this file).
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The values the provider accepts for an assignment's maximum life (azuread 3.7.0 / azurerm 4.55.0). */
export const EXPIRY_DURATIONS = ['P15D', 'P30D', 'P90D', 'P180D', 'P365D'] as const;
export type ExpiryDuration = (typeof EXPIRY_DURATIONS)[number];

/** PT30M ... PT23H30M in 30-minute steps, and P1D: the provider's allowed set for maximum_duration. */
export const ACTIVATION_DURATIONS: readonly string[] = [
  ...Array.from({ length: 47 }, (_, i) => {
    const minutes = (i + 1) * 30;
    const h = Math.floor(minutes / 60);
    const m = minutes % 60;
    return `PT${h ? `${h}H` : ''}${m ? `${m}M` : ''}`;
  }),
  'P1D',
];

const objectId = z.string().regex(GUID, { message: 'must be an object id written as a GUID (8-4-4-4-12 hex digits)' });

const uniqueIds = z.array(objectId).superRefine((list, ctx) => {
  const seen = new Set<string>();
  list.forEach((v, i) => {
    if (seen.has(v.toLowerCase())) ctx.addIssue({ code: 'custom', path: [i], message: `${JSON.stringify(v)} is listed twice` });
    seen.add(v.toLowerCase());
  });
});

/** A user or a group, by object id. Graph and ARM need to know which, and an id alone does not say. */
export interface PrincipalRef {
  readonly kind: 'user' | 'group';
  readonly objectId: string;
}

const PRINCIPAL_HELP = 'must be a user object id (GUID), {user: <object id>} or {group: <object id>}';

const principal = z.unknown().transform((value, ctx): PrincipalRef => {
  if (typeof value === 'string' && GUID.test(value)) return { kind: 'user', objectId: value };
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    const entries = Object.entries(value as Record<string, unknown>);
    if (entries.length === 1) {
      const [kind, id] = entries[0]!;
      if ((kind === 'user' || kind === 'group') && typeof id === 'string' && GUID.test(id)) return { kind, objectId: id };
    }
  }
  ctx.addIssue({ code: 'custom', message: `${JSON.stringify(value)} ${PRINCIPAL_HELP}` });
  return z.NEVER;
});

const principals = z.array(principal).superRefine((list, ctx) => {
  const seen = new Set<string>();
  list.forEach((p, i) => {
    if (seen.has(p.objectId.toLowerCase())) ctx.addIssue({ code: 'custom', path: [i], message: `${p.objectId} is listed twice` });
    seen.add(p.objectId.toLowerCase());
  });
});

const activation = z.string().superRefine((v, ctx) => {
  if (!ACTIVATION_DURATIONS.includes(v)) {
    ctx.addIssue({ code: 'custom', message: `${JSON.stringify(v)} is not an allowed activation length; use PT30M to PT23H30M in 30-minute steps (PT1H, PT1H30M, PT4H, ...) or P1D` });
  }
});

const expiryOrPermanent = z.enum([...EXPIRY_DURATIONS, 'permanent']);

const authenticationContext = z
  .string()
  .regex(/^c([1-9]|[1-9][0-9])$/, { message: 'must be a Conditional Access authentication context id, c1 to c99' });

const directoryRole = z.strictObject({
  eligibleMembers: uniqueIds.min(1),
  maxActivation: activation,
  eligibilityExpiresAfter: expiryOrPermanent,
  approvers: principals.optional(),
  activeMembers: uniqueIds.optional(),
  activeAssignmentExpiresAfter: expiryOrPermanent.optional(),
  authenticationContext: authenticationContext.optional(),
  requireTicket: z.boolean().optional(),
  groupDisplayName: z.string().trim().min(1).optional(),
});

const azureRole = z.strictObject({
  role: z.string().min(1),
  scope: z.string().min(1),
  eligibleMembers: uniqueIds.min(1),
  maxActivation: activation,
  eligibilityExpiresAfter: expiryOrPermanent,
  approvers: principals.optional(),
  activeAssignmentExpiresAfter: z.enum(EXPIRY_DURATIONS).optional(),
  authenticationContext: authenticationContext.optional(),
  requireTicket: z.boolean().optional(),
});

const isoDate = z.string().superRefine((v, ctx) => {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(v);
  const date = m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))) : undefined;
  if (!m || !date || date.toISOString().slice(0, 10) !== v) {
    ctx.addIssue({ code: 'custom', message: `${JSON.stringify(v)} must be a date written YYYY-MM-DD` });
  } else if (Number(m[3]) > 28) {
    ctx.addIssue({ code: 'custom', message: `${JSON.stringify(v)}: the review recurs on this day of the month, so it must be the 1st to the 28th (every month has those)` });
  }
});

const accessReviews = z.strictObject({
  recurrence: z.enum(['quarterly']).optional(),
  startDate: isoDate,
  reviewers: principals.min(1),
  durationInDays: z.number().int().min(1).max(30).optional(),
  defaultDecision: z.enum(['None', 'Approve', 'Deny', 'Recommendation']).optional(),
  autoApplyDecisions: z.boolean().optional(),
});

export const pimSchema = z.strictObject({
  securityMailbox: z.string().regex(/^[^\s@]+@[^\s@]+\.[^\s@]+$/, { message: 'must be an email address such as identity-alerts@example.com' }),
  azureSubscriptionId: z.string().regex(GUID, { message: 'must be a subscription id written as a GUID' }).optional(),
  roles: z.record(z.string(), directoryRole).optional(),
  azureRoles: z.array(azureRole).optional(),
  accessReviews: accessReviews.optional(),
});

export type PimInput = z.infer<typeof pimSchema>;

/** How a role's group or Azure role is activated. */
export interface ActivationSettings {
  /** From ACTIVATION_DURATIONS. */
  readonly maxActivation: string;
  /** Empty: no approval. */
  readonly approvers: readonly PrincipalRef[];
  /** Set: the authentication context replaces MFA on activation (the provider rejects both). */
  readonly authenticationContext?: string;
  readonly requireTicket: boolean;
  readonly eligibilityExpiresAfter: ExpiryDuration;
  /** `permanent` only for roles outside Tier 0. */
  readonly activeAssignmentExpiresAfter: ExpiryDuration | 'permanent';
}

export interface PimDirectoryRole extends ActivationSettings {
  readonly name: DirectoryRoleName;
  readonly templateId: string;
  /** Stable Terraform address of everything for this role, e.g. `pim_global_administrator`. */
  readonly key: string;
  readonly tier0: boolean;
  readonly groupDisplayName: string;
  readonly eligibleMembers: readonly string[];
  readonly activeMembers: readonly string[];
}

export interface PimAzureRole extends ActivationSettings {
  readonly name: AzureRoleName;
  /** `/subscriptions/<id>` or `/providers/Microsoft.Management/managementGroups/<name>`. */
  readonly scope: string;
  /** The scoped role definition id: `<scope>/providers/Microsoft.Authorization/roleDefinitions/<id>`. */
  readonly roleDefinitionId: string;
  /** Stable Terraform address, e.g. `pim_owner_sub_<subscription id>`. */
  readonly key: string;
  readonly eligibleMembers: readonly string[];
}

export interface PimAccessReviews {
  readonly intervalMonths: 3;
  /** YYYY-MM-DD; its day is the day of the month every review starts. */
  readonly startDate: string;
  readonly reviewers: readonly PrincipalRef[];
  readonly durationInDays: number;
  readonly defaultDecision: 'None' | 'Approve' | 'Deny' | 'Recommendation';
  readonly autoApplyDecisions: boolean;
}

export interface PimSettings {
  /** Receives every eligible assignment, active assignment and activation notice. */
  readonly securityMailbox: string;
  readonly roles: readonly PimDirectoryRole[];
  readonly azureRoles: readonly PimAzureRole[];
  /** The azurerm provider's subscription; set when azureRoles exist. */
  readonly azureSubscriptionId?: string;
  readonly accessReviews?: PimAccessReviews;
}

export interface PimContext {
  readonly breakGlassAccounts: readonly string[];
  readonly assignGlobalAdmin: boolean;
}

const DIRECTORY_ROLE_NAMES = Object.keys(DIRECTORY_ROLES);
const AZURE_ROLE_NAMES = Object.keys(AZURE_ROLES);
const SUBSCRIPTION_SCOPE = /^\/subscriptions\/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/;
// Management group names: up to 90 letters, digits, hyphens, underscores, periods and parentheses.
const MANAGEMENT_GROUP_SCOPE = /^\/providers\/Microsoft\.Management\/managementGroups\/([A-Za-z0-9_().-]{1,90})$/;

/** `Global Administrator` -> `global_administrator`. */
export function slug(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
}

/** The stable address part of an Azure scope, or undefined when the scope is not one perimeter accepts. */
export function azureScopeKey(scope: string): string | undefined {
  const sub = SUBSCRIPTION_SCOPE.exec(scope);
  if (sub) return `sub_${sub[1]}`;
  const mg = MANAGEMENT_GROUP_SCOPE.exec(scope);
  if (mg && !mg[1]!.endsWith('.')) return `mg_${slug(mg[1]!)}`;
  return undefined;
}

export function resolvePim(
  input: PimInput | undefined,
  context: PimContext,
): { pim?: PimSettings; problems: PathProblem[]; warnings: string[] } {
  const problems: PathProblem[] = [];
  const warnings: string[] = [];
  if (!input) return { problems, warnings };

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
      key: `pim_${slug(name)}`,
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
    const key = `pim_${slug(entry.role)}_${scopeKey}`;
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

  const firstSubscription = (input.azureRoles ?? []).map((r) => SUBSCRIPTION_SCOPE.exec(r.scope)?.[1]).find((id) => id !== undefined);
  const azureSubscriptionId = input.azureSubscriptionId ?? firstSubscription;
  if ((input.azureRoles ?? []).length > 0 && azureSubscriptionId === undefined) {
    problems.push({
      path: ['pim', 'azureSubscriptionId'],
      message: 'is required when every azureRoles scope is a management group: the azurerm provider needs a subscription (any one the deploy identity can read), written as a GUID',
    });
  }

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

  // The Global Administrator count (CISA MS.AAD.7.1) is guardrail PRM-PIM004: a warning that
  // can be suppressed with a reason, like every other finding.

  if (problems.length) return { problems, warnings };
  return {
    pim: {
      securityMailbox: input.securityMailbox,
      roles,
      azureRoles,
      ...(azureRoles.length && azureSubscriptionId ? { azureSubscriptionId } : {}),
      ...(review
        ? {
            accessReviews: {
              intervalMonths: 3,
              startDate: review.startDate,
              reviewers: review.reviewers,
              durationInDays: review.durationInDays ?? 14,
              defaultDecision: review.defaultDecision ?? 'None',
              autoApplyDecisions: review.autoApplyDecisions ?? false,
            },
          }
        : {}),
    },
    problems,
    warnings,
  };
}
