import { ConditionalAccessPolicy } from '@cdktf/provider-azuread/lib/conditional-access-policy';
import { Annotations, Construct } from '../../app/cdktf';
import { waveTwinName } from '../../core/addresses';
import { toPolicyState } from '../../core/stages';
import type { PolicyId } from '../../baseline/model';
import { targetsUserAction } from '../../baseline/model';
import { toPolicyConfig, toWaveTwinConfig, type PolicyBindings } from './compile';
import type { EnvironmentPolicy } from './section';

export interface ConditionalAccessBaselineProps {
  /** The environment's policies, each with its stage. */
  readonly policies: readonly EnvironmentPolicy[];
  readonly bindings: PolicyBindings;
  /** Logical group key -> object id, for environment exclusions. */
  readonly groupObjectIds: Readonly<Record<string, string>>;
  /**
   * Wave name -> the object id of its group, for policies piloted in waves.
   * @default - no waves: a policy with a wave pilot is a programming error
   */
  readonly waveGroupObjectIds?: ReadonlyMap<string, string>;
}

/**
 * One `azuread_conditional_access_policy.<policy id>` per baseline policy. The address is
 * the policy id, so a new display name updates the policy in place.
 *
 * A policy piloted in waves (`upTo:`) is also a wave twin, `<policy id>_waves`: the same
 * policy for the waves' groups only, at the waves' stage, while the main policy excludes
 * those groups. Promoting to everyone drops the twin and changes the main policy in place.
 */
export class ConditionalAccessBaseline extends Construct {
  readonly policies: ReadonlyMap<PolicyId, ConditionalAccessPolicy>;
  /** The wave twins, by the policy id they pilot. */
  readonly twins: ReadonlyMap<PolicyId, ConditionalAccessPolicy>;

  constructor(scope: Construct, id: string, props: ConditionalAccessBaselineProps) {
    super(scope, id);
    const policies = new Map<PolicyId, ConditionalAccessPolicy>();
    const twins = new Map<PolicyId, ConditionalAccessPolicy>();
    for (const { definition, stage, exclusion, wave } of props.policies) {
      const userAction = { targetsUserAction: targetsUserAction(definition) };
      const extras = {
        excludedUserIds: exclusion?.users ?? [],
        excludedGroupIds: (exclusion?.groups ?? []).map((g) => {
          const objectId = props.groupObjectIds[g];
          if (objectId === undefined) throw new Error(`group ${g} has no binding`);
          return objectId;
        }),
      };
      const waveGroupIds = (wave?.waves ?? []).map((w) => {
        const objectId = props.waveGroupObjectIds?.get(w);
        if (objectId === undefined) throw new Error(`wave ${w} has no group binding`);
        return objectId;
      });
      const config = toPolicyConfig(definition, toPolicyState(stage, userAction).state, props.bindings, {
        ...extras,
        excludedGroupIds: [...extras.excludedGroupIds, ...waveGroupIds],
      });
      const policy = new ConditionalAccessPolicy(this, definition.id, config);
      policy.overrideLogicalId(definition.id);
      if (exclusion) {
        Annotations.of(policy).addInfo(`${definition.id}: environment exclusion (${exclusion.reason})`);
      }
      policies.set(definition.id, policy);
      if (!wave) continue;
      const twinConfig = toWaveTwinConfig(
        toPolicyConfig(definition, toPolicyState(wave.stage, userAction).state, props.bindings, extras),
        definition.id,
        wave.waves,
        waveGroupIds,
      );
      const twin = new ConditionalAccessPolicy(this, waveTwinName(definition.id), twinConfig);
      twin.overrideLogicalId(waveTwinName(definition.id));
      Annotations.of(twin).addInfo(`${definition.id}: ${wave.stage} for waves ${wave.waves.join(', ')}, ${stage} for everyone else`);
      twins.set(definition.id, twin);
    }
    this.policies = policies;
    this.twins = twins;
  }
}
