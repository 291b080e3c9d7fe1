/** The PIM README's worked example is real: it loads, passes the guardrails and synthesizes what the README says. */
import { join } from 'node:path';
import { parse } from 'yaml';
import { example, readDoc } from '../../__tests__/helpers/docs';
import { mutateSample, resourcesOf, synthStacks, writeEnvironments } from '../../__tests__/helpers/synth';
import { loadEnvironmentFile } from '../../cli/environments';

const workedExample = (): Record<string, any> => parse(example(readDoc('components/pim/README.md'), 'pim')) as Record<string, any>;

test('the worked example loads without problems or warnings of its own', () => {
  const example = workedExample();
  const dir = writeEnvironments({ example: mutateSample('dev', (env) => Object.assign(env, example)) });
  const loaded = loadEnvironmentFile(join(dir, 'example.yaml'));
  expect(loaded.problems).toEqual([]);
  expect(loaded.environment!.warnings.filter((w) => w.startsWith('pim'))).toEqual([]);
});

test('the worked example synthesizes what the README describes', () => {
  const example = workedExample();
  const tf = synthStacks(writeEnvironments({ example: mutateSample('dev', (env) => Object.assign(env, example)) })).example!;
  expect(Object.keys(resourcesOf(tf, 'azuread_group_role_management_policy')).sort()).toEqual(['pim_global_administrator', 'pim_security_administrator']);
  expect(Object.keys(resourcesOf(tf, 'azuread_privileged_access_group_eligibility_schedule'))).toHaveLength(5);
  // The access reviews; the sample's authentication context policy (AC001) is msgraph_resource too.
  expect(Object.keys(resourcesOf(tf, 'msgraph_resource')).filter((k) => k.endsWith('_access_review'))).toHaveLength(2);
  expect(Object.keys(resourcesOf(tf, 'azurerm_role_management_policy'))).toEqual(['pim_owner_sub_50000000-0000-4000-8000-0000000000b1']);
  expect(Object.keys(resourcesOf(tf, 'azurerm_pim_eligible_role_assignment'))).toHaveLength(1);
  expect(Object.keys(resourcesOf(tf, 'azuread_directory_role_assignment')).filter((a) => a.startsWith('break_glass_global_administrator_'))).toHaveLength(2);
  const ga = resourcesOf(tf, 'azuread_group_role_management_policy').pim_global_administrator as any;
  expect(ga.activation_rules).toEqual({
    maximum_duration: 'PT4H',
    require_approval: true,
    approval_stage: {
      primary_approver: [
        { object_id: '6f000000-0000-4000-8000-0000000000a1', type: 'groupMembers' },
        { object_id: 'ae000000-0000-4000-8000-000000000001', type: 'singleUser' },
      ],
    },
    require_multifactor_authentication: true,
    require_justification: true,
    require_ticket_info: false,
  });
  expect(ga.eligible_assignment_rules).toEqual({ expiration_required: true, expire_after: 'P180D' });
});
