import { AppRoleAssignment } from '@cdktf/provider-azuread/lib/app-role-assignment';
import { ApplicationFromTemplate } from '@cdktf/provider-azuread/lib/application-from-template';
import { DataAzureadApplication } from '@cdktf/provider-azuread/lib/data-azuread-application';
import { Annotations, Construct, TerraformOutput } from '../../app/cdktf';
import { delegatedMsgraphProvider, msgraphProvider, MsgraphResourceAction, MsgraphUpdateResource } from '../../app/providers/msgraph';
import { APP_PROXY_OUTPUT, appProxyNames } from '../../core/addresses';
import { connectorGroupODataId, ON_PREMISES_APP_TEMPLATE_ID, publishingBody, TEMPLATE_USER_APP_ROLE_ID, urlsBody } from './graph';
import type { AppProxySpec } from './section';

/**
 * The template resource waits until the new application can be read, not its service
 * principal, and Graph replicates new objects with a delay: retry "not found" on the first
 * calls against them instead of failing the deploy half-way.
 */
const NEW_OBJECT_RETRY = { errorMessageRegex: ['Request_ResourceNotFound', 'does not exist or one of its queried reference-property objects are not present'] };

export interface ApplicationProxyAppsProps {
  readonly tenantId: string;
  readonly spec: AppProxySpec;
  /** The environment file, for messages. */
  readonly file: string;
  /**
   * Leave the connector-group assignment out of this synth, whatever the YAML says (a deploy
   * run as a service principal, which Graph does not allow to make that call).
   * @default false
   */
  readonly skipConnectorGroupAssignment?: boolean;
}

/** Why the connector-group assignment is not part of a synth, or undefined when it is. */
function assignmentSkipReason(props: ApplicationProxyAppsProps): string | undefined {
  if (!props.spec.assignConnectorGroup) return `${props.file} sets appProxy.assignConnectorGroup: false`;
  if (props.skipConnectorGroupAssignment) return 'this run skips it (PERIMETER_SKIP_CONNECTOR_GROUP_ASSIGNMENT)';
  return undefined;
}

/**
 * Every app of `appProxy.apps`, published through Entra Application Proxy:
 * - `azuread_application_from_template.<key>`: the on-premises app template; it instantiates
 *   the application and its service principal and manages nothing else, so it never fights
 *   the Graph updates below;
 * - `msgraph_update_resource.<key>_publishing` (beta): onPremisesPublishing, in a PATCH of its own;
 * - `msgraph_update_resource.<key>_urls` (beta): identifier URI, redirect URI and home page;
 * - `msgraph_update_resource.<key>_assignment_required`: only assigned users and groups get in;
 * - `azuread_app_role_assignment.<key>_<group>`: the assigned groups, on the template's User role;
 * - `msgraph_resource_action.<key>_connector_group` (beta, delegated): the connector group.
 */
export class ApplicationProxyApps extends Construct {
  /** App key -> application (client) id, as Conditional Access targets apps. */
  readonly clientIds: ReadonlyMap<string, string>;

