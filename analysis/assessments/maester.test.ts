import { join } from 'node:path';
import { example, readDoc } from '../../__tests__/helpers/docs';
import { SAMPLE_DIR, synthStacks, type TfJson } from '../../__tests__/helpers/synth';
import { loadEnvironmentFile } from '../../cli/environments';
import { declaredFacts } from '../../environment/declared';
import { readSynthesizedStack } from '../model/read';
import type { EnvironmentModel } from '../model/types';
import { maesterConfig } from './maester';

let stacks: Record<string, TfJson>;
beforeAll(() => {
  stacks = synthStacks();
});

const declared = (name: string) => declaredFacts(loadEnvironmentFile(join(SAMPLE_DIR, `${name}.yaml`)).environment!);
const modelOf = (name: string, tf: TfJson = stacks[name]!): EnvironmentModel => readSynthesizedStack(tf, { name, declared: declared(name) });
const copy = (tf: TfJson): TfJson => JSON.parse(JSON.stringify(tf)) as TfJson;
type PolicyJson = { conditions: Record<string, unknown> & { users: Record<string, unknown>; applications: Record<string, unknown> } } & Record<string, unknown>;
const policiesOf = (tf: TfJson) => tf.resource.azuread_conditional_access_policy as Record<string, PolicyJson>;

const BG1 = 'b9000000-0000-4000-8000-000000000001';
const BG2 = 'b9000000-0000-4000-8000-000000000002';
const GROUP = '0b000000-0000-4000-8000-0000000000a1';

test('before the first deploy, prod lists its two break-glass accounts', () => {
  const { content, accounts, notes } = maesterConfig(modelOf('prod'));
  expect(content).toBe(
    [
      '{',
      '  "GlobalSettings": {',
      '    "EmergencyAccessAccounts": [',
      '      {',
      `        "Id": "${BG1}",`,
      '        "Type": "User"',
      '      },',
      '      {',
      `        "Id": "${BG2}",`,
      '        "Type": "User"',
      '      }',
      '    ]',
      '  }',
      '}',
      '',
    ].join('\n'),
  );
  expect(JSON.parse(content)).toEqual({ GlobalSettings: { EmergencyAccessAccounts: accounts } });
  expect(example(readDoc('docs/assessments.md'), 'maester-prod')).toBe(content);
  expect(notes).toEqual(['the break-glass exclusion group is not listed yet: its object id exists after the first deploy (Terraform output break_glass_exclusion_group_object_id)']);
});

test('with its object id, the break-glass exclusion group joins them: every policy excludes it', () => {
  const model = modelOf('prod');
  expect(model.policies.every((p) => p.conditions.users.excludeGroups.some((g) => g.id === 'azuread_group.break_glass_exclusion'))).toBe(true);
  const { accounts, notes } = maesterConfig(model, { break_glass_exclusion: GROUP.toUpperCase(), pim_global_administrator: '0c000000-0000-4000-8000-0000000000a1' });
  expect(accounts).toEqual([
    { Id: BG1, Type: 'User' },
    { Id: BG2, Type: 'User' },
    { Id: GROUP, Type: 'Group' },
  ]);
  expect(notes).toEqual([]);
  expect(maesterConfig(modelOf('dev')).accounts).toEqual([
    { Id: 'b9000000-0000-4000-8000-00000000de01', Type: 'User' },
    { Id: 'b9000000-0000-4000-8000-00000000de02', Type: 'User' },
  ]);
});

test('an account or group one policy does not exclude is left out: Maester wants every policy to exclude it', () => {
  const tf = copy(stacks.prod!);
  const ca008 = policiesOf(tf).CA008!.conditions.users;
  ca008.excluded_users = (ca008.excluded_users as string[]).filter((u) => u !== BG2);
  ca008.excluded_groups = [];
  const { accounts, notes } = maesterConfig(modelOf('prod', tf), { break_glass_exclusion: GROUP });
  expect(accounts).toEqual([{ Id: BG1, Type: 'User' }]);
  expect(notes).toEqual([
    `break-glass account 2 (${BG2}) is not listed: CA008 does not exclude it, and Maester wants every policy to`,
    'the break-glass exclusion group is not listed: CA008 does not exclude it, and Maester wants every policy to',
  ]);
});

test('policies for workload identities do not count, as in Maester MT.1005', () => {
  const tf = copy(stacks.prod!);
  policiesOf(tf).CA900 = {
    display_name: 'CA900 Block risky workload identities',
    state: 'enabled',
    conditions: {
      users: { included_users: ['None'] },
      applications: { included_applications: ['All'] },
      client_applications: [{ included_service_principals: ['ServicePrincipalsInMyTenant'] }],
      client_app_types: ['all'],
    },
    grant_controls: [{ operator: 'OR', built_in_controls: ['block'] }],
  };
  expect(maesterConfig(modelOf('prod', tf), { break_glass_exclusion: GROUP }).accounts).toHaveLength(3);
});

test('without the environment file there are no known break-glass accounts, and it says so', () => {
  const model = readSynthesizedStack(stacks.prod!, { name: 'prod' });
  const { accounts, notes } = maesterConfig(model, { break_glass_exclusion: GROUP });
  expect(accounts).toEqual([{ Id: GROUP, Type: 'Group' }]);
  expect(notes).toEqual(['no break-glass accounts are listed: the environment file of prod was not read']);
});
