import { includesAllUsers, isRiskPolicy } from '../../../analysis/model/queries';
import type { GuardrailRule } from '../../../guardrails/rule';

export const riskPoliciesWithinP2: GuardrailRule = {
  id: 'PRM-LIC001',
  severity: 'warning',
  trigger: 'A risk policy (sign-in or user risk) targets all users while the environment says Entra ID P2 is partial.',
  explanation:
    'Identity Protection needs an Entra ID P2 licence for every user it protects. When only a segment holds P2, a risk policy for all users protects people the tenant has not licensed for it: a licence compliance gap, and a false sense that everyone is covered. Naming the P2 holders makes the report say exactly who is outside the risk policies.',
  fix: 'Set licensing.p2Group to the group of P2 holders (the risk policies then target it), or say licensing.p2: all once every user is licensed.',
  check({ model }) {
    if (model.declared.licensing?.p2 !== 'partial') return [];
    return model.policies
      .filter((p) => isRiskPolicy(p) && includesAllUsers(p))
      .map((p) => ({
        address: p.address,
        target: p.id,
        message: `${p.displayName} targets all users, but ${model.declared.name} licenses Entra ID P2 for part of them only (licensing.p2: partial); set licensing.p2Group`,
      }));
  },
};
