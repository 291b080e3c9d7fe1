import type { GuardrailRule } from '../../../guardrails/rule';
import { sameTenant } from './same-tenant';

export const oneEnvironmentPerTenant: GuardrailRule = {
  id: 'PRM-TEN003',
  severity: 'error',
  trigger: 'Two environment files deploy into the same tenant (tenant ids are compared in any spelling).',
  explanation:
    "Each environment's policies apply to every user of its tenant, but exclude only that environment's break-glass accounts and sync accounts, and its lockout proof sees only its own policies. Two environments in one tenant therefore block each other's break-glass accounts while every proof says PROVED. A ring is a tenant.",
  fix: 'Give each environment its own tenant id. To pilot a policy inside one tenant, keep one environment and roll it out in waves there: declare waves: (the IT department, early adopters, ...), enforce the policy for the first ones with policies.<id>.upTo, widen upTo wave by wave, and remove it to enforce the policy for everyone (docs/waves.md).',
  check(ctx) {
    const others = sameTenant(ctx).filter((p) => p.declared.name !== ctx.model.declared.name);
    const { declared } = ctx.model;
    return others.length
      ? [
          {
            address: declared.file,
            target: declared.name,
            message: `${declared.file} deploys into tenant ${declared.tenantId}, and so does ${others.map((p) => p.declared.file).join(' and ')}; each environment's policies would exclude only its own break-glass accounts`,
          },
        ]
      : [];
  },
};
