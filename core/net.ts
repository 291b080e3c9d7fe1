/**
 * IPv4/IPv6 addresses and CIDR ranges, for named locations, the guardrails and the offline
 * evaluator. Conditional Access accepts prefixes of /8 or longer, in CIDR notation only.
 */
import { isIPv4, isIPv6 } from 'node:net';

export interface Cidr {
  readonly family: 4 | 6;
  /** Network address as an integer (IPv4 fits a number; IPv6 needs a bigint). */
  readonly network: bigint;
  readonly prefix: number;
  readonly text: string;
}

export const MIN_PREFIX = 8;

export function ipToBigInt(ip: string): { family: 4 | 6; value: bigint } | undefined {
  if (isIPv4(ip)) {
    const value = ip.split('.').reduce((acc, octet) => (acc << 8n) + BigInt(Number(octet)), 0n);
    return { family: 4, value };
  }
  if (isIPv6(ip)) {
    let text = ip;
    const v4tail = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
    if (v4tail && v4tail[1] !== undefined) {
      const v4 = ipToBigInt(v4tail[1]);
      if (!v4) return undefined;
      const hi = (v4.value >> 16n).toString(16);
      const lo = (v4.value & 0xffffn).toString(16);
      text = text.slice(0, -v4tail[1].length) + `${hi}:${lo}`;
    }
    const [head = '', tail] = text.split('::');
    const headParts = head === '' ? [] : head.split(':');
    const tailParts = tail === undefined || tail === '' ? [] : tail.split(':');
    const missing = 8 - headParts.length - tailParts.length;
    const parts = tail === undefined ? headParts : [...headParts, ...Array<string>(missing).fill('0'), ...tailParts];
    if (parts.length !== 8) return undefined;
    const value = parts.reduce((acc, group) => (acc << 16n) + BigInt(parseInt(group, 16)), 0n);
    return { family: 6, value };
  }
  return undefined;
}

export function bigIntToIp(family: 4 | 6, value: bigint): string {
  if (family === 4) {
    return [24n, 16n, 8n, 0n].map((s) => ((value >> s) & 0xffn).toString()).join('.');
  }
  const groups: string[] = [];
  for (let i = 7; i >= 0; i--) groups.push(((value >> BigInt(i * 16)) & 0xffffn).toString(16));
  return groups.join(':').replace(/(^|:)0(:0)+(:|$)/, '::');
}

export type CidrResult = { ok: true; cidr: Cidr } | { ok: false; reason: string };

/**
 * Parses a CIDR and says precisely what is wrong with it when it is not acceptable.
 * `minPrefix` defaults to what Conditional Access accepts.
 */
export function parseCidr(text: string, { minPrefix = MIN_PREFIX }: { minPrefix?: number } = {}): CidrResult {
  if (text.includes('%')) {
    return { ok: false, reason: 'has an IPv6 zone id (the part after %); a zone id names an interface of one machine and is never part of a range Entra sees' };
  }
  if (text.trim() !== text || /\s/.test(text)) return { ok: false, reason: 'has spaces in it; write the range alone, e.g. 203.0.113.0/24' };
  const slash = text.indexOf('/');
  if (slash < 0) {
    const bare = ipToBigInt(text);
    const hint = bare ? ` (a single address is written ${text}/${bare.family === 4 ? 32 : 128})` : '';
    return { ok: false, reason: `is not in CIDR notation${hint}` };
  }
  const addr = text.slice(0, slash);
  const prefixText = text.slice(slash + 1);
  const ip = ipToBigInt(addr);
  if (!ip) return { ok: false, reason: `${JSON.stringify(addr)} is not an IPv4 or IPv6 address` };
  const max = ip.family === 4 ? 32 : 128;
  if (!/^(0|[1-9]\d{0,2})$/.test(prefixText) || Number(prefixText) > max) {
    return { ok: false, reason: `the prefix length must be a whole number from ${minPrefix} to ${max}` };
  }
  const prefix = Number(prefixText);
  if (prefix < minPrefix) {
    return { ok: false, reason: `a /${prefix} is wider than Conditional Access allows; use /${minPrefix} or longer` };
  }
  const hostBits = BigInt(max - prefix);
  const network = (ip.value >> hostBits) << hostBits;
  if (network !== ip.value) {
    return {
      ok: false,
      reason: `has host bits set; the network address is ${bigIntToIp(ip.family, network)}/${prefix}`,
    };
  }
  return { ok: true, cidr: { family: ip.family, network, prefix, text } };
}

/** Two ranges of the same family share at least one address. */
export function cidrsOverlap(a: Cidr, b: Cidr): boolean {
  if (a.family !== b.family) return false;
  const bits = a.family === 4 ? 32 : 128;
  const prefix = Math.min(a.prefix, b.prefix);
  const shift = BigInt(bits - prefix);
  return a.network >> shift === b.network >> shift;
}

