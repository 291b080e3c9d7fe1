import { BREAK_GLASS_GROUP, TF } from '../../../core/addresses';
import type { GuardrailRule } from '../../../guardrails/rule';

export const twoBreakGlassAccounts: GuardrailRule = {
  id: 'PRM-BG002',
  severity: 'error',
  trigger: 'The break-glass exclusion group has fewer than two members.',
  explanation:
    'One emergency account is a single point of failure: its FIDO2 key can be lost, its vault unreachable, the account itself disabled by mistake. Microsoft recommends at least two cloud-only emergency access accounts with separately stored credentials.',
  fix: 'List at least two existing cloud-only accounts under breakGlass.accounts.',
  check({ model }) {
    const members = model.group(`${TF.group}.${BREAK_GLASS_GROUP}`)?.members ?? [];
    return members.length >= 2
      ? []
      : [
          {
            address: `${TF.group}.${BREAK_GLASS_GROUP}`,
            target: model.declared.name,
            message: `the break-glass exclusion group has ${members.length} member${members.length === 1 ? '' : 's'}; at least 2 are required`,
          },
        ];
  },
};
