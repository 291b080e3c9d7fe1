/**
 * The load-time PIM checks as small pure functions: each takes plain values and returns the
 * problems it finds, with messages that name the bad value and what is allowed. The key path
 * is supplied by the caller. The guardrails in ./guardrails re-check the synthesized JSON with
 * the same constants.
 */
import type { DirectoryRoleName } from '../../core/microsoft/directory-roles';
import type { PathProblem } from '../../core/problems';
import { closestName } from '../../core/text';

export type KeyPath = readonly PropertyKey[];

/** Roles whose activation needs approval and at most APPROVAL_ROLE_MAX_ACTIVATION. */
export const APPROVAL_ROLES: readonly DirectoryRoleName[] = ['Global Administrator', 'Privileged Role Administrator'];
export const APPROVAL_ROLE_MAX_ACTIVATION = 'PT4H';
export const MIN_APPROVERS = 2;
/** CISA SCuBA baseline for Microsoft Entra ID, MS.AAD.7.1v1. */
export const CISA_GLOBAL_ADMIN_RANGE = { min: 2, max: 8 } as const;

/** `PT4H30M` -> 270, `P1D` -> 1440; undefined for anything else. */
export function activationMinutes(iso: string): number | undefined {
  if (iso === 'P1D') return 24 * 60;
  const m = /^PT(?:(\d+)H)?(?:(\d+)M)?$/.exec(iso);
  if (!m || (m[1] === undefined && m[2] === undefined)) return undefined;
  return Number(m[1] ?? 0) * 60 + Number(m[2] ?? 0);
}

/** A role name that is not in the table. */
export function unknownRoleProblem(path: KeyPath, name: string, kind: 'directory' | 'Azure', valid: readonly string[]): PathProblem {
  const suggestion = closestName(name, valid);
  return {
    path,
    message: `unknown ${kind} role ${JSON.stringify(name)}${suggestion ? `; did you mean ${JSON.stringify(suggestion)}?` : ''} Valid names: ${valid.join(', ')}`,
  };
}

/** Eligibility always expires; a Tier-0 role says so in the message because it is the guardrail. */
export function permanentEligibilityProblems(path: KeyPath, role: string, tier0: boolean, expiresAfter: string, allowed: readonly string[]): PathProblem[] {
  if (expiresAfter !== 'permanent') return [];
  return [
    {
      path,
      message: `${tier0 ? `${role} is a Tier-0 role and ` : ''}eligibility for ${role} must expire; "permanent" is not allowed. Use one of: ${allowed.join(' | ')}`,
    },
  ];
}

/** A Tier-0 role may not allow a permanent active (standing) assignment. */
export function permanentActiveProblems(path: KeyPath, role: string, tier0: boolean, expiresAfter: string | undefined, allowed: readonly string[]): PathProblem[] {
  if (!tier0 || expiresAfter !== 'permanent') return [];
  return [
    {
      path,
      message: `${role} is a Tier-0 role: a permanent active assignment is standing privilege and is not allowed. Use one of: ${allowed.join(' | ')}`,
    },
  ];
}

/** The break-glass accounts are the only standing Global Administrators. */
export function globalAdminActiveMembersProblems(path: KeyPath, role: string, activeMembers: readonly string[]): PathProblem[] {
  if (role !== 'Global Administrator' || activeMembers.length === 0) return [];
  return [
    {
      path,
      message: `Global Administrator may have no active members (got ${activeMembers.length}); people are eligible and activate with approval. The only standing Global Administrators are the break-glass accounts (breakGlass.assignGlobalAdmin: true)`,
    },
  ];
}

