/** deviceRegistration: a PUT that always carries the quota, at every stage. */
import { loadMutated, synthStacks } from '../../__tests__/helpers/synth';

test('enabled (dev): a PUT with the MFA setting and the quota; report-only (prod): a check of both', () => {
  const stacks = synthStacks() as Record<string, any>;
  expect(stacks['dev'].resource.msgraph_update_resource['settings_device_registration_policy']).toMatchObject({
    url: 'policies/deviceRegistrationPolicy',
    update_method: 'PUT',
    body: { multiFactorAuthConfiguration: 'notRequired', userDeviceQuota: 20 },
  });
  expect(stacks['prod'].locals['settings_device_registration_policy']).toEqual({ multiFactorAuthConfiguration: 'notRequired', userDeviceQuota: 20 });
  expect(stacks['prod'].check['settings_device_registration_policy'].assert).toHaveLength(2);
});

test('the quota defaults to 50, never to nothing (a PUT without it resets it to 0)', () => {
  expect(loadMutated('prod', (env) => delete env.deviceRegistration.userDeviceQuota).environment!.deviceRegistration!.userDeviceQuota).toBe(50);
  expect(loadMutated('prod', (env) => delete env.deviceRegistration.requireMfaToJoin).problems).toEqual([expect.stringMatching(/deviceRegistration\.requireMfaToJoin: /)]);
});
