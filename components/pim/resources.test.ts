/**
 * The sample environments' PIM resources: one explicit assertion per policy rule of issue 3,
 * plus a snapshot of everything PIM adds to production for review.
 */
import { readSample, resourcesOf, synthStacks, type TfJson } from '../../__tests__/helpers/synth';
import { DIRECTORY_ROLES, TIER0_ROLES } from '../../core/microsoft/directory-roles';

const stacks = synthStacks();
const prod = stacks.prod!;
const dev = stacks.dev!;
const prodYaml = readSample('prod') as { pim: { securityMailbox: string; roles: Record<string, Record<string, any>>; azureRoles: Record<string, any>[] } };
const MAILBOX = prodYaml.pim.securityMailbox;
const ROLE_KEYS: Record<string, string> = {
  'Global Administrator': 'pim_global_administrator',
  'Privileged Role Administrator': 'pim_privileged_role_administrator',
  'Security Administrator': 'pim_security_administrator',
  'Conditional Access Administrator': 'pim_conditional_access_administrator',
  'Hybrid Identity Administrator': 'pim_hybrid_identity_administrator',
};
const GA_TEMPLATE = DIRECTORY_ROLES['Global Administrator'];
const BREAK_GLASS = ['b9000000-0000-4000-8000-000000000001', 'b9000000-0000-4000-8000-000000000002'];

const policies = (tf: TfJson) => resourcesOf(tf, 'azuread_group_role_management_policy') as Record<string, any>;
const azurePolicies = (tf: TfJson) => resourcesOf(tf, 'azurerm_role_management_policy') as Record<string, any>;
const allPolicies = () => [...Object.entries(policies(prod)), ...Object.entries(azurePolicies(prod))];

describe('role-assignable groups', () => {
  test('one security group per role, addressed by the role-name slug, role-assignable', () => {
    const groups = resourcesOf(prod, 'azuread_group');
    for (const [role, key] of Object.entries(ROLE_KEYS)) {
      expect(groups[key]).toMatchObject({ display_name: `PIM: ${role}`, security_enabled: true, mail_enabled: false, assignable_to_role: true });
    }
  });

  test('the groups leave membership to PIM: no members argument, so activations are never drift', () => {
    for (const key of Object.values(ROLE_KEYS)) expect(resourcesOf(prod, 'azuread_group')[key]).not.toHaveProperty('members');
  });

  test('each group holds its directory role by template id, tenant-wide', () => {
    const assignments = resourcesOf(prod, 'azuread_directory_role_assignment');
    for (const [role, key] of Object.entries(ROLE_KEYS)) {
      expect(assignments[key]).toEqual({
        role_id: DIRECTORY_ROLES[role as keyof typeof DIRECTORY_ROLES],
        principal_object_id: `\${azuread_group.${key}.object_id}`,
        directory_scope_id: '/',
      });
    }
  });
});

describe('eligible members through PIM for Groups', () => {
  const schedules = resourcesOf(prod, 'azuread_privileged_access_group_eligibility_schedule') as Record<string, any>;

  test('one eligibility per listed member and role, as member of the group', () => {
    for (const [role, key] of Object.entries(ROLE_KEYS)) {
      const members: string[] = prodYaml.pim.roles[role]!.eligibleMembers;
      for (const id of members) {
        expect(schedules[`${key}_eligible_${id}`]).toMatchObject({ group_id: `\${azuread_group.${key}.object_id}`, principal_id: id, assignment_type: 'member' });
      }
    }
    expect(Object.keys(schedules)).toHaveLength(Object.values(prodYaml.pim.roles).reduce((n, r) => n + r.eligibleMembers.length, 0));
    expect(Object.keys(schedules).filter((k) => k.startsWith('pim_global_administrator_eligible_'))).toHaveLength(14);
  });

  test('eligibility always expires: a duration from the YAML, never permanent_assignment', () => {
    for (const [address, schedule] of Object.entries(schedules)) {
      const role = Object.keys(ROLE_KEYS).find((r) => address.startsWith(`${ROLE_KEYS[r]}_eligible_`))!;
      expect(schedule.duration).toBe(prodYaml.pim.roles[role]!.eligibilityExpiresAfter);
      expect(schedule).not.toHaveProperty('permanent_assignment');
      expect(schedule).not.toHaveProperty('expiration_date');
    }
  });

  test('every eligibility waits for its group policy', () => {
    for (const [address, schedule] of Object.entries(schedules)) {
      const key = address.slice(0, address.indexOf('_eligible_'));
      expect(schedule.depends_on).toEqual([`azuread_group_role_management_policy.${key}`]);
    }
  });

  test('the sample has no standing active members', () => {
    expect(resourcesOf(prod, 'azuread_privileged_access_group_assignment_schedule')).toEqual({});
  });
});

