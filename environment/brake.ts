/**
 * The emergency brake: `PERIMETER_STAGE_CEILING=report-only` (or `off`) caps every staged item
 * (Conditional Access policies and analytics rules, whatever section owns them) of one synth
 * without editing YAML, so an on-call engineer can take a bad policy out of enforcement in
 * minutes. Guardrails, ring order included, judge the YAML stages before the cap; the YAML
 * stays the truth the drift job compares the tenant with.
 */
import { applyStageCeiling, type Stage, type StageCeiling } from '../core/stages';
import { SECTIONS } from '../components/registry';
import type { StagedItem } from '../core/stages';
import type { Environment } from './environment';

type WithStages = (spec: unknown, stageOf: (item: StagedItem) => Stage) => unknown;

/** The environment as synthesized under a ceiling: every staged item capped, the cap recorded. */
export function withStageCeiling(env: Environment, ceiling: StageCeiling | undefined): Environment {
  if (ceiling === undefined) return env;
  const lowered: { id: string; from: Stage; to: Stage }[] = [];
  const capped: Record<string, unknown> = {};
  for (const section of SECTIONS) {
    if (!('withStages' in section)) continue;
    capped[section.key] = (section.withStages as WithStages)(env[section.key], (item) => {
      const stage = applyStageCeiling(item.stage, ceiling, item.kind);
      if (stage !== item.stage) lowered.push({ id: item.id, from: item.stage, to: stage });
      return stage;
    });
  }
  return { ...env, ...capped, stageCeiling: { ceiling, lowered } } as Environment;
}

/** Every staged item of the environment with its YAML stage, in registry order. */
export function stagedItems(env: Environment): StagedItem[] {
  const items: StagedItem[] = [];
  for (const section of SECTIONS) {
    if (!('stagedItems' in section)) continue;
    items.push(...(section.stagedItems as (spec: unknown) => readonly StagedItem[])(env[section.key]));
  }
  return items;
}
