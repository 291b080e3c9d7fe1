/** What the offline What If answers for one sign-in, in Graph's What If vocabulary. */
import type { SessionControlsModel, PolicyModel } from '../model/types';
import type { Dimension } from './conditions';

export type AnalysisReason = Dimension | 'userActions' | 'notSet' | 'notEnoughInformation' | 'policyNotEnabled' | 'invalidCondition';

export type Applies = true | false | 'unknown';

/** How one control of a policy stands for this sign-in. */
export type ControlStatus = 'satisfied' | 'required' | 'unsatisfiable' | 'unknown';

export interface ControlRequirement {
  /** `mfa`, `compliantDevice`, ..., `authenticationStrength`, `termsOfUse`, `customControl`. */
  readonly control: string;
  /** For authentication strengths, terms of use and custom controls: which one. */
  readonly detail?: string;
  readonly status: ControlStatus;
  /** Why the control cannot be satisfied (or is already satisfied). */
  readonly why?: string;
  /** When `unknown`: the input that would decide. */
  readonly input?: 'clientApp' | 'device' | 'platform';
}

export interface Requirement {
  readonly policy: string;
  readonly operator: 'AND' | 'OR';
  readonly controls: readonly ControlRequirement[];
  readonly status: ControlStatus;
}

export interface PolicyResult {
  readonly id: string;
  readonly displayName: string;
  readonly state: PolicyModel['state'];
  readonly applies: Applies;
  /** Graph What If vocabulary: `notSet` when the policy applies, else the first failing condition. */
  readonly reasons: readonly AnalysisReason[];
  /** When `applies` is `unknown`: the inputs that would decide. */
  readonly undecidedBy?: readonly string[];
  readonly block: boolean;
  readonly requirement?: Requirement;
  readonly session?: SessionControlsModel;
}

export type ReportOnlyOutcome = 'wouldBlock' | 'wouldRequire' | 'wouldApply';

export interface ReportOnlyResult {
  readonly id: string;
  readonly displayName: string;
  readonly applies: true | 'unknown';
  readonly outcome: ReportOnlyOutcome;
  readonly undecidedBy?: readonly string[];
  readonly requirement?: Requirement;
  readonly session?: SessionControlsModel;
}

export interface MergedSessionControls {
  readonly signInFrequency?: { readonly everyTime: true; readonly from: readonly string[] } | { readonly everyTime: false; readonly hours: number; readonly text: string; readonly from: readonly string[] };
  readonly persistentBrowser?: { readonly mode: 'always' | 'never'; readonly from: readonly string[] };
  readonly applicationEnforcedRestrictions?: { readonly from: readonly string[] };
  readonly cloudAppSecurity?: { readonly types: readonly string[]; readonly from: readonly string[] };
  readonly disableResilienceDefaults?: { readonly from: readonly string[] };
  /** How conflicts were resolved, one line per control that more than one policy sets. */
  readonly notes: readonly string[];
  /** Policies whose session controls apply only if an unknown input turns out so. */
  readonly mayAlsoApply: readonly string[];
}

export type Decision = 'block' | 'grant' | 'allow' | 'notEnoughInformation';

export interface WhatIfResult {
  readonly decision: Decision;
  /** Why `block`: policy ids with the block control or with a requirement this sign-in cannot meet. */
  readonly blockedBy: readonly { readonly policy: string; readonly why: string }[];
  /** One entry per applying enabled policy with grant controls; all must be met. */
  readonly requirements: readonly Requirement[];
  /** Short, human summary of what the user has to do (strongest authentication, device). */
  readonly summary: readonly string[];
  /** When `notEnoughInformation`: the inputs that would decide, and the policies they decide. */
  readonly undecidedBy: readonly string[];
  readonly undecidedPolicies: readonly string[];
  readonly policies: readonly PolicyResult[];
  readonly reportOnly: readonly ReportOnlyResult[];
  readonly sessionControls: MergedSessionControls;
  readonly warnings: readonly string[];
}

/** Shared one-element reason lists, one per reason. */
export const REASONS: Readonly<Record<AnalysisReason, readonly AnalysisReason[]>> = Object.fromEntries(
  (['users', 'application', 'devicePlatform', 'location', 'clientApps', 'signInRisk', 'userRisk', 'devices', 'authenticationFlow', 'userActions', 'notSet', 'notEnoughInformation', 'policyNotEnabled', 'invalidCondition'] as const).map((r) => [r, Object.freeze([r])]),
) as unknown as Record<AnalysisReason, readonly AnalysisReason[]>;

/** `notSet` when the policy applies, `notEnoughInformation` when it depends on `missing`, else the failing condition. */
