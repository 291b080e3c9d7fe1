/** The tenant-settings READMEs' YAML examples are real: together in the prod sample they load and synthesize. */
import { parse } from 'yaml';
import { codeBlocks, readDoc } from './helpers/docs';
import { loadMutated, mutateSample, readSample, synthStacks, writeEnvironments } from './helpers/synth';

const example = (path: string) => parse(codeBlocks(readDoc(path), 'yaml')[0]!) as Record<string, any>;

test('every settings README example loads and synthesizes as written', () => {
  const blocks = {
    authenticationMethods: example('components/authentication-methods/README.md')['authenticationMethods'],
    authorization: example('components/authorization/README.md')['authorization'],
    deviceRegistration: example('components/device-registration/README.md')['deviceRegistration'],
    directoryRolePolicies: example('components/directory-role-policies/README.md')['directoryRolePolicies'],
    features: example('components/directory-sync/README.md')['directorySync']['features'],
  };
  const edit = (env: Record<string, any>) => {
    const { features, ...rest } = blocks;
    Object.assign(env, rest);
    env.directorySync.features = features;
  };
  expect(loadMutated('prod', edit).problems).toEqual([]);
  const prod = synthStacks(writeEnvironments({ dev: readSample('dev'), prod: mutateSample('prod', edit) }))['prod'] as any;
  expect(prod.locals['settings_authentication_method_fido2'].keyRestrictions).toEqual({ isEnforced: true, enforcementType: 'allow', aaGuids: ['cb69481e-8ff7-4039-93ec-0a2729a154a8'] });
  expect(prod.locals['settings_role_policy_global_administrator'].rules.find((r: any) => r.id === 'AuthenticationContext_EndUser_Assignment')).toMatchObject({ isEnabled: true, claimValue: 'c1' });
  expect(Object.keys(prod.check).sort()).toEqual([
    'settings_admin_consent_request_policy',
    'settings_authentication_method_email',
    'settings_authentication_method_fido2',
    'settings_authentication_method_microsoftauthenticator',
    'settings_authentication_method_sms',
    'settings_authentication_method_temporaryaccesspass',
    'settings_authentication_method_voice',
    'settings_authentication_methods_policy',
    'settings_authorization_policy',
    'settings_device_registration_policy',
    'settings_directory_sync_features',
    'settings_role_policy_global_administrator',
  ]);
});
