/**
 * Custom Conditional Access policies: `policies/custom/<id>.yaml`, one policy per file, on the
 * baseline's own model (baseline/model.ts), with everything azuread 3.7.0 can express. They
 * speak in the environment's logical names (keys of `groups:`, `apps:`, `namedLocations:`) or
 * in ids, and an environment has a custom policy only when its `policies:` lists it.
 * `npm run import` writes them from a tenant's export; they can be written by hand as well.
 */
import { z } from 'zod';
import { CUSTOM_POLICY_ID_PATTERN, GUID_PATTERN } from '../../core/ids';
import { isDirectoryRoleName } from '../../core/microsoft/directory-roles';
import {
  BUILT_IN_STRENGTHS,
  DEVICE_PLATFORMS,
  GUEST_OR_EXTERNAL_USER_TYPES,
  USER_ACTIONS,
  type AuthenticationStrength,
  type UserAction,
} from '../../core/microsoft/well-known';
import type { PathProblem, Problem } from '../../core/problems';
import { formatKeyPath } from '../../core/problems';
import { allowedKeysAt, displayName, guid } from '../../core/schema';
import { didYouMean, unknownKeyMessage } from '../../core/text';
import { readStrictYaml } from '../../core/yaml';
import type { AppRef, LocationRef, PolicyDefinition, UserRef } from '../../baseline/model';

const idOrName = (what: string) =>
  z
    .string()
    .min(1, { message: `must name ${what}` })
    .transform((v) => (GUID_PATTERN.test(v) ? v.toLowerCase() : v));

const guestsSchema = z
  .strictObject({
    types: z.array(z.enum(GUEST_OR_EXTERNAL_USER_TYPES)).min(1).describe('guest and external user types'),
    tenants: z.union([z.literal('all'), z.array(guid('a tenant id')).min(1)]).describe('all, or the tenant ids'),
  })
  .describe('guest and external users');

const usersSchema = z
  .strictObject({
    users: z.array(z.union([z.enum(['All', 'None', 'GuestsOrExternalUsers']), guid('a user object id')])).optional().describe('All, None, GuestsOrExternalUsers or user object ids'),
    groups: z.array(idOrName('a group: a key of groups: or an object id')).optional().describe('keys of the environment\'s groups:, or group object ids'),
    roles: z.array(idOrName('a directory role: its name or template id')).optional().describe('directory roles by name (core/microsoft/directory-roles.ts) or template id'),
    guests: guestsSchema.optional().describe('guest and external user types'),
  })
  .describe('who: users, groups, roles, guests');

const appSchema = z.union([z.enum(['All', 'None', 'Office365', 'MicrosoftAdminPortals']), idOrName('an app: a key of apps: or an application id')]);
const locationSchema = z.union([z.enum(['All', 'AllTrusted']), idOrName('a location: a key of namedLocations: or a location object id')]);
const riskLevels = z.array(z.enum(['low', 'medium', 'high', 'hidden', 'none'])).min(1);
const filter = z.strictObject({ mode: z.enum(['include', 'exclude']).describe('include or exclude what matches'), rule: z.string().min(1).describe('a rule in the dynamic-rule grammar') });
const strength = z.union([z.enum(Object.keys(BUILT_IN_STRENGTHS) as [AuthenticationStrength, ...AuthenticationStrength[]]), guid('an authentication strength id')]);

