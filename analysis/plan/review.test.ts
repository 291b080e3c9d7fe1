import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadEnvironmentFile } from '../../cli/environments';
import { guidsInText } from '../../core/ids';
import { declaredFacts } from '../../environment/declared';
import { readSynthesizedStack } from '../model/read';
import type { DeclaredFacts, EnvironmentModel } from '../model/types';
import { readPlan } from './read';
import { renderPlanReview, renderPlanReviewJson } from './render';
import { planMismatch, reviewPlan, type PlanReview } from './review';
import { codeBlocks, example, readDoc } from '../../__tests__/helpers/docs';
import { SAMPLE_DIR } from '../../__tests__/helpers/synth';

const FIXTURES = join(__dirname, '__fixtures__');
const text = (name: string) => readFileSync(join(FIXTURES, name), 'utf8');
const stackJson = (name: string) => JSON.parse(text(name)) as { resource: Record<string, Record<string, Record<string, unknown>>> };

const sample = declaredFacts(loadEnvironmentFile(join(SAMPLE_DIR, 'prod.yaml')).environment!);
const retiring = (...targets: string[]): DeclaredFacts => ({ ...sample, retired: targets.map((target) => ({ target, reason: `${target} goes: change CHG-3141` })) });
const modelOf = (stack: string, declared: DeclaredFacts = sample): EnvironmentModel => readSynthesizedStack(stackJson(stack), { name: 'prod', declared });
const review = (plan: string, stack: string, declared: DeclaredFacts = sample): PlanReview => reviewPlan(readPlan(text(plan), plan), modelOf(stack, declared));

const rows = (r: PlanReview) => r.changes.map((c) => [c.action, c.address, c.object.text, c.why ?? '', c.changes.join(' / ')]);

