/** directoryRolePolicies: load-time checks and the Graph rules from the PIM groups' settings model. */
import { loadMutated, synthStacks } from '../../__tests__/helpers/synth';

test('Global Administrator needs approvers; a Tier-0 active assignment must expire; the mailbox falls back to pim', () => {
  expect(loadMutated('prod', (env) => delete env.directoryRolePolicies.roles['Global Administrator'].approvers).problems).toEqual([
    expect.stringMatching(/directoryRolePolicies\.roles\.Global Administrator\.approvers: Global Administrator activation must need approval \(MS\.AAD\.7\.6\)/),
  ]);
  expect(loadMutated('prod', (env) => (env.directoryRolePolicies.roles['Privileged Role Administrator'].activeAssignmentExpiresAfter = 'permanent')).problems).toEqual([
    expect.stringMatching(/Privileged Role Administrator is a Tier-0 role: a direct active assignment must expire/),
  ]);
  expect(loadMutated('prod', (env) => (env.directoryRolePolicies.roles['Global Admin'] = { maxActivation: 'PT1H', eligibilityExpiresAfter: 'P30D' })).problems).toEqual([
    expect.stringMatching(/directoryRolePolicies\.roles\.Global Admin: unknown directory role/),
  ]);
  const env = loadMutated('prod', (e) => delete e.directoryRolePolicies.securityMailbox).environment!;
  expect(env.directoryRolePolicies!.securityMailbox).toBe('identity-alerts@meridiancomponents.example');
});

test('enabled (dev): the policy id comes from a plan-time lookup, the rules carry approval, MFA, justification and notices', () => {
  const dev = synthStacks()['dev'] as any;
  const write = dev.resource.msgraph_update_resource['settings_role_policy_global_administrator'];
  expect(write.url).toBe('policies/roleManagementPolicies/${data.msgraph_resource.settings_role_policy_global_administrator.output.policy_id}');
  const rules = Object.fromEntries((write.body.rules as any[]).map((r) => [r.id, r]));
  expect(Object.keys(rules)).toHaveLength(10);
  expect(rules['Approval_EndUser_Assignment'].setting.isApprovalRequired).toBe(true);
  expect(rules['Approval_EndUser_Assignment'].setting.approvalStages[0].primaryApprovers).toEqual([
    { '@odata.type': '#microsoft.graph.singleUser', userId: 'ae000000-0000-4000-8000-00000000de01' },
    { '@odata.type': '#microsoft.graph.singleUser', userId: 'ae000000-0000-4000-8000-00000000de02' },
  ]);
  expect(rules['Enablement_EndUser_Assignment'].enabledRules).toEqual(['Justification', 'MultiFactorAuthentication']);
  expect(rules['Expiration_EndUser_Assignment']).toMatchObject({ isExpirationRequired: true, maximumDuration: 'PT2H' });
  for (const id of ['Notification_Admin_Admin_Eligibility', 'Notification_Admin_Admin_Assignment', 'Notification_Admin_EndUser_Assignment']) {
    expect(rules[id].notificationRecipients).toEqual(['identity-lab-alerts@meridiancomponents.example']);
  }
  for (const r of Object.values(rules)) expect((r as any)['@odata.type']).toMatch(/^#microsoft\.graph\.unifiedRoleManagementPolicy\w+Rule$/);
});
