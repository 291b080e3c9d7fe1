import type { GuardrailRule } from '../../../guardrails/rule';
import { legacyAuthBlocked } from './PRM-BAS001-legacy-auth-blocked';
import { mfaForAllUsers } from './PRM-BAS002-mfa-for-all-users';
import { phishingResistantForAdmins } from './PRM-BAS003-phishing-resistant-for-admins';
import { highSignInRiskBlocked } from './PRM-BAS004-high-sign-in-risk-blocked';
import { highUserRiskResponse } from './PRM-BAS005-high-user-risk-response';
import { deviceCodeFlowBlocked } from './PRM-BAS006-device-code-flow-blocked';
import { securityInfoRegistrationProtected } from './PRM-BAS007-security-info-registration-protected';
import { noUnconditionalBlock } from './PRM-LCK003-no-unconditional-block';
import { displayNameStartsWithId } from './PRM-SHP001-display-name-starts-with-id';
import { mfaOrStrengthNotBoth } from './PRM-SHP002-mfa-or-strength-not-both';
import { passwordChangeShape } from './PRM-SHP003-password-change-shape';
import { signInFrequencyShape } from './PRM-SHP004-sign-in-frequency-shape';
import { ringOrder } from './PRM-STG001-ring-order';
import { reportOnlyFirst } from './PRM-STG002-report-only-first';
import { userActionNotReportOnly } from './PRM-STG003-user-action-not-report-only';
import { userActionStateValid } from './PRM-STG004-user-action-state-valid';
import { waveOrder } from './PRM-STG005-wave-order';
import { waveTwinMatchesPolicy } from './PRM-STG006-wave-twin-matches-policy';
import { policyCountLimit } from './PRM-TEN001-policy-count-limit';
import { uniqueDisplayNames } from './PRM-TEN002-unique-display-names';
import { oneEnvironmentPerTenant } from './PRM-TEN003-one-environment-per-tenant';

export const CONDITIONAL_ACCESS_RULES: readonly GuardrailRule[] = [
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
  waveOrder,
  waveTwinMatchesPolicy,
  policyCountLimit,
  uniqueDisplayNames,
  oneEnvironmentPerTenant,
  displayNameStartsWithId,
  mfaOrStrengthNotBoth,
  passwordChangeShape,
  signInFrequencyShape,
];