describe('a first deploy (every object created from the real prod stack)', () => {
  const first = review('first-deploy.plan.json', 'prod.cdk.tf.json');
  const stack = stackJson('prod.cdk.tf.json');
  const resources = Object.values(stack.resource).reduce((n, byName) => n + Object.keys(byName).length, 0);

  test('every resource is a create, the App Proxy lookups are read during apply, and the gate passes', () => {
    expect(resources).toBe(125);
    expect(first.counts).toEqual({ replace: 0, destroy: 0, update: 0, import: 0, forget: 0, move: 0, create: 125 });
    expect([first.unchanged, first.deferredReads, first.findings, first.passed]).toEqual([0, 3, [], true]);
  });

  test('each policy is named by its id and display name with its stage, and says what it grants', () => {
    const policies = first.changes.filter((c) => c.object.kind === 'policy');
    const words: Readonly<Record<string, string>> = { enabled: 'enabled', enabledForReportingButNotEnforced: 'report-only', disabled: 'off' };
    expect(policies.map((c) => c.object.text)).toEqual(
      Object.entries(stack.resource['azuread_conditional_access_policy']!).map(([, p]) => `policy ${String(p.display_name)} (${words[String(p.state)]})`),
    );
    expect(policies.find((c) => c.address.endsWith('CA006'))?.details).toBe('require a compliant device OR require a hybrid-joined device');
    expect(policies.find((c) => c.address.endsWith('CA017'))?.details).toBe('sign-in frequency every 4 hours; persistent browser never');
  });

  test('every other kind of object has its identity name', () => {
    const name = (address: string) => first.changes.find((c) => c.address === address)?.object.text;
    expect(
      [
        'azuread_named_location.corp-egress',
        'azuread_named_location.sync-egress',
        'azuread_named_location.allowed-countries',
        'azuread_group.break_glass_exclusion',
        'azuread_group.pim_global_administrator',
        'azuread_directory_role_assignment.break_glass_global_administrator_b9000000-0000-4000-8000-000000000001',
        'azuread_directory_role_assignment.pim_global_administrator',
        'azuread_group_role_management_policy.pim_global_administrator',
        'azuread_privileged_access_group_eligibility_schedule.pim_global_administrator_eligible_ad000000-0000-4000-8000-000000000001',
        'azurerm_role_management_policy.pim_owner_sub_50000000-0000-4000-8000-0000000000b1',
        'msgraph_resource.pim_global_administrator_access_review',
        'azuread_application_from_template.hr-portal',
        'msgraph_update_resource.hr-portal_publishing',
        'azuread_app_role_assignment.hr-portal_hr-staff',
        'azurerm_sentinel_alert_rule_nrt.SEN001',
        'azurerm_log_analytics_saved_search.CA001',
        'azurerm_log_analytics_workspace.identity_telemetry',
      ].map(name),
    ).toEqual([
      'named location corp-egress "Meridian corporate egress (Pune, Manchester, Stuttgart)" (trusted IP ranges)',
      'named location sync-egress "Meridian sync servers egress (Pune datacentre)" (IP ranges, not trusted)',
      'named location allowed-countries "Meridian operating countries" (countries)',
      'break-glass exclusion group "CA exclusion: emergency access (break-glass) accounts"',
      'PIM group "PIM: Global Administrator"',
      'permanent Global Administrator assignment of break-glass account 1',
      'role Global Administrator assigned to group pim_global_administrator (PIM: Global Administrator)',
      'PIM policy for role Global Administrator',
      'PIM eligibility of principal ad000000-0000-4000-8000-000000000001 for role Global Administrator',
      'PIM policy for Azure role Owner at subscription 50000000-0000-4000-8000-0000000000b1',
      'access review "Quarterly review: PIM: Global Administrator"',
      'App Proxy app hr-portal "HR Portal"',
      'App Proxy publishing of hr-portal "HR Portal"',
      'access to App Proxy app hr-portal "HR Portal" for group hr-staff',
      'analytics rule "SEN001 Break-glass account sign-in"',
      'saved search "CA001 Require MFA for all users: report-only evidence"',
      'Log Analytics workspace identity_telemetry "law-identity-prod"',
    ]);
    expect(first.changes.find((c) => c.address === 'azuread_group.break_glass_exclusion')?.details).toBe('members: break-glass account 1; break-glass account 2');
    expect(first.changes.find((c) => c.address === 'azuread_named_location.corp-egress')?.details).toBe('IP ranges 203.0.113.0/25, 198.51.100.0/26 (trusted)');
  });

  test('a long create list reads by category: policies in full, PIM folded away', () => {
    const markdown = renderPlanReview(first);
    expect(markdown).toContain('| create | 125 | 22 policies, 3 named locations, 6 groups, 7 role assignments, 38 PIM, 15 App Proxy, 34 telemetry |');
    expect(markdown).toContain('### Create: policies (22)\n\n| Object | Address | Details |');
    expect(markdown).toContain('### Create: PIM (38)\n\n<details><summary>All 38 PIM</summary>');
    expect(markdown).toContain('3 data sources are read during apply, once the objects they read exist.');
    expect(markdown).toContain('## Gate: protected objects\n\nNothing protected is destroyed or replaced.');
  });
});

/** Every GUID the review shows is one nothing names: each known id appears by its label instead. */
function unnamedGuids(markdown: string, model: EnvironmentModel): string[] {
  const outsideAddresses = markdown.replace(/`[^`]*`/g, '');
  const shown = [...new Set(outsideAddresses.match(guidsInText()) ?? [])];
  return shown.filter((id) => model.labelOf(id.toLowerCase()) !== id.toLowerCase());
}

test('no GUID is shown bare where the stack or the environment file names it', () => {
  for (const [plan, stack] of [['first-deploy.plan.json', 'prod.cdk.tf.json'], ['changes.plan.json', 'changes.cdk.tf.json']] as const) {
    const model = modelOf(stack);
    const markdown = renderPlanReview(reviewPlan(readPlan(text(plan), plan), model));
    expect([plan, unnamedGuids(markdown, model)]).toEqual([plan, []]);
    // The break-glass accounts, the kiosk group and the Global Administrator role appear by name only.
    for (const id of ['b9000000-0000-4000-8000-000000000001', '6f000000-0000-4000-8000-000000000001', '62e90394-69f5-4237-9190-012177145e10']) {
      expect([plan, id, markdown.replace(/`[^`]*`/g, '').includes(id)]).toEqual([plan, id, false]);
    }
  }
});