describe('activation policy of every PIM group', () => {
  test('one policy per group, on the member role', () => {
    for (const key of Object.values(ROLE_KEYS)) {
      expect(policies(prod)[key]).toMatchObject({ group_id: `\${azuread_group.${key}.object_id}`, role_id: 'member' });
    }
  });

  test('rule: maximum activation duration per role, from the YAML', () => {
    expect(Object.fromEntries(Object.entries(ROLE_KEYS).map(([role, key]) => [role, policies(prod)[key].activation_rules.maximum_duration]))).toEqual({
      'Global Administrator': 'PT4H',
      'Privileged Role Administrator': 'PT2H',
      'Security Administrator': 'PT8H',
      'Conditional Access Administrator': 'PT4H',
      'Hybrid Identity Administrator': 'PT8H',
    });
  });

  test('rule: MFA on activation, or an authentication context, never both', () => {
    for (const [address, policy] of allPolicies()) {
      const rules = policy.activation_rules;
      const mfa = rules.require_multifactor_authentication === true;
      const context = typeof rules.required_conditional_access_authentication_context === 'string';
      expect({ address, exactlyOne: mfa !== context }).toEqual({ address, exactlyOne: true });
    }
    const ca = policies(prod).pim_conditional_access_administrator.activation_rules;
    expect(ca.required_conditional_access_authentication_context).toBe('c1');
    expect(ca).not.toHaveProperty('require_multifactor_authentication');
    expect(policies(prod).pim_global_administrator.activation_rules.require_multifactor_authentication).toBe(true);
  });

  test('rule: a justification is required on every activation', () => {
    for (const [, policy] of allPolicies()) expect(policy.activation_rules.require_justification).toBe(true);
  });

  test('rule: Global Administrator and Privileged Role Administrator need approval by the listed approvers, for at most 4 h', () => {
    for (const key of ['pim_global_administrator', 'pim_privileged_role_administrator']) {
      const rules = policies(prod)[key].activation_rules;
      expect(rules.require_approval).toBe(true);
      expect(rules.approval_stage.primary_approver).toEqual([
        { object_id: '6f000000-0000-4000-8000-0000000000a1', type: 'groupMembers' },
        { object_id: 'ae000000-0000-4000-8000-000000000001', type: 'singleUser' },
      ]);
      expect(['PT30M', 'PT1H', 'PT1H30M', 'PT2H', 'PT2H30M', 'PT3H', 'PT3H30M', 'PT4H']).toContain(rules.maximum_duration);
    }
    const sec = policies(prod).pim_security_administrator.activation_rules;
    expect(sec.require_approval).toBe(false);
    expect(sec).not.toHaveProperty('approval_stage');
  });

  test('rule: eligible assignments must expire, within the YAML maximum', () => {
    for (const [role, key] of Object.entries(ROLE_KEYS)) {
      expect(policies(prod)[key].eligible_assignment_rules).toEqual({ expiration_required: true, expire_after: prodYaml.pim.roles[role]!.eligibilityExpiresAfter });
    }
  });

  test('rule: active assignments expire too (default P15D) and need MFA and a justification', () => {
    for (const [, policy] of allPolicies()) {
      expect(policy.active_assignment_rules).toMatchObject({ expiration_required: true, expire_after: 'P15D', require_multifactor_authentication: true, require_justification: true });
    }
  });

  test('rule: every eligible assignment, active assignment and activation notifies the security mailbox', () => {
    const toMailbox = { notification_level: 'All', default_recipients: true, additional_recipients: [MAILBOX] };
    for (const [, policy] of allPolicies()) {
      expect(policy.notification_rules).toEqual({
        eligible_assignments: { admin_notifications: toMailbox },
        active_assignments: { admin_notifications: toMailbox },
        eligible_activations: { admin_notifications: toMailbox },
      });
    }
  });

  test('a ticket is required where the YAML asks for one', () => {
    expect(policies(prod).pim_hybrid_identity_administrator.activation_rules.require_ticket_info).toBe(true);
    expect(policies(prod).pim_global_administrator.activation_rules.require_ticket_info).toBe(false);
  });
});

