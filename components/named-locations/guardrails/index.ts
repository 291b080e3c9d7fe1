import type { GuardrailRule } from '../../../guardrails/rule';
import { trustedRangesArePublic } from './PRM-LOC001-trusted-ranges-are-public';
import { trustedRangesAreNarrow } from './PRM-LOC002-trusted-ranges-are-narrow';
import { locationsAreUsed } from './PRM-LOC003-locations-are-used';
import { syncLocationIsNarrow } from './PRM-LOC004-sync-location-is-narrow';
import { rangesArePublic } from './PRM-LOC005-ranges-are-public';

export const NAMED_LOCATION_RULES: readonly GuardrailRule[] = [trustedRangesArePublic, trustedRangesAreNarrow, locationsAreUsed, syncLocationIsNarrow, rangesArePublic];
