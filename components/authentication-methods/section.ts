/**
 * `authenticationMethods:`: the tenant's authentication methods policy, so the methods the
 * Conditional Access baseline demands exist for the people it demands them of (CA002's
 * phishing-resistant MFA for administrators needs FIDO2 enabled for them). ScubaGear
 * MS.AAD.3.3-3.5; Maester EIDSCA.AF*, AM*, AT*, AG*.
 */
import { z } from 'zod';
import { SETTINGS } from '../../core/addresses';
import type { GraphBody, GraphValue } from '../../core/graph-json';
import { ALL_USERS_TARGET, METHOD_CONFIGURATIONS, type MethodName } from '../../core/microsoft/authentication-methods';
import type { PathProblem } from '../../core/problems';
import { objectId, stageSchema, uniqueList } from '../../core/schema';
import type { Stage } from '../../core/stages';
import type { Section } from '../section';
import { stagedSetting, type SettingsDocument } from '../../core/settings';
import { AUTHENTICATION_METHODS_RULES } from './guardrails';
import { AUTHENTICATION_METHODS_REPORT } from './report';

/** Who a method is enabled for. */
export type MethodTarget =
  | { readonly kind: 'all-users' }
  | { readonly kind: 'break-glass' }
  | { readonly kind: 'group' | 'user'; readonly objectId: string; readonly label: string };

const TARGET_HELP = 'all-users, break-glass (the break-glass exclusion group), a key of groups:, {group: <object id>} or {user: <object id>}';

const target = z.union([
  z.string().min(1),
  z.strictObject({ group: objectId }),
  z.strictObject({ user: objectId }),
]);
const targets = z.array(target).describe(`who the method is enabled for: ${TARGET_HELP}`);

const AAGUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

const shape = {
  authenticationMethods: z
    .strictObject({
      stage: stageSchema.optional().describe("off, report-only or enabled; default the file's top-level stage"),
      migrationComplete: z.boolean().optional().describe('the policy alone governs MFA and SSPR methods (policyMigrationState migrationComplete, MS.AAD.3.4); default true'),
      fido2: z
        .strictObject({
          targets: targets.min(1),
          enforceAttestation: z.boolean().optional().describe('only keys whose attestation Microsoft verifies; default true'),
          selfServiceRegistration: z.boolean().optional().describe('users may register their own keys; default true'),
          keyRestrictions: z
            .strictObject({
              enforcement: z.enum(['allow', 'block']).describe('allow: only these models; block: every model but these'),
              aaguids: uniqueList(z.string().regex(AAGUID, { message: 'must be an AAGUID (8-4-4-4-12 hex digits)' }).toLowerCase()).min(1).describe('key models by AAGUID'),
            })
            .optional()
            .describe('limit FIDO2 keys to (or exclude) models by AAGUID'),
        })
        .describe('FIDO2 security keys and passkeys: phishing-resistant'),
      microsoftAuthenticator: z
        .strictObject({
          targets: targets.min(1),
          mode: z.enum(['any', 'push', 'deviceBasedPush']).optional().describe('any (push and phone sign-in), push only, or deviceBasedPush (phone sign-in only); default any'),
          showAppName: z.boolean().optional().describe('notifications show the app asking (MS.AAD.3.3); default true'),
          showLocation: z.boolean().optional().describe('notifications show where the sign-in comes from (MS.AAD.3.3); default true'),
        })
        .optional()
        .describe('Microsoft Authenticator; absent: disabled'),
      temporaryAccessPass: z
        .strictObject({
          targets: targets.min(1),
          lifetimeMinutes: z.number().int().min(10).max(43200).optional().describe('how long a pass lasts by default; default 60'),
          maximumLifetimeMinutes: z.number().int().min(10).max(43200).optional().describe('the longest pass an admin may issue; default 480'),
          oneTime: z.boolean().optional().describe('every pass works once; default true'),
        })
        .optional()
        .describe('Temporary Access Pass, for onboarding and recovery; absent: disabled'),
      sms: z.strictObject({ targets: targets.min(1) }).optional().describe('SMS codes; absent: disabled (MS.AAD.3.5)'),
      voice: z.strictObject({ targets: targets.min(1) }).optional().describe('voice calls; absent: disabled (MS.AAD.3.5)'),
      emailOtp: z.strictObject({ targets: targets.min(1) }).optional().describe('email one-time passcodes; absent: disabled (MS.AAD.3.5), which also stops guests redeeming invitations by passcode'),
      guestsRedeemWithoutEmailOtp: z
        .boolean()
        .optional()
        .describe('true records that no guest redeems an invitation by email one-time passcode, so disabling email OTP locks no one out; default false (synth warns)'),
      registrationCampaign: z
        .strictObject({
          targets: targets.min(1),
          exclude: targets.optional(),
          snoozeDays: z.number().int().min(0).max(14).optional().describe('days a user may postpone; 0 asks at every sign-in; default 1'),
        })
        .optional()
        .describe('prompt the targets to register Microsoft Authenticator at sign-in; absent: campaign disabled'),
    })
    .optional()
    .describe('the authentication methods policy: which methods are enabled, for whom (components/authentication-methods/README.md)'),
};

