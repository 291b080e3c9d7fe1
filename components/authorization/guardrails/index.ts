import type { GuardrailRule } from '../../../guardrails/rule';
import { userConsentRestricted } from './PRM-SET001-user-consent-restricted';
import { guestsRestricted } from './PRM-SET002-guests-restricted';

export const AUTHORIZATION_RULES: readonly GuardrailRule[] = [userConsentRestricted, guestsRestricted];