describe('standing Global Administrator', () => {
  test('break-glass accounts keep a permanent active Global Administrator assignment when the environment asks', () => {
    const assignments = resourcesOf(prod, 'azuread_directory_role_assignment');
    for (const id of BREAK_GLASS) {
      expect(assignments[`break_glass_global_administrator_${id}`]).toEqual({ role_id: GA_TEMPLATE, principal_object_id: id, directory_scope_id: '/', lifecycle: { prevent_destroy: true } });
    }
  });

  test('the only standing holders of Global Administrator are the break-glass accounts and the PIM group', () => {
    const holders = Object.values(resourcesOf(prod, 'azuread_directory_role_assignment'))
      .filter((a) => a.role_id === GA_TEMPLATE)
      .map((a) => a.principal_object_id)
      .sort();
    expect(holders).toEqual(['${azuread_group.pim_global_administrator.object_id}', ...BREAK_GLASS].sort());
  });

  test('an environment that does not ask gets no break-glass assignment', () => {
    expect(Object.keys(resourcesOf(dev, 'azuread_directory_role_assignment')).sort()).toEqual(['pim_global_administrator', 'pim_security_administrator']);
  });

  test('every Tier-0 role in the sample is held through a group, never by a person', () => {
    const tier0 = new Set<string>(TIER0_ROLES.map((r) => DIRECTORY_ROLES[r]));
    const heldByPeople = Object.entries(resourcesOf(prod, 'azuread_directory_role_assignment'))
      .filter(([, a]) => tier0.has(String(a.role_id)) && !String(a.principal_object_id).startsWith('${azuread_group.'))
      .map(([address]) => address);
    expect(heldByPeople.sort()).toEqual(BREAK_GLASS.map((id) => `break_glass_global_administrator_${id}`));
  });
});