interface MethodSpec {
  readonly targets: readonly MethodTarget[];
}

export interface AuthenticationMethodsSpec {
  readonly stage: Stage;
  readonly migrationComplete: boolean;
  readonly fido2: MethodSpec & { readonly enforceAttestation: boolean; readonly selfServiceRegistration: boolean; readonly keyRestrictions?: { readonly enforcement: 'allow' | 'block'; readonly aaguids: readonly string[] } };
  readonly microsoftAuthenticator?: MethodSpec & { readonly mode: 'any' | 'push' | 'deviceBasedPush'; readonly showAppName: boolean; readonly showLocation: boolean };
  readonly temporaryAccessPass?: MethodSpec & { readonly lifetimeMinutes: number; readonly maximumLifetimeMinutes: number; readonly oneTime: boolean };
  readonly sms?: MethodSpec;
  readonly voice?: MethodSpec;
  readonly emailOtp?: MethodSpec;
  readonly registrationCampaign?: MethodSpec & { readonly exclude: readonly MethodTarget[]; readonly snoozeDays: number };
}

/** Terraform references the documents need from the stack. */
export interface MethodBindings {
  /** `${azuread_group.break_glass_exclusion.object_id}` */
  readonly breakGlassGroupObjectId: string;
}

const STAGED = (stage: Stage) => stagedSetting('authenticationMethods', stage, 'authenticationMethods.stage');

export const METHOD_WORDS: Readonly<Record<string, string>> = {
  state: 'state',
  includeTargets: 'enabled for',
  excludeTargets: 'excluded',
  isAttestationEnforced: 'attestation enforced',
  isSelfServiceRegistrationAllowed: 'self-service registration',
  'keyRestrictions.isEnforced': 'key restrictions enforced',
  'keyRestrictions.enforcementType': 'key restriction type',
  'keyRestrictions.aaGuids': 'restricted key models',
  'featureSettings.displayAppInformationRequiredState.state': 'app name shown in notifications',
  'featureSettings.displayLocationInformationRequiredState.state': 'location shown in notifications',
  defaultLifetimeInMinutes: 'default pass lifetime (minutes)',
  minimumLifetimeInMinutes: 'shortest pass (minutes)',
  maximumLifetimeInMinutes: 'longest pass (minutes)',
  isUsableOnce: 'one-time passes',
  policyMigrationState: 'migration state',
  'registrationEnforcement.authenticationMethodsRegistrationCampaign.state': 'registration campaign',
  'registrationEnforcement.authenticationMethodsRegistrationCampaign.snoozeDurationInDays': 'campaign snooze (days)',
  'registrationEnforcement.authenticationMethodsRegistrationCampaign.includeTargets': 'campaign targets',
  'registrationEnforcement.authenticationMethodsRegistrationCampaign.excludeTargets': 'campaign exclusions',
};

function graphTarget(t: MethodTarget, bindings: MethodBindings): { id: string; targetType: 'group' | 'user' } {
  switch (t.kind) {
    case 'all-users':
      return { id: ALL_USERS_TARGET, targetType: 'group' };
    case 'break-glass':
      return { id: bindings.breakGlassGroupObjectId, targetType: 'group' };
    default:
      return { id: t.objectId, targetType: t.kind };
  }
}

