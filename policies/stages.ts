/**
 * Staged rollout. Every policy and every analytics rule is promoted
 * off -> report-only -> enabled. This file is the one home of the stage -> state mappings.
 */
export const STAGES = ['off', 'report-only', 'enabled'] as const;
export type Stage = (typeof STAGES)[number];

export type PolicyState = 'disabled' | 'enabledForReportingButNotEnforced' | 'enabled';

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
export function applyStageCeiling(stage: Stage, ceiling: StageCeiling | undefined, kind: 'policy' | 'rule' = 'policy'): Stage {
  if (ceiling === undefined) return stage;
  const cap: Stage = kind === 'rule' ? 'report-only' : ceiling;
  return stageRank(stage) > stageRank(cap) ? cap : stage;
}
