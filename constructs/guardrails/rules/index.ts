/** Every guardrail, in the order RULES.md lists them. One rule per export; one area per file. */
import type { GuardrailRule } from '../model';
import { appHasAssignedGroups, preAuthenticationIsEntra } from './app-proxy';
import { breakGlassExcludedEverywhere, breakGlassNeverTargeted, twoBreakGlassAccounts } from './break-glass';
import {
  deviceCodeFlowBlocked,
  highSignInRiskBlocked,
  highUserRiskResponse,
  legacyAuthBlocked,
  mfaForAllUsers,
  phishingResistantForAdmins,
  securityInfoRegistrationProtected,
} from './baseline-completeness';
import { blockAllNeedsBreakGlassExclusion, noUnconditionalBlock } from './lockout';
import { syncAccountsNotLockedOut } from './directory-sync';
import { locationsAreUsed, trustedRangesAreNarrow, trustedRangesArePublic } from './named-locations';
import { displayNameStartsWithId, mfaOrStrengthNotBoth, passwordChangeShape, signInFrequencyShape } from './policy-shape';
import { reportOnlyFirst, ringOrder, userActionNotReportOnly, userActionStateValid } from './stages';
import { policyCountLimit, uniqueDisplayNames } from './tenant-limits';
import { breakGlassAlertLive, retentionAtLeast90Days, signInLogsStreamed } from './telemetry';
import { crownJewelActivation, eligibilityExpires, globalAdminCount, noPermanentTier0Person } from './pim';

export const RULES: readonly GuardrailRule[] = [
  breakGlassExcludedEverywhere,
  twoBreakGlassAccounts,
  breakGlassNeverTargeted,
  blockAllNeedsBreakGlassExclusion,
  syncAccountsNotLockedOut,
  noUnconditionalBlock,
  legacyAuthBlocked,
  mfaForAllUsers,
  phishingResistantForAdmins,
  highSignInRiskBlocked,
  highUserRiskResponse,
  deviceCodeFlowBlocked,
  securityInfoRegistrationProtected,
  ringOrder,
  reportOnlyFirst,
  userActionNotReportOnly,
  userActionStateValid,
  trustedRangesArePublic,
  trustedRangesAreNarrow,
  locationsAreUsed,
  policyCountLimit,
  uniqueDisplayNames,
  displayNameStartsWithId,
  mfaOrStrengthNotBoth,
  passwordChangeShape,
  signInFrequencyShape,
  noPermanentTier0Person,
  crownJewelActivation,
  eligibilityExpires,
  globalAdminCount,
  preAuthenticationIsEntra,
  appHasAssignedGroups,
  retentionAtLeast90Days,
  signInLogsStreamed,
  breakGlassAlertLive,
];

export function findRule(id: string): GuardrailRule | undefined {
  return RULES.find((r) => r.id === id);
}
