/**
 * The contract every component's YAML section fulfils. The registry lists the sections; the
 * environment schema, resolution, the Environment type, suppression targets, staged items
 * (for the brake and the ring rule), the guardrail rules and the report sections all come
 * from it, so adding a component is its folder, one registry line and its stack wiring.
 */
import type { z } from 'zod';
import type { FeatureSet } from '../core/features';
import type { PathProblem } from '../core/problems';
import type { Stage, StagedItem } from '../core/stages';
import type { ResourceSection } from '../analysis/report/sections';
import type { GuardrailRule } from '../guardrails/rule';
import type { CustomPolicy } from './conditional-access/custom';

/** What a section may read of its environment beyond its own keys. */
export interface ResolveContext {
  /** The environment (stack) name: the file name without `.yaml`. */
  readonly name: string;
  readonly tenantId: string;
  /** The file's top-level `stage`: every staged item's stage unless it says otherwise. */
  readonly defaultStage: Stage;
  /** `groups:`: existing groups by logical name. */
  readonly groups: Readonly<Record<string, { readonly objectId: string; readonly description?: string }>>;
  /** `apps:`: logical app name -> application (client) id. */
  readonly apps: Readonly<Record<string, string>>;
  /** Which optional features the file turns on (see core/features.ts). */
  readonly features: FeatureSet;
  /** The targets of `retire:`: objects taken out on purpose. */
  readonly retired: ReadonlySet<string>;
  /** The custom policies (policies/custom/*.yaml) an environment may list, by id. */
  readonly customPolicies: ReadonlyMap<string, CustomPolicy>;
}

export interface SectionResult<Spec> {
  /** Meaningful only when `problems` is empty. */
  readonly spec: Spec;
  /** Key paths are from the top of the file. */
  readonly problems: readonly PathProblem[];
  /** Legal but suspicious configuration, printed by synth. */
  readonly warnings: readonly string[];
}

/**
 * One component's part of the environment file.
 *
 * @typeParam Key - the Environment field the resolved section lands in
 * @typeParam Shape - the top-level YAML keys it owns, as zod schemas
 * @typeParam Spec - what constructs, guardrails and the brake read
 * @typeParam Deps - the resolved sections of earlier components it reads
 */
export interface Section<Key extends string, Shape extends z.ZodRawShape, Spec, Deps extends object = object> {
  readonly key: Key;
  readonly shape: Shape;
  /** The earlier sections `resolve` reads; the registry checks they come first. */
  readonly needs: readonly (keyof Deps & string)[];
  resolve(input: z.output<z.ZodObject<Shape>>, context: ResolveContext, deps: Deps): SectionResult<Spec>;
  /** The protected objects (core/addresses.ts) the section creates, by the target a `retire:` entry would name. */
  protectedTargets?(spec: Spec): readonly string[];
  /** What a suppression may name in this section (policy ids, location keys, role names, ...). */
  suppressionTargets?(spec: Spec): readonly string[];
  /** The section's staged items with their YAML stages, for the ring rule and the brake. */
  stagedItems?(spec: Spec): readonly StagedItem[];
  /** The section with every staged item at the stage `stageOf` gives it (the emergency brake). */
  withStages?(spec: Spec, stageOf: (item: StagedItem) => Stage): Spec;
  readonly rules?: readonly GuardrailRule[];
  /** Report tables for the resource types this component adds; the first section that claims a resource shows it. */
  readonly reportSections?: readonly ResourceSection[];
}
