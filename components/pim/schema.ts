/**
 * The `pim:` section's schema and its resolved settings: who may become a privileged
 * administrator, for how long, and who approves. The schema checks structure; ./resolve.ts
 * maps role names to ids, runs the load-time checks (./checks.ts) and returns the typed
 * settings the PIM constructs take.
 */
import { z } from 'zod';
import { isGuid, NIL_GUID, normalizeGuid } from '../../core/ids';
import type { AzureRoleName } from '../../core/microsoft/azure-roles';
import type { DirectoryRoleName } from '../../core/microsoft/directory-roles';
import { displayName, guid, uniqueObjectIds } from '../../core/schema';

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

const uniqueIds = uniqueObjectIds();

/** A user or a group, by object id. Graph and ARM need to know which, and an id alone does not say. */
export interface PrincipalRef {
  readonly kind: 'user' | 'group';
  readonly objectId: string;
}

const PRINCIPAL_HELP = 'must be a user object id (GUID), {user: <object id>} or {group: <object id>}';

const isObjectId = (id: unknown): id is string => typeof id === 'string' && isGuid(id) && id !== NIL_GUID;

const principal = z.unknown().transform((value, ctx): PrincipalRef => {
  if (isObjectId(value)) return { kind: 'user', objectId: normalizeGuid(value) };
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    const entries = Object.entries(value as Record<string, unknown>);
    if (entries.length === 1) {
      const [kind, id] = entries[0]!;
      if ((kind === 'user' || kind === 'group') && isObjectId(id)) return { kind, objectId: normalizeGuid(id) };
    }
  }
  ctx.addIssue({ code: 'custom', message: `${JSON.stringify(value)} ${PRINCIPAL_HELP}` });
  return z.NEVER;
});

export const principals = z.array(principal).superRefine((list, ctx) => {
  const seen = new Set<string>();
  list.forEach((p, i) => {
    if (seen.has(p.objectId)) ctx.addIssue({ code: 'custom', path: [i], message: `${p.objectId} is listed twice` });
    seen.add(p.objectId);
  });
});

export const activation = z.string().superRefine((v, ctx) => {
  if (!ACTIVATION_DURATIONS.includes(v)) {
    ctx.addIssue({ code: 'custom', message: `${JSON.stringify(v)} is not an allowed activation length; use PT30M to PT23H30M in 30-minute steps (PT1H, PT1H30M, PT4H, ...) or P1D` });
  }
});

export const expiryOrPermanent = z.enum([...EXPIRY_DURATIONS, 'permanent']);

export const authenticationContext = z
  .string()
  .regex(/^c([1-9]|[1-9][0-9])$/, { message: 'must be a Conditional Access authentication context id, c1 to c99' });

const ELIGIBLE = 'user or group object ids that may activate the role';
const MAX_ACTIVATION = 'how long one activation lasts: PT30M to PT23H30M in 30-minute steps, or P1D';
const ELIGIBILITY = 'when an eligible assignment expires; permanent is refused';
const APPROVERS = 'who approves each activation: user object ids, {user: <id>} or {group: <id>}; at least 2';
const ACTIVE_EXPIRY = 'when an active (standing) assignment expires; default P15D';
const CONTEXT = 'a Conditional Access authentication context (c1 to c99) activation needs, instead of MFA';
const TICKET = 'activation asks for a ticket number as well as a justification; default false';

const directoryRole = z
  .strictObject({
    eligibleMembers: uniqueIds.min(1).describe(ELIGIBLE),
    maxActivation: activation.describe(MAX_ACTIVATION),
    eligibilityExpiresAfter: expiryOrPermanent.describe(ELIGIBILITY),
    approvers: principals.optional().describe(APPROVERS),
    activeMembers: uniqueIds.optional().describe('object ids with a standing (active) assignment; never for Global Administrator'),
    activeAssignmentExpiresAfter: expiryOrPermanent.optional().describe(ACTIVE_EXPIRY),
    authenticationContext: authenticationContext.optional().describe(CONTEXT),
    requireTicket: z.boolean().optional().describe(TICKET),
    groupDisplayName: displayName('a group').optional().describe('the PIM group\'s display name; default "PIM: <role>"'),
  })
  .describe('one directory role, held through its PIM group');

const azureRole = z.strictObject({
  role: z.string().min(1).describe('an Azure role by name (core/microsoft/azure-roles.ts)'),
  scope: z.string().min(1).describe('/subscriptions/<id> or /providers/Microsoft.Management/managementGroups/<name>'),
  eligibleMembers: uniqueIds.min(1).describe(ELIGIBLE),
  maxActivation: activation.describe(MAX_ACTIVATION),
  eligibilityExpiresAfter: expiryOrPermanent.describe(ELIGIBILITY),
  approvers: principals.optional().describe(APPROVERS),
  activeAssignmentExpiresAfter: z.enum(EXPIRY_DURATIONS).optional().describe(ACTIVE_EXPIRY),
  authenticationContext: authenticationContext.optional().describe(CONTEXT),
  requireTicket: z.boolean().optional().describe(TICKET),
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
  recurrence: z.enum(['quarterly']).optional().describe('the only value, and the default'),
  startDate: isoDate.describe('the first review, YYYY-MM-DD; its day (1-28) is the day every review starts'),
  reviewers: principals.min(1).describe('users, or groups whose members review: object ids, {user: <id>} or {group: <id>}'),
  durationInDays: z.number().int().min(1).max(30).optional().describe('how long each review stays open; default 14'),
  defaultDecision: z.enum(['None', 'Approve', 'Deny', 'Recommendation']).optional().describe('applied when reviewers do not answer; default None'),
  autoApplyDecisions: z.boolean().optional().describe('apply decisions when a review ends; default false (the YAML stays the source of truth)'),
});

export const pimSchema = z.strictObject({
  securityMailbox: z
    .string()
    .regex(/^[^\s@]+@[^\s@]+\.[^\s@]+$/, { message: 'must be an email address such as identity-alerts@example.com' })
    .describe('gets every eligible assignment, active assignment and activation notice'),
  azureSubscriptionId: guid('a subscription id').optional().describe('the azurerm provider\'s subscription; default the first subscription scope in azureRoles'),
  roles: z.record(z.string(), directoryRole).optional().describe('directory roles by display name (core/microsoft/directory-roles.ts)'),
  azureRoles: z.array(azureRole).optional().describe('Azure roles at subscription or management-group scope'),
  accessReviews: accessReviews.optional().describe('quarterly reviews of every PIM group\'s members'),
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