describe('Azure resource roles', () => {
  const SUB = '/subscriptions/50000000-0000-4000-8000-0000000000b1';
  const MG = '/providers/Microsoft.Management/managementGroups/meridian-platform';
  const OWNER = `pim_owner_sub_50000000-0000-4000-8000-0000000000b1`;
  const UAA = 'pim_user_access_administrator_mg_meridian_platform';

  test('one activation policy per role and scope, with the scoped role definition id', () => {
    expect(azurePolicies(prod)[OWNER]).toMatchObject({
      scope: SUB,
      role_definition_id: `${SUB}/providers/Microsoft.Authorization/roleDefinitions/8e3af657-a8ff-443c-a75c-2fe8c4bcb635`,
    });
    expect(azurePolicies(prod)[UAA]).toMatchObject({
      scope: MG,
      role_definition_id: `${MG}/providers/Microsoft.Authorization/roleDefinitions/18d7d88d-d35e-4fb5-a5c3-7773c20a72d9`,
    });
  });

  test('Azure approvers are typed User / Group, as azurerm spells them', () => {
    expect(azurePolicies(prod)[OWNER].activation_rules).toMatchObject({
      maximum_duration: 'PT4H',
      require_approval: true,
      approval_stage: {
        primary_approver: [
          { object_id: '6f000000-0000-4000-8000-0000000000a1', type: 'Group' },
          { object_id: 'ae000000-0000-4000-8000-000000000002', type: 'User' },
        ],
      },
    });
    expect(azurePolicies(prod)[UAA].eligible_assignment_rules).toEqual({ expiration_required: true, expire_after: 'P90D' });
  });

  test('eligible assignments per member expire after the YAML length, and wait for the policy', () => {
    const eligible = resourcesOf(prod, 'azurerm_pim_eligible_role_assignment') as Record<string, any>;
    expect(Object.keys(eligible).sort()).toEqual([
      `${OWNER}_eligible_ad000000-0000-4000-8000-000000000006`,
      `${OWNER}_eligible_ad000000-0000-4000-8000-000000000009`,
      `${UAA}_eligible_ad000000-0000-4000-8000-000000000009`,
    ]);
    expect(eligible[`${UAA}_eligible_ad000000-0000-4000-8000-000000000009`]).toMatchObject({
      scope: MG,
      principal_id: 'ad000000-0000-4000-8000-000000000009',
      schedule: { expiration: { duration_days: 90 } },
      depends_on: [`azurerm_role_management_policy.${UAA}`],
    });
    expect(eligible[`${OWNER}_eligible_ad000000-0000-4000-8000-000000000006`].schedule).toEqual({ expiration: { duration_days: 180 } });
  });

  test('one azurerm provider per stack, authenticating with OIDC; scope-addressed PIM resources work with the telemetry subscription', () => {
    // Telemetry places resources in its subscription, so it binds the provider; PIM roles carry their full scope.
    expect(prod.provider?.azurerm).toEqual([
      { features: [{}], subscription_id: 'c5000000-0000-4000-8000-0000000000a1', use_oidc: true, resource_provider_registrations: 'none' },
    ]);
    for (const a of Object.values(resourcesOf(prod, 'azurerm_pim_eligible_role_assignment')) as any[]) expect(a.scope).toMatch(/^\/(subscriptions|providers)\//);
  });
});

describe('quarterly access reviews', () => {
  const reviews = (tf: TfJson) =>
    Object.fromEntries(Object.entries(resourcesOf(tf, 'msgraph_resource') as Record<string, any>).filter(([, r]) => r.url === 'identityGovernance/accessReviews/definitions'));

  test('one review per PIM group, of that group', () => {
    expect(Object.keys(reviews(prod)).sort()).toEqual(Object.values(ROLE_KEYS).map((k) => `${k}_access_review`).sort());
    const ga = reviews(prod).pim_global_administrator_access_review;
    expect(ga.url).toBe('identityGovernance/accessReviews/definitions');
    expect(ga.body.scope).toEqual({
      '@odata.type': '#microsoft.graph.accessReviewQueryScope',
      query: '/groups/${azuread_group.pim_global_administrator.object_id}/transitiveMembers',
      queryType: 'MicrosoftGraph',
    });
  });

  test('quarterly from the start date, by the listed reviewers', () => {
    const settings = reviews(prod).pim_security_administrator_access_review.body.settings;
    expect(settings.recurrence).toEqual({ pattern: { type: 'absoluteMonthly', interval: 3, dayOfMonth: 4 }, range: { type: 'noEnd', startDate: '2027-01-04' } });
    expect(settings).toMatchObject({ instanceDurationInDays: 14, autoApplyDecisionsEnabled: false, defaultDecision: 'None', defaultDecisionEnabled: false, justificationRequiredOnApproval: true });
    const reviewers = [
      { query: '/users/ae000000-0000-4000-8000-000000000001', queryType: 'MicrosoftGraph' },
      { query: '/groups/6f000000-0000-4000-8000-0000000000a1/transitiveMembers', queryType: 'MicrosoftGraph' },
    ];
    expect(reviews(prod).pim_security_administrator_access_review.body.reviewers).toEqual(reviewers);
    expect(reviews(prod).pim_security_administrator_access_review.body.fallbackReviewers).toEqual(reviewers);
  });

  test('one default msgraph provider per stack, for the environment tenant, shared with App Proxy', () => {
    const defaults = (tf: TfJson) => ((tf.provider?.msgraph ?? []) as Record<string, unknown>[]).filter((p) => p['alias'] === undefined);
    expect(defaults(prod)).toEqual([{ tenant_id: '7e000000-0000-4000-8000-0000000000a1', use_oidc: true }]);
    expect(defaults(dev)).toEqual([{ tenant_id: '7e000000-0000-4000-8000-00000000de01', use_oidc: true }]);
  });
});

test('snapshot: everything PIM adds to production', () => {
  const PIM_TYPES = [
    'azuread_group',
    'azuread_directory_role_assignment',
    'azuread_group_role_management_policy',
    'azuread_privileged_access_group_eligibility_schedule',
    'azurerm_role_management_policy',
    'azurerm_pim_eligible_role_assignment',
    'msgraph_resource',
  ];
  const pim = Object.fromEntries(
    PIM_TYPES.map((type) => [
      type,
      Object.fromEntries(Object.entries(resourcesOf(prod, type)).filter(([address]) => address.startsWith('pim_') || address.startsWith('break_glass_global'))),
    ]),
  );
  expect({ provider: { azurerm: prod.provider?.azurerm, msgraph: prod.provider?.msgraph }, resource: pim }).toMatchSnapshot();
});
