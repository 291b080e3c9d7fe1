import type { Finding, GuardrailRule } from '../../../guardrails/rule';

export const waveGroupsHoldNoBreakGlass: GuardrailRule = {
  id: 'PRM-BG005',
  severity: 'error',
  trigger: 'A wave group perimeter creates has a break-glass account or a directory-sync account among its members.',
  explanation:
    'A wave is who a piloted policy is enforced for. Break-glass and sync accounts are excluded from every policy, twins included, so putting one in a wave changes nothing for it but makes the wave look as if it did: a reviewer reading the group sees an emergency account in a pilot. The lockout proof never relies on it either way: it assumes a break-glass account may be in any group.',
  fix: 'Remove the account from waves[].create.members.',
  check({ model }) {
    const forbidden = new Map<string, string>([
      ...model.declared.breakGlassAccounts.map((id) => [id, 'break-glass account'] as const),
      ...(model.declared.directorySync?.accounts ?? []).map((id) => [id, 'directory-sync account'] as const),
    ]);
    const findings: Finding[] = [];
    for (const wave of model.declared.waves ?? []) {
      const group = model.group(wave.groupId);
      for (const member of group?.managedByStack ? group.members : []) {
        const what = forbidden.get(member);
        if (what) findings.push({ address: wave.groupId, target: wave.name, message: `the group of wave ${wave.name} ("${group!.displayName}") has ${model.labelOf(member) === member ? what : model.labelOf(member)} (${member}) as a member` });
      }
    }
    return findings;
  },
};
