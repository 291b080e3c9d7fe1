/** The semantic diff reads tenant settings by what they declare, whatever their stage. */
import { readSynthesizedStack } from '../model/read';
import { REPORT_SECTIONS } from '../../components/registry';
import { mutateSample, readSample, synthStacks, writeEnvironments } from '../../__tests__/helpers/synth';
import { diffEnvironment, diffLines } from './compare';

test('a promotion, a changed value and a new block read as tenant settings, not as raw arguments', () => {
  const base = readSynthesizedStack(synthStacks()['prod'], { name: 'prod' });
  const headTf = synthStacks(
    writeEnvironments({
      dev: readSample('dev'),
      prod: mutateSample('prod', (env) => {
        env.deviceRegistration.userDeviceQuota = 10;
        env.authorization.guestAccess = 'limited';
        delete env.directoryRolePolicies.roles['Privileged Authentication Administrator'];
      }),
    }),
  )['prod'];
  const head = readSynthesizedStack(headTf, { name: 'prod' });
  const lines = diffLines(diffEnvironment('prod', base, head, REPORT_SECTIONS));
  expect(lines).toEqual(
    expect.arrayContaining([
      'tenant setting device registration policy: userDeviceQuota: "20" -> "10" (prod)',
      'tenant setting authorization policy: guestUserRoleId: "2af84b1e-32c8-42b7-82bc-daa82404023b" -> "10dae51f-b6af-4016-8d66-8c2a99b929b3" (prod)',
      'Tenant settings: check.settings_role_policy_privileged_authentication_administrator removed (prod)',
    ]),
  );
  expect(lines.filter((l) => l.includes('check.') && !l.startsWith('Tenant settings'))).toEqual([]);
});
