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
  return best && best.distance <= Math.max(3, Math.floor(wanted.length / 4)) ? best.name : undefined;
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
