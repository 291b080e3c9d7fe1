/**
 * `directoryRolePolicies:`: the PIM settings (role management policies) of the directory roles
 * themselves. perimeter hands out roles through PIM groups, but anyone with Privileged Role
 * Administrator can still make someone eligible for a role directly; these settings make that
 * path ask for the same approval, MFA, justification and notifications. The same settings model
 * as the PIM groups (components/pim/construct/policy.ts policyRules), written to Graph's
 * rule ids. ScubaGear MS.AAD.7.6-7.9.
 */
import { z } from 'zod';
import { SETTINGS } from '../../core/addresses';
import { DIRECTORY_ROLES, isDirectoryRoleName, TIER0_ROLES, type DirectoryRoleName } from '../../core/microsoft/directory-roles';
import type { PathProblem } from '../../core/problems';
import { stageSchema } from '../../core/schema';
import type { Stage } from '../../core/stages';
import { activation, authenticationContext, expiryOrPermanent, principals, EXPIRY_DURATIONS, type ActivationSettings, type PimSettings } from '../pim/schema';
import type { Section } from '../section';
import { stagedSetting } from '../../core/settings';
import { DIRECTORY_ROLE_POLICY_RULES } from './guardrails';
import { DIRECTORY_ROLE_POLICY_REPORT } from './report';

const roleSettings = z.strictObject({
  maxActivation: activation.describe('how long one activation lasts: PT30M to PT23H30M in 30-minute steps, or P1D'),
  approvers: principals.optional().describe('who approves each activation: user object ids, {user: <id>} or {group: <id>}; Global Administrator needs them (MS.AAD.7.6)'),
  eligibilityExpiresAfter: z.enum(EXPIRY_DURATIONS).describe('when a direct eligible assignment expires'),
  activeAssignmentExpiresAfter: expiryOrPermanent.optional().describe('when a direct active assignment expires; default P15D'),
  authenticationContext: authenticationContext.optional().describe('a Conditional Access authentication context activation needs, instead of MFA'),
  requireTicket: z.boolean().optional().describe('activation asks for a ticket number as well as a justification; default false'),
}).describe("one directory role's own PIM settings");

const shape = {
  directoryRolePolicies: z
    .strictObject({
      stage: stageSchema.optional().describe("off, report-only or enabled; default the file's top-level stage"),
      securityMailbox: z
        .string()
        .regex(/^[^\s@]+@[^\s@]+\.[^\s@]+$/, { message: 'must be an email address such as identity-alerts@example.com' })
        .optional()
        .describe('gets every assignment and activation notice (MS.AAD.7.7-7.9); default pim.securityMailbox'),
      roles: z.record(z.string(), roleSettings).describe('directory roles by display name (core/microsoft/directory-roles.ts)'),
    })
    .optional()
    .describe("the directory roles' own PIM settings: approval, activation, notifications (components/directory-role-policies/README.md)"),
};

export interface DirectoryRolePolicy extends ActivationSettings {
  readonly name: DirectoryRoleName;
  readonly templateId: string;
  readonly key: string;
  readonly tier0: boolean;
}

export interface DirectoryRolePoliciesSpec {
  readonly stage: Stage;
  readonly securityMailbox: string;
  readonly roles: readonly DirectoryRolePolicy[];
}

export const stagedRolePolicies = (stage: Stage) => stagedSetting('directoryRolePolicies', stage, 'directoryRolePolicies.stage');

export const directoryRolePoliciesSection: Section<'directoryRolePolicies', typeof shape, DirectoryRolePoliciesSpec | undefined, { pim: PimSettings | undefined }> = {
  key: 'directoryRolePolicies',
  shape,
  needs: ['pim'],
  resolve({ directoryRolePolicies: d }, context, { pim }) {
    if (!d) return { spec: undefined, problems: [], warnings: [] };
    const problems: PathProblem[] = [];
    const mailbox = d.securityMailbox ?? pim?.securityMailbox;
    if (mailbox === undefined) {
      problems.push({ path: ['directoryRolePolicies', 'securityMailbox'], message: 'is required when there is no pim.securityMailbox: assignment and activation notices need a recipient (MS.AAD.7.7)' });
    }
    const roles: DirectoryRolePolicy[] = [];
    for (const [name, r] of Object.entries(d.roles)) {
      if (!isDirectoryRoleName(name)) {
        problems.push({ path: ['directoryRolePolicies', 'roles', name], message: `unknown directory role ${JSON.stringify(name)}; use a name from core/microsoft/directory-roles.ts, e.g. Global Administrator` });
        continue;
      }
      const tier0 = TIER0_ROLES.includes(name);
      if (name === 'Global Administrator' && !(r.approvers?.length ?? 0)) {
        problems.push({ path: ['directoryRolePolicies', 'roles', name, 'approvers'], message: 'Global Administrator activation must need approval (MS.AAD.7.6): list at least one approver' });
      }
      if (tier0 && r.activeAssignmentExpiresAfter === 'permanent') {
        problems.push({ path: ['directoryRolePolicies', 'roles', name, 'activeAssignmentExpiresAfter'], message: `${name} is a Tier-0 role: a direct active assignment must expire (${EXPIRY_DURATIONS.join(', ')})` });
      }
      roles.push({
        name,
        templateId: DIRECTORY_ROLES[name],
        key: SETTINGS.directoryRolePolicy(name),
        tier0,
        maxActivation: r.maxActivation,
        approvers: r.approvers ?? [],
        ...(r.authenticationContext ? { authenticationContext: r.authenticationContext } : {}),
        requireTicket: r.requireTicket ?? false,
        eligibilityExpiresAfter: r.eligibilityExpiresAfter,
        activeAssignmentExpiresAfter: r.activeAssignmentExpiresAfter ?? 'P15D',
      });
    }
    return { spec: { stage: d.stage ?? context.defaultStage, securityMailbox: mailbox ?? '', roles }, problems, warnings: [] };
  },
  stagedItems: (spec) => (spec ? [stagedRolePolicies(spec.stage)] : []),
  withStages: (spec, stageOf) => (spec ? { ...spec, stage: stageOf(stagedRolePolicies(spec.stage)) } : spec),
  suppressionTargets: (spec) => (spec ? ['directoryRolePolicies', ...spec.roles.map((r) => r.name)] : []),
  rules: DIRECTORY_ROLE_POLICY_RULES,
  reportSections: DIRECTORY_ROLE_POLICY_REPORT,
};
