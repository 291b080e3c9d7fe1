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
  /** The resource's settings in identity terms, one line each; default: every argument as synthesized. */
  describe?(model: EnvironmentModel, r: SynthesizedResource): readonly string[];
}

/** A resource the typed model reads as a policy, location or group (not a table of its own). */
export function isModelledResource(r: SynthesizedResource): boolean {
  return MODELLED_TYPES.has(r.type) || isGraphPolicyResource(r.type, r.config);
}

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