/** The schema of a custom policy file; its descriptions are docs/adoption.md's key table. */
export const customPolicySchema = z
  .strictObject({
    id: z.string().regex(CUSTOM_POLICY_ID_PATTERN, { message: 'must be a custom policy id: CP and three digits, such as CP001' }).describe('CP and three digits; the file name, the Terraform address and the first word of the display name'),
    title: displayName('a policy').describe('the display name after the id'),
    description: z.string().optional().describe('why the policy exists'),
    users: z.strictObject({ include: usersSchema.describe('who it applies to'), exclude: usersSchema.optional().describe('who it leaves out (the break-glass accounts are always left out)') }).describe('who the policy is about'),
    applications: z
      .strictObject({
        include: z.array(appSchema).min(1).describe('All, None, Office365, MicrosoftAdminPortals, keys of apps: or application ids'),
        exclude: z.array(appSchema).optional().describe('the same, left out'),
      })
      .optional()
      .describe('what it protects'),
    userAction: z.enum(Object.keys(USER_ACTIONS) as [UserAction, ...UserAction[]]).optional().describe('registerSecurityInfo or registerDevice, instead of applications'),
    conditions: z
      .strictObject({
        clientAppTypes: z.array(z.enum(['all', 'browser', 'mobileAppsAndDesktopClients', 'exchangeActiveSync', 'other'])).min(1).optional().describe('client app types; default all'),
        platforms: z
          .strictObject({
            include: z.array(z.enum(['all', ...DEVICE_PLATFORMS])).min(1).describe('all, or the device platforms'),
            exclude: z.array(z.enum(DEVICE_PLATFORMS)).optional().describe('device platforms left out'),
          })
          .optional()
          .describe('device platforms'),
        locations: z
          .strictObject({
            include: z.array(locationSchema).min(1).describe('All, AllTrusted, keys of namedLocations: or location object ids'),
            exclude: z.array(locationSchema).optional().describe('the same, left out'),
          })
          .optional()
          .describe('network locations'),
        signInRiskLevels: riskLevels.optional().describe('sign-in risk levels (Entra ID P2)'),
        userRiskLevels: riskLevels.optional().describe('user risk levels (Entra ID P2)'),
        servicePrincipalRiskLevels: riskLevels.optional().describe('service principal risk levels (workload identities)'),
        insiderRiskLevel: z.enum(['minor', 'moderate', 'elevated']).optional().describe('insider risk level (Purview adaptive protection)'),
        authenticationFlows: z.array(z.enum(['deviceCodeFlow', 'authenticationTransfer'])).min(1).optional().describe('authentication flows'),
        deviceFilter: filter.optional().describe('a device filter'),
        clientApplications: z
          .strictObject({
            include: z.array(z.string().min(1)).min(1).describe('service principal ids, or ServicePrincipalsInMyTenant'),
            exclude: z.array(z.string().min(1)).optional().describe('service principal ids left out'),
            filter: filter.optional().describe('a filter on service principal attributes'),
          })
          .optional()
          .describe('workload identities (instead of users)'),
      })
      .optional()
      .describe('conditions; each one left out applies to every sign-in'),
    grant: z
      .strictObject({
        operator: z.enum(['AND', 'OR']).describe('AND: every control; OR: at least one'),
        controls: z.array(z.enum(['block', 'mfa', 'compliantDevice', 'domainJoinedDevice', 'approvedApplication', 'compliantApplication', 'passwordChange'])).optional().describe('built-in controls'),
        authenticationStrength: strength.optional().describe('a built-in strength by name (core/microsoft/well-known.ts) or a strength id'),
        termsOfUse: z.array(guid('a terms of use id')).optional().describe('terms of use ids'),
        customAuthenticationFactors: z.array(z.string().min(1)).optional().describe('custom controls'),
      })
      .optional()
      .describe('what a sign-in must satisfy'),
    session: z
      .strictObject({
        signInFrequency: z
          .union([z.literal('everyTime'), z.strictObject({ value: z.number().int().min(1).describe('how many'), unit: z.enum(['hours', 'days']).describe('hours or days') })])
          .optional()
          .describe('everyTime, or { value, unit }'),
        signInFrequencyAuthenticationType: z.enum(['primaryAndSecondaryAuthentication', 'secondaryAuthentication']).optional().describe('what the frequency re-asks for; default both'),
        persistentBrowser: z.enum(['always', 'never']).optional().describe('persistent browser session'),
        applicationEnforcedRestrictions: z.boolean().optional().describe('app-enforced restrictions (Exchange, SharePoint)'),
        cloudAppSecurity: z.enum(['mcasConfigured', 'monitorOnly', 'blockDownloads']).optional().describe('Defender for Cloud Apps session control'),
        disableResilienceDefaults: z.boolean().optional().describe('turn resilience defaults off'),
      })
      .optional()
      .describe('session controls'),
  })
  .superRefine((p, ctx) => {
    if ((p.applications === undefined) === (p.userAction === undefined)) {
      ctx.addIssue({ code: 'custom', path: ['applications'], message: 'a policy has exactly one of applications (what it protects) or userAction' });
    }
    const grantsSomething = p.grant !== undefined && ((p.grant.controls?.length ?? 0) > 0 || p.grant.authenticationStrength !== undefined || (p.grant.termsOfUse?.length ?? 0) > 0 || (p.grant.customAuthenticationFactors?.length ?? 0) > 0);
    const s = p.session;
    const sessionDoesSomething = s !== undefined && (s.signInFrequency !== undefined || s.persistentBrowser !== undefined || s.applicationEnforcedRestrictions === true || s.cloudAppSecurity !== undefined || s.disableResilienceDefaults !== undefined);
    if (!grantsSomething && !sessionDoesSomething) {
      ctx.addIssue({ code: 'custom', path: ['grant'], message: 'a policy needs a grant control or a session control (azuread requires one); a policy with neither does nothing' });
    }
    for (const role of [...(p.users.include.roles ?? []), ...(p.users.exclude?.roles ?? [])]) {
      if (!GUID_PATTERN.test(role) && !isDirectoryRoleName(role)) {
        ctx.addIssue({ code: 'custom', path: ['users'], message: `${JSON.stringify(role)} is neither a role template id nor a role name of core/microsoft/directory-roles.ts` });
      }
    }
  });

