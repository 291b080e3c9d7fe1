/**
 * The search over the sign-in space, without enumerating the product of the classes.
 *
 * Every policy is a box: conditions are ANDed and each reads only its own dimension, so a
 * policy's applicability is, per dimension, the set of classes its condition accepts (one bit
 * mask per class). A depth-first search fixes one dimension at a time, client, flow, device and
 * platform first (they decide whether a grant control can be met); at each step the classes
 * of the next dimension that leave the same policies standing (and meet grant controls the
 * same way) are one branch. Two questions are answered this way: where no single policy
 * covers a sign-in (`uncovered`, pruned on both sides: no candidate left is a gap, one
 * candidate that accepts everything still open is covered), and what the policies together
 * hold each region to (`classify`, by branch and bound).
 */
import type { CompiledPolicy, Dimension } from '../whatif/conditions';
import { prepareSignIn } from '../whatif/prepare';
import type { SignIn } from '../whatif/signin';
import { DIMENSIONS, type CoverageDimension, type Space } from './space';

const WHATIF_DIMENSION: Readonly<Record<CoverageDimension, Dimension>> = {
  persona: 'users',
  app: 'application',
  client: 'clientApps',
  platform: 'devicePlatform',
  location: 'location',
  device: 'devices',
  signInRisk: 'signInRisk',
  userRisk: 'userRisk',
  flow: 'authenticationFlow',
};

/** A box: per dimension, the class indices it covers (ascending). */
export type Box = Readonly<Record<CoverageDimension, readonly number[]>>;


export interface PolicyMasks {
  /** policies[i] is bit i. */
  readonly policies: readonly CompiledPolicy[];
  /** Per dimension, per class: the policies whose condition accepts the class. */
  readonly masks: Readonly<Record<CoverageDimension, readonly Uint32Array[]>>;
  /** Per dimension: the policies whose condition does not accept every class. */
  readonly narrowing: Readonly<Record<CoverageDimension, Uint32Array>>;
  /** Per dimension: the policies whose grant controls can be met on some classes of it and not others. */
  readonly dependent: Readonly<Record<CoverageDimension, Uint32Array>>;
  /** Conditions that could not be decided on a class (a location the stack does not define). */
  readonly undecided: readonly string[];
}

const DEVICE_CONTROLS = new Set(['compliantDevice', 'domainJoinedDevice']);
const APP_CONTROLS = new Set(['approvedApplication', 'compliantApplication']);

/** Which context dimensions a policy's grant can depend on (../whatif/controls.ts reads exactly these). */
function dependsOn(cp: CompiledPolicy, d: CoverageDimension): boolean {
  const g = cp.policy.grantControls;
  if (!g || cp.blocks) return false;
  const controls = g.builtInControls;
  const any = controls.length > 0 || g.authenticationStrength !== undefined || g.termsOfUse.length > 0 || g.customAuthenticationFactors.length > 0;
  switch (d) {
    case 'client':
      return any;
    case 'flow':
    case 'device':
      return controls.some((c) => DEVICE_CONTROLS.has(c));
    case 'platform':
      return controls.some((c) => APP_CONTROLS.has(c));
    default:
      return false;
  }
}

export function policyMasks(space: Space, policies: readonly CompiledPolicy[], memberships: ReadonlyMap<string, readonly string[]>): PolicyMasks {
  const words = Math.max(1, Math.ceil(policies.length / 32));
  const undecided = new Set<string>();
  const masks = {} as Record<CoverageDimension, Uint32Array[]>;
  const narrowing = {} as Record<CoverageDimension, Uint32Array>;
  for (const d of DIMENSIONS) {
    const dim = WHATIF_DIMENSION[d];
    const perValue = space[d].map(() => new Uint32Array(words));
    const narrow = new Uint32Array(words);
    space[d].forEach((value, v) => {
      const s = prepareSignIn({ user: {}, resource: { kind: 'app', suites: [] }, ...value.part } as SignIn, memberships);
      policies.forEach((cp, i) => {
        let ok = true;
        for (const c of cp.checks) {
          if (c.dimension !== dim) continue;
          const missing: string[] = [];
          const r = c.check(s, missing);
          if (r === undefined) undecided.add(`${cp.policy.id}: ${dim} depends on ${[...new Set(missing)].join(', ')}; counted as not applying`);
          if (r !== true) ok = false;
        }
        if (ok) perValue[v]![i >>> 5]! |= 1 << (i & 31);
        else narrow[i >>> 5]! |= 1 << (i & 31);
      });
    });
    masks[d] = perValue;
    narrowing[d] = narrow;
  }
  const dependent = {} as Record<CoverageDimension, Uint32Array>;
  for (const d of DIMENSIONS) {
    const m = new Uint32Array(words);
    policies.forEach((cp, i) => {
      if (dependsOn(cp, d)) m[i >>> 5]! |= 1 << (i & 31);
    });
    dependent[d] = m;
  }
  return { policies, masks, narrowing, dependent, undecided: [...undecided].sort() };
}


