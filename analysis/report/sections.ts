/**
 * Report tables for the resource types components add. Each component declares its own
 * sections (the registry collects them, in registry order); a resource appears in the first
 * section that claims it, and anything no section claims still shows under "Other resources".
 */
import { isGraphPolicyResource, TF } from '../../core/addresses';
import type { EnvironmentModel, SynthesizedResource } from '../model/types';

/** The resource types the typed model already turns into policies, locations and groups. */
const MODELLED_TYPES: ReadonlySet<string> = new Set([TF.conditionalAccessPolicy, TF.namedLocation, TF.group]);

export interface ResourceSection {
  readonly title: string;
  /** What a reviewer should know about the section, shown under its title. */
  readonly note?: string;
  matches(r: SynthesizedResource): boolean;
  /** The stage a resource of this section is at, for staged resources. */
  stageOf?(r: SynthesizedResource): string | undefined;
  /**
   * The resource in identity terms: who or what it is about (`PIM policy for Global
   * Administrator`) and its settings as sentences (`activation needs approval by` -> `group
   * identity-security-leads, user ...`). The report shows these instead of its arguments, and the
   * diff compares them, so a change reads "activation needs approval: no -> yes". Without it,
   * the resource's arguments are shown, labelled.
   */
  describe?(r: SynthesizedResource, model: EnvironmentModel): ResourceDescription | undefined;
  /**
   * The section's own rows in identity terms, in place of one row of raw arguments per
   * resource: for tenant settings, whose report-only stage is a check block, not a resource.
   */
  rows?(model: EnvironmentModel): readonly ReportRow[];
}

/** A resource as a reviewer reads it. `raw` is what the diff compares (so renaming a label is no change); it defaults to `text`. */
export interface ResourceDescription {
  readonly subject: string;
  readonly facts: ReadonlyMap<string, { readonly text: string; readonly raw?: string }>;
}

/** A resource the typed model reads as a policy, location or group (not a table of its own). */
export function isModelledResource(r: SynthesizedResource): boolean {
  return MODELLED_TYPES.has(r.type) || isGraphPolicyResource(r.type, r.config);
}

/** One report row: the first cell names the thing, the second lists what it says. */
export type ReportRow = readonly [readonly string[], readonly string[]];

/** What the report shows for the resources no component's section claims: nothing deployable is left out. */
export const OTHER_RESOURCES: ResourceSection = { title: 'Other resources', matches: (r) => !isModelledResource(r) };

/** Resources grouped by the first section that claims them; empty sections are left out. */
export function sectionsOf(model: EnvironmentModel, sections: readonly ResourceSection[]): { section: ResourceSection; resources: SynthesizedResource[] }[] {
  const all = [...sections, OTHER_RESOURCES];
  const out = all.map((section) => ({ section, resources: [] as SynthesizedResource[] }));
  for (const r of model.resources) {
    const i = all.findIndex((s) => s.matches(r));
    if (i >= 0) out[i]!.resources.push(r);
  }
  return out.filter((s) => s.resources.length > 0);
}

