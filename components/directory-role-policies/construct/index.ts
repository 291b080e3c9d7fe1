/**
 * The lookups a directory role's policy write needs: Graph gives each role's policy a
 * per-tenant id (`DirectoryRole_<tenant>_<guid>`) that cannot be computed, so a data source
 * finds it through the role's policy assignment at plan time.
 */
import { Construct } from '../../../app/cdktf';
import { DataMsgraphResource, msgraphProvider } from '../../../app/providers/msgraph';
import { policyAssignmentQuery } from './rules';
import type { DirectoryRolePoliciesSpec, DirectoryRolePolicy } from '../section';

export class DirectoryRolePolicyLookups extends Construct {
  private readonly lookups = new Map<string, DataMsgraphResource>();

  constructor(scope: Construct, id: string, props: { readonly tenantId: string; readonly spec?: DirectoryRolePoliciesSpec }) {
    super(scope, id);
    if (props.spec?.stage !== 'enabled') return;
    const provider = msgraphProvider(this, { tenantId: props.tenantId });
    for (const role of props.spec.roles) {
      const lookup = new DataMsgraphResource(this, role.key, {
        url: 'policies/roleManagementPolicyAssignments',
        queryParameters: { $filter: policyAssignmentQuery(role.templateId).$filter! },
        responseExportValues: { policy_id: 'value[0].policyId' },
        provider,
      });
      lookup.overrideLogicalId(role.key);
      this.lookups.set(role.key, lookup);
    }
  }

  /** `${data.msgraph_resource.<key>.output.policy_id}` */
  policyIdOf(role: DirectoryRolePolicy): string {
    const lookup = this.lookups.get(role.key);
    if (!lookup) throw new Error(`no policy lookup for ${role.name}: its policies are not enabled`);
    return lookup.output('policy_id');
  }
}
