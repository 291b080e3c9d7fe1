/**
 * Gap regions as few boxes as the greedy merge finds, and each box as one sentence: boxes that
 * agree on every dimension but one become one box, until no two do.
 */
import type { Box } from './partition';
import { DIMENSIONS, type ClassValue, type CoverageDimension, type Space } from './space';

export interface LabelledBox {
  readonly box: Box;
  /** What every sign-in in the box is held to (the same across the box). */
  readonly control: string;
}

/** Per box, its classes per dimension as text, made once: merging compares boxes by them many times. */
const TEXT = new WeakMap<Box, readonly string[]>();
function textOf(box: Box): readonly string[] {
  let t = TEXT.get(box);
  if (!t) {
    t = DIMENSIONS.map((d) => box[d].join(','));
    TEXT.set(box, t);
  }
  return t;
}

const keyOf = (box: Box, skip: number, control: string) => {
  const t = textOf(box);
  let key = control;
  for (let i = 0; i < t.length; i++) key += i === skip ? '|*' : `|${t[i]}`;
  return key;
};

function union(a: readonly number[], b: readonly number[]): number[] {
  return [...new Set([...a, ...b])].sort((x, y) => x - y);
}

/** Merges boxes that differ in one dimension, repeatedly; duplicates disappear. */
export function mergeBoxes(boxes: readonly LabelledBox[]): LabelledBox[] {
  let current = [...new Map(boxes.map((b) => [keyOf(b.box, -1, b.control), b])).values()];
  let changed = true;
  while (changed && current.length > 1) {
    changed = false;
    DIMENSIONS.forEach((d, k) => {
      const merged = new Map<string, LabelledBox>();
      for (const b of current) {
        const key = keyOf(b.box, k, b.control);
        const known = merged.get(key);
        merged.set(key, known ? { control: b.control, box: { ...known.box, [d]: union(known.box[d], b.box[d]) } } : b);
      }
      if (merged.size < current.length) {
        changed = true;
        current = [...merged.values()];
      }
    });
  }
  const size = (b: Box) => DIMENSIONS.reduce((n, d) => n * b[d].length, 1);
  return current.sort((a, b) => size(b.box) - size(a.box) || (keyOf(a.box, -1, a.control) < keyOf(b.box, -1, b.control) ? -1 : 1));
}

/** Intersection of two boxes, or undefined when they are disjoint. */
export function intersect(a: Box, b: Box): Box | undefined {
  const out = {} as Record<CoverageDimension, readonly number[]>;
  for (const d of DIMENSIONS) {
    const set = new Set(b[d]);
    const both = a[d].filter((v) => set.has(v));
    if (!both.length) return undefined;
    out[d] = both;
  }
  return out;
}

/** `a` minus `b`, as disjoint boxes (the sharp operation of ca-evaluation-semantics.md §4.5). */
export function subtract(a: Box, b: Box): Box[] {
  if (!intersect(a, b)) return [a];
  const out: Box[] = [];
  let cur: Record<CoverageDimension, readonly number[]> = { ...a };
  for (const d of DIMENSIONS) {
    const inB = new Set(b[d]);
    const outside = cur[d].filter((v) => !inB.has(v));
    if (outside.length) out.push({ ...cur, [d]: outside });
    cur = { ...cur, [d]: cur[d].filter((v) => inB.has(v)) };
  }
  return out;
}

/** `boxes` minus every box of `minus`. */
export function subtractAll(boxes: readonly Box[], minus: readonly Box[]): Box[] {
  let out = [...boxes];
  for (const m of minus) out = out.flatMap((b) => subtract(b, m));
  return out;
}

const NOUN: Readonly<Record<CoverageDimension, string>> = {
  persona: 'user',
  app: 'app',
  client: 'client',
  platform: 'platform',
  location: 'location',
  device: 'device',
  signInRisk: 'sign-in risk',
  userRisk: 'user risk',
  flow: 'flow',
};

function list(labels: readonly string[]): string {
  if (labels.length <= 6) return labels.length > 1 ? `${labels.slice(0, -1).join(', ')} and ${labels[labels.length - 1]}` : (labels[0] ?? '');
  return `${labels.slice(0, 5).join(', ')} and ${labels.length - 5} more`;
}

/** One dimension of a box in words: `any app`, `outside trusted locations`, `any platform but windows`. */
export function describeValues(space: Space, d: CoverageDimension, values: readonly number[]): string {
  const all = space[d];
  if (values.length === all.length) return `any ${NOUN[d]}`;
  const inSet = new Set(values);
  const chosen = values.map((v) => all[v]!);
  const rest = all.filter((_, i) => !inSet.has(i));
  if (d === 'location') {
    if (chosen.every((c) => c.trusted !== true) && rest.every((c) => c.trusted === true)) return 'outside trusted locations';
    if (chosen.every((c) => c.trusted === true) && rest.every((c) => c.trusted !== true)) return 'inside trusted locations';
  }
  const labels: string[] = [];
  let rem: readonly ClassValue[] = chosen;
  if (d === 'persona') {
    const guests = all.filter((c) => c.kind === 'guest');
    if (guests.length > 1 && guests.every((g) => rem.includes(g))) {
      labels.push('every guest and external user type');
      rem = rem.filter((c) => c.kind !== 'guest');
    }
    const privileged = all.filter((c) => c.kind === 'privileged');
    if (privileged.length > 3 && privileged.every((g) => rem.includes(g))) {
      labels.push(`every privileged role holder (${privileged.length} roles)`);
      rem = rem.filter((c) => c.kind !== 'privileged');
    }
  }
  if (!labels.length && rest.length && rest.length < chosen.length && rest.length <= 3) return `any ${NOUN[d]} but ${list(rest.map((c) => c.label))}`;
  return list([...labels, ...rem.map((c) => c.label)]);
}

/** The box as a path a reviewer reads left to right; risk and flow only when they narrow it. */
export function describeBox(space: Space, box: Box): string {
  const parts: string[] = [];
  for (const d of DIMENSIONS) {
    const narrowing = box[d].length !== space[d].length;
    if (!narrowing && (d === 'signInRisk' || d === 'userRisk' || d === 'flow')) continue;
    parts.push(describeValues(space, d, box[d]));
  }
  return parts.join(' → ');
}

/** The box as JSON: per dimension, the labels of the classes it covers. */
export function regionOf(space: Space, box: Box): Record<CoverageDimension, string[]> {
  const out = {} as Record<CoverageDimension, string[]>;
  for (const d of DIMENSIONS) out[d] = box[d].map((v) => space[d][v]!.label);
  return out;
}
