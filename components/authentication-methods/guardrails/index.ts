import type { GuardrailRule } from '../../../guardrails/rule';
import { breakGlassInFido2Target } from './PRM-BG004-break-glass-in-fido2-target';
import { strengthHasAMethod } from './PRM-LCK004-strength-has-a-method';
import { smsAndVoiceOff } from './PRM-SET003-sms-and-voice-off';

export const AUTHENTICATION_METHODS_RULES: readonly GuardrailRule[] = [strengthHasAMethod, breakGlassInFido2Target, smsAndVoiceOff];
