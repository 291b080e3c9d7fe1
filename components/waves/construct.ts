import { Group } from '@cdktf/provider-azuread/lib/group';
import { Construct, TerraformOutput } from '../../app/cdktf';
import { waveGroupName } from '../../core/addresses';
import type { WavesSpec } from './section';

export interface RolloutWavesProps {
  /** The environment's waves, in rollout order. */
  readonly waves: WavesSpec;
}

/**
 * The groups of the environment's waves. An existing group is only referenced; a group
 * perimeter creates is `azuread_group.wave_<wave name>`: a security group, never
 * role-assignable (nothing assigns it a role, and joining a wave only adds enforcement), with
 * static members or a dynamic membership rule.
 */
export class RolloutWaves extends Construct {
  /** Wave name -> the group object id policies name (a token for a created group). */
  readonly groupObjectIds: ReadonlyMap<string, string>;

  constructor(scope: Construct, id: string, props: RolloutWavesProps) {
    super(scope, id);
    const ids = new Map<string, string>();
    for (const wave of props.waves) {
      const g = wave.group;
      if (g.kind === 'existing') {
        ids.set(wave.name, g.objectId);
        continue;
      }
      const group = new Group(this, wave.name, {
        displayName: g.displayName,
        description: g.description ?? `Rollout wave ${wave.name} (wave ${wave.index + 1}): Conditional Access policies piloted up to this wave are enforced for its members. Managed by perimeter.`,
        securityEnabled: true,
        mailEnabled: false,
        preventDuplicateNames: true,
        ...(g.membershipRule !== undefined
          ? { types: ['DynamicMembership'], dynamicMembership: { enabled: true, rule: g.membershipRule } }
          : { members: [...(g.members ?? [])] }),
      });
      group.overrideLogicalId(waveGroupName(wave.name));
      // Its object id exists only after the first deploy; the assessment configurations read it from here.
      new TerraformOutput(this, `${wave.name}-group-object-id`, {
        value: group.objectId,
        description: `The object id of the group of rollout wave ${wave.name}.`,
      }).overrideLogicalId(`${waveGroupName(wave.name)}_group_object_id`);
      ids.set(wave.name, group.objectId);
    }
    this.groupObjectIds = ids;
  }
}
