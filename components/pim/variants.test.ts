/** PIM settings the samples do not use, the provider helpers, and what a full synth reports. */
import { join } from 'node:path';
import { AzurermProvider } from '@cdktf/provider-azurerm/lib/provider';
import { loadEnvironmentFile } from '../../cli/environments';
import { App, TerraformStack, Testing } from '../../app/cdktf';
import { azurermProvider } from '../../app/providers/azurerm';
import { MsgraphProvider, msgraphProvider } from '../../app/providers/msgraph';

import { fullSynth, mutateSample, resourcesOf, SAMPLE_DIR, synthStacks, writeEnvironments, type TfJson } from '../../__tests__/helpers/synth';

const SEC = 'Security Administrator';
const PERSON = 'ad000000-0000-4000-8000-0000000000f1';

function synthProd(edit: (env: Record<string, any>) => void): TfJson {
  return synthStacks(writeEnvironments({ prod: mutateSample('prod', edit) })).prod!;
}

test('a full synth shows the accepted Global Administrator count (PRM-PIM004) as suppressed, with its reason', () => {
  const { manifest } = fullSynth(SAMPLE_DIR) as { manifest: { stacks: Record<string, { annotations: { level: string; message: string }[] }> } };
  const prod = manifest.stacks.prod!.annotations.filter((a) => a.message.includes('CISA'));
  expect(prod).toEqual([
    expect.objectContaining({
      level: '@cdktf/info',
      message: expect.stringMatching(/^suppressed PRM-PIM004 \[prod\]: pim\.roles\.Global Administrator: 14 people are eligible .*CISA's SCuBA baseline .* 2 to 8 Global Administrators.*\(reason: /),
    }),
  ]);
  expect(manifest.stacks.dev!.annotations.filter((a) => a.message.includes('CISA'))).toEqual([]);
});

test('time-bound active members get an expiring assignment schedule under the same policy', () => {
  const tf = synthProd((env) => {
    env.pim.roles[SEC].activeMembers = [PERSON];
    env.pim.roles[SEC].activeAssignmentExpiresAfter = 'P30D';
  });
  expect(resourcesOf(tf, 'azuread_privileged_access_group_assignment_schedule')).toEqual({
    [`pim_security_administrator_active_${PERSON}`]: {
      group_id: '${azuread_group.pim_security_administrator.object_id}',
      principal_id: PERSON,
      assignment_type: 'member',
      duration: 'P30D',
      justification: expect.stringContaining('Security Administrator: eligibility managed by perimeter (environment '),
      depends_on: ['azuread_group_role_management_policy.pim_security_administrator'],
    },
  });
  expect((resourcesOf(tf, 'azuread_group_role_management_policy').pim_security_administrator as any).active_assignment_rules).toMatchObject({
    expiration_required: true,
    expire_after: 'P30D',
  });
});

test('a permanent active member of a role outside Tier 0 is permanent in the schedule and allowed by the policy', () => {
  const tf = synthProd((env) => {
    env.pim.roles['Global Reader'] = {
      eligibleMembers: ['ad000000-0000-4000-8000-0000000000f2'],
      maxActivation: 'PT8H',
      eligibilityExpiresAfter: 'P90D',
      activeMembers: [PERSON],
      activeAssignmentExpiresAfter: 'permanent',
    };
  });
  const schedule = resourcesOf(tf, 'azuread_privileged_access_group_assignment_schedule')[`pim_global_reader_active_${PERSON}`] as any;
  expect(schedule.permanent_assignment).toBe(true);
  expect(schedule).not.toHaveProperty('duration');
  const rules = (resourcesOf(tf, 'azuread_group_role_management_policy').pim_global_reader as any).active_assignment_rules;
  expect(rules.expiration_required).toBe(false);
  expect(rules).not.toHaveProperty('expire_after');
});

test('an Azure role with an authentication context sends it instead of MFA', () => {
  const tf = synthProd((env) => {
    env.pim.azureRoles[0].authenticationContext = 'c2';
    env.authenticationContexts.c2 = { name: 'Azure ownership', policy: { stage: 'enabled', authenticationStrength: 'phishing-resistant' } };
  });
  const rules = (resourcesOf(tf, 'azurerm_role_management_policy')['pim_owner_sub_50000000-0000-4000-8000-0000000000b1'] as any).activation_rules;
  expect(rules.required_conditional_access_authentication_context).toBe('c2');
  expect(rules).not.toHaveProperty('require_multifactor_authentication');
});

test('management-group-only Azure roles authenticate azurerm against azureSubscriptionId', () => {
  const tf = synthProd((env) => {
    env.pim.azureRoles = [env.pim.azureRoles[1]];
    env.pim.azureSubscriptionId = '50000000-0000-4000-8000-0000000000b2';
    // Telemetry binds the provider to its own subscription when present; leave PIM alone here.
    delete env.telemetry;
    env.stage = 'off';
    env.policies = {};
    // Every policy off: the context policy too, so nothing may ask for c1.
    delete env.authenticationContexts;
    delete env.pim.roles['Conditional Access Administrator'].authenticationContext;
    env.suppressions = env.suppressions.filter((s: { target: string }) => s.target !== 'AC001');
  });
  expect((tf.provider?.azurerm?.[0] as Record<string, unknown>).subscription_id).toBe('50000000-0000-4000-8000-0000000000b2');
});

test('renaming a PIM group changes its display name, not its address', () => {
  const tf = synthProd((env) => {
    env.pim.roles['Global Administrator'].groupDisplayName = 'Tier 0 - Global Administrators (PIM)';
  });
  expect(resourcesOf(tf, 'azuread_group').pim_global_administrator).toMatchObject({ display_name: 'Tier 0 - Global Administrators (PIM)' });
  expect((resourcesOf(tf, 'msgraph_resource').pim_global_administrator_access_review as any).body.displayName).toBe(
    'Quarterly review: Tier 0 - Global Administrators (PIM)',
  );
});

test('auto-applied review decisions are a warning: the next deploy restores what the review removed', () => {
  const dir = writeEnvironments({
    prod: mutateSample('prod', (env) => {
      env.pim.accessReviews.autoApplyDecisions = true;
      env.pim.accessReviews.defaultDecision = 'Deny';
    }),
  });
  const loaded = loadEnvironmentFile(join(dir, 'prod.yaml'));
  expect(loaded.environment!.warnings).toContainEqual(expect.stringContaining('pim.accessReviews.autoApplyDecisions is true'));
  const tf = synthStacks(dir).prod!;
  expect((resourcesOf(tf, 'msgraph_resource').pim_global_administrator_access_review as any).body.settings).toMatchObject({
    autoApplyDecisionsEnabled: true,
    defaultDecision: 'Deny',
    defaultDecisionEnabled: true,
  });
});

test('an environment without pim: and without assignGlobalAdmin has no PIM resources or extra providers', () => {
  const tf = synthProd((env) => {
    delete env.pim;
    delete env.breakGlass.assignGlobalAdmin;
    delete env.telemetry;
    delete env.appProxy;
    delete env.authenticationContexts;
    env.stage = 'off';
    env.policies = {};
    env.suppressions = [];
    // Tenant settings call Graph too; off, they are not managed and need no provider.
    for (const key of ['authenticationMethods', 'authorization', 'deviceRegistration', 'directoryRolePolicies']) env[key].stage = 'off';
    env.directorySync.features.stage = 'off';
  });
  for (const type of ['azuread_directory_role_assignment', 'azuread_group_role_management_policy', 'msgraph_resource', 'azurerm_role_management_policy']) {
    expect(resourcesOf(tf, type)).toEqual({});
  }
  expect(Object.keys(tf.provider ?? {})).toEqual(['azuread']);
});

describe('provider helpers', () => {
  test('azurermProvider creates one provider per stack and returns it to every caller', () => {
    const stack = new TerraformStack(new App({ stackTraces: false }), 's');
    const first = azurermProvider(stack, '50000000-0000-4000-8000-0000000000b1');
    expect(azurermProvider(stack, '50000000-0000-4000-8000-0000000000b2')).toBe(first);
    const tf = JSON.parse(Testing.synth(stack));
    expect(tf.provider.azurerm).toHaveLength(1);
    expect(tf.provider.azurerm[0].subscription_id).toBe('50000000-0000-4000-8000-0000000000b1');
  });

  test('azurermProvider reuses a default provider another component created, and ignores aliased ones', () => {
    const stack = new TerraformStack(new App({ stackTraces: false }), 's');
    new AzurermProvider(stack, 'azurerm-other', { features: [{}], alias: 'other', subscriptionId: '50000000-0000-4000-8000-0000000000c1' });
    const existing = new AzurermProvider(stack, 'azurerm', { features: [{}], subscriptionId: '50000000-0000-4000-8000-0000000000c2' });
    expect(azurermProvider(stack, '50000000-0000-4000-8000-0000000000b1')).toBe(existing);
  });

  test('msgraphProvider creates one provider per stack', () => {
    const stack = new TerraformStack(new App({ stackTraces: false }), 's');
    const first = msgraphProvider(stack, { tenantId: '7e000000-0000-4000-8000-0000000000a1' });
    expect(msgraphProvider(stack, { tenantId: '7e000000-0000-4000-8000-0000000000a1' })).toBe(first);
    expect(stack.node.children.filter((c) => c instanceof MsgraphProvider)).toHaveLength(1);
  });
});
