import { Group } from '@cdktf/provider-azuread/lib/group';
import { Construct } from '../cdktf';

export interface BreakGlassExclusionProps {
  /** Object ids of the existing cloud-only emergency access accounts. Never created here. */
  readonly accountIds: readonly string[];
  readonly groupDisplayName: string;
}

/**
 * The emergency access accounts and the group that excludes them from Conditional Access.
 * The group is role-assignable, so only a Privileged Role Administrator or Global
 * Administrator can change who is in it: a helpdesk admin cannot add themselves to the
 * exclusion.
 */
export class BreakGlassExclusion extends Construct {
  readonly accountIds: readonly string[];
  readonly group: Group;

  constructor(scope: Construct, id: string, props: BreakGlassExclusionProps) {
    super(scope, id);
    this.accountIds = [...props.accountIds];
    this.group = new Group(this, 'exclusion-group', {
      displayName: props.groupDisplayName,
      description:
        'Emergency access accounts, excluded from every Conditional Access policy. Managed by perimeter; role-assignable so only privileged role administrators can change it.',
      securityEnabled: true,
      mailEnabled: false,
      assignableToRole: true,
      preventDuplicateNames: true,
      members: [...props.accountIds],
    });
    this.group.overrideLogicalId('break_glass_exclusion');
  }

  /** The bare GUID of the exclusion group, as Conditional Access needs it. */
  get groupObjectId(): string {
    return this.group.objectId;
  }
}
