import type { GuardrailRule } from '../../../guardrails/rule';
import { sameTenant } from './same-tenant';

import { MAX_POLICIES_PER_TENANT } from '../../../core/microsoft/limits';

export { MAX_POLICIES_PER_TENANT };

export const policyCountLimit: GuardrailRule = {
  id: 'PRM-TEN001',
  severity: 'error',
  trigger: `A tenant would hold more than ${MAX_POLICIES_PER_TENANT} Conditional Access policies, counting every state, every wave twin and the tenant's unmanaged policies.`,
  explanation:
    'Entra ID refuses to create a policy beyond the tenant limit, disabled and report-only ones included, so the deploy fails part-way. Environments that share a tenant share the limit. A wave pilot (policies.<id>.upTo) costs one policy, its twin, however many waves it covers; finishing the pilot (removing upTo) gives it back.',
  fix: 'Consolidate policies, remove disabled ones nobody intends to promote, or finish a wave pilot (remove its upTo) so its twin goes.',
  check(ctx) {
    const peers = sameTenant(ctx);
    const total = peers.reduce((n, p) => n + p.policies.length + p.unmanagedPolicies.length, 0);
    const unmanaged = peers.reduce((n, p) => n + p.unmanagedPolicies.length, 0);
    const twins = peers.reduce((n, p) => n + p.policies.filter((x) => x.wave).length, 0);
    const { declared } = ctx.model;
    return total > MAX_POLICIES_PER_TENANT
      ? [
          {
            address: declared.file,
            target: declared.name,
            message:
              `tenant ${declared.tenantId} would hold ${total} policies (${peers.map((p) => p.declared.name).join(', ')}${unmanaged ? `, ${unmanaged} of them unmanaged` : ''}${twins ? `, ${twins} of them wave twins` : ''}); the limit is ${MAX_POLICIES_PER_TENANT}, ` +
              `so the tenant can afford no further wave pilot${twins ? ` and ${total - MAX_POLICIES_PER_TENANT} of the current ones must finish (or other policies go)` : ''}`,
          },
        ]
      : [];
  },
};

