/**
 * Staged rollout. Every policy and every analytics rule is promoted
 * off -> report-only -> enabled. This file is the one home of the stage -> state mappings,
 * their inverses for readers of synthesized output, and the emergency brake's cap.
 */
import { PerimeterError, quote } from './problems';
export const STAGES = ['off', 'report-only', 'enabled'] as const;
export type Stage = (typeof STAGES)[number];

export type PolicyState = 'disabled' | 'enabledForReportingButNotEnforced' | 'enabled';

/** Something promoted by stage (a policy, an analytics rule), with the stage its environment file gives it. */
export interface StagedItem {
  readonly id: string;
  readonly stage: Stage;
  /** Where the stage is set in the environment file, e.g. `policies.CA003.stage`. */
  readonly path: string;
  /** The brake caps policies and tenant settings at the ceiling, analytics rules never below report-only. */
  readonly kind: 'policy' | 'rule' | 'setting';
  /** A policy that takes over an existing one in place (`adopt:`): its stage is the tenant's own, not a promotion. */
  readonly adopted?: true;
}

/** How far along a stage is: a later ring may never be further along than an earlier one. */
export function stageRank(stage: Stage): number {
  return STAGES.indexOf(stage);
}

export interface PolicyStateDecision {
  readonly state: PolicyState;
  /** Set when the requested stage could not be honoured as asked; the caller must surface it. */
  readonly downgradeReason?: string;
}

/**
 * Maps a stage to the Conditional Access `state`.
 *
 * Microsoft does not support report-only for policies that target a user action
 * (register security info, register or join devices): the service rejects that state,
 * so such a policy stays `disabled` until it is promoted to `enabled`.
 */
export function toPolicyState(stage: Stage, opts: { targetsUserAction: boolean }): PolicyStateDecision {
  switch (stage) {
    case 'off':
      return { state: 'disabled' };
    case 'enabled':
      return { state: 'enabled' };
    case 'report-only':
      if (opts.targetsUserAction) {
        return {
          state: 'disabled',
          downgradeReason:
            'report-only is not supported for policies that target a user action; synthesized as disabled until the stage is enabled',
        };
      }
      return { state: 'enabledForReportingButNotEnforced' };
  }
}

/**
 * What a Sentinel analytics rule looks like at a stage. `off` removes the rule; `report-only`
 * runs it and raises alerts for a reviewer, without incidents; `enabled` creates incidents
 * for the SOC. Everything else about a rule is the same at every stage, so a promotion
 * changes one value in the output.
 */
export type RuleSettings =
  | { readonly created: false }
  | { readonly created: true; readonly enabled: true; readonly createIncident: boolean };

export function toRuleSettings(stage: Stage): RuleSettings {
  switch (stage) {
    case 'off':
      return { created: false };
    case 'report-only':
      return { created: true, enabled: true, createIncident: false };
    case 'enabled':
      return { created: true, enabled: true, createIncident: true };
  }
}

/**
 * The inverse of toRuleSettings, read back from a synthesized analytics rule: report-only
 * raises alerts without incidents, enabled creates incidents (an `off` rule is not
 * synthesized at all).
 */
export function stageOfRuleConfig(config: Readonly<Record<string, unknown>>): Stage | undefined {
  if (config.enabled === false) return 'off';
  const incident = Array.isArray(config.incident) ? config.incident[0] : config.incident;
  if (incident === null || typeof incident !== 'object') return undefined;
  return (incident as Record<string, unknown>).create_incident_enabled === false ? 'report-only' : 'enabled';
}

/** The inverse of toPolicyState, for readers of synthesized output. */
export function stageOfState(state: string): Stage | undefined {
  switch (state) {
    case 'disabled':
      return 'off';
    case 'enabledForReportingButNotEnforced':
      return 'report-only';
    case 'enabled':
      return 'enabled';
    default:
      return undefined;
  }
}

/**
 * The stages an emergency brake may cap at. `enabled` is no cap at all, so it is not one of
 * them: asking for it is more likely a mistake than a wish.
 */
export const STAGE_CEILINGS = ['off', 'report-only'] as const;
export type StageCeiling = (typeof STAGE_CEILINGS)[number];

/**
 * The emergency brake, the one place a stage is capped: with a ceiling, nothing is further
 * along than the ceiling; without one, the stage is unchanged.
 *
 * Analytics rules are capped at report-only even under an `off` ceiling: the brake takes
 * enforcement away (for a rule, creating incidents), never detection. During an incident that
 * needs the brake, the break-glass sign-in alert is the last thing to switch off.
 */
export function applyStageCeiling(stage: Stage, ceiling: StageCeiling | undefined, kind: StagedItem['kind'] = 'policy'): Stage {
  if (ceiling === undefined) return stage;
  const cap: Stage = kind === 'rule' ? 'report-only' : ceiling;
  return stageRank(stage) > stageRank(cap) ? cap : stage;
}

/** The one environment variable that sets the ceiling; the synth command reads it, nothing else does. */
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