type CustomPolicyFile = z.output<typeof customPolicySchema>;

/** One custom policy as loaded: its definition on the baseline model, and the logical names it needs bound. */
export interface CustomPolicy {
  readonly definition: PolicyDefinition;
  readonly file: string;
  /** The environment keys it names: each environment that lists the policy must define them. */
  readonly needs: { readonly groups: readonly string[]; readonly apps: readonly string[]; readonly locations: readonly string[] };
}

const isId = (v: string) => GUID_PATTERN.test(v);

function userRefs(u: CustomPolicyFile['users']['include']): UserRef[] {
  return [
    ...(u.users ?? []).map((user): UserRef => ({ user })),
    ...(u.groups ?? []).map((group): UserRef => ({ group })),
    ...(u.roles ?? []).map((role): UserRef => ({ role })),
    ...(u.guests ? [{ guests: { types: u.guests.types, tenants: u.guests.tenants } } satisfies UserRef] : []),
  ];
}

const appRef = (a: string): AppRef => (a === 'All' || a === 'None' || a === 'Office365' || a === 'MicrosoftAdminPortals' ? a : { app: a });
const locationRef = (l: string): LocationRef => (l === 'All' || l === 'AllTrusted' ? l : { location: l });

function definitionOf(p: CustomPolicyFile): PolicyDefinition {
  const c = p.conditions;
  const g = p.grant;
  const s = p.session;
  return {
    id: p.id as PolicyDefinition['id'],
    displayName: `${p.id} ${p.title}`,
    description: p.description ?? '',
    users: { include: userRefs(p.users.include), ...(p.users.exclude ? { exclude: userRefs(p.users.exclude) } : {}) },
    resources: p.userAction ? { userAction: p.userAction } : { apps: p.applications!.include.map(appRef), ...(p.applications!.exclude ? { excludeApps: p.applications!.exclude.map(appRef) } : {}) },
    ...(c
      ? {
          conditions: {
            ...(c.clientAppTypes ? { clientAppTypes: c.clientAppTypes } : {}),
            ...(c.platforms ? { platforms: { include: c.platforms.include, ...(c.platforms.exclude ? { exclude: c.platforms.exclude } : {}) } } : {}),
            ...(c.locations ? { locations: { include: c.locations.include.map(locationRef), ...(c.locations.exclude ? { exclude: c.locations.exclude.map(locationRef) } : {}) } } : {}),
            ...(c.signInRiskLevels ? { signInRiskLevels: c.signInRiskLevels } : {}),
            ...(c.userRiskLevels ? { userRiskLevels: c.userRiskLevels } : {}),
            ...(c.servicePrincipalRiskLevels ? { servicePrincipalRiskLevels: c.servicePrincipalRiskLevels } : {}),
            ...(c.insiderRiskLevel ? { insiderRiskLevel: c.insiderRiskLevel } : {}),
            ...(c.authenticationFlows ? { authenticationFlows: c.authenticationFlows } : {}),
            ...(c.deviceFilter ? { deviceFilter: c.deviceFilter } : {}),
            ...(c.clientApplications ? { clientApplications: c.clientApplications } : {}),
          },
        }
      : {}),
    ...(g
      ? {
          grant: {
            operator: g.operator,
            controls: g.controls ?? [],
            ...(g.authenticationStrength ? { authenticationStrength: isId(g.authenticationStrength) ? { id: g.authenticationStrength } : (g.authenticationStrength as AuthenticationStrength) } : {}),
            ...(g.termsOfUse ? { termsOfUse: g.termsOfUse } : {}),
            ...(g.customAuthenticationFactors ? { customAuthenticationFactors: g.customAuthenticationFactors } : {}),
          },
        }
      : {}),
    ...(s ? { session: s } : {}),
  };
}

