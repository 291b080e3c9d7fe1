/** An environment after loading: typed, defaults resolved, references checked. Constructs take this, never YAML. */
import type { BaselineSettings, PolicyDefinition } from '../policies/model';
import type { Stage } from '../policies/stages';
import type { RemoteStateSpec } from './backend';
import type { AppliedStageCeiling } from './ceiling';
import type { TelemetrySpec } from './telemetry';
import type { PimSettings } from './pim';
import type { AppProxySpec } from './app-proxy';

export interface IpLocationSpec {
  readonly kind: 'ip';
  readonly displayName: string;
  readonly ipRanges: readonly string[];
  readonly trusted: boolean;
}

export interface CountryLocationSpec {
  readonly kind: 'country';
  readonly displayName: string;
  readonly countries: readonly string[];
  readonly includeUnknown: boolean;
  readonly lookupMethod: 'clientIpAddress' | 'authenticatorAppGps';
}

export type NamedLocationSpec = IpLocationSpec | CountryLocationSpec;

export interface PolicyExclusion {
  readonly users: readonly string[];
  /** Keys of `groups:`. */
  readonly groups: readonly string[];
  readonly reason: string;
}

export interface EnvironmentPolicy {
  readonly definition: PolicyDefinition;
  readonly stage: Stage;
  /** Extra exclusions the environment asked for, with the reason it gave. */
  readonly exclusion?: PolicyExclusion;
}

export interface Suppression {
  readonly rule: string;
  readonly target: string;
  readonly reason: string;
  /** Index in the file's `suppressions:` list, for messages. */
  readonly index: number;
}

export interface Environment {
  /** The file name without extension; also the stack name. */
  readonly name: string;
  /** The file, relative to the working directory, for messages. */
  readonly file: string;
  readonly tenantId: string;
  readonly ring: number;
  readonly defaultStage: Stage;
  /** The baseline policies that are part of this environment, in policy-id order. */
  readonly policies: readonly EnvironmentPolicy[];
  readonly breakGlass: { readonly accounts: readonly string[]; readonly exclusionGroupName: string; readonly assignGlobalAdmin: boolean };
  readonly directorySync?: { readonly accounts: readonly string[]; readonly allowedLocation?: string };
  readonly namedLocations: Readonly<Record<string, NamedLocationSpec>>;
  readonly groups: Readonly<Record<string, { readonly objectId: string; readonly description?: string }>>;
  /** Logical app name -> application (client) id. */
  readonly apps: Readonly<Record<string, string>>;
  /** Application (client) ids of the sensitive-app set. */
  readonly sensitiveAppIds: readonly string[];
  /** `Office365` or application (client) ids that guests may reach. */
  readonly guestAllowedApps: readonly string[];
  readonly countryAccess?: { readonly mode: 'allow' | 'block'; readonly location: string };
  readonly settings: BaselineSettings;
  /** Guardrail findings accepted on purpose, with their reasons. */
  readonly suppressions: readonly Suppression[];
  /** Log Analytics, Sentinel and the Entra diagnostic setting; absent when every policy is off. */
  readonly telemetry?: TelemetrySpec;
  /** Privileged access through PIM; absent when the file has no `pim:` section. */
  readonly pim?: PimSettings;
  /** On-premises apps published through Application Proxy (`appProxy:`). */
  readonly appProxy?: AppProxySpec;
  /** Legal but suspicious configuration, reported as synth warnings. */
  readonly warnings: readonly string[];
  /** @default - local state file terraform.<env>.tfstate in the repository root */
  readonly backend?: RemoteStateSpec;
  /** Set only when this synth runs under the emergency brake (PERIMETER_STAGE_CEILING). */
  readonly stageCeiling?: AppliedStageCeiling;
}
