/** The ranges of trusted IP locations, as the named-location rules read them from the model. */
import { parseCidr, type Cidr } from '../../../core/net';
import type { EnvironmentModel } from '../../../analysis/model/types';

export interface TrustedRange {
  readonly key: string;
  readonly address: string;
  readonly text: string;
  readonly cidr: Cidr;
}

/** Every parseable range of every trusted IP location. */
export function trustedRanges(model: EnvironmentModel): TrustedRange[] {
  return model.namedLocations.flatMap((loc) =>
    loc.kind === 'ip' && loc.isTrusted
      ? loc.ipRanges.flatMap((text) => {
          const r = parseCidr(text, { minPrefix: 0 });
          return r.ok ? [{ key: loc.key, address: loc.address, text, cidr: r.cidr }] : [];
        })
      : [],
  );
}
