/** "Did you mean": the closest valid name to a misspelt one, and what makes text unsafe to show. */
import { distance } from 'fastest-levenshtein';

/** The closest valid name, if it is close enough to be what the user meant. */
export function closestName(name: string, valid: readonly string[]): string | undefined {
  const wanted = name.trim().toLowerCase();
  let best: { name: string; distance: number } | undefined;
  for (const candidate of valid) {
    const d = distance(wanted, candidate.toLowerCase());
    if (!best || d < best.distance) best = { name: candidate, distance: d };
  }
  return best && best.distance <= Math.max(2, Math.floor(wanted.length / 3)) ? best.name : undefined;
}

/** `; did you mean "stage"?` when a valid name is close to `name`, else the empty string: the tail of an "unknown ..." message. */
export function didYouMean(name: string, valid: readonly string[]): string {
  const close = closestName(name, valid);
  return close !== undefined && close !== name ? `; did you mean ${JSON.stringify(close)}?` : '';
}

/** Like didYouMean, for ids (`CA003`, `PRM-LOC001`): only a different case or separator counts as close, since `CA099` is not a misspelt `CA009`. */
export function didYouMeanId(id: string, valid: readonly string[]): string {
  const bare = (s: string) => s.toUpperCase().replace(/[^A-Z0-9]/g, '');
  const close = valid.find((v) => v !== id && bare(v) === bare(id));
  return close !== undefined ? `; did you mean ${JSON.stringify(close)}?` : '';
}

/** `SEN001`, `CA003`, `PRM-LOC001`: a code, not a word. */
const ID_LIKE = /^[A-Za-z]+(?:-[A-Za-z]+)*\d+$/;

/** `unknown key "stgae"; did you mean "stage"?; allowed here: ring, stage, ...`: one message for every strict mapping. */
export function unknownKeyMessage(keys: readonly string[], allowed: readonly string[]): string {
  const named = keys.map((k) => JSON.stringify(k)).join(', ');
  return `unknown key${keys.length > 1 ? 's' : ''} ${named}${keys.length === 1 ? (ID_LIKE.test(keys[0]!) ? didYouMeanId : didYouMean)(keys[0]!, allowed) : ''}${allowed.length ? `; allowed here: ${allowed.join(', ')}` : ''}`;
}

/** C0 and C1 control characters other than tab, line feed and carriage return. */
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;
/** Characters that reorder how text is shown (Trojan Source): embeddings, overrides, isolates, marks. */
const BIDI = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

const codePoint = (c: string) => `U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;

/**
 * What Entra refuses in a name, and what would make a reviewer read a value wrongly: a
 * control character, a bidirectional-override character, a lone surrogate. The problem in
 * words ("holds the control character U+0007"), or undefined when the text is clean.
 */
export function textProblem(text: string): string | undefined {
  const control = CONTROL.exec(text);
  if (control) return `holds the control character ${codePoint(control[0])} at position ${control.index + 1}; remove it`;
  const bidi = BIDI.exec(text);
  if (bidi) return `holds the bidirectional-override character ${codePoint(bidi[0])} at position ${bidi.index + 1}, which makes text display differently from what it is; remove it`;
  const lone = LONE_SURROGATE.exec(text);
  if (lone) return `holds a lone surrogate (${codePoint(lone[0])}) at position ${lone.index + 1}, which is not valid Unicode; remove it`;
  return undefined;
}

/** `PT4H30M` -> `4 hours 30 minutes`, `P180D` -> `180 days`. */
export function durationWords(iso: unknown): string {
  const m = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?)?$/.exec(String(iso ?? ''));
  if (!m || (m[1] === undefined && m[2] === undefined && m[3] === undefined)) return String(iso ?? 'not set');
  const part = (n: string | undefined, unit: string) => (n === undefined || Number(n) === 0 ? [] : [`${Number(n)} ${unit}${Number(n) === 1 ? '' : 's'}`]);
  return [...part(m[1], 'day'), ...part(m[2], 'hour'), ...part(m[3], 'minute')].join(' ');
}
