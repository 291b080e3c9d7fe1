import { terraformRef, TF } from '../../../core/addresses';
import { resourcesOf } from '../../../analysis/model/queries';
import type { GuardrailRule } from '../../../guardrails/rule';

export const appHasAssignedGroups: GuardrailRule = {
  id: 'PRM-APP002',
  severity: 'warning',
  trigger: 'An Application Proxy app has no assigned groups.',
  explanation:
    'perimeter requires assignment on every published app, so an app without assigned groups is one nobody can sign in to. That is sometimes intended while an app is staged, but usually the groups were forgotten; access should come from groups, never from one-off user assignments in the portal that no review sees.',
  fix: 'List the groups that use the app under appProxy.apps.<key>.assignedGroups (keys of groups: or group object ids).',
  check({ model }) {
    const assigned = new Set(resourcesOf(model, TF.appRoleAssignment).map((r) => String(r.config['resource_object_id'])));
    return resourcesOf(model, TF.applicationFromTemplate)
      .filter((r) => !assigned.has(terraformRef(TF.applicationFromTemplate, r.name, 'service_principal_object_id')))
      .map((r) => ({
        address: r.address,
        target: r.name,
        message: `${r.name} requires assignment but no group is assigned to it, so nobody can sign in`,
      }));
  },
};
