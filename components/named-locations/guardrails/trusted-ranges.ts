/** The ranges of trusted IP locations, as the named-location rules read them from the model. */
import { parseCidr, type Cidr } from '../../../core/net';
import type { EnvironmentModel } from '../../../analysis/model/types';

export interface TrustedRange {
  readonly key: string;
  readonly address: string;
  readonly text: string;
  readonly cidr: Cidr;
  /** Why the range relaxes policy, in words: `trusted location` or `directory-sync location`. */
  readonly why: string;
}

/** Every parseable range of every trusted IP location. */
export function trustedRanges(model: EnvironmentModel): TrustedRange[] {
  return ipRanges(model, (loc) => (loc.isTrusted ? 'trusted location' : undefined));
}

/** Every range that relaxes a policy: trusted locations, and the location the sync accounts may sign in from. */
export function rangesThatGrantTrust(model: EnvironmentModel): TrustedRange[] {
  const syncLocation = model.declared?.directorySync?.allowedLocation;
  return ipRanges(model, (loc) => (loc.key === syncLocation ? 'directory-sync location' : loc.isTrusted ? 'trusted location' : undefined));
}

function ipRanges(model: EnvironmentModel, why: (loc: { key: string; isTrusted: boolean }) => string | undefined): TrustedRange[] {
  return model.namedLocations.flatMap((loc) => {
    const reason = loc.kind === 'ip' ? why(loc) : undefined;
    return loc.kind === 'ip' && reason
      ? loc.ipRanges.flatMap((text) => {
          const r = parseCidr(text, { minPrefix: 0 });
          return r.ok ? [{ key: loc.key, address: loc.address, text, cidr: r.cidr, why: reason }] : [];
        })
      : [];
  });
}