export interface ParsedIp {
  readonly family: 4 | 6;
  readonly value: bigint | number;
}

/** Dotted-quad IPv4 to a number without regular expressions: the evaluator runs this for every sign-in. */
function fastIpv4(ip: string): number | undefined {
  let value = 0;
  let part = 0;
  let digits = 0;
  let dots = 0;
  for (let i = 0; i < ip.length; i++) {
    const c = ip.charCodeAt(i);
    if (c === 46) {
      if (digits === 0 || part > 255) return undefined;
      value = value * 256 + part;
      part = 0;
      digits = 0;
      dots++;
    } else if (c >= 48 && c <= 57) {
      // Leading zeros are ambiguous (octal in some parsers); Node's isIPv4 rejects them too.
      if (digits === 1 && part === 0) return undefined;
      part = part * 10 + (c - 48);
      if (++digits > 3) return undefined;
    } else return undefined;
  }
  if (dots !== 3 || digits === 0 || part > 255) return undefined;
  return value * 256 + part;
}

/** An address as a number (IPv4) or bigint (IPv6), or undefined when the text is not an address. */
export function parseIp(ip: string): ParsedIp | undefined {
  const v4 = fastIpv4(ip);
  if (v4 !== undefined) return { family: 4, value: v4 };
  if (!ip.includes(':')) return undefined;
  const big = ipToBigInt(ip);
  return big ? { family: big.family, value: big.value } : undefined;
}

export interface IpRange {
  readonly family: 4 | 6;
  readonly start: bigint | number;
  readonly end: bigint | number;
}

/** The first and last address of a CIDR range, or undefined when it is not one Conditional Access accepts. */
export function rangeOf(cidrText: string): IpRange | undefined {
  const parsed = parseCidr(cidrText);
  if (!parsed.ok) return undefined;
  const { family, network, prefix } = parsed.cidr;
  const bits = family === 4 ? 32 : 128;
  const size = 1n << BigInt(bits - prefix);
  if (family === 4) return { family, start: Number(network), end: Number(network + size - 1n) };
  return { family, start: network, end: network + size - 1n };
}

/**
 * The special-purpose ranges of the IANA IPv4 and IPv6 registries (RFC 6890 and its updates)
 * that never appear as the public address of a sign-in. Documentation ranges (RFC 5737,
 * 3849) are left out on purpose: samples and tests use them as stand-ins for public ranges.
 */
const SPECIAL_RANGES: readonly (readonly [string, string])[] = [
  ['0.0.0.0/8', '"this network" (0.0.0.0/8)'],
  ['10.0.0.0/8', 'RFC 1918 private'],
  ['100.64.0.0/10', 'carrier-grade NAT shared (RFC 6598)'],
  ['127.0.0.0/8', 'loopback'],
  ['169.254.0.0/16', 'link-local'],
  ['172.16.0.0/12', 'RFC 1918 private'],
  ['192.0.0.0/24', 'IETF protocol assignment (RFC 6890)'],
  ['192.168.0.0/16', 'RFC 1918 private'],
  ['198.18.0.0/15', 'benchmarking (RFC 2544)'],
  ['224.0.0.0/4', 'multicast'],
  ['255.255.255.255/32', 'broadcast'],
  ['240.0.0.0/4', 'reserved (class E)'],
  ['::/128', 'unspecified'],
  ['::1/128', 'loopback'],
  ['::ffff:0:0/96', 'IPv4-mapped IPv6 (write the IPv4 range instead)'],
  ['100::/64', 'discard-only (RFC 6666)'],
  ['fc00::/7', 'RFC 4193 unique local'],
  ['fe80::/10', 'link-local'],
  ['ff00::/8', 'multicast'],
];

let special: { readonly cidr: Cidr; readonly kind: string }[] | undefined;

/**
 * The special-purpose range a CIDR range overlaps, in words (`RFC 1918 private`), or
 * undefined when every address in it is public unicast.
 */
export function nonPublicPart(cidr: Cidr): { readonly kind: string; readonly range: string } | undefined {
  special ??= SPECIAL_RANGES.map(([text, kind]) => {
    const r = parseCidr(text, { minPrefix: 0 });
    if (!r.ok) throw new Error(`bad built-in range ${text}: ${r.reason}`);
    return { cidr: r.cidr, kind };
  });
  const hit = special.find((n) => cidrsOverlap(cidr, n.cidr));
  return hit ? { kind: hit.kind, range: hit.cidr.text } : undefined;
}

/** How many addresses a range holds. */
export function addressCount(cidr: Cidr): bigint {
  return 1n << BigInt((cidr.family === 4 ? 32 : 128) - cidr.prefix);
}
