/**
 * authenticationMethods: what the section refuses and warns about, what synth emits at each
 * stage, and how the break-glass lockout proof reads the methods it enables.
 */
import { readSynthesizedStack } from '../../analysis/model/read';
import { compileEnvironment } from '../../analysis/whatif/compile';
import { formatProof } from '../../analysis/whatif/format';
import { proveBreakGlass } from '../../analysis/whatif/lockout';
import { loadEnvironments } from '../../cli/environments';
import { declaredFacts } from '../../environment/declared';
import { loadMutated, SAMPLE_DIR, synthStacks } from '../../__tests__/helpers/synth';

const stacks = synthStacks();
const environments = Object.fromEntries(loadEnvironments(SAMPLE_DIR).map((e) => [e.name, e]));

describe('the section', () => {
  test('a target that is no keyword and no group key is an error naming the file, line and key path', () => {
    const { problems } = loadMutated('prod', (env) => (env.authenticationMethods.fido2.targets = ['all-users', 'admins']));
    expect(problems).toEqual([
      expect.stringMatching(/^prod\.yaml:\d+: authenticationMethods\.fido2\.targets\[1\]: "admins" is not a target; use all-users, break-glass \(the break-glass exclusion group\), a key of groups:, \{group: <object id>\} or \{user: <object id>\} \(groups: .*factory-floor-kiosks/),
    ]);
  });

  test('email OTP off warns about guests until the file records that none redeems by passcode', () => {
    const warned = loadMutated('prod', (env) => delete env.authenticationMethods.guestsRedeemWithoutEmailOtp).environment!;
    expect(warned.warnings).toContainEqual(expect.stringContaining('email one-time passcodes are disabled (MS.AAD.3.5); guests who redeem invitations by one-time passcode'));
    expect(environments['prod']!.warnings.filter((w) => w.includes('one-time passcode'))).toEqual([]);
  });

  test('a pass lifetime beyond the maximum is refused', () => {
    const { problems } = loadMutated('dev', (env) => (env.authenticationMethods.temporaryAccessPass.lifetimeMinutes = 600));
    expect(problems).toEqual([expect.stringMatching(/authenticationMethods\.temporaryAccessPass\.lifetimeMinutes: 600 is longer than maximumLifetimeMinutes \(480\)$/)]);
  });
});

describe('synth', () => {
  test('enabled (dev): one PATCH per method configuration, @odata.type always sent, disabled methods only switched off', () => {
    const writes = stacks['dev']!.resource['msgraph_update_resource'] as Record<string, any>;
    expect(writes['settings_authentication_method_fido2']).toMatchObject({
      url: 'policies/authenticationMethodsPolicy/authenticationMethodConfigurations/Fido2',
      body: {
        '@odata.type': '#microsoft.graph.fido2AuthenticationMethodConfiguration',
        state: 'enabled',
        includeTargets: [{ id: 'all_users', targetType: 'group', isRegistrationRequired: false }],
        isAttestationEnforced: true,
        keyRestrictions: { isEnforced: false },
      },
    });
    expect(writes['settings_authentication_method_sms']!.body).toEqual({ '@odata.type': '#microsoft.graph.smsAuthenticationMethodConfiguration', state: 'disabled' });
    expect(writes['settings_authentication_methods_policy']!.body).toMatchObject({ policyMigrationState: 'migrationComplete' });
    expect(writes['settings_authentication_method_microsoftauthenticator']!.body.featureSettings).toEqual({
      displayAppInformationRequiredState: { state: 'enabled', includeTarget: { id: 'all_users', targetType: 'group' } },
      displayLocationInformationRequiredState: { state: 'enabled', includeTarget: { id: 'all_users', targetType: 'group' } },
    });
    expect((stacks['dev'] as any).check?.['settings_authentication_method_fido2']).toBeUndefined();
  });

  test('report-only (prod): no write, a check per method that reads it and compares every declared value', () => {
    const prod = stacks['prod'] as any;
    expect(Object.keys(prod.resource['msgraph_update_resource']).filter((k: string) => k.startsWith('settings_'))).toEqual([]);
    const check = prod.check['settings_authentication_method_fido2'];
    expect(check.data.msgraph_resource.settings_authentication_method_fido2).toEqual({
      url: 'policies/authenticationMethodsPolicy/authenticationMethodConfigurations/Fido2',
      response_export_values: { live: '@' },
    });
    expect(check.assert.map((a: any) => a.error_message.slice(0, a.error_message.indexOf(' is ')))).toEqual([
      'Authentication method FIDO2 security keys and passkeys: enabled for',
      'Authentication method FIDO2 security keys and passkeys: attestation enforced',
      'Authentication method FIDO2 security keys and passkeys: self-service registration',
      'Authentication method FIDO2 security keys and passkeys: restricted key models',
      'Authentication method FIDO2 security keys and passkeys: key restriction type',
      'Authentication method FIDO2 security keys and passkeys: key restrictions enforced',
      'Authentication method FIDO2 security keys and passkeys: state',
    ]);
    expect(prod.locals['settings_authentication_method_fido2'].state).toBe('enabled');
  });
});

describe('the break-glass lockout proof counts methods', () => {
  const prove = (edit: (tf: any) => void = () => undefined) => {
    const tf = structuredClone(stacks['dev']) as any;
    edit(tf);
    const env = compileEnvironment(readSynthesizedStack(tf, { declared: declaredFacts(environments['dev']!) }));
    return { env, proof: proveBreakGlass(env) };
  };

  test('the sample is proved: FIDO2 is enabled for all users', () => {
    const { env, proof } = prove();
    expect(proof.proved).toBe(true);
    expect(proof.methodGaps).toEqual([]);
    expect(formatProof(env, proof)).toContain('Every break-glass account has an authentication method of MFA strength or stronger enabled for it.');
  });

  test('a methods policy that leaves break-glass without an MFA-strength method refutes it', () => {
    const { env, proof } = prove((tf) => {
      const writes = tf.resource.msgraph_update_resource;
      for (const key of ['settings_authentication_method_fido2', 'settings_authentication_method_microsoftauthenticator', 'settings_authentication_method_temporaryaccesspass']) {
        writes[key].body.includeTargets = [{ id: '6f000000-0000-4000-8000-00000000de01', targetType: 'group' }];
      }
    });
    expect(proof.proved).toBe(false);
    expect(proof.counterexample).toBeUndefined();
    expect(proof.methodGaps).toEqual(['b9000000-0000-4000-8000-00000000de01', 'b9000000-0000-4000-8000-00000000de02']);
    expect(formatProof(env, proof)).toContain('Locked out: break-glass account 1 (b9000000-0000-4000-8000-00000000de01) has no authentication method of MFA strength');
  });

  test('FIDO2 for the break-glass group alone proves it again', () => {
    const { proof } = prove((tf) => {
      const writes = tf.resource.msgraph_update_resource;
      for (const key of ['settings_authentication_method_microsoftauthenticator', 'settings_authentication_method_temporaryaccesspass']) writes[key].body.includeTargets = [];
      writes['settings_authentication_method_fido2'].body.includeTargets = [{ id: '${azuread_group.break_glass_exclusion.object_id}', targetType: 'group' }];
    });
    expect(proof.methodGaps).toEqual([]);
    expect(proof.proved).toBe(true);
  });
});
