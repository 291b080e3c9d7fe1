/**
 * What reading an existing tenant's Conditional Access export gives: policies, named locations
 * and groups in Graph's camelCase, names for GUIDs, and every problem with the input.
 */
import type { GraphBody } from '../../core/graph-json';
import type { Problem } from '../../core/problems';
import type { PolicyState } from '../../core/stages';

/** One file of an export, as the command line read it. */
export interface ExportFile {
  /** As it is shown in messages (relative to the working directory). */
  readonly path: string;
  readonly bytes: Uint8Array;
}

/** Where an object was read. */
export interface ImportSource {
  readonly file: string;
  /** Its position when the file holds a list (a Graph `value` list or a JSON array). */
  readonly index?: number;
}

export interface ImportedPolicy {
  readonly source: ImportSource;
  /** The policy's object id, lower-case. */
  readonly originalId: string;
  readonly displayName: string;
  readonly state: PolicyState;
  /**
   * The policy in Graph camelCase: annotations dropped, every null, [] and {} removed, GUIDs
   * lower-case, lists as lists, flags enums (`guestOrExternalUserTypes`, `transferMethods`)
   * as Graph writes them (one comma-separated string, in Graph's order). Unexpressible fields
   * are kept here.
   */
  readonly graph: GraphBody;
  /** Dotted JSON paths of the leaves azuread 3.7.0 cannot write (`sessionControls.continuousAccessEvaluation.mode`), in file order. */
  readonly unexpressible: readonly string[];
  /** Read-only metadata that Terraform cannot keep, in words. */
  readonly notes: readonly string[];
  /** False when azuread_conditional_access_policy cannot declare what is left once the unexpressible fields are dropped. */
  readonly declarable: boolean;
  /** Why not, when `declarable` is false. */
  readonly whyNot?: string;
}

interface NamedLocationCommon {
  readonly source: ImportSource;
  readonly originalId: string;
  readonly displayName: string;
  /** The Graph type without `#microsoft.graph.` (`ipNamedLocation`, `compliantNetworkNamedLocation`), when the export says. */
  readonly graphType?: string;
  readonly graph: GraphBody;
  /** Leaf paths azuread_named_location cannot write; for `other`, every field but the name. */
  readonly unexpressible: readonly string[];
}

export type ImportedNamedLocation =
  | (NamedLocationCommon & { readonly kind: 'ip'; readonly ipRanges: readonly string[]; readonly isTrusted: boolean })
  | (NamedLocationCommon & {
      readonly kind: 'country';
      readonly countriesAndRegions: readonly string[];
      readonly includeUnknownCountriesAndRegions: boolean;
      readonly countryLookupMethod: 'clientIpAddress' | 'authenticatorAppGps';
    })
  /** A location azuread_named_location does not manage (compliant network, ...): policies can still name it by id. */
  | (NamedLocationCommon & { readonly kind: 'other' });

export interface ImportedGroup {
  readonly source: ImportSource;
  readonly originalId: string;
  readonly displayName: string;
  readonly description?: string;
  readonly mailNickname?: string;
  readonly mailEnabled?: boolean;
  readonly securityEnabled?: boolean;
  readonly isAssignableToRole?: boolean;
  /** `Unified` for a Microsoft 365 group, `DynamicMembership` for a dynamic one. */
  readonly groupTypes: readonly string[];
  readonly membershipRule?: string;
  /** The group object as exported (camelCase, annotations and empty values dropped). */
  readonly graph: GraphBody;
}

export interface ObjectName {
  readonly displayName: string;
  /** `Group` for group files; the migration table's `Type` otherwise. */
  readonly type: string;
}

export interface ReadExports {
  /** In file path order, then list order. */
  readonly policies: readonly ImportedPolicy[];
  readonly namedLocations: readonly ImportedNamedLocation[];
  readonly groups: readonly ImportedGroup[];
  /** Lower-case GUID -> name, from group files first, then migration tables. */
  readonly names: ReadonlyMap<string, ObjectName>;
  /** From a migration table's `TenantId`, lower-case. */
  readonly tenantId?: string;
  /** Empty when the export can be adopted as read. An object with a problem of its own is left out of the lists above. */
  readonly problems: readonly Problem[];
  /** What was read but is worth saying (a group exported twice under two names). */
  readonly warnings: readonly string[];
}

/** The GUIDs a policy names (sorted, each once), by what they are: what an import must bind. */
export interface ReferencedIds {
  readonly users: readonly string[];
  readonly groups: readonly string[];
  /** Directory role template ids. */
  readonly roles: readonly string[];
  /** Application (client) ids. */
  readonly applications: readonly string[];
  readonly namedLocations: readonly string[];
  readonly termsOfUse: readonly string[];
  /** Bare strength ids, built-in ones included (`00000000-0000-0000-0000-000000000004`). */
  readonly authenticationStrengths: readonly string[];
  readonly servicePrincipals: readonly string[];
  /** External tenants an enumerated guests condition names. */
  readonly tenants: readonly string[];
}
