/**
 * `namedLocations:`: the IP ranges and countries policies refer to by key. The key is the
 * Terraform address; the display name may change freely.
 */
import { z } from 'zod';
import { countryCodeProblem } from '../../core/countries';
import { parseCidr } from '../../core/net';
import { displayName, key, objectId, uniqueList } from '../../core/schema';
import type { Section } from '../section';
import { NAMED_LOCATION_RULES } from './guardrails';
import { didYouMean } from '../../core/text';

export interface IpLocationSpec {
  readonly kind: 'ip';
  /** The existing named location this one takes over in place. */
  readonly adopt?: string;
  readonly displayName: string;
  readonly ipRanges: readonly string[];
  readonly trusted: boolean;
}

export interface CountryLocationSpec {
  readonly kind: 'country';
  /** The existing named location this one takes over in place. */
  readonly adopt?: string;
  readonly displayName: string;
  readonly countries: readonly string[];
  readonly includeUnknown: boolean;
  readonly lookupMethod: 'clientIpAddress' | 'authenticatorAppGps';
}

export type NamedLocationSpec = IpLocationSpec | CountryLocationSpec;

/** Location key -> location. */
export type NamedLocationsSpec = Readonly<Record<string, NamedLocationSpec>>;

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
    displayName: displayName('a named location').optional().describe('shown in the portal and sign-in logs; default the key'),
    ipRanges: uniqueList(cidr).min(1).optional().describe('an IP location: CIDR ranges, /8 or longer, network address only, IPv4 or IPv6'),
    trusted: z.boolean().optional().describe('IP locations only: a trusted location (AllTrusted); default false'),
    countries: uniqueList(country).min(1).optional().describe('a country location: ISO 3166-1 alpha-2 codes (GB, not UK)'),
    includeUnknown: z.boolean().optional().describe('country locations only: also match addresses that map to no country; default false'),
    countryLookupMethod: z
      .enum(['clientIpAddress', 'authenticatorAppGps'])
      .optional()
      .describe('country locations only: how the country is found; default clientIpAddress'),
    adopt: objectId
      .optional()
      .describe('the object id of the existing named location this one takes over in place (an import writes it)'),
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
  })
  .describe('an IP location (ipRanges) or a country location (countries)');

const shape = {
  namedLocations: z
    .record(key('named location'), namedLocation)
    .optional()
    .describe('named locations by key; the key is the Terraform address, so renaming the display name never recreates one'),
};

export const namedLocationsSection: Section<'namedLocations', typeof shape, NamedLocationsSpec> = {
  key: 'namedLocations',
  shape,
  needs: [],
  resolve({ namedLocations = {} }) {
    const spec: Record<string, NamedLocationSpec> = {};
    for (const [k, loc] of Object.entries(namedLocations)) {
      const adopt = loc.adopt ? { adopt: loc.adopt } : {};
      spec[k] = loc.ipRanges
        ? { kind: 'ip', displayName: loc.displayName ?? k, ipRanges: loc.ipRanges, trusted: loc.trusted ?? false, ...adopt }
        : {
            kind: 'country',
            displayName: loc.displayName ?? k,
            countries: loc.countries ?? [],
            includeUnknown: loc.includeUnknown ?? false,
            lookupMethod: loc.countryLookupMethod ?? 'clientIpAddress',
            ...adopt,
          };
    }
    return { spec, problems: [], warnings: [] };
  },
  protectedTargets: (spec) => Object.keys(spec),
  suppressionTargets: (spec) => Object.keys(spec),
  rules: NAMED_LOCATION_RULES,
};

/**
 * A reference to a named location from another section: it must exist and be of the kind the
 * referrer needs. Undefined when it is fine, otherwise the message.
 */
export function locationReferenceProblem(locations: NamedLocationsSpec, ref: string, kind: 'ip' | 'country'): string | undefined {
  const loc = Object.hasOwn(locations, ref) ? locations[ref] : undefined;
  const keys = Object.keys(locations);
  const defined = keys.length ? `defined named locations: ${keys.sort().join(', ')}` : 'no named locations are defined';
  if (!loc) return `named location ${JSON.stringify(ref)} is not defined under namedLocations${didYouMean(ref, keys)} (${defined})`;
  if (kind === 'ip' && loc.kind !== 'ip') return `named location ${JSON.stringify(ref)} must be an IP location (ipRanges), not a country location`;
  if (kind === 'country' && loc.kind !== 'country') return `named location ${JSON.stringify(ref)} must be a country location (countries), not an IP location`;
  return undefined;
}
