/**
 * Staged rollout. Every policy (and, later, every analytics rule) is promoted
 * off -> report-only -> enabled. This file is the one home of the stage -> state mapping.
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
 */
export function applyStageCeiling(stage: Stage, ceiling: StageCeiling | undefined): Stage {
  if (ceiling === undefined) return stage;
  return stageRank(stage) > stageRank(ceiling) ? ceiling : stage;
}
