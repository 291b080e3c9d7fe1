import { BREAK_GLASS_GROUP, TF } from '../../../core/addresses';
import { ALL_USERS_TARGET } from '../../../core/microsoft/authentication-methods';
import { methodsInStack } from '../../../analysis/whatif/methods';
import type { GuardrailRule } from '../../../guardrails/rule';

export const breakGlassInFido2Target: GuardrailRule = {
  id: 'PRM-BG004',
  severity: 'error',
  trigger: 'The authentication methods policy manages FIDO2 but the break-glass accounts are not in its targets.',
  explanation:
    'Break-glass accounts sign in with FIDO2 keys held in a vault: the one factor that survives an outage of phone-based MFA and satisfies phishing-resistant MFA where it is asked. A methods policy that leaves them out of FIDO2 disables their keys at the next sign-in, and the emergency account fails in the emergency. Covered: FIDO2 enabled for all users, for the break-glass exclusion group, or for every break-glass account by id.',
  fix: 'Add break-glass (or all-users) to authenticationMethods.fido2.targets.',
  check({ model }) {
    const methods = methodsInStack(model);
    if (!methods) return [];
    const accounts = model.declared.breakGlassAccounts;
    const fido2 = methods.enabled.find((m) => m.method === 'fido2');
    const targets = new Set(fido2?.targets ?? []);
    const group = `${TF.group}.${BREAK_GLASS_GROUP}`;
    const missing = targets.has(ALL_USERS_TARGET) || targets.has(group) ? [] : accounts.filter((a) => !targets.has(a));
    if (!missing.length) return [];
    return [
      {
        address: model.declared.file,
        target: 'authenticationMethods',
        message: fido2
          ? `FIDO2 is enabled only for ${[...targets].map((t) => model.labelOf(t)).join(', ')}: break-glass account${missing.length === 1 ? '' : 's'} ${missing.join(', ')} could not use their keys`
          : `FIDO2 is disabled: break-glass accounts ${missing.join(', ')} could not use their keys`,
      },
    ];
  },
};
