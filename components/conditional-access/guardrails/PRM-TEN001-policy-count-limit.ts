import type { GuardrailRule } from '../../../guardrails/rule';
import { sameTenant } from './same-tenant';

export const MAX_POLICIES_PER_TENANT = 195;

export const policyCountLimit: GuardrailRule = {
  id: 'PRM-TEN001',
  severity: 'error',
  trigger: `A tenant would hold more than ${MAX_POLICIES_PER_TENANT} Conditional Access policies, counting every state and the tenant's unmanaged policies.`,
  explanation:
    'Entra ID refuses to create a policy beyond the tenant limit, disabled and report-only ones included, so the deploy fails part-way. Environments that share a tenant share the limit.',
  fix: 'Consolidate policies, or remove disabled ones nobody intends to promote.',
  check(ctx) {
    const peers = sameTenant(ctx);
    const total = peers.reduce((n, p) => n + p.policies.length + p.unmanagedPolicies.length, 0);
    const unmanaged = peers.reduce((n, p) => n + p.unmanagedPolicies.length, 0);
    const { declared } = ctx.model;
    return total > MAX_POLICIES_PER_TENANT
      ? [
          {
            address: declared.file,
            target: declared.name,
            message: `tenant ${declared.tenantId} would hold ${total} policies (${peers.map((p) => p.declared.name).join(', ')}${unmanaged ? `, ${unmanaged} of them unmanaged` : ''}); the limit is ${MAX_POLICIES_PER_TENANT}`,
          },
        ]
      : [];
  },
};