function contextKey(d: CoverageDimension, space: Space, v: number): string {
  const part = space[d][v]!.part;
  switch (d) {
    case 'client':
      return part.clientApp === 'exchangeActiveSync' || part.clientApp === 'other' ? 'legacy' : 'modern';
    case 'flow':
      return part.flow === 'deviceCodeFlow' ? 'code' : 'other';
    case 'platform':
      return part.platform === 'iOS' || part.platform === 'android' ? 'mobile' : 'other';
    case 'device': {
      const dev = part.device!;
      return `${dev.state}|${String(dev.properties?.trustType)}|${String(dev.properties?.isCompliant)}`;
    }
    default:
      return '';
  }
}

/**
 * The values of dimension `d` grouped by the candidates they leave standing (and, when a
 * candidate's grant turns on `d`, by how the value meets grant controls). Values no candidate
 * tells apart are one group, found without a key per value.
 */
function splitValues(space: Space, masks: PolicyMasks, d: CoverageDimension, values: readonly number[], cand: Uint32Array, effectMatters: boolean, words: number): { values: number[]; survivors: Uint32Array }[] {
  const narrow = masks.narrowing[d];
  let narrowing = false;
  for (let w = 0; w < words; w++) if (cand[w]! & narrow[w]!) narrowing = true;
  if (!narrowing && !effectMatters) return [{ values: [...values], survivors: cand }];
  const perValue = masks.masks[d];
  const byHash = new Map<number | string, { values: number[]; survivors: Uint32Array }[]>();
  const out: { values: number[]; survivors: Uint32Array }[] = [];
  const scratch = new Uint32Array(words);
  for (const v of values) {
    const m = perValue[v]!;
    let h = 0;
    for (let w = 0; w < words; w++) {
      const x = cand[w]! & m[w]!;
      scratch[w] = x;
      h = (Math.imul(h, 31) + x) | 0;
    }
    const key: number | string = effectMatters ? `${h}|${contextKey(d, space, v)}` : h;
    const bucket = byHash.get(key);
    let found: { values: number[]; survivors: Uint32Array } | undefined;
    if (bucket) {
      for (const g of bucket) {
        let same = true;
        for (let w = 0; w < words && same; w++) if (g.survivors[w] !== scratch[w]) same = false;
        if (same) {
          found = g;
          break;
        }
      }
    }
    if (found) found.values.push(v);
    else {
      const g = { values: [v], survivors: Uint32Array.from(scratch) };
      out.push(g);
      if (bucket) bucket.push(g);
      else byHash.set(key, [g]);
    }
  }
  return out;
}

/** The candidates that accept some class of the scope in every dimension, as a bit set. */
function reaching(masks: PolicyMasks, scope: Box, candidates: readonly number[], words: number): Uint32Array {
  const start = new Uint32Array(words);
  for (const i of candidates) start[i >>> 5]! |= 1 << (i & 31);
  for (const d of DIMENSIONS) {
    const reach = new Uint32Array(words);
    for (const v of scope[d]) for (let w = 0; w < words; w++) reach[w]! |= masks.masks[d][v]![w]!;
    for (let w = 0; w < words; w++) start[w]! &= reach[w]!;
  }
  return start;
}

/** A question the search answers: is every class of `scope` covered by some single policy of `candidates`? */
export interface CoverQuery {
  readonly scope: Box;
  /** Indices into `masks.policies`. */
  readonly candidates: readonly number[];
  /** Whether policy `i`, applying to the sign-in, covers it. */
  covers(i: number, signIn: SignIn): boolean;
  /** Context dimensions `covers` reads beyond policy i's own grant. */
  readonly alsoReads?: ReadonlySet<CoverageDimension>;
  /** Stop at the first gap (a yes/no question). */
  readonly firstGapOnly?: boolean;
}

/** Context dimensions a query's answer can turn on, in search order. */
const COVER_ORDER: readonly CoverageDimension[] = ['client', 'flow', 'device', 'platform', 'persona', 'app', 'location', 'signInRisk', 'userRisk'];

/**
 * The boxes of `scope` no candidate covers, each found with two-sided pruning: a branch stops
 * as a gap when no candidate is left, and as covered as soon as one candidate accepts every
 * class still open and covers them whatever their context (ca-evaluation-semantics.md §4.5).
 */