/** The root policy and one configuration per method, each a settings document. */
export function authenticationMethodsDocuments(spec: AuthenticationMethodsSpec | undefined, bindings: MethodBindings): SettingsDocument[] {
  if (!spec) return [];
  const includes = (m: MethodSpec | undefined, extra: Readonly<Record<string, GraphValue>> = {}): GraphValue[] =>
    (m?.targets ?? []).map((t) => ({ ...graphTarget(t, bindings), isRegistrationRequired: false, ...extra }));
  const method = (name: MethodName, m: MethodSpec | undefined, body: GraphBody = {}, extra: Readonly<Record<string, GraphValue>> = {}): SettingsDocument => ({
    key: SETTINGS.authenticationMethod(METHOD_CONFIGURATIONS[name].id),
    title: `Authentication method ${METHOD_CONFIGURATIONS[name].name}`,
    url: `policies/authenticationMethodsPolicy/authenticationMethodConfigurations/${METHOD_CONFIGURATIONS[name].id}`,
    stage: spec.stage,
    write: {
      '@odata.type': METHOD_CONFIGURATIONS[name].odataType,
      state: m ? 'enabled' : 'disabled',
      ...(m ? { includeTargets: includes(m, extra) } : {}),
      ...body,
    },
    words: METHOD_WORDS,
  });
  const allUsers = { id: ALL_USERS_TARGET, targetType: 'group' };
  const feature = (on: boolean): GraphValue => ({ state: on ? 'enabled' : 'disabled', includeTarget: allUsers });
  const f = spec.fido2;
  const a = spec.microsoftAuthenticator;
  const tap = spec.temporaryAccessPass;
  const campaign = spec.registrationCampaign;
  return [
    {
      key: SETTINGS.authenticationMethodsPolicy,
      title: 'Authentication methods policy',
      url: 'policies/authenticationMethodsPolicy',
      stage: spec.stage,
      write: {
        ...(spec.migrationComplete ? { policyMigrationState: 'migrationComplete' } : {}),
        registrationEnforcement: {
          authenticationMethodsRegistrationCampaign: campaign
            ? {
                state: 'enabled',
                snoozeDurationInDays: campaign.snoozeDays,
                includeTargets: campaign.targets.map((t) => ({ ...graphTarget(t, bindings), targetedAuthenticationMethod: 'microsoftAuthenticator' })),
                excludeTargets: campaign.exclude.map((t) => graphTarget(t, bindings)),
              }
            : { state: 'disabled' },
        },
      },
      words: METHOD_WORDS,
    },
    method('fido2', f, {
      isAttestationEnforced: f.enforceAttestation,
      isSelfServiceRegistrationAllowed: f.selfServiceRegistration,
      keyRestrictions: f.keyRestrictions
        ? { isEnforced: true, enforcementType: f.keyRestrictions.enforcement, aaGuids: [...f.keyRestrictions.aaguids] }
        : { isEnforced: false, enforcementType: 'block', aaGuids: [] },
    }),
    method(
      'microsoftAuthenticator',
      a,
      a ? { featureSettings: { displayAppInformationRequiredState: feature(a.showAppName), displayLocationInformationRequiredState: feature(a.showLocation) } } : {},
      a ? { authenticationMode: a.mode } : {},
    ),
    method(
      'temporaryAccessPass',
      tap,
      tap ? { defaultLifetimeInMinutes: tap.lifetimeMinutes, maximumLifetimeInMinutes: tap.maximumLifetimeMinutes, isUsableOnce: tap.oneTime } : {},
    ),
    method('sms', spec.sms),
    method('voice', spec.voice),
    method('emailOtp', spec.emailOtp),
  ];
}

type TargetInput = z.output<typeof target>;

