import type { GuardrailRule } from '../model';
import { caPolicies, NAMED_LOCATION_TYPE } from '../ca-json';
import { parseCidr, type Cidr } from '../../../config/cidr';
import { resourcesOfType } from '../model';

/** Ranges Conditional Access never sees as a client address: private, loopback, link-local. */
const NON_PUBLIC_RANGES = [
  ['10.0.0.0/8', 'RFC 1918 private'],
  ['172.16.0.0/12', 'RFC 1918 private'],
  ['192.168.0.0/16', 'RFC 1918 private'],
  ['127.0.0.0/8', 'loopback'],
  ['169.254.0.0/16', 'link-local'],
  ['fc00::/7', 'RFC 4193 unique local'],
  ['fe80::/10', 'link-local'],
  ['::1/128', 'loopback'],
] as const;

let nonPublic: { cidr: Cidr; kind: string }[] | undefined;
function nonPublicRanges() {
  nonPublic ??= NON_PUBLIC_RANGES.map(([text, kind]) => {
    const r = parseCidr(text, { minPrefix: 0 });
    if (!r.ok) throw new Error(`bad built-in range ${text}: ${r.reason}`);
    return { cidr: r.cidr, kind };
  });
  return nonPublic;
}

function overlaps(a: Cidr, b: Cidr): boolean {
  if (a.family !== b.family) return false;
  const bits = a.family === 4 ? 32 : 128;
  const prefix = Math.min(a.prefix, b.prefix);
  const shift = BigInt(bits - prefix);
  return a.network >> shift === b.network >> shift;
}

interface IpLocationJson {
  readonly display_name: string;
  readonly ip?: { readonly ip_ranges: readonly string[]; readonly trusted?: boolean };
}

function ipLocations(tf: Parameters<typeof resourcesOfType>[0]) {
  return resourcesOfType(tf, NAMED_LOCATION_TYPE).map(([key, body]) => ({ key, address: `${NAMED_LOCATION_TYPE}.${key}`, loc: body as unknown as IpLocationJson }));
}

/** Every parseable range of every trusted IP location. */
function trustedRanges(tf: Parameters<typeof resourcesOfType>[0]) {
  return ipLocations(tf).flatMap(({ key, address, loc }) =>
    loc.ip?.trusted
      ? loc.ip.ip_ranges.flatMap((text) => {
          const r = parseCidr(text, { minPrefix: 0 });
          return r.ok ? [{ key, address, text, cidr: r.cidr }] : [];
        })
      : [],
  );
}

export const trustedRangesArePublic: GuardrailRule = {
  id: 'PRM-LOC001',
  severity: 'error',
  area: 'Named locations',
  trigger: 'A trusted IP location contains a private (RFC 1918/4193), loopback or link-local range.',
  explanation:
    'Conditional Access sees the public egress address of a sign-in, never an intranet address. A private range in a trusted location never matches anything real, which means the location does not cover the offices it was meant to, and it usually signals that someone confused the internal and the egress network.',
  fix: 'Replace the range with the public egress ranges of the site (the NAT or proxy addresses).',
  check({ tf }) {
    return trustedRanges(tf).flatMap(({ key, address, text, cidr }) => {
      const hit = nonPublicRanges().find((n) => overlaps(cidr, n.cidr));
      return hit ? [{ address, target: key, message: `trusted location ${key} contains ${text}, a ${hit.kind} range (${hit.cidr.text})` }] : [];
    });
  },
};

export const trustedRangesAreNarrow: GuardrailRule = {
  id: 'PRM-LOC002',
  severity: 'warning',
  area: 'Named locations',
  trigger: 'A trusted IP location has a range wider than /16 (IPv4) or /48 (IPv6).',
  explanation:
    'A trusted location relaxes policies (registration protection, for one). An egress range of more than 65,536 addresses is rarely all yours; a trusted range that includes someone else\'s addresses trusts them too.',
  fix: 'List the actual egress ranges, each /16 or narrower.',
  check({ tf }) {
    return trustedRanges(tf).flatMap(({ key, address, text, cidr }) => {
      const limit = cidr.family === 4 ? 16 : 48;
      return cidr.prefix < limit ? [{ address, target: key, message: `trusted location ${key} contains ${text}, wider than /${limit}` }] : [];
    });
  },
};

export const locationsAreUsed: GuardrailRule = {
  id: 'PRM-LOC003',
  severity: 'warning',
  area: 'Named locations',
  trigger: 'A named location is referenced by no policy (trusted IP locations count as referenced where a policy uses AllTrusted).',
  explanation:
    'A location nobody uses is configuration nobody reviews: its ranges go stale, and a later policy that starts using it inherits whatever it has drifted to.',
  fix: 'Reference the location from a policy (or directorySync.allowedLocation / countryAccess), or remove it.',
  check({ tf }) {
    const policies = caPolicies(tf);
    const refs = new Set<string>();
    let allTrusted = false;
    for (const { policy } of policies) {
      for (const l of [...(policy.conditions.locations?.included_locations ?? []), ...(policy.conditions.locations?.excluded_locations ?? [])]) {
        if (l === 'AllTrusted') allTrusted = true;
        const m = /^\$\{azuread_named_location\.([^.]+)\.object_id\}$/.exec(l);
        if (m?.[1]) refs.add(m[1]);
      }
    }
    return ipLocations(tf)
      .filter(({ key, loc }) => !refs.has(key) && !(allTrusted && loc.ip?.trusted))
      .map(({ key, address }) => ({ address, target: key, message: `named location ${key} is not used by any policy` }));
  },
};
