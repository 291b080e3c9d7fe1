import type { GuardrailRule, RuleContext } from '../model';
import { caPolicies, NAMED_LOCATION_TYPE } from '../ca-json';
import { resourcesOfType } from '../model';

export const MAX_POLICIES_PER_TENANT = 195;

/** Peers that deploy into the same tenant as the environment being checked. */
const sameTenant = ({ environment, peers }: RuleContext) => peers.filter((p) => p.environment.tenantId === environment.tenantId);

export const policyCountLimit: GuardrailRule = {
  id: 'PRM-TEN001',
  severity: 'error',
  area: 'Tenant limits',
  trigger: `A tenant would hold more than ${MAX_POLICIES_PER_TENANT} Conditional Access policies, counting every state.`,
  explanation:
    'Entra ID refuses to create a policy beyond the tenant limit, disabled and report-only ones included, so the deploy fails part-way. Environments that share a tenant share the limit.',
  fix: 'Consolidate policies, or remove disabled ones nobody intends to promote.',
  check(ctx) {
    const peers = sameTenant(ctx);
    const total = peers.reduce((n, p) => n + caPolicies(p.tf).length, 0);
    return total > MAX_POLICIES_PER_TENANT
      ? [
          {
            address: ctx.environment.file,
            target: ctx.environment.name,
            message: `tenant ${ctx.environment.tenantId} would hold ${total} policies (${peers.map((p) => p.environment.name).join(', ')}); the limit is ${MAX_POLICIES_PER_TENANT}`,
          },
        ]
      : [];
  },
};

export const uniqueDisplayNames: GuardrailRule = {
  id: 'PRM-TEN002',
  severity: 'error',
  area: 'Tenant limits',
  trigger: 'Two Conditional Access policies or two named locations in one tenant share a display name.',
  explanation:
    'Graph accepts duplicate names, but people cannot tell the copies apart in the portal, in sign-in logs or in an incident. Two environments bound to the same tenant would also each create the whole baseline, which is almost never what was meant.',
  fix: 'Give each environment its own tenant, or rename one of the objects.',
  check(ctx) {
    const objects = sameTenant(ctx).flatMap((p) => [
      ...caPolicies(p.tf).map((c) => ({ env: p.environment.name, key: c.id, address: c.address, kind: 'policy', name: c.policy.display_name })),
      ...resourcesOfType(p.tf, NAMED_LOCATION_TYPE).map(([key, body]) => ({
        env: p.environment.name,
        key,
        address: `${NAMED_LOCATION_TYPE}.${key}`,
        kind: 'named location',
        name: String(body['display_name']),
      })),
    ]);
    return objects
      .filter((o) => o.env === ctx.environment.name)
      .flatMap((o) => {
        const others = objects.filter((x) => x !== o && x.kind === o.kind && x.name === o.name);
        return others.length
          ? [
              {
                address: o.address,
                target: o.key,
                message: `${o.kind} ${JSON.stringify(o.name)} is also used by ${others.map((x) => `${x.address} (${x.env})`).join(', ')} in tenant ${ctx.environment.tenantId}`,
              },
            ]
          : [];
      });
  },
};
