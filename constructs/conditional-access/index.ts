import { ConditionalAccessPolicy } from '@cdktf/provider-azuread/lib/conditional-access-policy';
import { Annotations, Construct } from '../cdktf';
import type { EnvironmentPolicy } from '../../config/environment';
import type { PolicyId } from '../../policies/model';
import { targetsUserAction } from '../../policies/model';
import { toPolicyState } from '../../policies/stages';
import { compilePolicy, type PolicyBindings } from './compile';

export interface ConditionalAccessBaselineProps {
  /** The environment's policies, each with its stage. */
  readonly policies: readonly EnvironmentPolicy[];
  readonly bindings: PolicyBindings;
  /** Logical group key -> object id, for environment exclusions. */
  readonly groupObjectIds: Readonly<Record<string, string>>;
}

/**
 * One `azuread_conditional_access_policy.<policy id>` per baseline policy. The address is
 * the policy id, so a new display name updates the policy in place.
 */
export class ConditionalAccessBaseline extends Construct {
  readonly policies: ReadonlyMap<PolicyId, ConditionalAccessPolicy>;

  constructor(scope: Construct, id: string, props: ConditionalAccessBaselineProps) {
    super(scope, id);
    const policies = new Map<PolicyId, ConditionalAccessPolicy>();
    for (const { definition, stage, exclusion } of props.policies) {
      const decision = toPolicyState(stage, { targetsUserAction: targetsUserAction(definition) });
      const config = compilePolicy(definition, decision.state, props.bindings, {
        excludedUserIds: exclusion?.users ?? [],
        excludedGroupIds: (exclusion?.groups ?? []).map((g) => {
          const objectId = props.groupObjectIds[g];
          if (objectId === undefined) throw new Error(`group ${g} has no binding`);
          return objectId;
        }),
      });
      const policy = new ConditionalAccessPolicy(this, definition.id, config);
      policy.overrideLogicalId(definition.id);
      if (exclusion) {
        Annotations.of(policy).addInfo(`${definition.id}: environment exclusion (${exclusion.reason})`);
      }
      policies.set(definition.id, policy);
    }
    this.policies = policies;
  }
}