export const authenticationMethodsSection: Section<'authenticationMethods', typeof shape, AuthenticationMethodsSpec | undefined> = {
  key: 'authenticationMethods',
  shape,
  needs: [],
  resolve({ authenticationMethods: m }, context) {
    if (!m) return { spec: undefined, problems: [], warnings: [] };
    const problems: PathProblem[] = [];
    const warnings: string[] = [];
    const resolveTargets = (list: readonly TargetInput[], path: PropertyKey[]): MethodTarget[] =>
      list.flatMap((t, i): MethodTarget[] => {
        if (typeof t !== 'string') return 'group' in t ? [{ kind: 'group', objectId: t.group, label: `group ${t.group}` }] : [{ kind: 'user', objectId: t.user, label: `user ${t.user}` }];
        if (t === 'all-users') return [{ kind: 'all-users' }];
        if (t === 'break-glass') return [{ kind: 'break-glass' }];
        if (Object.hasOwn(context.groups, t)) return [{ kind: 'group', objectId: context.groups[t]!.objectId, label: t }];
        const known = Object.keys(context.groups).sort();
        problems.push({ path: [...path, i], message: `${JSON.stringify(t)} is not a target; use ${TARGET_HELP}${known.length ? ` (groups: ${known.join(', ')})` : ''}` });
        return [];
      });
    const base = ['authenticationMethods'];
    const f = m.fido2;
    const tap = m.temporaryAccessPass;
    if (tap && (tap.lifetimeMinutes ?? 60) > (tap.maximumLifetimeMinutes ?? 480)) {
      problems.push({ path: [...base, 'temporaryAccessPass', 'lifetimeMinutes'], message: `${tap.lifetimeMinutes} is longer than maximumLifetimeMinutes (${tap.maximumLifetimeMinutes ?? 480})` });
    }
    if (!m.emailOtp && m.guestsRedeemWithoutEmailOtp !== true) {
      warnings.push('authenticationMethods: email one-time passcodes are disabled (MS.AAD.3.5); guests who redeem invitations by one-time passcode (no Entra or Microsoft account) can no longer sign in; set authenticationMethods.guestsRedeemWithoutEmailOtp: true once that is known not to matter');
    }
    const a = m.microsoftAuthenticator;
    const simple = (key: 'sms' | 'voice' | 'emailOtp') => (m[key] ? { [key]: { targets: resolveTargets(m[key]!.targets, [...base, key, 'targets']) } } : {});
    const spec: AuthenticationMethodsSpec = {
      stage: m.stage ?? context.defaultStage,
      migrationComplete: m.migrationComplete ?? true,
      fido2: {
        targets: resolveTargets(f.targets, [...base, 'fido2', 'targets']),
        enforceAttestation: f.enforceAttestation ?? true,
        selfServiceRegistration: f.selfServiceRegistration ?? true,
        ...(f.keyRestrictions ? { keyRestrictions: f.keyRestrictions } : {}),
      },
      ...(a
        ? { microsoftAuthenticator: { targets: resolveTargets(a.targets, [...base, 'microsoftAuthenticator', 'targets']), mode: a.mode ?? 'any', showAppName: a.showAppName ?? true, showLocation: a.showLocation ?? true } }
        : {}),
      ...(tap
        ? { temporaryAccessPass: { targets: resolveTargets(tap.targets, [...base, 'temporaryAccessPass', 'targets']), lifetimeMinutes: tap.lifetimeMinutes ?? 60, maximumLifetimeMinutes: tap.maximumLifetimeMinutes ?? 480, oneTime: tap.oneTime ?? true } }
        : {}),
      ...simple('sms'),
      ...simple('voice'),
      ...simple('emailOtp'),
      ...(m.registrationCampaign
        ? {
            registrationCampaign: {
              targets: resolveTargets(m.registrationCampaign.targets, [...base, 'registrationCampaign', 'targets']),
              exclude: resolveTargets(m.registrationCampaign.exclude ?? [], [...base, 'registrationCampaign', 'exclude']),
              snoozeDays: m.registrationCampaign.snoozeDays ?? 1,
            },
          }
        : {}),
    };
    return { spec, problems, warnings };
  },
  stagedItems: (spec) => (spec ? [STAGED(spec.stage)] : []),
  withStages: (spec, stageOf) => (spec ? { ...spec, stage: stageOf(STAGED(spec.stage)) } : spec),
  suppressionTargets: (spec) => (spec ? ['authenticationMethods'] : []),
  rules: AUTHENTICATION_METHODS_RULES,
  reportSections: AUTHENTICATION_METHODS_REPORT,
};
