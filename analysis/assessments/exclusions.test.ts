import { join } from 'node:path';
import { SAMPLE_DIR, synthStacks, type TfJson } from '../../__tests__/helpers/synth';
import { loadEnvironmentFile } from '../../cli/environments';
import { declaredFacts } from '../../environment/declared';
import { readSynthesizedStack } from '../model/read';
import type { EnvironmentModel } from '../model/types';
import { groupIdSource, groupIdsFromOutputs, outputsOfGroup, principalOf } from './exclusions';

let model: EnvironmentModel;
beforeAll(() => {
  const tf: TfJson = synthStacks().prod!;
  model = readSynthesizedStack(tf, { name: 'prod', declared: declaredFacts(loadEnvironmentFile(join(SAMPLE_DIR, 'prod.yaml')).environment!) });
});

const BG_GROUP = '0b000000-0000-4000-8000-0000000000a1';
/** What `terraform output -json` prints for a deployed prod stack (values shortened). */
const PIM_KEYS = ['pim_conditional_access_administrator', 'pim_global_administrator', 'pim_hybrid_identity_administrator', 'pim_privileged_role_administrator', 'pim_security_administrator'];
const pimId = (i: number) => `0c000000-0000-4000-8000-0000000000a${i + 1}`;
/** The early-adopters wave's group, which the stack creates. */
const WAVE_GROUP = '0d000000-0000-4000-8000-0000000000a1';
const terraformOutputs = (extra: Record<string, unknown> = {}) => ({
  app_proxy_applications: { sensitive: false, type: ['object', {}], value: { 'hr-portal': { client_id: 'a1000000-0000-4000-8000-000000000001' } } },
  break_glass_exclusion_group_object_id: { sensitive: false, type: 'string', value: BG_GROUP.toUpperCase() },
  ...Object.fromEntries(PIM_KEYS.map((k, i) => [`${k}_group_object_id`, { sensitive: false, type: 'string', value: pimId(i) }])),
  'wave_early-adopters_group_object_id': { sensitive: false, type: 'string', value: WAVE_GROUP },
  ...extra,
});

test('every stack group\'s id comes from the output the stack declares for it', () => {
  expect(outputsOfGroup(model, 'break_glass_exclusion')).toEqual(['break_glass_exclusion_group_object_id']);
  expect(outputsOfGroup(model, 'pim_global_administrator')).toEqual(['pim_global_administrator_group_object_id']);
  expect(groupIdSource(model, 'break_glass_exclusion')).toBe('Terraform output break_glass_exclusion_group_object_id');
  const read = groupIdsFromOutputs(terraformOutputs({ unrelated: { value: 'not an id, and not read' } }), model);
  expect(read).toEqual({
    groupIds: { break_glass_exclusion: BG_GROUP, ...Object.fromEntries(PIM_KEYS.map((k, i) => [k, pimId(i)])), 'wave_early-adopters': WAVE_GROUP },
    problems: [],
  });
});

test('a file without the stack output, or with a value that is no object id, is a problem naming the key', () => {
  const { break_glass_exclusion_group_object_id: _bg, ...withoutBreakGlass } = terraformOutputs();
  expect(groupIdsFromOutputs(withoutBreakGlass, model).problems).toEqual([
    {
      path: 'break_glass_exclusion_group_object_id',
      message: `is missing (the object id of the break-glass exclusion group); the file must be what \`terraform -chdir=cdktf.out/stacks/prod output -json\` prints after a deploy of prod; it has ${Object.keys(withoutBreakGlass).sort().join(', ')}`,
    },
  ]);
  expect(groupIdsFromOutputs({}, model).problems).toHaveLength(1 + PIM_KEYS.length + 1); // break-glass, PIM, the early-adopters wave
  expect(groupIdsFromOutputs({ other: { value: 1 } }, model).problems[0]!.message).toMatch(/; it has other$/);
  expect(groupIdsFromOutputs(terraformOutputs({ break_glass_exclusion_group_object_id: { value: '${azuread_group.break_glass_exclusion.object_id}' }, pim_global_administrator_group_object_id: 42 }), model).problems).toEqual([
    { path: 'break_glass_exclusion_group_object_id.value', message: '"${azuread_group.break_glass_exclusion.object_id}" is not an object id; expected a GUID such as 3f2504e0-4f89-41d3-9a0c-0305e82c3301' },
    { path: 'pim_global_administrator_group_object_id', message: '42 is not an object id; expected a GUID such as 3f2504e0-4f89-41d3-9a0c-0305e82c3301' },
  ]);
  for (const notAnObject of [[], 'x', null, 3]) {
    expect(groupIdsFromOutputs(notAnObject, model).problems).toEqual([{ path: '', message: 'is not the JSON object `terraform output -json` prints (an object of outputs by name)' }]);
  }
});

test('a role assignment principal is an object id or a group of the stack', () => {
  expect(principalOf('B9000000-0000-4000-8000-000000000001')).toEqual({ id: 'b9000000-0000-4000-8000-000000000001' });
  expect(principalOf('${azuread_group.pim_global_administrator.object_id}')).toEqual({ group: 'pim_global_administrator' });
  expect([principalOf('${azuread_service_principal.x.object_id}'), principalOf('someone'), principalOf(undefined)]).toEqual([undefined, undefined, undefined]);
});
