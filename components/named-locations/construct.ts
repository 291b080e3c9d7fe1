import { NamedLocation } from '@cdktf/provider-azuread/lib/named-location';
import { Construct } from '../../app/cdktf';
import type { NamedLocationsSpec } from './section';

export interface NamedLocationsProps {
  /** Location key -> definition. The key is the Terraform address; the display name may change freely. */
  readonly locations: NamedLocationsSpec;
}

/** `azuread_named_location.<key>` for every location of the environment. */
export class NamedLocations extends Construct {
  private readonly byKey = new Map<string, NamedLocation>();

  constructor(scope: Construct, id: string, props: NamedLocationsProps) {
    super(scope, id);
    for (const key of Object.keys(props.locations).sort()) {
      const spec = props.locations[key]!;
      const location = new NamedLocation(this, key, {
        displayName: spec.displayName,
        ...(spec.kind === 'ip'
          ? { ip: { ipRanges: [...spec.ipRanges], trusted: spec.trusted } }
          : {
              country: {
                countriesAndRegions: [...spec.countries],
                includeUnknownCountriesAndRegions: spec.includeUnknown,
                countryLookupMethod: spec.lookupMethod,
              },
            }),
      });
      location.overrideLogicalId(key);
      this.byKey.set(key, location);
    }
  }

  /** The bare GUID Conditional Access needs (`id` is a Graph path in azuread 3.x). */
  objectIdOf(key: string): string {
    const location = this.byKey.get(key);
    if (!location) throw new Error(`named location ${key} is not part of this environment`);
    return location.objectId;
  }
}
