/**
 * An environment after loading: typed, defaults resolved, references checked. Constructs,
 * the brake and the guardrail engine take this, never YAML. The part each component owns is
 * derived from the section registry: `environment.pim` is what the pim section resolved.
 */
import type { AppliedStageCeiling, Stage } from '../core/stages';
import type { ImportedPolicy } from '../analysis/adoption/types';
import type { SECTIONS } from '../components/registry';
import type { SectionResult } from '../components/section';

export interface Suppression {
  readonly rule: string;
  readonly target: string;
  readonly reason: string;
  /** Index in the file's `suppressions:` list, for messages. */
  readonly index: number;
}

/** An object taken out on purpose (`retire:`): Terraform destroys it at the next deploy. */
export interface Retirement {
  readonly target: string;
  readonly reason: string;
  /** Index in the file's `retire:` list, for messages. */
  readonly index: number;
}

/** What every environment file has, whatever components it uses. */
export interface EnvironmentBase {
  /** The file name without extension; also the stack name. */
  readonly name: string;
  /** The file, relative to the working directory, for messages. */
  readonly file: string;
  readonly tenantId: string;
  readonly ring: number;
  readonly defaultStage: Stage;
  /** Deployed by the pipeline (the default); false for a laptop-only environment. */
  readonly pipeline: boolean;
  /** `groups:`: existing groups by logical name. */
  readonly groups: Readonly<Record<string, { readonly objectId: string; readonly description?: string }>>;
  /** `apps:`: logical app name -> application (client) id. */
  readonly apps: Readonly<Record<string, string>>;
  /** Guardrail findings accepted on purpose, with their reasons. */
  readonly suppressions: readonly Suppression[];
  /** Objects taken out on purpose, with their reasons. */
  readonly retired: readonly Retirement[];
  /**
   * The line of the file where each name is declared (`CA006` under `policies:`, `corp-egress`
   * under `namedLocations:`, a role under `pim.roles:`): the key of every mapping entry one or
   * two levels under a section, first occurrence first. Guardrail findings about a target give
   * this line. Absent for environments not read from a file.
   */
  readonly targetLines?: Readonly<Record<string, number>>;
  /** Legal but suspicious configuration, reported as synth warnings. */
  readonly warnings: readonly string[];
  /**
   * The tenant's policies perimeter does not manage (`<env>.unmanaged.json`, written by
   * `npm run import`): in force, never changed by a deploy, counted by What If, the lockout
   * proof, the policy limit and the diff.
   */
  readonly unmanaged?: {
    readonly file: string;
    readonly policies: readonly ImportedPolicy[];
    /** Display names of the objects the snapshot holds besides policies (named locations perimeter does not manage), by object id. */
    readonly names: Readonly<Record<string, string>>;
  };
  /** Set only when this synth runs under the emergency brake (PERIMETER_STAGE_CEILING). */
  readonly stageCeiling?: AppliedStageCeiling;
}

type AnySection = (typeof SECTIONS)[number];
type SpecOf<S> = S extends { resolve(...args: never[]): SectionResult<infer Spec> } ? Spec : never;

/** Each component's resolved section, under the section's key. */
export type SectionSpecs = { readonly [S in AnySection as S['key']]: SpecOf<S> };

export type Environment = EnvironmentBase & SectionSpecs;
