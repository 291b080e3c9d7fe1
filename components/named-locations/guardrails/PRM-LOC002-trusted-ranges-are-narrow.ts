import type { GuardrailRule } from '../../../guardrails/rule';
import { trustedRanges } from './trusted-ranges';

export const trustedRangesAreNarrow: GuardrailRule = {
  id: 'PRM-LOC002',
  severity: 'warning',
  trigger: 'A trusted IP location has a range wider than /16 (IPv4) or /48 (IPv6).',
  explanation:
    'A trusted location relaxes policies (registration protection, for one). An egress range of more than 65,536 addresses is rarely all yours; a trusted range that includes someone else\'s addresses trusts them too.',
  fix: 'List the actual egress ranges, each /16 or narrower.',
  check({ model }) {
    return trustedRanges(model).flatMap(({ key, address, text, cidr }) => {
      const limit = cidr.family === 4 ? 16 : 48;
      return cidr.prefix < limit ? [{ address, target: key, message: `trusted location ${key} contains ${text}, wider than /${limit}` }] : [];
    });
  },
};