  constructor(scope: Construct, id: string, props: ApplicationProxyAppsProps) {
    super(scope, id);
    msgraphProvider(this, { tenantId: props.tenantId });
    const skipReason = assignmentSkipReason(props);
    // Declared whenever the YAML has the deploy assign connector groups, also in a run that
    // skips them: Terraform configures a provider only when the plan uses it, and a skipped
    // assignment already in the state needs this configuration to be dropped from the state.
    const delegated = props.spec.assignConnectorGroup ? delegatedMsgraphProvider(this, { tenantId: props.tenantId }) : undefined;
    const clientIds = new Map<string, string>();
    const outputs: Record<string, Record<string, string>> = {};

    for (const key of Object.keys(props.spec.apps).sort()) {
      const app = props.spec.apps[key]!;
      const application = new ApplicationFromTemplate(this, `${key}-application`, {
        displayName: app.displayName,
        templateId: ON_PREMISES_APP_TEMPLATE_ID,
      });
      application.overrideLogicalId(appProxyNames.application(key));
      const applicationUrl = `applications/${application.applicationObjectId}`;

      // The template resource exports object ids only; Conditional Access needs the client id.
      const lookup = new DataAzureadApplication(this, `${key}-lookup`, { objectId: application.applicationObjectId });
      lookup.overrideLogicalId(appProxyNames.application(key));
      clientIds.set(key, lookup.clientId);

      const publishing = new MsgraphUpdateResource(this, `${key}-publishing`, {
        url: applicationUrl,
        apiVersion: 'beta',
        body: publishingBody(app),
        // A plain GET does not return onPremisesPublishing; without $select nothing is read back.
        readQueryParameters: { $select: ['onPremisesPublishing'] },
        retry: NEW_OBJECT_RETRY,
      });
      publishing.overrideLogicalId(appProxyNames.publishing(key));

      const urls = new MsgraphUpdateResource(this, `${key}-urls`, {
        url: applicationUrl,
        apiVersion: 'beta',
        body: urlsBody(app),
        dependsOn: [publishing],
      });
      urls.overrideLogicalId(appProxyNames.urls(key));

      // Not azuread_service_principal with use_existing: adopting the template's service
      // principal PATCHes every managed field, tags included, and an empty tags list strips
      // WindowsAzureActiveDirectoryIntegratedApp/OnPremApp from it. This sets one property.
      const assignmentRequired = new MsgraphUpdateResource(this, `${key}-assignment-required`, {
        url: `servicePrincipals/${application.servicePrincipalObjectId}`,
        body: { appRoleAssignmentRequired: true },
        retry: NEW_OBJECT_RETRY,
      });
      assignmentRequired.overrideLogicalId(appProxyNames.assignmentRequired(key));

      for (const group of app.assignedGroups) {
        const assignment = new AppRoleAssignment(this, `${key}-group-${group.ref}`, {
          appRoleId: TEMPLATE_USER_APP_ROLE_ID,
          principalObjectId: group.objectId,
          resourceObjectId: application.servicePrincipalObjectId,
        });
        assignment.overrideLogicalId(appProxyNames.groupAssignment(key, group.ref));
      }

      if (delegated && skipReason === undefined) {
        // Graph assigns a connector group only once onPremisesPublishing is set, and only for a user.
        const connectorGroup = new MsgraphResourceAction(this, `${key}-connector-group`, {
          provider: delegated,
          resourceUrl: applicationUrl,
          action: 'connectorGroup/$ref',
          method: 'PUT',
          apiVersion: 'beta',
          body: { '@odata.id': connectorGroupODataId(app.connectorGroupId) },
          dependsOn: [publishing],
        });
        connectorGroup.overrideLogicalId(appProxyNames.connectorGroup(key));
      }

      outputs[key] = {
        application_object_id: application.applicationObjectId,
        client_id: lookup.clientId,
        service_principal_object_id: application.servicePrincipalObjectId,
        external_url: app.externalUrl,
        connector_group_id: app.connectorGroupId,
      };
    }
    this.clientIds = clientIds;

    const output = new TerraformOutput(this, 'applications', {
      value: outputs,
      description: 'Application Proxy apps by app key: object ids, client id, external URL and the connector group they belong in.',
    });
    output.overrideLogicalId(APP_PROXY_OUTPUT);

    if (skipReason !== undefined) {
      const keys = Object.keys(props.spec.apps).sort().join(', ');
      const message =
        `${props.file}: connector group of ${keys} not assigned by this deploy (${skipReason}); ` +
        'an Application Administrator makes that assignment once (components/app-proxy/README.md, "The connector group"); until then a new app uses the tenant\'s default connector group';
      // A YAML choice is permanent and reviewed; a run that skips what the YAML asks for is worth a warning.
      if (props.spec.assignConnectorGroup) Annotations.of(this).addWarning(message);
      else Annotations.of(this).addInfo(message);
    }
  }
}
