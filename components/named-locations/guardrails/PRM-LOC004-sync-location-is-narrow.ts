import { addressCount } from '../../../core/net';
import type { GuardrailRule } from '../../../guardrails/rule';
import { rangesThatGrantTrust } from './trusted-ranges';

/** The widest the directory-sync location may be: a handful of sync servers behind one NAT. */
export const SYNC_LOCATION_LIMITS = { ipv4Addresses: 64, ipv6Prefix: 64 } as const;

export const syncLocationIsNarrow: GuardrailRule = {
  id: 'PRM-LOC004',
  severity: 'error',
  trigger: `The directory-sync location holds more than ${SYNC_LOCATION_LIMITS.ipv4Addresses} IPv4 addresses in all, or an IPv6 range wider than /${SYNC_LOCATION_LIMITS.ipv6Prefix}.`,
  explanation:
    'The sync accounts are exempt from MFA and device controls, and CA019 lets them sign in only from directorySync.allowedLocation. That location is therefore the one place where a stolen sync-account password works without a second factor: it should be the egress of the sync servers and nothing more. A wide range lets everyone else behind it (a whole office, a cloud region) use the account.',
  fix: `List only the egress addresses of the Entra Connect or Cloud Sync servers: at most ${SYNC_LOCATION_LIMITS.ipv4Addresses} IPv4 addresses (a /26) in all, IPv6 ranges /${SYNC_LOCATION_LIMITS.ipv6Prefix} or narrower.`,
  check({ model }) {
    const ranges = rangesThatGrantTrust(model).filter((r) => r.why === 'directory-sync location');
    const findings = ranges
      .filter((r) => r.cidr.family === 6 && r.cidr.prefix < SYNC_LOCATION_LIMITS.ipv6Prefix)
      .map(({ key, address, text }) => ({ address, target: key, message: `directory-sync location ${key} contains ${text}, wider than /${SYNC_LOCATION_LIMITS.ipv6Prefix}` }));
    const v4 = ranges.filter((r) => r.cidr.family === 4);
    const total = v4.reduce((n, r) => n + addressCount(r.cidr), 0n);
    if (total > BigInt(SYNC_LOCATION_LIMITS.ipv4Addresses)) {
      const { key, address } = v4[0]!;
      findings.push({ address, target: key, message: `directory-sync location ${key} holds ${total} IPv4 addresses (${v4.map((r) => r.text).join(', ')}); at most ${SYNC_LOCATION_LIMITS.ipv4Addresses} are allowed` });
    }
    return findings;
  },
};
