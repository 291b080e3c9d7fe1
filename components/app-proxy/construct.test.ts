import { appFromFiles, synthOptionsFrom } from '../../cli/synth';
import { ON_PREMISES_APP_TEMPLATE_ID, TEMPLATE_USER_APP_ROLE_ID } from './graph';
import { Testing } from '../../app/cdktf';
import { mutateSample, resourcesOf, synthStacks, writeEnvironments, type TfJson } from '../../__tests__/helpers/synth';

let sample: Record<string, TfJson>;
beforeAll(() => {
  sample = synthStacks();
});

const prod = () => sample['prod']!;
/** The lab with the connector group assigned by the deploy itself (an engineer's az login run). */
const assigningDev = () => mutateSample('dev', (env) => (env.appProxy.assignConnectorGroup = true));
const dev = () => synthStacks(writeEnvironments({ dev: assigningDev() }))['dev']!;

describe('the highest ring synthesizes every app end to end', () => {
  test('one application from the on-premises template per app, addressed by the app key', () => {
    expect(resourcesOf(prod(), 'azuread_application_from_template')).toEqual({
      'engineering-wiki': { display_name: 'Engineering Wiki', template_id: '8adf8e6e-67b2-4cf2-a259-e3dc5476c621', lifecycle: { prevent_destroy: true } },
      'finance-reporting': { display_name: 'Finance Reporting', template_id: '8adf8e6e-67b2-4cf2-a259-e3dc5476c621', lifecycle: { prevent_destroy: true } },
      'hr-portal': { display_name: 'HR Portal', template_id: '8adf8e6e-67b2-4cf2-a259-e3dc5476c621', lifecycle: { prevent_destroy: true } },
    });
    expect(ON_PREMISES_APP_TEMPLATE_ID).toBe('8adf8e6e-67b2-4cf2-a259-e3dc5476c621');
  });

  test('the publishing PATCH is beta, carries onPremisesPublishing only, and reads it back with $select', () => {
    const updates = resourcesOf(prod(), 'msgraph_update_resource');
    expect(updates['hr-portal_publishing']).toEqual({
      url: 'applications/${azuread_application_from_template.hr-portal.application_object_id}',
      api_version: 'beta',
      read_query_parameters: { $select: ['onPremisesPublishing'] },
      retry: { error_message_regex: ['Request_ResourceNotFound', 'does not exist or one of its queried reference-property objects are not present'] },
      body: {
        onPremisesPublishing: {
          externalAuthenticationType: 'aadPreAuthentication',
          internalUrl: 'http://hr.corp.example.local/',
          externalUrl: 'https://hr-meridian.msappproxy.net/',
          isSecureCookieEnabled: true,
          isHttpOnlyCookieEnabled: true,
          isPersistentCookieEnabled: false,
          isTranslateHostHeaderEnabled: true,
          isTranslateLinksInBodyEnabled: false,
          singleSignOnSettings: {
            singleSignOnMode: 'onPremisesKerberos',
            kerberosSignOnSettings: {
              kerberosServicePrincipalName: 'HTTP/hr.corp.example.local',
              kerberosSignOnMappingAttributeType: 'onPremisesUserPrincipalName',
            },
          },
        },
      },
    });
    for (const key of ['engineering-wiki', 'finance-reporting', 'hr-portal']) {
      expect(Object.keys(updates[`${key}_publishing`]!['body'] as object)).toEqual(['onPremisesPublishing']);
    }
  });

  test('per-app translation settings, and single sign-on reset to none without KCD', () => {
    const updates = resourcesOf(prod(), 'msgraph_update_resource');
    const wiki = (updates['engineering-wiki_publishing']!['body'] as { onPremisesPublishing: Record<string, unknown> }).onPremisesPublishing;
    expect(wiki).toMatchObject({
      internalUrl: 'https://wiki.eng.corp.example.local/',
      externalUrl: 'https://wiki-meridian.msappproxy.net/',
      isTranslateHostHeaderEnabled: true,
      isTranslateLinksInBodyEnabled: true,
      singleSignOnSettings: { singleSignOnMode: 'none' },
    });
    const finance = (updates['finance-reporting_publishing']!['body'] as { onPremisesPublishing: Record<string, unknown> }).onPremisesPublishing;
    expect(finance).toMatchObject({
      internalUrl: 'http://reports.fin.corp.example.local/Reports/',
      externalUrl: 'https://finance-reports.apps.meridian.example/Reports/',
      isTranslateHostHeaderEnabled: false,
      isTranslateLinksInBodyEnabled: false,
    });
  });

  test('identifier URI, redirect URI and home page go in a separate PATCH, after publishing', () => {
    expect(resourcesOf(prod(), 'msgraph_update_resource')['hr-portal_urls']).toEqual({
      url: 'applications/${azuread_application_from_template.hr-portal.application_object_id}',
      api_version: 'beta',
      body: {
        identifierUris: ['https://hr-meridian.msappproxy.net/'],
        web: {
          redirectUris: ['https://hr-meridian.msappproxy.net/'],
          homePageUrl: 'https://hr-meridian.msappproxy.net/',
          implicitGrantSettings: { enableIdTokenIssuance: true, enableAccessTokenIssuance: false },
        },
      },
      depends_on: ['msgraph_update_resource.hr-portal_publishing'],
    });
  });

  test('the service principal requires assignment, set on that one property of the template service principal', () => {
    expect(resourcesOf(prod(), 'msgraph_update_resource')['hr-portal_assignment_required']).toEqual({
      url: 'servicePrincipals/${azuread_application_from_template.hr-portal.service_principal_object_id}',
      body: { appRoleAssignmentRequired: true },
      retry: { error_message_regex: ['Request_ResourceNotFound', 'does not exist or one of its queried reference-property objects are not present'] },
    });
    expect(resourcesOf(prod(), 'azuread_service_principal')).toEqual({});
  });

  test('each assigned group gets the template User role on the app service principal', () => {
    expect(TEMPLATE_USER_APP_ROLE_ID).toBe('18d14569-c3bd-439b-9a66-3a2aee01d14f');
    expect(resourcesOf(prod(), 'azuread_app_role_assignment')).toEqual({
      'engineering-wiki_engineering-staff': {
        app_role_id: '18d14569-c3bd-439b-9a66-3a2aee01d14f',
        principal_object_id: '6f000000-0000-4000-8000-000000000003',
        resource_object_id: '${azuread_application_from_template.engineering-wiki.service_principal_object_id}',
      },
      'finance-reporting_finance-staff': {
        app_role_id: '18d14569-c3bd-439b-9a66-3a2aee01d14f',
        principal_object_id: '6f000000-0000-4000-8000-000000000004',
        resource_object_id: '${azuread_application_from_template.finance-reporting.service_principal_object_id}',
      },
      'hr-portal_hr-staff': {
        app_role_id: '18d14569-c3bd-439b-9a66-3a2aee01d14f',
        principal_object_id: '6f000000-0000-4000-8000-000000000002',
        resource_object_id: '${azuread_application_from_template.hr-portal.service_principal_object_id}',
      },
    });
  });

  test('the client id for Conditional Access is read from the application the template created', () => {
    expect(prod().data?.['azuread_application']).toEqual({
      'engineering-wiki': { object_id: '${azuread_application_from_template.engineering-wiki.application_object_id}' },
      'finance-reporting': { object_id: '${azuread_application_from_template.finance-reporting.application_object_id}' },
      'hr-portal': { object_id: '${azuread_application_from_template.hr-portal.application_object_id}' },
    });
  });

  test('one msgraph provider, OIDC as the deploy identity; no delegated provider where the YAML opts out of the assignment', () => {
    expect(prod().terraform['required_providers']).toMatchObject({ msgraph: { source: 'microsoft/msgraph' } });
    // The delegated configuration is there for directorySync.features (Graph allows it only for a
    // signed-in Global Administrator), not for App Proxy: no connector-group action uses it.
    expect(prod().provider?.['msgraph']).toEqual([
      { tenant_id: '7e000000-0000-4000-8000-0000000000a1', use_oidc: true },
      { alias: 'delegated', tenant_id: '7e000000-0000-4000-8000-0000000000a1', use_cli: true, use_oidc: false },
    ]);
    expect(resourcesOf(prod(), 'msgraph_resource_action')).toEqual({});
  });

  test('an output lists what the one-time connector-group step needs', () => {
    const output = prod().output?.['app_proxy_applications'] as { value: Record<string, Record<string, string>> };
    expect(output.value['hr-portal']).toEqual({
      application_object_id: '${azuread_application_from_template.hr-portal.application_object_id}',
      client_id: '${data.azuread_application.hr-portal.client_id}',
      service_principal_object_id: '${azuread_application_from_template.hr-portal.service_principal_object_id}',
      external_url: 'https://hr-meridian.msappproxy.net/',
      connector_group_id: 'c9000000-0000-4000-8000-000000000001',
    });
    expect(output.value['engineering-wiki']!['connector_group_id']).toBe('c9000000-0000-4000-8000-000000000002');
  });

  test('environments without appProxy (or any other Graph component) have no App Proxy resources and no msgraph provider', () => {
    const dir = writeEnvironments({ dev: mutateSample('dev', (env) => {
      delete env.appProxy;
      delete env.policies.CA021;
      delete env.pim; // access reviews use msgraph too
      delete env.authenticationContexts; // so do authentication contexts
      delete env.suppressions; // the one suppression accepts enforcing AC001 at once
      // and so do the tenant settings
      for (const key of ['authenticationMethods', 'authorization', 'deviceRegistration', 'directoryRolePolicies']) delete env[key];
      delete env.directorySync.features;
    }) });
    const tf = synthStacks(dir)['dev']!;
    expect(resourcesOf(tf, 'azuread_application_from_template')).toEqual({});
    expect(tf.provider?.['msgraph']).toBeUndefined();
    expect(resourcesOf(tf, 'azuread_conditional_access_policy')['CA021']).toBeUndefined();
  });
});

