import { addressCount, cidrsOverlap, nonPublicPart, parseCidr, rangeOf } from './net';

const reason = (text: string) => {
  const r = parseCidr(text);
  return r.ok ? 'ok' : r.reason;
};

test.each([
  ['203.0.113.0/24', 'ok'],
  ['2001:db8::/32', 'ok'],
  ['203.0.113.7', 'is not in CIDR notation (a single address is written 203.0.113.7/32)'],
  ['203.0.113.1/24', 'has host bits set; the network address is 203.0.113.0/24'],
  ['203.0.113.0/08', 'the prefix length must be a whole number from 8 to 32'],
  ['203.0.113.0/33', 'the prefix length must be a whole number from 8 to 32'],
  ['10.0.0.0/7', 'a /7 is wider than Conditional Access allows; use /8 or longer'],
  ['010.0.0.0/8', '"010.0.0.0" is not an IPv4 or IPv6 address'],
  ['127.1/8', '"127.1" is not an IPv4 or IPv6 address'],
  ['fe80::1%eth0/128', 'has an IPv6 zone id (the part after %); a zone id names an interface of one machine and is never part of a range Entra sees'],
  [' 203.0.113.0/24', 'has spaces in it; write the range alone, e.g. 203.0.113.0/24'],
  ['203.0.113.0 /24', 'has spaces in it; write the range alone, e.g. 203.0.113.0/24'],
  ['1:2:3:4:5:6:7:8:9/64', '"1:2:3:4:5:6:7:8:9" is not an IPv4 or IPv6 address'],
  ['/24', '"" is not an IPv4 or IPv6 address'],
])('%j: %s', (text, expected) => {
  expect(reason(text)).toBe(expected);
});

test('special-purpose ranges are named; documentation ranges count as public (samples use them)', () => {
  const kind = (text: string) => {
    const r = parseCidr(text, { minPrefix: 0 });
    if (!r.ok) throw new Error(r.reason);
    return nonPublicPart(r.cidr)?.kind ?? 'public';
  };
  expect(kind('100.64.1.0/24')).toBe('carrier-grade NAT shared (RFC 6598)');
  expect(kind('0.0.0.0/8')).toBe('"this network" (0.0.0.0/8)');
  expect(kind('255.255.255.255/32')).toBe('broadcast');
  expect(kind('ff02::/16')).toBe('multicast');
  expect(kind('fd00::/8')).toBe('RFC 4193 unique local');
  expect(kind('::ffff:203.0.113.0/120')).toBe('IPv4-mapped IPv6 (write the IPv4 range instead)');
  expect(kind('8.0.0.0/8')).toBe('public');
  expect(kind('203.0.113.0/24')).toBe('public');
  expect(kind('2001:db8::/32')).toBe('public');
  // A wide range that reaches into a private block is not public either.
  expect(kind('8.0.0.0/6')).toBe('RFC 1918 private');
});

test('sizes and overlaps', () => {
  const c = (t: string) => {
    const r = parseCidr(t, { minPrefix: 0 });
    if (!r.ok) throw new Error(r.reason);
    return r.cidr;
  };
  expect(addressCount(c('203.0.113.200/29'))).toBe(8n);
  expect(cidrsOverlap(c('203.0.113.0/24'), c('203.0.113.128/25'))).toBe(true);
  expect(cidrsOverlap(c('203.0.113.0/25'), c('203.0.113.128/25'))).toBe(false);
  expect(rangeOf('203.0.113.0/30')).toEqual({ family: 4, start: 3405803776, end: 3405803779 });
});
