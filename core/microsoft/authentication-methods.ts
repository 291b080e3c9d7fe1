/**
 * The authentication method configurations of Graph's authentication methods policy
 * (`/policies/authenticationMethodsPolicy/authenticationMethodConfigurations/{id}`): their ids,
 * `@odata.type`s, and the strongest built-in authentication strength each can satisfy
 * (BUILT_IN_STRENGTHS ranks: 1 MFA, 2 passwordless MFA, 3 phishing-resistant MFA; 0 none).
 * Sources: Graph v1.0 resource pages; Entra "authentication strengths" combinations table.
 */
export const METHOD_CONFIGURATIONS = {
  fido2: { id: 'Fido2', odataType: '#microsoft.graph.fido2AuthenticationMethodConfiguration', rank: 3, name: 'FIDO2 security keys and passkeys' },
  microsoftAuthenticator: {
    id: 'MicrosoftAuthenticator',
    odataType: '#microsoft.graph.microsoftAuthenticatorAuthenticationMethodConfiguration',
    // Phone sign-in is passwordless MFA; push alone (authenticationMode push) is MFA.
    rank: 2,
    name: 'Microsoft Authenticator',
  },
  temporaryAccessPass: { id: 'TemporaryAccessPass', odataType: '#microsoft.graph.temporaryAccessPassAuthenticationMethodConfiguration', rank: 1, name: 'Temporary Access Pass' },
  sms: { id: 'Sms', odataType: '#microsoft.graph.smsAuthenticationMethodConfiguration', rank: 1, name: 'SMS' },
  voice: { id: 'Voice', odataType: '#microsoft.graph.voiceAuthenticationMethodConfiguration', rank: 1, name: 'voice call' },
  emailOtp: { id: 'Email', odataType: '#microsoft.graph.emailAuthenticationMethodConfiguration', rank: 0, name: 'email one-time passcode' },
} as const;

export type MethodName = keyof typeof METHOD_CONFIGURATIONS;

/** Graph's include target that means every user. */
export const ALL_USERS_TARGET = 'all_users';

const BY_ODATA_TYPE: ReadonlyMap<string, MethodName> = new Map(
  (Object.keys(METHOD_CONFIGURATIONS) as MethodName[]).map((m) => [METHOD_CONFIGURATIONS[m].odataType.toLowerCase(), m]),
);

/** The method a configuration body's `@odata.type` names. */
export function methodOfOdataType(odataType: unknown): MethodName | undefined {
  return typeof odataType === 'string' ? BY_ODATA_TYPE.get(odataType.toLowerCase()) : undefined;
}

/** The strength rank a method gives; Authenticator in push-only mode gives MFA, not passwordless. */
export function methodRank(method: MethodName, authenticationModes: readonly string[] = []): number {
  if (method === 'microsoftAuthenticator' && authenticationModes.length > 0 && authenticationModes.every((m) => m === 'push')) return 1;
  return METHOD_CONFIGURATIONS[method].rank;
}
