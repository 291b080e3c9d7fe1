import { builtInStrength } from '../../../core/microsoft/well-known';
import { methodsInStack, type MethodsInStack } from '../../../analysis/whatif/methods';
import type { Ref } from '../../../analysis/model/types';
import type { Finding, GuardrailRule } from '../../../guardrails/rule';
import { ALL_USERS_TARGET } from '../../../core/microsoft/authentication-methods';

function enabledSummary(methods: MethodsInStack, label: (id: string) => string): string {
  if (!methods.enabled.length) return 'no method is enabled';
  return `enabled: ${methods.enabled.map((m) => `${m.name} for ${m.targets.map((t) => (t === ALL_USERS_TARGET ? 'all users' : label(t))).join(', ')}`).join('; ')}`;
}

export const strengthHasAMethod: GuardrailRule = {
  id: 'PRM-LCK004',
  severity: 'error',
  trigger: 'A policy holds people to an authentication strength that no method enabled for them can satisfy.',
  explanation:
    'An authentication strength is a list of method combinations; a user can satisfy it only with a method the authentication methods policy enables for them. CA002 asks administrators for phishing-resistant MFA: if FIDO2 is not enabled for them, every administrator is locked out the moment CA002 is enforced, and nobody is left to fix it but break-glass. The check reads every policy past off that names a built-in strength, and every method the stack enables with its targets; a persona is covered by a method of at least that strength enabled for all users, for the group the policy includes, or for the user it includes. Directory roles are covered only by a method for all users, because role holders change without the stack knowing. An enforced policy is an error, a report-only one a warning. Windows Hello for Business and certificate-based authentication are not managed here and are not counted.',
  fix: 'Enable a method of that strength (FIDO2 for phishing-resistant MFA) for the people the policy targets under authenticationMethods, or target the policy at a group that has one.',
  check({ model }) {
    const methods = methodsInStack(model);
    const findings: Finding[] = [];
    for (const p of model.policies) {
      const ref = p.grantControls?.authenticationStrength;
      const strength = ref ? builtInStrength(ref.id) : undefined;
      if (p.state === 'disabled' || !strength) continue;
      const severity = p.state === 'enabled' ? ('error' as const) : ('warning' as const);
      const address = p.address;
      if (!methods) {
        findings.push({
          address,
          target: p.id,
          severity: 'warning',
          message: `${p.id} requires ${strength.name}, but this environment does not manage authenticationMethods: nothing proves the people it targets have a method of that strength`,
        });
        continue;
      }
      const covers = (id: string, isRole: boolean) =>
        methods.enabled.some((m) => m.rank >= strength.rank && m.targets.some((t) => t === ALL_USERS_TARGET || (!isRole && t === id)));
      const u = p.conditions.users;
      const personas: { ref: Ref; what: string; isRole: boolean }[] = [
        ...u.includeUsers.map((ref) => ({ ref, what: ref.id === 'All' ? 'all users' : `user ${ref.label}`, isRole: ref.id === 'All' })),
        ...u.includeGroups.map((ref) => ({ ref, what: `members of ${ref.label}`, isRole: false })),
        ...u.includeRoles.map((ref) => ({ ref, what: `holders of ${ref.label}`, isRole: true })),
      ];
      const uncovered = personas.filter((x) => x.ref.id !== 'None' && !covers(x.ref.id, x.isRole));
      if (uncovered.length) {
        findings.push({
          address,
          target: p.id,
          severity,
          message: `${p.id} (${p.state === 'enabled' ? 'enforced' : 'report-only'}) holds ${uncovered.map((x) => x.what).join(', ')} to ${strength.name}, but no method of that strength is enabled for them (${enabledSummary(methods, (id) => model.labelOf(id))})`,
        });
      }
    }
    return findings;
  },
};
