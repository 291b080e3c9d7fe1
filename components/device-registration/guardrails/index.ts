import type { GuardrailRule } from '../../../guardrails/rule';
import { deviceMfaNotDoubled } from './PRM-SET004-device-mfa-not-doubled';

export const DEVICE_REGISTRATION_RULES: readonly GuardrailRule[] = [deviceMfaNotDoubled];