export function uncovered(space: Space, masks: PolicyMasks, q: CoverQuery): Box[] {
  const words = masks.masks.persona[0]?.length ?? 1;
  const gaps: Box[] = [];
  const fullOnScope = {} as Record<CoverageDimension, Uint32Array>;
  for (const d of DIMENSIONS) {
    const m = new Uint32Array(words).fill(0xffffffff);
    for (const v of q.scope[d]) for (let w = 0; w < words; w++) m[w]! &= masks.masks[d][v]![w]!;
    fullOnScope[d] = m;
  }
  const start = reaching(masks, q.scope, q.candidates, words);
  const box: Record<CoverageDimension, readonly number[]> = { ...q.scope };
  const rep = () => {
    const point: Record<string, unknown> = {};
    for (const d of DIMENSIONS) Object.assign(point, space[d][box[d][0]!]!.part);
    return point as unknown as SignIn;
  };
  const anyCovers = (bits: Uint32Array): boolean => {
    let signIn: SignIn | undefined;
    for (let w = 0; w < words; w++) {
      let b = bits[w]!;
      while (b) {
        const low = b & -b;
        const i = w * 32 + (31 - Math.clz32(low));
        b ^= low;
        signIn ??= rep();
        if (q.covers(i, signIn)) return true;
      }
    }
    return false;
  };
  let stop = false;
  // `decided`: candidates already known to cover whatever the open dimensions hold.
  const search = (depth: number, candidates: Uint32Array, decided: Uint32Array): void => {
    if (stop) return;
    let cand = candidates;
    let known = decided;
    let empty = true;
    for (let w = 0; w < words; w++) if (cand[w]) empty = false;
    if (empty) {
      gaps.push({ ...box });
      if (q.firstGapOnly) stop = true;
      return;
    }
    if (depth === COVER_ORDER.length) {
      let hit = false;
      for (let w = 0; w < words; w++) if (cand[w]! & known[w]!) hit = true;
      if (!hit && !anyCovers(cand)) {
        gaps.push({ ...box });
        if (q.firstGapOnly) stop = true;
      }
      return;
    }
    let readsOpen = false;
    // Candidates whose grant no open dimension can change: decide them here, once.
    const fixed = Uint32Array.from(cand);
    // `rest`: accepting every class of the open dimensions after this one; `full`: this one too.
    const rest = Uint32Array.from(cand);
    const full = Uint32Array.from(cand);
    for (let k = depth; k < COVER_ORDER.length; k++) {
      const d = COVER_ORDER[k]!;
      if (box[d].length === 1) continue;
      if (q.alsoReads?.has(d)) readsOpen = true;
      const dep = masks.dependent[d];
      const onScope = fullOnScope[d];
      for (let w = 0; w < words; w++) {
        fixed[w]! &= ~dep[w]!;
        full[w]! &= onScope[w]!;
        if (k > depth) rest[w]! &= onScope[w]!;
      }
    }
    if (!readsOpen) {
      let signIn: SignIn | undefined;
      let dropped = false;
      let learned = false;
      for (let w = 0; w < words; w++) {
        if (cand[w]! & known[w]! & full[w]!) return;
        let b = fixed[w]! & ~known[w]!;
        while (b) {
          const low = b & -b;
          const i = w * 32 + (31 - Math.clz32(low));
          b ^= low;
          signIn ??= rep();
          if (q.covers(i, signIn)) {
            if (full[w]! & low) return;
            if (!learned) known = Uint32Array.from(known);
            learned = true;
            known[w]! |= low;
          } else {
            if (!dropped) cand = Uint32Array.from(cand);
            dropped = true;
            cand[w]! &= ~low;
          }
        }
      }
      if (dropped) {
        let none = true;
        for (let w = 0; w < words; w++) if (cand[w]) none = false;
        if (none) {
          gaps.push({ ...box });
          if (q.firstGapOnly) stop = true;
          return;
        }
      }
    }
    const d = COVER_ORDER[depth]!;
    const dep = masks.dependent[d];
    let effectMatters = q.alsoReads?.has(d) ?? false;
    for (let w = 0; w < words; w++) if (dep[w]! & cand[w]!) effectMatters = true;
    // Values a decided candidate covers together with everything still open are covered outright.
    let values = q.scope[d];
    if (!readsOpen && !effectMatters) {
      let any = false;
      for (let w = 0; w < words; w++) {
        rest[w]! &= cand[w]! & known[w]!;
        if (rest[w]) any = true;
      }
      if (any) {
        const perValue = masks.masks[d];
        values = values.filter((v) => {
          const m = perValue[v]!;
          for (let w = 0; w < words; w++) if (m[w]! & rest[w]!) return false;
          return true;
        });
        if (!values.length) return;
      }
    }
    const groups = splitValues(space, masks, d, values, cand, effectMatters, words);
    for (const g of groups) {
      box[d] = g.values;
      search(depth + 1, g.survivors, known);
      if (stop) break;
    }
    box[d] = q.scope[d];
  };
  search(0, start, new Uint32Array(words));
  return gaps;
}