describe('a plan with changes (prod with CA006 enabled, a location replaced and one removed, a policy imported)', () => {
  const changes = review('changes.plan.json', 'changes.cdk.tf.json');

  test('each change is classified and described in identity words', () => {
    expect(rows(changes)).toEqual([
      ['update', 'azuread_conditional_access_policy.CA003', 'policy CA003 Block legacy authentication (enabled)', '', 'stage: off -> enabled'],
      ['update', 'azuread_conditional_access_policy.CA006', 'policy CA006 Require compliant or hybrid-joined device (enabled)', '', 'stage: report-only -> enabled / excluded users: added group factory-floor-kiosks (reason: Shared factory-floor kiosks enrol in Intune in Q1 (change CHG-2291); MFA (CA001) still applies to them.)'],
      [
        'import',
        'azuread_conditional_access_policy.CA015',
        'policy CA015 Block guests from apps not allowed to them (report-only)',
        '',
        'display name: "Guests - allowed apps only (made in the portal)" -> "CA015 Block guests from apps not allowed to them"',
      ],
      [
        'update',
        'azuread_conditional_access_policy.CA020',
        'policy CA020 Block sign-in from outside allowed countries (report-only)',
        '',
        'no change in perimeter\'s terms: it refers to named location allowed-countries "Meridian operating countries" (countries), which this plan replaces, and takes its new object id',
      ],
      [
        'replace',
        'azuread_named_location.allowed-countries',
        'named location allowed-countries "Meridian operating countries" (countries)',
        'Terraform cannot change an IP-range location into a country location in place',
        'from IP ranges 192.0.2.0/24, 198.51.100.128/25 (not trusted) / to countries GB, DE, IN (unknown countries not included, by IP address)',
      ],
      [
        'destroy',
        'azuread_named_location.legacy-vpn-egress',
        'named location legacy-vpn-egress "Meridian legacy VPN egress (decommissioned)" (trusted IP ranges)',
        'it is no longer in the configuration: it was removed from the YAML',
        '',
      ],
      [
        'create',
        'azuread_privileged_access_group_eligibility_schedule.pim_global_administrator_eligible_ad000000-0000-4000-8000-000000000014',
        'PIM eligibility of principal ad000000-0000-4000-8000-000000000014 for role Global Administrator',
        '',
        '',
      ],
      ['replace', 'msgraph_update_resource.hr-portal_publishing', 'App Proxy publishing of hr-portal "HR Portal"', 'it is tainted (an earlier apply failed part-way through creating it, or someone ran terraform taint)', ''],
    ]);
    expect(changes.changes.find((c) => c.action === 'import')?.importId).toBe('/identity/conditionalAccess/policies/1e768946-0941-432d-8b38-47706298cbc7');
    expect([changes.unchanged, changes.counts]).toEqual([118, { replace: 2, destroy: 1, update: 3, import: 1, forget: 0, move: 0, create: 1 }]);
  });

  test('what changed in the tenant outside Terraform is listed apart', () => {
    expect(changes.drift.map((d) => [d.address, d.object.text, d.kind, d.changes])).toEqual([
      ['azuread_conditional_access_policy.CA003', 'policy CA003 Block legacy authentication (enabled)', 'changed', ['stage: enabled -> off']],
    ]);
  });

  test('the gate fails for each protected object destroyed or replaced without a retire: entry, naming the address and why', () => {
    expect(changes.passed).toBe(false);
    expect(changes.findings).toEqual([
      {
        address: 'azuread_named_location.allowed-countries',
        message:
          'azuread_named_location.allowed-countries: named location allowed-countries "Meridian operating countries" (countries) would be replaced (destroyed, then created again with a new object id) because Terraform cannot change an IP-range location into a country location in place. No retire: entry in environments/prod.yaml names allowed-countries; if this is intended, add retire: [{ target: allowed-countries, reason: <why, at least 10 characters> }]',
      },
      {
        address: 'azuread_named_location.legacy-vpn-egress',
        message:
          'azuread_named_location.legacy-vpn-egress: named location legacy-vpn-egress "Meridian legacy VPN egress (decommissioned)" (trusted IP ranges) would be destroyed because it is no longer in the configuration: it was removed from the YAML. No retire: entry in environments/prod.yaml names legacy-vpn-egress; if this is intended, add retire: [{ target: legacy-vpn-egress, reason: <why, at least 10 characters> }]',
      },
    ]);
    // The tainted App Proxy publishing call is replaced too, but it is not a protected object.
    expect(changes.changes.find((c) => c.address === 'msgraph_update_resource.hr-portal_publishing')?.gate).toBeUndefined();
  });

  test('a retire: entry for the target acknowledges it: with both, the gate passes and shows the reasons', () => {
    const one = review('changes.plan.json', 'changes.cdk.tf.json', retiring('legacy-vpn-egress'));
    expect(one.findings.map((f) => f.address)).toEqual(['azuread_named_location.allowed-countries']);
    const both = review('changes.plan.json', 'changes.cdk.tf.json', retiring('legacy-vpn-egress', 'allowed-countries'));
    expect([both.passed, both.findings]).toEqual([true, []]);
    expect(both.changes.filter((c) => c.gate).map((c) => [c.address, c.gate])).toEqual([
      ['azuread_named_location.allowed-countries', { target: 'allowed-countries', acknowledged: 'allowed-countries goes: change CHG-3141' }],
      ['azuread_named_location.legacy-vpn-egress', { target: 'legacy-vpn-egress', acknowledged: 'legacy-vpn-egress goes: change CHG-3141' }],
    ]);
    expect(renderPlanReview(both)).toContain(
      '- acknowledged: `azuread_named_location.legacy-vpn-egress` (named location legacy-vpn-egress "Meridian legacy VPN egress (decommissioned)" (trusted IP ranges)) would be destroyed; retire: legacy-vpn-egress goes: change CHG-3141',
    );
  });

  test('the JSON form carries the same facts', () => {
    const json = JSON.parse(renderPlanReviewJson(changes)) as { gate: { passed: boolean; findings: unknown[] }; counts: Record<string, number>; changes: Record<string, unknown>[]; drift: unknown[] };
    expect([json.gate.passed, json.gate.findings.length, json.counts]).toEqual([false, 2, { replace: 2, destroy: 1, update: 3, import: 1, forget: 0, move: 0, create: 1, unchanged: 118, deferredReads: 0 }]);
    expect(json.changes.find((c) => c.address === 'azuread_named_location.legacy-vpn-egress')).toEqual({
      action: 'destroy',
      address: 'azuread_named_location.legacy-vpn-egress',
      object: 'named location legacy-vpn-egress "Meridian legacy VPN egress (decommissioned)" (trusted IP ranges)',
      kind: 'named location',
      category: 'named locations',
      why: 'it is no longer in the configuration: it was removed from the YAML',
      changes: [],
      protected: { target: 'legacy-vpn-egress', acknowledged: false },
    });
    expect(json.drift).toEqual([{ address: 'azuread_conditional_access_policy.CA003', object: 'policy CA003 Block legacy authentication (enabled)', kind: 'changed', changes: ['stage: enabled -> off'] }]);
  });
});