/** Global Administrator and Privileged Role Administrator activate only with approval, for at most 4 hours. */
export function approvalRoleProblems(
  role: string,
  maxActivation: { path: KeyPath; value: string },
  approvers: { path: KeyPath; count: number },
): PathProblem[] {
  if (!(APPROVAL_ROLES as readonly string[]).includes(role)) return [];
  const problems: PathProblem[] = [];
  if (approvers.count === 0) {
    problems.push({
      path: approvers.path,
      message: `${role} activation needs approval: list at least ${MIN_APPROVERS} approvers (object ids, {user: <id>} or {group: <id>})`,
    });
  }
  const minutes = activationMinutes(maxActivation.value);
  const limit = activationMinutes(APPROVAL_ROLE_MAX_ACTIVATION)!;
  if (minutes !== undefined && minutes > limit) {
    problems.push({
      path: maxActivation.path,
      message: `${JSON.stringify(maxActivation.value)} is too long for ${role}; its activation may last at most ${APPROVAL_ROLE_MAX_ACTIVATION} (PT30M to ${APPROVAL_ROLE_MAX_ACTIVATION} in 30-minute steps)`,
    });
  }
  return problems;
}

/** One approver is a single point of failure and of collusion. */
export function tooFewApproversProblems(path: KeyPath, role: string, count: number): PathProblem[] {
  if (count === 0 || count >= MIN_APPROVERS) return [];
  return [
    {
      path,
      message: `${role} lists ${count} approver; approval needs at least ${MIN_APPROVERS} (a group counts as one, because its members are not known at synth)`,
    },
  ];
}

/** Nobody approves their own activation. */
export function approverIsEligibleProblems(path: KeyPath, role: string, approverIds: readonly string[], eligibleIds: readonly string[]): PathProblem[] {
  const eligible = new Set(eligibleIds.map((id) => id.toLowerCase()));
  const problems: PathProblem[] = [];
  approverIds.forEach((id, i) => {
    if (eligible.has(id.toLowerCase())) {
      problems.push({ path: [...path, i], message: `${id} is both an approver and an eligible member of ${role}; an approver must not approve their own activation` });
    }
  });
  return problems;
}

/** Break-glass accounts never go through PIM; they hold Global Administrator permanently or not at all. */
export function breakGlassMemberProblems(path: KeyPath, role: string, memberIds: readonly string[], breakGlassIds: readonly string[]): PathProblem[] {
  const breakGlass = new Set(breakGlassIds.map((id) => id.toLowerCase()));
  const problems: PathProblem[] = [];
  memberIds.forEach((id, i) => {
    if (breakGlass.has(id.toLowerCase())) {
      problems.push({
        path: [...path, i],
        message: `${id} is a break-glass account; it must not depend on PIM for ${role}. Give break-glass accounts their permanent Global Administrator with breakGlass.assignGlobalAdmin: true`,
      });
    }
  });
  return problems;
}

/**
 * CISA's SCuBA baseline (MS.AAD.7.1v1) wants two to eight Global Administrators. Legal either
 * way, so a warning, not a problem.
 */
export function globalAdminCountWarning(eligible: number, breakGlass: number): string | undefined {
  const total = eligible + breakGlass;
  if (total >= CISA_GLOBAL_ADMIN_RANGE.min && total <= CISA_GLOBAL_ADMIN_RANGE.max) return undefined;
  const parts = [`${eligible} ${eligible === 1 ? 'person is' : 'people are'} eligible for Global Administrator`];
  if (breakGlass > 0) parts.push(`${breakGlass} break-glass account${breakGlass === 1 ? ' holds' : 's hold'} it permanently`);
  return `pim.roles.Global Administrator: ${parts.join(' and ')} (${total} in all); CISA's SCuBA baseline for Microsoft Entra ID (MS.AAD.7.1) wants ${CISA_GLOBAL_ADMIN_RANGE.min} to ${CISA_GLOBAL_ADMIN_RANGE.max} Global Administrators. ${total > CISA_GLOBAL_ADMIN_RANGE.max ? 'Move people to least-privileged roles' : 'Add eligible members or break-glass accounts'} or record why the count is right for this tenant`;
}