function needsOf(p: CustomPolicyFile): CustomPolicy['needs'] {
  const keys = (xs: readonly string[] | undefined, special: readonly string[] = []) => (xs ?? []).filter((x) => !isId(x) && !special.includes(x));
  return {
    groups: [...new Set([...keys(p.users.include.groups), ...keys(p.users.exclude?.groups)])],
    apps: [...new Set([...keys(p.applications?.include, ['All', 'None', 'Office365', 'MicrosoftAdminPortals']), ...keys(p.applications?.exclude, ['All', 'None', 'Office365', 'MicrosoftAdminPortals'])])],
    locations: [...new Set([...keys(p.conditions?.locations?.include, ['All', 'AllTrusted']), ...keys(p.conditions?.locations?.exclude, ['All', 'AllTrusted'])])],
  };
}

/** Loads one custom policy file; its problems name the file, the line and the key path. */
export function loadCustomPolicy(name: string, file: string, text: string | Uint8Array): { policy?: CustomPolicy; problems: Problem[] } {
  const read = readStrictYaml(file, text);
  if (!read.ok) return { problems: read.problems };
  const { data, lineOf } = read.yaml;
  const parsed = customPolicySchema.safeParse(data);
  if (!parsed.success) {
    return {
      problems: parsed.error.issues.map((issue) => {
        const line = lineOf(issue.path, issue.code === 'unrecognized_keys');
        const path = issue.code === 'unrecognized_keys' ? [...issue.path, issue.keys[0] ?? ''] : issue.path;
        const message = issue.code === 'unrecognized_keys' ? unknownKeyMessage(issue.keys.map(String), allowedKeysAt(customPolicySchema, issue.path)) : issue.code === 'invalid_value' ? `is not allowed; use one of: ${issue.values.map(String).join(' | ')}` : issue.message;
        return { file, path: formatKeyPath(path), message, ...(line ? { line } : {}) };
      }),
    };
  }
  if (parsed.data.id !== name) {
    return { problems: [{ file, path: 'id', message: `is ${parsed.data.id}, but the file is ${name}.yaml; a custom policy's file is named after its id`, ...(lineOf(['id']) ? { line: lineOf(['id'])! } : {}) }] };
  }
  return { policy: { definition: definitionOf(parsed.data), file, needs: needsOf(parsed.data) }, problems: [] };
}

/**
 * The problems of one environment's use of a custom policy: every key it names must be
 * defined in that environment (and a location key must be an IP or country location).
 */
export function bindingProblems(
  policy: CustomPolicy,
  at: readonly PropertyKey[],
  env: { readonly groups: Readonly<Record<string, unknown>>; readonly apps: Readonly<Record<string, unknown>>; readonly locations: Readonly<Record<string, unknown>> },
): PathProblem[] {
  const missing = (what: string, keys: readonly string[], defined: Readonly<Record<string, unknown>>, section: string) =>
    keys
      .filter((k) => !Object.hasOwn(defined, k))
      .map((k) => ({
        path: at,
        message: `${policy.file} names ${what} ${JSON.stringify(k)}, which this environment does not define under ${section}${didYouMean(k, Object.keys(defined))} (${Object.keys(defined).length ? Object.keys(defined).sort().join(', ') : 'none defined'})`,
      }));
  return [
    ...missing('group', policy.needs.groups, env.groups, 'groups:'),
    ...missing('app', policy.needs.apps, env.apps, 'apps:'),
    ...missing('named location', policy.needs.locations, env.locations, 'namedLocations:'),
  ];
}