test('a plan Terraform refused (the destroy guard on a protected object) is a finding of its own, saying why', () => {
  const refused = review('prevent-destroy.plan.json', 'prod.cdk.tf.json');
  expect(refused.findings.map((f) => f.address ?? '(the plan)')).toEqual(['(the plan)', 'azuread_named_location.allowed-countries', 'azuread_named_location.legacy-vpn-egress']);
  expect(refused.findings[0]!.message).toBe(
    'Terraform refused this plan (errored: it cannot be applied): it would replace azuread_named_location.allowed-countries (named location allowed-countries "Meridian operating countries" (countries)), which has lifecycle.prevent_destroy; perimeter sets that guard on every protected object, and a retire: entry for its target lifts it',
  );
  // The removed location has no guard: prevent_destroy cannot protect what is no longer configured.
  expect(refused.findings[2]!.message).toContain('would be destroyed because it is no longer in the configuration: it was removed from the YAML');
});

describe('plans the Terraform binary wrote (terraform_data, provider-free)', () => {
  const lab = (plan: string, config: string) => reviewPlan(readPlan(text(plan), plan), readSynthesizedStack(stackJson(config), { name: 'lab' }));

  test('create, update, triggers_replace, removal, import, forget, taint and -replace, each with why', () => {
    const r = lab('terraform-data.plan.json', 'terraform-data.tf.json');
    expect(rows(r)).toEqual([
      ['create', 'terraform_data.added', 'terraform data added', '', ''],
      ['import', 'terraform_data.adopted', 'terraform data adopted', '', ''],
      ['update', 'terraform_data.changed', 'terraform data changed', '', 'input: "before" -> "after"'],
      ['forget', 'terraform_data.forgotten', 'terraform data forgotten', 'it is no longer in the configuration, and a removed block keeps it in the tenant (lifecycle destroy = false)', ''],
      ['destroy', 'terraform_data.removed', 'terraform data removed', 'it is no longer in the configuration: it was removed from the YAML', ''],
      ['replace', 'terraform_data.replaced', 'terraform data replaced', 'Terraform cannot change triggers replace in place', 'triggers replace: "one" -> "two"'],
      ['replace', 'terraform_data.requested', 'terraform data requested', '-replace was requested (terraform plan -replace=terraform_data.requested)', ''],
      ['replace', 'terraform_data.tainted', 'terraform data tainted', 'it is tainted (an earlier apply failed part-way through creating it, or someone ran terraform taint)', ''],
    ]);
    expect([r.unchanged, r.passed]).toEqual([1, true]);
    expect(renderPlanReview(r)).toContain('| terraform data adopted | `terraform_data.adopted` | adopts the existing object imported-id-123; no change to it |');
  });

  test('the refused plan names the guarded resource', () => {
    const r = lab('terraform-data-prevent-destroy.plan.json', 'terraform-data-prevent-destroy.tf.json');
    expect(r.findings).toEqual([{ message: 'Terraform refused this plan (errored: it cannot be applied): it would replace terraform_data.guarded (terraform data guarded), which has lifecycle.prevent_destroy' }]);
  });
});

