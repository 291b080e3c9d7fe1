/**
 * The emergency brake: `PERIMETER_STAGE_CEILING=report-only` (or `off`) caps every staged item
 * (Conditional Access policies and analytics rules) of one synth without editing YAML, so an
 * on-call engineer can take a bad policy out of enforcement in minutes. Guardrails, ring order
 * included, judge the YAML stages before the cap; the YAML stays the truth the drift job
 * compares the tenant with.
 */
import { applyStageCeiling, STAGE_CEILINGS, type Stage, type StageCeiling } from '../policies/stages';
import type { Environment } from './environment';
import { PerimeterError, quote } from './errors';

/** The one environment variable that sets the ceiling; main.ts reads it, nothing else does. */
export const STAGE_CEILING_VARIABLE = 'PERIMETER_STAGE_CEILING';

/** The Terraform output that marks a braked synth; report and diff look for it. */
export const STAGE_CEILING_OUTPUT = 'perimeter_stage_ceiling';

/** What a ceiling caps, in words: `every policy and analytics rule at report-only`. */
export function ceilingScope(ceiling: string): string {
  return ceiling === 'off'
    ? 'every policy at off and every analytics rule at report-only (detection keeps running)'
    : `every policy and analytics rule at ${ceiling}`;
}

export interface AppliedStageCeiling {
  readonly ceiling: StageCeiling;
  /** Every item the ceiling moved, with the stage its YAML asks for, in id order. */
  readonly lowered: readonly { readonly id: string; readonly from: Stage; readonly to: Stage }[];
}

/** Unset or empty means no ceiling; anything else must be a ceiling stage. */
export function parseStageCeiling(raw: string | undefined): StageCeiling | undefined {
  if (raw === undefined || raw.trim() === '') return undefined;
  const value = raw.trim();
  const ceiling = STAGE_CEILINGS.find((c) => c === value);
  if (ceiling === undefined) {
    throw new PerimeterError([
      {
        file: `environment variable ${STAGE_CEILING_VARIABLE}`,
        path: '',
        message: `${quote(raw)} is not a stage ceiling; use one of: ${STAGE_CEILINGS.join(' | ')}, or leave it unset for no ceiling`,
      },
    ]);
  }
  return ceiling;
}

/** The environment as synthesized under a ceiling: every policy and analytics rule capped, the cap recorded. */
export function withStageCeiling(env: Environment, ceiling: StageCeiling | undefined): Environment {
  if (ceiling === undefined) return env;
  const lowered: { id: string; from: Stage; to: Stage }[] = [];
  const cap = <T extends { readonly stage: Stage }>(id: string, item: T, kind: 'policy' | 'rule'): T => {
    const stage = applyStageCeiling(item.stage, ceiling, kind);
    if (stage === item.stage) return item;
    lowered.push({ id, from: item.stage, to: stage });
    return { ...item, stage };
  };
  const policies = env.policies.map((p) => cap(p.definition.id, p, 'policy'));
  const telemetry = env.telemetry ? { ...env.telemetry, rules: env.telemetry.rules.map((r) => cap(r.id, r, 'rule')) } : undefined;
  return { ...env, policies, ...(telemetry ? { telemetry } : {}), stageCeiling: { ceiling, lowered } };
}
