import type { GuardrailRule } from '../model';
import { BREAK_GLASS_GROUP_REF, caPolicies } from '../ca-json';

export const breakGlassExcludedEverywhere: GuardrailRule = {
  id: 'PRM-BG001',
  severity: 'error',
  area: 'Break-glass',
  trigger: 'A Conditional Access policy does not exclude every break-glass account, by object id and through the exclusion group.',
  explanation:
    'The emergency access accounts are the way back in when a policy, federation or MFA outage locks everyone else out. A policy that applies to them can lock them out too; Microsoft recommends excluding them from every policy. They are excluded directly (so the exclusion survives a broken group) and through the role-assignable exclusion group (so the intent is visible in the portal).',
  fix: 'Do not remove the break-glass exclusions from a policy; policies built from policies/ get them automatically. If a policy was added by other means, exclude breakGlass.accounts and the break_glass_exclusion group.',
  check({ environment, tf }) {
    return caPolicies(tf).flatMap(({ id, address, policy }) => {
      const users = policy.conditions.users;
      const missing = environment.breakGlass.accounts.filter((a) => !(users.excluded_users ?? []).includes(a));
      const groupMissing = !(users.excluded_groups ?? []).includes(BREAK_GLASS_GROUP_REF);
      if (!missing.length && !groupMissing) return [];
      const parts = [
        ...(missing.length ? [`break-glass account${missing.length > 1 ? 's' : ''} ${missing.join(', ')}`] : []),
        ...(groupMissing ? ['the break_glass_exclusion group'] : []),
      ];
      return [{ address, target: id, message: `${id} does not exclude ${parts.join(' or ')}` }];
    });
  },
};

export const twoBreakGlassAccounts: GuardrailRule = {
  id: 'PRM-BG002',
  severity: 'error',
  area: 'Break-glass',
  trigger: 'The break-glass exclusion group has fewer than two members.',
  explanation:
    'One emergency account is a single point of failure: its FIDO2 key can be lost, its vault unreachable, the account itself disabled by mistake. Microsoft recommends at least two cloud-only emergency access accounts with separately stored credentials.',
  fix: 'List at least two existing cloud-only accounts under breakGlass.accounts.',
  check({ tf, environment }) {
    const group = tf.resource?.['azuread_group']?.['break_glass_exclusion'];
    const members = (group?.['members'] as readonly string[] | undefined) ?? [];
    return members.length >= 2
      ? []
      : [
          {
            address: 'azuread_group.break_glass_exclusion',
            target: environment.name,
            message: `the break-glass exclusion group has ${members.length} member${members.length === 1 ? '' : 's'}; at least 2 are required`,
          },
        ];
  },
};

export const breakGlassNeverTargeted: GuardrailRule = {
  id: 'PRM-BG003',
  severity: 'error',
  area: 'Break-glass',
  trigger: 'A break-glass account is included by a policy or is made an eligible member of a PIM group.',
  explanation:
    'Break-glass accounts hold a permanent, directly assigned Global Administrator role and nothing else. Naming one in a policy include list makes it subject to that policy despite the exclusions elsewhere being the intent; making one PIM-eligible turns the emergency path into an everyday admin account whose use no longer stands out in the sign-in alerts.',
  fix: 'Remove the break-glass account from the policy include list or the PIM eligible members.',
  check({ environment, tf }) {
    const accounts = new Set(environment.breakGlass.accounts);
    const findings = caPolicies(tf).flatMap(({ id, address, policy }) =>
      (policy.conditions.users.included_users ?? [])
        .filter((u) => accounts.has(u))
        .map((u) => ({ address, target: id, message: `${id} includes break-glass account ${u}` })),
    );
    for (const [name, body] of Object.entries(tf.resource?.['azuread_privileged_access_group_eligibility_schedule'] ?? {})) {
      const principal = body['principal_id'];
      if (typeof principal === 'string' && accounts.has(principal)) {
        findings.push({
          address: `azuread_privileged_access_group_eligibility_schedule.${name}`,
          target: name,
          message: `break-glass account ${principal} is an eligible member of a PIM group`,
        });
      }
    }
    return findings;
  },
};
