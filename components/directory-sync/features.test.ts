/** directorySync.features: what is written, what is only asserted, and through which identity. */
import { loadMutated, synthStacks } from '../../__tests__/helpers/synth';

const stacks = synthStacks();

test('report-only: one check through msgraph.delegated compares the written and the asserted flags; nothing is written', () => {
  const prod = stacks['prod'] as any;
  expect(prod.resource.msgraph_update_resource['settings_directory_sync_features']).toBeUndefined();
  expect(prod.check['settings_directory_sync_features'].data.msgraph_resource['settings_directory_sync_features']).toEqual({
    provider: 'msgraph.delegated',
    url: 'directory/onPremisesSynchronization/7e000000-0000-4000-8000-0000000000a1',
    response_export_values: { live: '@' },
  });
  expect(prod.locals['settings_directory_sync_features']).toEqual({
    features: { blockSoftMatchEnabled: true, blockCloudObjectTakeoverThroughHardMatchEnabled: true, passwordSyncEnabled: true, passwordWritebackEnabled: true, deviceWritebackEnabled: false },
    configuration: { accidentalDeletionPrevention: { synchronizationPreventionType: 'enabledForCount', alertThreshold: 500 } },
  });
});

test('enabled: the tenant-settable flags are written as a Global Administrator, the client-owned ones stay a check', () => {
  const { environment } = loadMutated('dev', (env) => (env.directorySync.features.stage = 'enabled'));
  expect(environment!.directorySync!.features!.stage).toBe('enabled');
  const { buildApp } = jest.requireActual('../../app/app') as typeof import('../../app/app');
  const { stacks: built, guardrails } = buildApp([environment!]);
  const tf = guardrails.synthesized(built[0]!) as any;
  expect(tf.resource.msgraph_update_resource['settings_directory_sync_features']).toMatchObject({
    provider: 'msgraph.delegated',
    url: 'directory/onPremisesSynchronization/7e000000-0000-4000-8000-00000000de01',
    body: {
      features: { blockSoftMatchEnabled: true, blockCloudObjectTakeoverThroughHardMatchEnabled: true },
      configuration: { accidentalDeletionPrevention: { synchronizationPreventionType: 'enabledForCount', alertThreshold: 500 } },
    },
  });
  expect(Object.keys(tf.resource.msgraph_update_resource['settings_directory_sync_features'].body.features)).not.toContain('passwordSyncEnabled');
  expect(tf.locals['settings_directory_sync_features']).toEqual({ features: { passwordSyncEnabled: true, passwordWritebackEnabled: true, deviceWritebackEnabled: false } });
});

test('password hash sync must be asserted on', () => {
  expect(loadMutated('prod', (env) => (env.directorySync.features.asserted.passwordSync = false)).problems).toEqual([
    expect.stringMatching(/^prod\.yaml:\d+: directorySync\.features\.asserted\.passwordSync: .*password hash sync is the fallback/),
  ]);
  expect(loadMutated('prod', (env) => (env.directorySync.features.passwordSync = true)).problems).toEqual([
    expect.stringMatching(/^prod\.yaml:\d+: directorySync\.features\.passwordSync: unknown key/),
  ]);
});

test('a run that cannot act as a signed-in user (the pipeline) leaves the delegated check out, and says so', () => {
  const { buildApp } = jest.requireActual('../../app/app') as typeof import('../../app/app');
  const { environment } = loadMutated('dev', () => undefined);
  const { stacks: built, guardrails } = buildApp([environment!], { skipConnectorGroupAssignment: true });
  const tf = guardrails.synthesized(built[0]!) as any;
  expect(tf.check?.['settings_directory_sync_features']).toBeUndefined();
  expect(tf.check?.['settings_authorization_policy'] ?? tf.resource.msgraph_update_resource['settings_authorization_policy']).toBeDefined();
  const warnings = built[0]!.node.metadata.filter((m) => m.type === '@cdktf/warn').map((m) => String(m.data));
  expect(warnings).toContainEqual(expect.stringContaining('Directory sync settings not checked by this run (PERIMETER_SKIP_CONNECTOR_GROUP_ASSIGNMENT: no signed-in user)'));
});
