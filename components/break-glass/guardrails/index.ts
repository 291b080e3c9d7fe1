import type { GuardrailRule } from '../../../guardrails/rule';
import { breakGlassExcludedEverywhere } from './PRM-BG001-excluded-everywhere';
import { twoBreakGlassAccounts } from './PRM-BG002-two-accounts';
import { breakGlassNeverTargeted } from './PRM-BG003-never-targeted';
import { blockAllNeedsBreakGlassExclusion } from './PRM-LCK001-block-all-excludes-break-glass';

export const BREAK_GLASS_RULES: readonly GuardrailRule[] = [
  breakGlassExcludedEverywhere,
  twoBreakGlassAccounts,
  breakGlassNeverTargeted,
  blockAllNeedsBreakGlassExclusion,
];