// Hand-made changes against the prod stack, for the cases a fixture does not show.
const PROD = modelOf('prod.cdk.tf.json');
type Change = Record<string, unknown>;
const planOf = (changes: Change[], extra: Record<string, unknown> = {}) =>
  readPlan(JSON.stringify({ format_version: '1.2', terraform_version: '1.11.4', planned_values: {}, resource_changes: changes, applyable: true, complete: true, errored: false, ...extra }), 'plan.json');
const change = (address: string, actions: string[], more: Change = {}, changeMore: Change = {}): Change => {
  const [type, name] = [address.slice(0, address.indexOf('.')), address.slice(address.indexOf('.') + 1)];
  return { address, mode: 'managed', type, name, change: { actions, before: {}, after: actions.includes('delete') && actions.length === 1 ? null : {}, after_unknown: {}, ...changeMore }, ...more };
};

test('a destroy plan (no reason given) of a break-glass Global Administrator assignment fails the gate by account name', () => {
  const r = reviewPlan(planOf([change('azuread_directory_role_assignment.break_glass_global_administrator_b9000000-0000-4000-8000-000000000001', ['delete'])]), PROD);
  expect(r.findings.map((f) => f.message)).toEqual([
    'azuread_directory_role_assignment.break_glass_global_administrator_b9000000-0000-4000-8000-000000000001: permanent Global Administrator assignment of break-glass account 1 would be destroyed because Terraform gives no reason (a plan made with -destroy gives none). No retire: entry in environments/prod.yaml names b9000000-0000-4000-8000-000000000001; if this is intended, add retire: [{ target: b9000000-0000-4000-8000-000000000001, reason: <why, at least 10 characters> }]',
  ]);
});

