import type { GuardrailRule } from '../../../guardrails/rule';
import { sameTenant } from './same-tenant';

export const uniqueDisplayNames: GuardrailRule = {
  id: 'PRM-TEN002',
  severity: 'error',
  trigger: 'Two Conditional Access policies (managed, or one of them unmanaged) or two named locations in one tenant share a display name.',
  explanation:
    'Graph accepts duplicate names, but people cannot tell the copies apart in the portal, in sign-in logs or in an incident. Two environments bound to the same tenant would also each create the whole baseline, which is almost never what was meant.',
  fix: 'Give each environment its own tenant, or rename one of the objects.',
  check(ctx) {
    const objects = sameTenant(ctx).flatMap((p) => [
      ...p.policies.map((c) => ({ env: p.declared.name, key: c.id, address: c.address, kind: 'policy', name: c.displayName })),
      ...p.namedLocations.map((l) => ({ env: p.declared.name, key: l.key, address: l.address, kind: 'named location', name: l.displayName })),
      // The tenant's unmanaged policies hold their names too; only a managed object is reported.
      ...p.declared.unmanagedPolicies.map((u) => ({ env: p.declared.name, key: u.originalId, address: `the unmanaged policy ${u.originalId}`, kind: 'policy', name: u.displayName, unmanaged: true })),
    ]);
    const { declared } = ctx.model;
    return objects
      .filter((o) => o.env === declared.name && !('unmanaged' in o))
      .flatMap((o) => {
        const others = objects.filter((x) => x !== o && x.kind === o.kind && x.name === o.name);
        return others.length
          ? [
              {
                address: o.address,
                target: o.key,
                message: `${o.kind} ${JSON.stringify(o.name)} is also used by ${others.map((x) => `${x.address} (${x.env})`).join(', ')} in tenant ${declared.tenantId}`,
              },
            ]
          : [];
      });
  },
};