/**
 * The scope cut into boxes, each labelled with the highest `rankOf` any applying candidate
 * reaches there (what the policies together hold a sign-in to), by branch and bound: once a
 * candidate that accepts every open class reaches rank r, the candidates that cannot beat r
 * drop out, and a branch with none left is one box of rank r.
 */
export function classify(space: Space, masks: PolicyMasks, scope: Box, candidates: readonly number[], rankOf: (i: number, signIn: SignIn) => number): { box: Box; rank: number }[] {
  const words = masks.masks.persona[0]?.length ?? 1;
  const out: { box: Box; rank: number }[] = [];
  const fullOnScope = {} as Record<CoverageDimension, Uint32Array>;
  for (const d of DIMENSIONS) {
    const m = new Uint32Array(words).fill(0xffffffff);
    for (const v of scope[d]) for (let w = 0; w < words; w++) m[w]! &= masks.masks[d][v]![w]!;
    fullOnScope[d] = m;
  }
  const start = reaching(masks, scope, candidates, words);
  const box: Record<CoverageDimension, readonly number[]> = { ...scope };
  const rank = new Int8Array(masks.policies.length).fill(-1);
  const rep = () => {
    const point: Record<string, unknown> = {};
    for (const d of DIMENSIONS) Object.assign(point, space[d][box[d][0]!]!.part);
    return point as unknown as SignIn;
  };
  const search = (depth: number, candidates: Uint32Array, decided: Uint32Array, floorIn: number): void => {
    let cand = candidates;
    let known = decided;
    let floor = floorIn;
    const fixed = Uint32Array.from(cand);
    const full = Uint32Array.from(cand);
    // At the last level every group meets grant controls one way: decide every candidate.
    for (let k = depth; k < COVER_ORDER.length; k++) {
      const d = COVER_ORDER[k]!;
      if (box[d].length === 1) continue;
      const dep = masks.dependent[d];
      const onScope = fullOnScope[d];
      for (let w = 0; w < words; w++) {
        fixed[w]! &= ~dep[w]!;
        full[w]! &= onScope[w]!;
      }
    }
    if (depth === COVER_ORDER.length) fixed.set(cand);
    let signIn: SignIn | undefined;
    let learned = false;
    let changed = false;
    const newlyKnown: number[] = [];
    for (let w = 0; w < words; w++) {
      let b = fixed[w]! & ~known[w]!;
      while (b) {
        const low = b & -b;
        const i = w * 32 + (31 - Math.clz32(low));
        b ^= low;
        signIn ??= rep();
        rank[i] = rankOf(i, signIn);
        newlyKnown.push(i);
        if (!learned) known = Uint32Array.from(known);
        learned = true;
        known[w]! |= low;
      }
      let f = cand[w]! & known[w]! & full[w]!;
      while (f) {
        const low = f & -f;
        const i = w * 32 + (31 - Math.clz32(low));
        f ^= low;
        if (rank[i]! > floor) floor = rank[i]!;
      }
    }
    // Decided candidates that cannot beat the floor change nothing below.
    let left = false;
    for (let w = 0; w < words; w++) {
      let b = cand[w]! & known[w]!;
      while (b) {
        const low = b & -b;
        const i = w * 32 + (31 - Math.clz32(low));
        b ^= low;
        if (rank[i]! <= floor) {
          if (!changed) cand = Uint32Array.from(cand);
          changed = true;
          cand[w]! &= ~low;
        }
      }
      if (cand[w]) left = true;
    }
    if (!left || depth === COVER_ORDER.length) {
      let top = floor;
      if (left) for (let i = 0; i < rank.length; i++) if (cand[i >>> 5]! & (1 << (i & 31)) && rank[i]! > top) top = rank[i]!;
      out.push({ box: { ...box }, rank: top });
      for (const i of newlyKnown) rank[i] = -1;
      return;
    }
    const d = COVER_ORDER[depth]!;
    const dep = masks.dependent[d];
    let effectMatters = false;
    for (let w = 0; w < words; w++) if (dep[w]! & cand[w]!) effectMatters = true;
    for (const g of splitValues(space, masks, d, box[d], cand, effectMatters, words)) {
      box[d] = g.values;
      search(depth + 1, g.survivors, known, floor);
    }
    box[d] = scope[d];
    for (const i of newlyKnown) rank[i] = -1;
  };
  search(0, start, new Uint32Array(words), 0);
  return out;
}
