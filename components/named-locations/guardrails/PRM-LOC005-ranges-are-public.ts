import { nonPublicPart, parseCidr } from '../../../core/net';
import type { GuardrailRule } from '../../../guardrails/rule';
import { rangesThatGrantTrust } from './trusted-ranges';

export const rangesArePublic: GuardrailRule = {
  id: 'PRM-LOC005',
  severity: 'warning',
  trigger: 'An IP location that is neither trusted nor the directory-sync location contains a range that is not public unicast.',
  explanation:
    'Conditional Access matches the public address a sign-in comes from. A private, loopback or other special-purpose range in an IP location can never match, so a policy that blocks or includes that location does less than it says.',
  fix: 'Replace the range with the public ranges you meant, or remove it.',
  check({ model }) {
    const relaxing = new Set(rangesThatGrantTrust(model).map((r) => r.key));
    return model.namedLocations.flatMap((loc) =>
      loc.kind !== 'ip' || relaxing.has(loc.key)
        ? []
        : loc.ipRanges.flatMap((text) => {
            const r = parseCidr(text, { minPrefix: 0 });
            const hit = r.ok ? nonPublicPart(r.cidr) : undefined;
            return hit ? [{ address: loc.address, target: loc.key, message: `IP location ${loc.key} contains ${text}, a ${hit.kind} range (${hit.range}) that no sign-in comes from` }] : [];
          }),
    );
  },
};
