import type { GuardrailRule } from '../model';
import { resourcesOfType } from '../model';
import { appKeyOfPublishing } from '../../app-proxy/graph';

const UPDATE_TYPE = 'msgraph_update_resource';
const TEMPLATE_TYPE = 'azuread_application_from_template';
const ROLE_ASSIGNMENT_TYPE = 'azuread_app_role_assignment';

interface PublishingJson {
  readonly body?: {
    readonly onPremisesPublishing?: { readonly externalAuthenticationType?: string; readonly externalUrl?: string; readonly internalUrl?: string };
  };
}

export const preAuthenticationIsEntra: GuardrailRule = {
  id: 'PRM-APP001',
  severity: 'error',
  area: 'App Proxy',
  trigger: 'An Application Proxy app is published with pre-authentication passthru instead of Microsoft Entra ID.',
  explanation:
    'With passthru, Application Proxy forwards anyone on the internet to the internal app without a sign-in: no MFA, no device check, no Conditional Access, no sign-in log, and the app\'s own authentication becomes the only control. Publishing an intranet app that way puts it on the internet. The one accepted exception (an app that does its own strong authentication) needs a written reason.',
  fix: 'Set preAuthentication: aad (the default), or add a suppression for PRM-APP001 with the app key as target and the reason.',
  check({ tf }) {
    return resourcesOfType(tf, UPDATE_TYPE).flatMap(([name, body]) => {
      const publishing = (body as PublishingJson).body?.onPremisesPublishing;
      const key = appKeyOfPublishing(name);
      if (key === undefined || publishing?.externalAuthenticationType !== 'passthru') return [];
      return [
        {
          address: `${UPDATE_TYPE}.${name}`,
          target: key,
          message: `${key} is published with pre-authentication passthru: anyone who reaches ${publishing.externalUrl ?? 'its external URL'} gets to ${publishing.internalUrl ?? 'the internal app'} without signing in to Entra ID`,
        },
      ];
    });
  },
};

export const appHasAssignedGroups: GuardrailRule = {
  id: 'PRM-APP002',
  severity: 'warning',
  area: 'App Proxy',
  trigger: 'An Application Proxy app has no assigned groups.',
  explanation:
    'perimeter requires assignment on every published app, so an app without assigned groups is one nobody can sign in to. That is sometimes intended while an app is staged, but usually the groups were forgotten; access should come from groups, never from one-off user assignments in the portal that no review sees.',
  fix: 'List the groups that use the app under appProxy.apps.<key>.assignedGroups (keys of groups: or group object ids).',
  check({ tf }) {
    const assigned = new Set(resourcesOfType(tf, ROLE_ASSIGNMENT_TYPE).map(([, body]) => String(body['resource_object_id'])));
    return resourcesOfType(tf, TEMPLATE_TYPE)
      .filter(([key]) => !assigned.has(`\${${TEMPLATE_TYPE}.${key}.service_principal_object_id}`))
      .map(([key]) => ({
        address: `${TEMPLATE_TYPE}.${key}`,
        target: key,
        message: `${key} requires assignment but no group is assigned to it, so nobody can sign in`,
      }));
  },
};
