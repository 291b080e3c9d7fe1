import type { GuardrailRule } from '../../../guardrails/rule';

export const mfaOrStrengthNotBoth: GuardrailRule = {
  id: 'PRM-SHP002',
  severity: 'error',
  trigger: 'A policy requires both the mfa control and an authentication strength.',
  explanation:
    'Microsoft rejects "Require multifactor authentication" together with "Require authentication strength" in one policy: the built-in MFA strength is the same control. The deploy would fail.',
  fix: 'Keep only the authentication strength (it already implies MFA).',
  check({ model }) {
    return model.policies
      .filter((p) => (p.grantControls?.builtInControls ?? []).includes('mfa') && p.grantControls?.authenticationStrength)
      .map((p) => ({ address: p.address, target: p.id, message: `${p.id} requires mfa and an authentication strength` }));
  },
};
