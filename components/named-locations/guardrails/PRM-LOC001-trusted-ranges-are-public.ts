import { nonPublicPart } from '../../../core/net';
import type { GuardrailRule } from '../../../guardrails/rule';
import { rangesThatGrantTrust } from './trusted-ranges';

export const trustedRangesArePublic: GuardrailRule = {
  id: 'PRM-LOC001',
  severity: 'error',
  trigger:
    'A trusted IP location, or the directory-sync location, contains a range that is not public unicast: private (RFC 1918), carrier-grade NAT, loopback, link-local, multicast, broadcast, reserved, "this network", IPv4-mapped or unique-local (RFC 4193).',
  explanation:
    'Conditional Access sees the public egress address of a sign-in, never an intranet address. A private or special-purpose range in a trusted location never matches anything real, which means the location does not cover the offices it was meant to, and it usually signals that someone confused the internal and the egress network. The directory-sync location exempts the sync accounts from MFA, so it is held to the same rule.',
  fix: 'Replace the range with the public egress ranges of the site (the NAT or proxy addresses).',
  check({ model }) {
    return rangesThatGrantTrust(model).flatMap(({ key, address, text, cidr, why }) => {
      const hit = nonPublicPart(cidr);
      return hit ? [{ address, target: key, message: `${why} ${key} contains ${text}, a ${hit.kind} range (${hit.range})` }] : [];
    });
  },
};
