import { cidrsOverlap, parseCidr, type Cidr } from '../../../core/net';
import type { GuardrailRule } from '../../../guardrails/rule';
import { trustedRanges } from './trusted-ranges';

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

export const trustedRangesArePublic: GuardrailRule = {
  id: 'PRM-LOC001',
  severity: 'error',
  trigger: 'A trusted IP location contains a private (RFC 1918/4193), loopback or link-local range.',
  explanation:
    'Conditional Access sees the public egress address of a sign-in, never an intranet address. A private range in a trusted location never matches anything real, which means the location does not cover the offices it was meant to, and it usually signals that someone confused the internal and the egress network.',
  fix: 'Replace the range with the public egress ranges of the site (the NAT or proxy addresses).',
  check({ model }) {
    return trustedRanges(model).flatMap(({ key, address, text, cidr }) => {
      const hit = nonPublicRanges().find((n) => cidrsOverlap(cidr, n.cidr));
      return hit ? [{ address, target: key, message: `trusted location ${key} contains ${text}, a ${hit.kind} range (${hit.cidr.text})` }] : [];
    });
  },
};
