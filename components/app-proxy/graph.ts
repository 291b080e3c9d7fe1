/**
 * What perimeter sends to Microsoft Graph for an Application Proxy app. Pure (no cdktf), so
 * tests and the report read the same shapes the construct writes.
 */
import type { GraphBody } from '../../core/graph-json';
import type { AppProxyAppSpec } from './section';

/** Graph application template "on-premises application" (Application Proxy, non-gallery). */
export const ON_PREMISES_APP_TEMPLATE_ID = '8adf8e6e-67b2-4cf2-a259-e3dc5476c621';

/**
 * The "User" app role every app instantiated from an application template defines (beside
 * msiam_access). It is what the portal assigns users and groups to; the default-access id
 * 00000000-0000-0000-0000-000000000000 applies only to apps that define no app roles.
 */
export const TEMPLATE_USER_APP_ROLE_ID = '18d14569-c3bd-439b-9a66-3a2aee01d14f';

/** The connector group reference Graph expects in `PUT applications/{id}/connectorGroup/$ref`. */
export function connectorGroupODataId(connectorGroupId: string): string {
  return `https://graph.microsoft.com/beta/onPremisesPublishingProfiles/applicationProxy/connectorGroups/${connectorGroupId}`;
}

/**
 * The `PATCH /beta/applications/{id}` body for the app's publishing settings. Graph refuses
 * onPremisesPublishing in the same request as any other application property, so this body
 * carries nothing else.
 */
export function publishingBody(app: AppProxyAppSpec): GraphBody {
  const sso = app.singleSignOn;
  return {
    onPremisesPublishing: {
      externalAuthenticationType: app.preAuthentication === 'aad' ? 'aadPreAuthentication' : 'passthru',
      internalUrl: app.internalUrl,
      externalUrl: app.externalUrl,
      isSecureCookieEnabled: true,
      isHttpOnlyCookieEnabled: true,
      isPersistentCookieEnabled: false,
      isTranslateHostHeaderEnabled: app.translateHostHeader,
      isTranslateLinksInBodyEnabled: app.translateLinksInBody,
      // Sent even without KCD, so removing singleSignOn from YAML turns it off in Graph.
      singleSignOnSettings: sso
        ? {
            singleSignOnMode: 'onPremisesKerberos',
            kerberosSignOnSettings: {
              kerberosServicePrincipalName: sso.spn,
              kerberosSignOnMappingAttributeType: sso.delegatedLoginIdentity,
            },
          }
        : { singleSignOnMode: 'none' },
    },
  };
}

/** The second, separate PATCH: where Entra sends users after sign-in, all on the external URL. */
export function urlsBody(app: AppProxyAppSpec): GraphBody {
  return {
    identifierUris: [app.externalUrl],
    web: {
      redirectUris: [app.externalUrl],
      homePageUrl: app.externalUrl,
      implicitGrantSettings: { enableIdTokenIssuance: true, enableAccessTokenIssuance: false },
    },
  };
}
