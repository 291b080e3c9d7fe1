import { App, TerraformStack, Testing } from '../cdktf';
import {
  MSGRAPH_PROVIDER_VERSION,
  MsgraphProvider,
  MsgraphResource,
  MsgraphResourceAction,
  MsgraphUpdateResource,
} from './msgraph';

function synth(build: (stack: TerraformStack) => void): any {
  const app = new App({ stackTraces: false });
  const stack = new TerraformStack(app, 'test');
  build(stack);
  return JSON.parse(Testing.synth(stack));
}

test('the provider is required from microsoft/msgraph at the pinned version and uses OIDC', () => {
  const tf = synth((s) => new MsgraphProvider(s, 'msgraph', { tenantId: '7e000000-0000-4000-8000-0000000000a1' }));
  expect(tf.terraform.required_providers.msgraph).toEqual({ source: 'microsoft/msgraph', version: MSGRAPH_PROVIDER_VERSION });
  expect(tf.provider.msgraph).toEqual([{ tenant_id: '7e000000-0000-4000-8000-0000000000a1', use_oidc: true }]);
});

test('bodies keep Graph camelCase keys and odata annotations verbatim', () => {
  const tf = synth((s) => {
    new MsgraphProvider(s, 'msgraph');
    const created = new MsgraphResource(s, 'review', {
      url: 'identityGovernance/accessReviews/definitions',
      body: { displayName: 'x', scope: { '@odata.type': '#microsoft.graph.accessReviewQueryScope', query: '/groups/1/members' } },
      responseExportValues: { id: 'id' },
    });
    const patch = new MsgraphUpdateResource(s, 'publishing', {
      url: 'applications/abc',
      apiVersion: 'beta',
      body: { onPremisesPublishing: { isHttpOnlyCookieEnabled: true } },
      readQueryParameters: { $select: ['onPremisesPublishing'] },
      dependsOn: [created],
    });
    new MsgraphResourceAction(s, 'connector', {
      resourceUrl: 'applications/abc',
      action: 'connectorGroup/$ref',
      method: 'PUT',
      apiVersion: 'beta',
      body: { '@odata.id': `https://graph.microsoft.com/beta/x/${created.output('id')}` },
      dependsOn: [patch],
    });
  });
  expect(tf.resource.msgraph_resource.review.body.scope['@odata.type']).toBe('#microsoft.graph.accessReviewQueryScope');
  expect(tf.resource.msgraph_update_resource.publishing).toMatchObject({
    url: 'applications/abc',
    api_version: 'beta',
    body: { onPremisesPublishing: { isHttpOnlyCookieEnabled: true } },
    read_query_parameters: { $select: ['onPremisesPublishing'] },
    depends_on: ['msgraph_resource.review'],
  });
  expect(tf.resource.msgraph_resource_action.connector).toMatchObject({
    resource_url: 'applications/abc',
    action: 'connectorGroup/$ref',
    method: 'PUT',
    body: { '@odata.id': 'https://graph.microsoft.com/beta/x/${msgraph_resource.review.output.id}' },
    depends_on: ['msgraph_update_resource.publishing'],
  });
});

test('a resource on an aliased provider names that configuration', () => {
  const tf = synth((s) => {
    new MsgraphProvider(s, 'msgraph');
    const delegated = new MsgraphProvider(s, 'msgraph-delegated', { alias: 'delegated', useOidc: false, useCli: true });
    new MsgraphResourceAction(s, 'call', { provider: delegated, resourceUrl: 'applications/abc', method: 'GET' });
  });
  expect(tf.provider.msgraph).toEqual([{ use_oidc: true }, { alias: 'delegated', use_cli: true, use_oidc: false }]);
  expect(tf.resource.msgraph_resource_action.call.provider).toBe('msgraph.delegated');
});
