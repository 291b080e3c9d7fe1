/**
 * Where a synthesized stack asks for an authentication context: the PIM policies of groups
 * and Azure roles (`required_conditional_access_authentication_context`), and any Graph body
 * with an enabled authentication-context rule (a directory role's own PIM policy). Pure.
 */
import { TERRAFORM_REFERENCE, TF } from '../../core/addresses';
import type { EnvironmentModel, SynthesizedResource } from '../../analysis/model/types';

export interface ContextRequirement {
  /** `c1` */
  readonly context: string;
  /** The resource that asks for it. */
  readonly address: string;
  /** Who asks, in words: `the PIM activation of group pim_conditional_access_administrator (PIM: Conditional Access Administrator)`. */
  readonly who: string;
}

const CONTEXT_RULE_TYPE = '#microsoft.graph.unifiedRoleManagementPolicyAuthenticationContextRule';

/** Who asks, by the group or Azure role whose activation it is: `the PIM activation of group pim_x (PIM: X)`. */
function who(model: EnvironmentModel, r: SynthesizedResource): string {
  if (r.type === TF.groupRoleManagementPolicy) {
    const ref = typeof r.config.group_id === 'string' ? TERRAFORM_REFERENCE.exec(r.config.group_id) : null;
    const group = ref ? model.labelOf(`${ref[1]}.${ref[2]}`) : typeof r.config.group_id === 'string' ? model.labelOf(r.config.group_id) : `group ${r.name}`;
    return `the PIM activation of ${group}`;
  }
  if (r.type === TF.azureRoleManagementPolicy) return `the Azure PIM activation of ${r.name}`;
  return r.address;
}

/** Every context a resource of the stack requires, in resource order. */
export function contextRequirements(model: EnvironmentModel): ContextRequirement[] {
  const out: ContextRequirement[] = [];
  for (const r of model.resources) {
    const found = new Set<string>();
    const walk = (value: unknown): void => {
      if (Array.isArray(value)) {
        for (const v of value) walk(v);
        return;
      }
      if (value === null || typeof value !== 'object') return;
      const o = value as Record<string, unknown>;
      const asked = o.required_conditional_access_authentication_context;
      if (typeof asked === 'string' && asked !== '') found.add(asked);
      if (o['@odata.type'] === CONTEXT_RULE_TYPE && o.isEnabled === true && typeof o.claimValue === 'string') found.add(o.claimValue);
      for (const v of Object.values(o)) walk(v);
    };
    walk(r.config);
    for (const context of [...found].sort()) out.push({ context, address: r.address, who: who(model, r) });
  }
  return out;
}
