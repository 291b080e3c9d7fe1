import { ConditionalAccessPolicy } from '@cdktf/provider-azuread/lib/conditional-access-policy';
import { Annotations, Construct } from '../../app/cdktf';
import { toPolicyState } from '../../core/stages';
import type { PolicyId } from '../../baseline/model';
import { targetsUserAction } from '../../baseline/model';
import { toPolicyConfig, type PolicyBindings } from './compile';
import type { EnvironmentPolicy } from './section';

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
      const config = toPolicyConfig(definition, decision.state, props.bindings, {
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