describe('connector group assignment', () => {
  test('is a beta PUT on connectorGroup/$ref through the delegated provider, after the publishing PATCH', () => {
    expect(resourcesOf(dev(), 'msgraph_resource_action')).toEqual({
      'engineering-wiki_connector_group': {
        provider: 'msgraph.delegated',
        resource_url: 'applications/${azuread_application_from_template.engineering-wiki.application_object_id}',
        action: 'connectorGroup/$ref',
        method: 'PUT',
        api_version: 'beta',
        body: {
          '@odata.id': 'https://graph.microsoft.com/beta/onPremisesPublishingProfiles/applicationProxy/connectorGroups/c9000000-0000-4000-8000-00000000de01',
        },
        depends_on: ['msgraph_update_resource.engineering-wiki_publishing'],
      },
    });
    expect(dev().provider?.['msgraph']).toEqual([
      { tenant_id: '7e000000-0000-4000-8000-00000000de01', use_oidc: true },
      { alias: 'delegated', tenant_id: '7e000000-0000-4000-8000-00000000de01', use_cli: true, use_oidc: false },
    ]);
  });

  function devWithFlag(env: string | undefined, option?: boolean) {
    const dir = writeEnvironments({ dev: assigningDev() });
    const fromEnv = synthOptionsFrom({ PERIMETER_SKIP_CONNECTOR_GROUP_ASSIGNMENT: env });
    const { stacks } = appFromFiles({ ...fromEnv, environmentsDir: dir, ...(option === undefined ? {} : { skipConnectorGroupAssignment: option }) });
    const stack = stacks[0]!;
    return { tf: JSON.parse(Testing.synth(stack)) as TfJson, warnings: stack.appProxy!.node.metadata.filter((m) => m.type === '@cdktf/warn').map((m) => String(m.data)) };
  }

  test('a deploy run skips it with PERIMETER_SKIP_CONNECTOR_GROUP_ASSIGNMENT=1, and says so', () => {
    const { tf, warnings } = devWithFlag('1');
    expect(resourcesOf(tf, 'msgraph_resource_action')).toEqual({});
    // Still declared: unused in this plan (so never configured), but there to drop an assignment already in the state.
    expect(tf.provider?.['msgraph']).toEqual([
      { tenant_id: '7e000000-0000-4000-8000-00000000de01', use_oidc: true },
      { alias: 'delegated', tenant_id: '7e000000-0000-4000-8000-00000000de01', use_cli: true, use_oidc: false },
    ]);
    expect(warnings).toEqual([
      expect.stringContaining('dev.yaml: connector'),
    ]);
    expect(warnings[0]!.slice(warnings[0]!.indexOf('dev.yaml'))).toEqual(
      'dev.yaml: connector group of engineering-wiki not assigned by this deploy (this run skips it (PERIMETER_SKIP_CONNECTOR_GROUP_ASSIGNMENT)); an Application Administrator makes that assignment once (components/app-proxy/README.md, "The connector group"); until then a new app uses the tenant\'s default connector group',
    );
    // Everything else of the app is still there.
    expect(Object.keys(resourcesOf(tf, 'msgraph_update_resource')).filter((k) => !k.startsWith('settings_')).sort()).toEqual([
      'authentication_context_c1',
      'engineering-wiki_assignment_required',
      'engineering-wiki_publishing',
      'engineering-wiki_urls',
    ]);
  });

  test('other values of the variable do not skip it; the buildApp option wins over the variable', () => {
    expect(Object.keys(resourcesOf(devWithFlag('0').tf, 'msgraph_resource_action'))).toEqual(['engineering-wiki_connector_group']);
    expect(Object.keys(resourcesOf(devWithFlag(undefined).tf, 'msgraph_resource_action'))).toEqual(['engineering-wiki_connector_group']);
    expect(resourcesOf(devWithFlag(undefined, true).tf, 'msgraph_resource_action')).toEqual({});
    expect(Object.keys(resourcesOf(devWithFlag('true', false).tf, 'msgraph_resource_action'))).toEqual(['engineering-wiki_connector_group']);
  });
});