test('create-before-destroy, an unknown reason, a deposed copy, create-and-forget and a move each read as what they are', () => {
  const r = reviewPlan(
    planOf([
      change('azuread_group.break_glass_exclusion', ['create', 'delete'], { action_reason: 'replace_because_cannot_update' }, { replace_paths: [['assignable_to_role']] }),
      change('azuread_conditional_access_policy.CA001', ['delete', 'create'], { action_reason: 'replace_because_of_a_future_terraform' }),
      change('azuread_conditional_access_policy.CA002', ['delete'], { deposed: '3b1f2c0a' }),
      change('azuread_named_location.corp-egress', ['create', 'forget']),
      change('azuread_named_location.sync-egress', ['no-op'], { previous_address: 'azuread_named_location.sync' }),
      { address: 'data.azuread_application.hr-portal', mode: 'data', type: 'azuread_application', name: 'hr-portal', change: { actions: ['read'], before: null, after: {} }, action_reason: 'read_because_config_unknown' },
    ]),
    PROD,
  );
  expect(r.changes.map((c) => [c.action, c.address, c.why ?? '', c.note ?? '', c.movedFrom ?? ''])).toEqual([
    ['replace', 'azuread_conditional_access_policy.CA001', "Terraform's reason: replace_because_of_a_future_terraform", '', ''],
    ['destroy', 'azuread_conditional_access_policy.CA002', 'it is an old copy left by a replacement that stopped half-way', 'an old copy (deposed object 3b1f2c0a) left by a replacement that stopped half-way; the current object stays', ''],
    ['forget', 'azuread_named_location.corp-egress', 'Terraform gives no reason (a plan made with -destroy gives none)', 'a new one is created and the old one stays in the tenant, no longer managed: both exist after apply', ''],
    ['move', 'azuread_named_location.sync-egress', '', '', 'azuread_named_location.sync'],
    ['replace', 'azuread_group.break_glass_exclusion', 'Terraform cannot change whether it can be assigned to roles in place', 'the new object is created before the old one is destroyed', ''],
  ]);
  expect(r.deferredReads).toBe(1);
  // The deposed copy is not a finding: the policy itself stays.
  expect(r.findings.map((f) => f.address)).toEqual(['azuread_conditional_access_policy.CA001', 'azuread_group.break_glass_exclusion']);
  expect(r.findings[1]!.message).toContain(
    'break-glass exclusion group "CA exclusion: emergency access (break-glass) accounts" would be replaced (a new one is created, then this one destroyed) because Terraform cannot change whether it can be assigned to roles in place',
  );
});

test('a sensitive value never reaches the review', () => {
  const r = reviewPlan(
    planOf([change('azuread_group.break_glass_exclusion', ['update'], {}, { before: { display_name: 'old', description: 'hunter2-before' }, after: { display_name: 'new', description: 'hunter2-after' }, before_sensitive: { description: true }, after_sensitive: { description: true } })]),
    PROD,
  );
  const outputs = renderPlanReview(r) + renderPlanReviewJson(r);
  expect([outputs.includes('hunter2'), r.changes[0]!.changes]).toEqual([false, ['display name: "old" -> "new"']]);
});

test('an incomplete plan is a finding', () => {
  const r = reviewPlan(planOf([], { complete: false, applyable: true, deferred_changes: [{}, {}] }), PROD);
  expect(r.findings).toEqual([
    { message: 'Terraform made an incomplete plan (complete: false, 2 changes deferred): applying it would not make the whole change; plan again without -target, or once what it defers is known' },
  ]);
});

test('a plan made from another stack or for another tenant is named as such', () => {
  const plan = readPlan(text('terraform-data.plan.json'), 'plan.json');
  expect(planMismatch(plan, PROD, 'cdktf.out/stacks/prod/cdk.tf.json')).toEqual([
    'was not made from cdktf.out/stacks/prod/cdk.tf.json: it configures 7 resources the stack does not have (terraform_data.added, terraform_data.adopted, terraform_data.changed, and 4 more), and it lacks 125 the stack has (azuread_app_role_assignment.engineering-wiki_engineering-staff, azuread_app_role_assignment.finance-reporting_finance-staff, azuread_app_role_assignment.hr-portal_hr-staff, and 122 more); run `terraform plan -out=plan.tfplan` again in the stack\'s folder after `npm run synth`',
  ]);
  const prod = readPlan(text('first-deploy.plan.json'), 'plan.json');
  expect(planMismatch(prod, PROD, 'cdktf.out/stacks/prod/cdk.tf.json')).toEqual([]);
  const otherTenant = readPlan(text('first-deploy.plan.json').replace(/"tenant_id":\{"constant_value":"7e000000-0000-4000-8000-0000000000a1"\}/g, '"tenant_id":{"constant_value":"7e000000-0000-4000-8000-0000000000d1"}'), 'plan.json');
  expect(planMismatch(otherTenant, PROD, 'cdktf.out/stacks/prod/cdk.tf.json')).toEqual([
    'was made for tenant 7e000000-0000-4000-8000-0000000000d1, but cdktf.out/stacks/prod/cdk.tf.json (environment prod) is tenant 7e000000-0000-4000-8000-0000000000a1',
  ]);
});

