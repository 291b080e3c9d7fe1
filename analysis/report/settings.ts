/**
 * Shared report words for settings documents: every component's table shows the stage and
 * what a plan does at it, then its own lines in identity terms.
 */
import type { SettingInStack } from '../model/settings';

/** What a deploy does with a document at its stage, for the report's first line. */
export function stageLine(s: SettingInStack): string {
  return s.stage === 'enabled'
    ? `stage: enabled (a deploy writes it${s.compared ? '; the values perimeter never writes are checked at plan time' : ''})`
    : 'stage: report-only (each plan reads the tenant and warns about every difference; nothing is written)';
}

export const yesNo = (v: unknown): string => (v === true ? 'yes' : v === false ? 'no' : v === undefined ? '(not declared)' : JSON.stringify(v));
