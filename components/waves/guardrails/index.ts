import type { GuardrailRule } from '../../../guardrails/rule';
import { waveGroupsHoldNoBreakGlass } from './PRM-BG005-wave-groups-hold-no-break-glass';

export const WAVE_RULES: readonly GuardrailRule[] = [waveGroupsHoldNoBreakGlass];