test('about 200 changes stay one section per action, by category, long categories folded, in under two seconds', () => {
  const started = Date.now();
  const many = planOf(
    PROD.resources.map((r) => change(r.address, ['update'], {}, { before: { display_name: 'before' }, after: { display_name: 'after' } })).concat(
      PROD.resources.slice(0, 75).map((r) => change(`${r.type}.${r.name}_copy`, ['create'])),
    ),
  );
  const r = reviewPlan(many, PROD);
  const markdown = renderPlanReview(r);
  expect(Date.now() - started).toBeLessThan(2000);
  expect([r.changes.length, markdown.match(/^## /gm)?.length, markdown.match(/<details>/g)?.length]).toEqual([200, 3, 2]);
  expect(markdown).toContain('| update | 125 | 22 policies, 3 named locations, 6 groups, 7 role assignments, 38 PIM, 15 App Proxy, 34 telemetry |');
  expect(markdown).toContain('### Update: telemetry (34)\n\n<details><summary>All 34 telemetry</summary>');
  expect(markdown).toContain('### Create: PIM (28)\n\n| Object | Address | Details |');
});

test('the example in docs/plan-review.md is what the review renders for the changes fixture', () => {
  const declared = { ...sample, retired: [{ target: 'allowed-countries', reason: 'Operating countries are matched by country now, not by IP range' }] };
  const rendered = renderPlanReview(reviewPlan(readPlan(text('changes.plan.json'), 'plan.json'), modelOf('changes.cdk.tf.json', declared)));
  expect(example(readDoc('docs/plan-review.md'), 'plan-review')).toBe(rendered);
  // The page's retire: snippet acknowledges the one finding the example shows.
  const snippet = codeBlocks(readDoc('docs/plan-review.md'), 'yaml')[0]!;
  expect(snippet).toContain('target: legacy-vpn-egress');
  expect(reviewPlan(readPlan(text('changes.plan.json'), 'plan.json'), modelOf('changes.cdk.tf.json', { ...declared, retired: [...declared.retired, { target: 'legacy-vpn-egress', reason: 'x'.repeat(10) }] })).passed).toBe(true);
});

test('an object the stack no longer has is named from its values before the change, and drift that deleted one is listed', () => {
  const plan = JSON.parse(text('changes.plan.json')) as { resource_changes: Record<string, unknown>[] };
  const ca001 = plan.resource_changes.find((c) => c.address === 'azuread_conditional_access_policy.CA001')! as { change: { before: Record<string, unknown> } };
  const before = { ...ca001.change.before, display_name: 'CA099 Pilot: require MFA for the Leeds branch' };
  const removed = { ...change('azuread_conditional_access_policy.CA099', ['delete'], { action_reason: 'delete_because_no_resource_config' }), change: { actions: ['delete'], before, after: null } };
  const r = reviewPlan(planOf([removed], { resource_drift: [{ ...removed, address: 'azuread_named_location.corp-egress', type: 'azuread_named_location', name: 'corp-egress' }], prior_state: JSON.parse(text('changes.plan.json')).prior_state }), modelOf('changes.cdk.tf.json'));
  expect(r.changes.map((c) => [c.action, c.object.text, c.gate])).toEqual([['destroy', 'policy CA099 Pilot: require MFA for the Leeds branch (enabled)', { target: 'CA099' }]]);
  expect(r.drift.map((d) => [d.kind, d.object.text])).toEqual([['deleted', 'named location corp-egress "Meridian corporate egress (Pune, Manchester, Stuttgart)" (trusted IP ranges)']]);
});

test('an update of another kind of object names its fields in words: a PIM policy by its role', () => {
  const plan = JSON.parse(text('changes.plan.json')) as { resource_changes: { address: string; change: { actions: string[]; after: Record<string, unknown> } }[] };
  const pim = plan.resource_changes.find((c) => c.address === 'azuread_group_role_management_policy.pim_global_administrator')!;
  pim.change.actions = ['update'];
  (pim.change.after.activation_rules as Record<string, unknown>[])[0]!.maximum_duration = 'PT8H';
  const r = reviewPlan(readPlan(JSON.stringify(plan), 'plan.json'), modelOf('changes.cdk.tf.json'));
  expect(r.changes.find((c) => c.address === pim.address)).toMatchObject({
    action: 'update',
    object: { text: 'PIM policy for role Global Administrator' },
    changes: ['activation rules › maximum duration: "PT4H" -> "PT8H"'],
  });
});
