/**
 * The environment YAML contract. Structure is validated here, strictly: unknown keys are
 * errors. References between sections (a location a policy needs, an app a list names) are
 * checked in resolve.ts, where the whole file is known.
 */
import { z } from 'zod';
import { parseCidr } from './cidr';
import { countryCodeProblem } from './countries';
import { STAGES } from '../policies/stages';
import { POLICY_ID_PATTERN } from '../policies/model';
import { telemetrySchema } from './telemetry';
import { pimSchema } from './pim';
import { appProxySchema } from './app-proxy';
import { backendSchema } from './backend';

export const GUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const KEY_PATTERN = /^[a-z][a-z0-9-]{0,62}$/;

const guid = (what: string) =>
  z.string().regex(GUID_PATTERN, { message: `must be ${what} written as a GUID (8-4-4-4-12 hex digits)` });
const objectId = guid('an object id');
const key = (what: string) =>
  z.string().regex(KEY_PATTERN, { message: `must be a ${what} key: lower-case letters, digits and hyphens, starting with a letter` });

const uniqueList = <T extends z.ZodTypeAny>(item: T) =>
  z.array(item).superRefine((list, ctx) => {
    const seen = new Set<unknown>();
    list.forEach((v, i) => {
      if (seen.has(v)) ctx.addIssue({ code: 'custom', path: [i], message: `${JSON.stringify(v)} is listed twice` });
      seen.add(v);
    });
  });

export const stageSchema = z.enum(STAGES);

const cidr = z.string().superRefine((text, ctx) => {
  const r = parseCidr(text);
  if (!r.ok) ctx.addIssue({ code: 'custom', message: `${JSON.stringify(text)} ${r.reason}` });
});

const country = z.string().superRefine((code, ctx) => {
  const problem = countryCodeProblem(code);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});

const namedLocation = z
  .strictObject({
    displayName: z.string().min(1).optional(),
    ipRanges: uniqueList(cidr).min(1).optional(),
    trusted: z.boolean().optional(),
    countries: uniqueList(country).min(1).optional(),
    includeUnknown: z.boolean().optional(),
    countryLookupMethod: z.enum(['clientIpAddress', 'authenticatorAppGps']).optional(),
  })
  .superRefine((loc, ctx) => {
    const ip = loc.ipRanges !== undefined;
    const countries = loc.countries !== undefined;
    if (ip === countries) {
      ctx.addIssue({
        code: 'custom',
        message: 'a named location has exactly one of ipRanges (an IP location) or countries (a country location)',
      });
      return;
    }
    if (ip && (loc.includeUnknown !== undefined || loc.countryLookupMethod !== undefined)) {
      ctx.addIssue({ code: 'custom', message: 'includeUnknown and countryLookupMethod apply to country locations only' });
    }
    if (countries && loc.trusted !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['trusted'], message: 'only IP locations can be trusted; remove trusted' });
    }
  });

const policyOverride = z.strictObject({
  stage: stageSchema.optional(),
  exclude: z
    .strictObject({
      users: uniqueList(objectId).optional(),
      groups: uniqueList(key('group')).optional(),
      reason: z.string().trim().min(10, { message: 'must say why, in at least 10 characters' }),
    })
    .optional(),
});

/** A guardrail finding accepted on purpose. Which rules and targets exist is checked by the guardrail pack. */
const suppression = z.strictObject({
  rule: z.string().regex(/^PRM-[A-Z]+\d{3}$/, { message: 'must be a guardrail rule id such as PRM-LOC002 (see RULES.md)' }),
  target: z.string().min(1, { message: 'must name what the finding is about: a policy id, location key, app key, role name or the environment name' }),
  reason: z
    .string({ message: 'is required: say why the finding is accepted' })
    .trim()
    .min(10, { message: 'must say why the finding is accepted, in at least 10 characters' }),
});

const platform = z.enum(['android', 'iOS', 'windows', 'windowsPhone', 'macOS', 'linux']);

export const environmentSchema = z.strictObject({
  tenantId: guid('the tenant id'),
  ring: z.number().int().min(1, { message: 'must be a whole number of 1 or more' }),
  stage: stageSchema,
  policies: z
    .record(z.string().regex(POLICY_ID_PATTERN, { message: 'must be a policy id such as CA003' }), policyOverride)
    .optional(),
  breakGlass: z.strictObject({
    accounts: uniqueList(objectId).min(2, {
      message: 'needs at least two cloud-only emergency access accounts (object ids); Microsoft recommends two',
    }),
    exclusionGroupName: z.string().min(1).optional(),
    assignGlobalAdmin: z.boolean().optional(),
  }),
  directorySync: z
    .strictObject({
      accounts: uniqueList(objectId).min(1),
      allowedLocation: key('named location').optional(),
    })
    .optional(),
  namedLocations: z.record(key('named location'), namedLocation).optional(),
  groups: z
    .record(key('group'), z.strictObject({ objectId, description: z.string().optional() }))
    .optional(),
  apps: z.record(key('app'), guid('an application (client) id')).optional(),
  sensitiveApps: uniqueList(key('app')).min(1).optional(),
  guests: z
    .strictObject({
      allowedApps: uniqueList(z.string().min(1)).optional(),
      includeInDevicePolicy: z.boolean().optional(),
    })
    .optional(),
  userRiskResponse: z.enum(['passwordChange', 'block']).optional(),
  sessions: z
    .strictObject({
      adminSignInFrequencyHours: z.number().int().min(1).max(23).optional(),
      unmanagedSignInFrequencyHours: z.number().int().min(1).max(23).optional(),
    })
    .optional(),
  supportedPlatforms: uniqueList(platform).min(1).optional(),
  countryAccess: z.strictObject({ mode: z.enum(['allow', 'block']), location: key('named location') }).optional(),
  suppressions: z.array(suppression).optional(),
  telemetry: telemetrySchema({ guid, stage: stageSchema }).optional(),
  pim: pimSchema.optional(),
  appProxy: appProxySchema.optional(),
  backend: backendSchema.optional(),
});

export type EnvironmentFile = z.infer<typeof environmentSchema>;
export type NamedLocationInput = z.infer<typeof namedLocation>;
