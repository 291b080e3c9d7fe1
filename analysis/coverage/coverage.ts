/**
 * The coverage proof: over every class of the sign-in space, what the enforced policies
 * require, and separately what they would require once the report-only ones are enabled;
 * every invariant PROVED or FAILS with its gap regions as sentences; the weakest control per
 * persona and app class; exclusions that leave someone with nothing; dead policies.
 * Unmanaged policies (adoption) count like the stack's own.
 */
import { BREAK_GLASS_GROUP, TF } from '../../core/addresses';
import type { EnvironmentModel } from '../model/types';
import { requirementContext } from '../whatif/cache';
import { compileEnvironment, type CompiledEnvironment } from '../whatif/compile';
import type { SignIn } from '../whatif/signin';
import { describeBox, mergeBoxes, regionOf, type LabelledBox } from './boxes';
import { holds, invariantsOf, type Invariant, type Requirement } from './invariants';
import { CONTROL_WORDS, controlOf, controlRank, dominates, effectOf, type Control, type Effect } from './outcome';
import { classify, policyMasks, uncovered, type Box, type PolicyMasks } from './partition';
import { buildSpace, DIMENSIONS, signInOf, type CoverageDimension, type Space } from './space';

export type Verdict = 'PROVED' | 'FAILS';

export interface Gap {
  readonly sentence: string;
  readonly region: Record<CoverageDimension, string[]>;
}

export interface InvariantResult {
  readonly id: string;
  readonly title: string;
  /** Over the enforced policies. */
  readonly verdict: Verdict;
  readonly gaps: readonly Gap[];
  /** Once the report-only policies are enabled too. */
  readonly withReportOnly: { readonly verdict: Verdict; readonly gaps: readonly Gap[] };
}

export interface ExclusionResult {
  readonly policy: string;
  /** The user, group or role excluded, by name. */
  readonly excluded: string;
  /** What the excluded persona is then held to, at the weakest, where the policy would have applied. */
  readonly heldTo: Control;
  /** An exclusion that leaves the persona with nothing; break-glass and sync accounts are exempt by design. */
  readonly finding: boolean;
  readonly byDesign?: string;
}

export interface DeadPolicy {
  readonly policy: string;
  readonly state: string;
  readonly why: string;
}

export interface CoverageReport {
  readonly environment: string;
  readonly invariants: readonly InvariantResult[];
  /** persona → app class → the weakest control the enforced policies hold it to. */
  readonly matrix: Record<string, Record<string, Control>>;
  readonly exclusions: readonly ExclusionResult[];
  readonly deadPolicies: readonly DeadPolicy[];
  /** Classes per dimension and the product they span. */
  readonly classes: Record<CoverageDimension, number>;
  readonly space: number;
  readonly problems: readonly string[];
  readonly millis: number;
}

/** Everything the analysis computed, for the diff, the guardrail and the cross-check test. */
export interface CoverageAnalysis {
  readonly report: CoverageReport;
  readonly space: Space;
  readonly masks: PolicyMasks;
  /** Policy indices: [0] the enforced ones, [1] with the report-only ones. */
  readonly sets: readonly (readonly number[])[];
  readonly invariants: readonly Invariant[];
  /** Per invariant (same order), per set: the gap boxes, each with what is required there. */
  readonly gapBoxes: readonly (readonly (readonly LabelledBox[])[])[];
  /** For the enforced policies, per level (block, phishing-resistant, MFA, device, password change): the boxes where the control is weaker. */
  readonly weaker: readonly (readonly (readonly Box[])[])[];
  readonly env: CompiledEnvironment;
}

type Parts = Omit<CoverageAnalysis, 'report' | 'gapBoxes'> & {
  readonly effect: (i: number, s: SignIn) => Effect;
  /** Per policy: the classes it accepts, per dimension. */
  readonly boxes: readonly Box[];
};

const ENFORCED = 0;
const PLANNED = 1;

/** The invariant's scope as a box. */
export function scopeBox(space: Space, inv: Invariant): Box {
  const out = {} as Record<CoverageDimension, number[]>;
  for (const d of DIMENSIONS) {
    const test = inv.scope[d];
    out[d] = space[d].flatMap((c, i) => (!test || test(c) ? [i] : []));
  }
  return out;
}

const everything = (space: Space): Box => Object.fromEntries(DIMENSIONS.map((d) => [d, space[d].map((_, i) => i)])) as unknown as Box;
const isEmptyBox = (b: Box) => DIMENSIONS.some((d) => b[d].length === 0);

function policyBox(masks: PolicyMasks, space: Space, i: number): Box {
  const out = {} as Record<CoverageDimension, number[]>;
  const word = i >>> 5;
  const bit = 1 << (i & 31);
  for (const d of DIMENSIONS) {
    const values: number[] = [];
    const per = masks.masks[d];
    for (let v = 0; v < space[d].length; v++) if (per[v]![word]! & bit) values.push(v);
    out[d] = values;
  }
  return out;
}

const pointOf = (space: Space, box: Box): SignIn => signInOf(space, Object.fromEntries(DIMENSIONS.map((d) => [d, box[d][0]!])) as Record<CoverageDimension, number>);

/** Why nothing holds the gap to the requirement: report-only policies that would, and the exclusions that leave the box out. */
function why(a: Parts, box: Box, require: Requirement, setIndex: number): string {
  const { masks, space } = a;
  const signIn = pointOf(space, box);
  const reasons: string[] = [];
  // Policies that would hold the whole box come first.
  const first: string[] = [];
  const whole = (b: Box, i: number) => DIMENSIONS.every((d) => b[d].every((v) => a.boxes[i]![d].includes(v)));
  masks.policies.forEach((cp, i) => {
    if (cp.invalid) return;
    if (!holds(require, a.effect(i, signIn))) return;
    const pb = a.boxes[i]!;
    const missed = DIMENSIONS.filter((d) => !box[d].some((v) => pb[d].includes(v)));
    if (!missed.length) {
      if (setIndex === ENFORCED && cp.policy.state !== 'enabled' && whole(box, i)) first.push(`${cp.policy.id} would, but is ${cp.policy.state === 'disabled' ? 'off' : 'report-only'}`);
      return;
    }
    if (missed.length !== 1 || (missed[0] !== 'persona' && missed[0] !== 'app')) return;
    const d = missed[0];
    // A policy for everyone that leaves the box out: an exclusion a reviewer can act on.
    const all = d === 'persona' ? cp.policy.conditions.users.includeUsers.some((u) => u.id === 'All') : cp.policy.conditions.applications.includeApplications.some((x) => x.id === 'All');
    if (!all) return;
    reasons.push(`${cp.policy.id} excludes ${box[d].map((v) => space[d][v]!.label).slice(0, 3).join(', ')}${box[d].length > 3 ? ', ...' : ''}`);
  });
  reasons.unshift(...first);
  if (!reasons.length) return `no ${setIndex === ENFORCED ? 'enforced ' : ''}policy requires it here`;
  return reasons.length > 3 ? `${reasons.slice(0, 3).join('; ')}; and ${reasons.length - 3} more` : reasons.join('; ');
}

/** The gap boxes of an invariant in one policy set, each split by what is required there, merged. */
function gapBoxesOf(a: Parts, inv: Invariant, setIndex: number): LabelledBox[] {
  const set = a.sets[setIndex]!;
  const scope = scopeBox(a.space, inv);
  if (isEmptyBox(scope)) return [];
  const boxes = uncovered(a.space, a.masks, { scope, candidates: set, covers: (i, s) => holds(inv.require, a.effect(i, s)) });
  const merged = mergeBoxes(boxes.map((box) => ({ box, control: '' })));
  return mergeBoxes(labelled(a, merged.map((m) => m.box), setIndex));
}

function gapsOf(a: Parts, inv: Invariant, setIndex: number, boxes: readonly LabelledBox[]): Gap[] {
  return boxes.map(({ box, control }) => ({
    sentence: `${describeBox(a.space, box)}: ${CONTROL_WORDS[control as Control]} (${why(a, box, inv.require, setIndex)})`,
    region: regionOf(a.space, box),
  }));
}

const LEVELS: readonly Control[] = ['block', 'phishingResistant', 'mfa', 'device', 'passwordChange'];

/** Whether a box meets `b`, given as one membership set per dimension. */
function overlaps(a: Box, b: Readonly<Record<CoverageDimension, ReadonlySet<number>>>): boolean {
  for (const d of DIMENSIONS) {
    const set = b[d];
    let met = false;
    for (const v of a[d]) {
      if (set.has(v)) {
        met = true;
        break;
      }
    }
    if (!met) return false;
  }
  return true;
}
const setsOf = (b: Box) => Object.fromEntries(DIMENSIONS.map((d) => [d, new Set(b[d])])) as unknown as Record<CoverageDimension, ReadonlySet<number>>;

const rankIn = (effect: Parts['effect']) => (i: number, s: SignIn) => controlRank(controlOf(effect(i, s)));

/** Per level, strongest first: where the set's control is weaker than it. */
function weakerThan(space: Space, masks: PolicyMasks, set: readonly number[], effect: Parts['effect']): Box[][] {
  const map = classify(space, masks, everything(space), set, rankIn(effect));
  return LEVELS.map((level) => map.filter((r) => r.rank < controlRank(level)).map((r) => r.box));
}

/** The boxes split by the control the set holds them to. */
function labelled(a: Parts, boxes: readonly Box[], setIndex: number): LabelledBox[] {
  const set = a.sets[setIndex]!;
  return boxes.flatMap((b) => classify(a.space, a.masks, b, set, rankIn(a.effect)).map((r) => ({ box: r.box, control: CONTROL_BY_RANK[r.rank]! })));
}
const CONTROL_BY_RANK: readonly Control[] = ['nothing', 'passwordChange', 'device', 'mfa', 'phishingResistant', 'block'];

/** The weakest control anywhere in the box, over one policy set. */
function weakestIn(a: Parts, box: Box, setIndex: number): Control {
  const weaker = a.weaker[setIndex]!;
  const sets = setsOf(box);
  // Only the boxes that hold one of the box's personas can meet it; no list is built (this is the hot loop of the matrix).
  const meets = (k: number) => {
    const index = byPersona(a.space, weaker[k]!);
    for (const p of box.persona) {
      const list = index[p];
      if (list) for (const g of list) if (overlaps(g, sets)) return true;
    }
    return false;
  };
  for (let k = 0; k < LEVELS.length; k++) if (!meets(k)) return LEVELS[k]!;
  return 'nothing';
}

const PERSONA_INDEX = new WeakMap<readonly Box[], readonly (readonly Box[])[]>();
/** The boxes of a list by the personas they hold, made once per list. */
function byPersona(space: Space, boxes: readonly Box[]): readonly (readonly Box[])[] {
  let index = PERSONA_INDEX.get(boxes);
  if (!index) {
    const lists: Box[][] = space.persona.map(() => []);
    for (const b of boxes) for (const p of b.persona) lists[p]!.push(b);
    index = lists;
    PERSONA_INDEX.set(boxes, index);
  }
  return index;
}

function matrixOf(a: Parts, setIndex: number): Record<string, Record<string, Control>> {
  const { space } = a;
  const apps = space.app.length;
  // weakerAt[k][p * apps + app]: somewhere in the cell the control is weaker than LEVELS[k].
  const weakerAt = a.weaker[setIndex]!.map((boxes) => {
    const marks = new Uint8Array(space.persona.length * apps);
    for (const b of boxes) for (const p of b.persona) for (const ap of b.app) marks[p * apps + ap] = 1;
    return marks;
  });
  const out: Record<string, Record<string, Control>> = {};
  space.persona.forEach((p, i) => {
    const row: Record<string, Control> = {};
    space.app.forEach((ap, j) => {
      const k = weakerAt.findIndex((marks) => marks[i * apps + j] === 0);
      row[ap.label] = k < 0 ? 'nothing' : LEVELS[k]!;
    });
    out[p.label] = row;
  });
  return out;
}

function exclusionsOf(a: Parts): ExclusionResult[] {
  const { space, masks, env } = a;
  const out: ExclusionResult[] = [];
  masks.policies.forEach((cp, i) => {
    const p = cp.policy;
    if (p.state === 'disabled' || cp.invalid) return;
    const u = p.conditions.users;
    const refs = [...u.excludeUsers, ...u.excludeGroups, ...u.excludeRoles].filter((r) => r.id !== 'GuestsOrExternalUsers');
    if (!refs.length && !u.excludeGuestsOrExternalUsers) return;
    // Where the policy would apply but for its user condition.
    const pb = a.boxes[i]!;
    const guestTypes = u.excludeGuestsOrExternalUsers?.guestOrExternalUserTypes ?? [];
    const guests = guestTypes.length ? [{ id: `guests:${guestTypes.join(',')}`, label: `guests (${guestTypes.join(', ')})` }] : [];
    for (const ref of [...refs, ...guests]) {
      const isBreakGlassGroup = ref.id === `${TF.group}.${BREAK_GLASS_GROUP}`;
      const isGuests = ref.id.startsWith('guests:');
      const matches = (c: (typeof space.persona)[number]) =>
        isBreakGlassGroup ? c.kind === 'breakGlass' : isGuests ? c.kind === 'guest' && guestTypes.includes(c.part.user?.guestType ?? 'none') : c.ref === ref.id;
      const personas = space.persona.flatMap((c, k) => (matches(c) ? [k] : []));
      if (!personas.length) continue;
      const box: Box = { ...pb, persona: personas };
      if (isEmptyBox(box)) continue;
      const kind = space.persona[personas[0]!]!.kind;
      const heldTo = weakestIn(a, box, ENFORCED);
      const asked = controlOf(a.effect(i, pointOf(space, box)));
      const byDesign = kind === 'breakGlass' ? 'break-glass accounts are excluded from every policy by design' : kind === 'sync' ? 'directory-sync accounts can do no MFA; CA019 confines them to their servers' : undefined;
      out.push({
        policy: p.id,
        excluded: ref.label === ref.id ? env.model.labelOf(ref.id) : ref.label,
        heldTo,
        finding: heldTo === 'nothing' && byDesign === undefined && (asked !== 'nothing' || cp.policy.sessionControls?.signInFrequency !== undefined),
        ...(byDesign ? { byDesign } : {}),
      });
    }
  });
  return out;
}

const CONTEXT: readonly CoverageDimension[] = ['client', 'flow', 'device', 'platform'];

function deadPoliciesOf(a: Parts): DeadPolicy[] {
  const { masks, space } = a;
  const out: DeadPolicy[] = [];
  const planned = a.sets[PLANNED]!;
  for (const i of planned) {
    const cp = masks.policies[i]!;
    const p = cp.policy;
    const pb = a.boxes[i]!;
    const never = DIMENSIONS.find((d) => pb[d].length === 0);
    if (never !== undefined) {
      out.push({ policy: p.id, state: p.state, why: `can never apply: no ${NOUNS[never]} matches its conditions` });
      continue;
    }
    const reads = new Set(CONTEXT.filter((d) => masks.dependent[d][i >>> 5]! & (1 << (i & 31))));
    const gaps = uncovered(space, masks, {
      scope: pb,
      candidates: planned.filter((j) => j !== i),
      covers: (j, s) => dominates(a.effect(j, s), a.effect(i, s)),
      alsoReads: reads,
      firstGapOnly: true,
    });
    if (!gaps.length) out.push({ policy: p.id, state: p.state, why: 'always overridden: wherever it applies, another policy already requires at least as much' });
  }
  return out;
}
const NOUNS: Readonly<Record<CoverageDimension, string>> = { persona: 'user', app: 'app', client: 'client', platform: 'platform', location: 'location', device: 'device', signInRisk: 'sign-in risk level', userRisk: 'user risk level', flow: 'flow' };

/**
 * The sets coverage compares: the enforced policies, and those with the report-only ones
 * (with `anyStage`, every policy, those `off` too: what the design holds, as the
 * completeness guardrails judge it).
 */
export function policySets(masks: PolicyMasks, anyStage = false): number[][] {
  const pick = (allowed: readonly string[]) => masks.policies.flatMap((cp, i) => (!cp.invalid && allowed.includes(cp.policy.state) ? [i] : []));
  return [pick(['enabled']), pick(['enabled', 'enabledForReportingButNotEnforced', ...(anyStage ? ['disabled'] : [])])];
}

/** What policy i asks of a sign-in, cached per policy and grant context. */
export function effectCache(masks: PolicyMasks): (i: number, s: SignIn) => Effect {
  const cache = new Map<string, Effect>();
  return (i, s) => {
    const key = `${i}|${requirementContext(s)}`;
    let e = cache.get(key);
    if (!e) {
      e = effectOf(masks.policies[i]!, s);
      cache.set(key, e);
    }
    return e;
  };
}

/** The parts every question starts from. */
function prepare(model: EnvironmentModel, anyStage: boolean, problems: string[]): Omit<Parts, 'weaker'> {
  const env = compileEnvironment(model);
  problems.push(...env.problems);
  const space = buildSpace(env, [model], problems);
  const masks = policyMasks(space, env.policies, env.memberships);
  problems.push(...masks.undecided);
  const sets = policySets(masks, anyStage);
  const effect = effectCache(masks);
  const boxes = masks.policies.map((_, i) => policyBox(masks, space, i));
  return { space, masks, sets, invariants: invariantsOf(model.declared?.coverage), env, effect, boxes };
}

/**
 * The invariants that fail even counting every policy at any stage (off and report-only ones
 * too), with their gaps: what PRM-COV001 judges at every synth, without the rest of the report.
 */
export function designGaps(model: EnvironmentModel): { readonly id: string; readonly title: string; readonly gaps: readonly Gap[] }[] {
  const base = prepare(model, true, []);
  const parts: Parts = { ...base, weaker: [] };
  return base.invariants.flatMap((inv) => {
    const gaps = gapsOf(parts, inv, PLANNED, gapBoxesOf(parts, inv, PLANNED));
    return gaps.length ? [{ id: inv.id, title: inv.title, gaps }] : [];
  });
}

/** The whole coverage analysis of one environment. */
export function analyseCoverage(model: EnvironmentModel): CoverageAnalysis {
  const started = performance.now();
  const problems: string[] = [];
  const base = prepare(model, false, problems);
  const { space, masks, sets, invariants, env, effect } = base;
  // The weaker-than maps of the enforced policies: the matrix and the exclusions read them.
  const weaker = [weakerThan(space, masks, sets[ENFORCED]!, effect)];
  const parts: Parts = { ...base, weaker };
  const gapBoxes = invariants.map((inv) => [gapBoxesOf(parts, inv, ENFORCED), gapBoxesOf(parts, inv, PLANNED)]);
  const results: InvariantResult[] = invariants.map((inv, k) => {
    const gaps = gapsOf(parts, inv, ENFORCED, gapBoxes[k]![0]!);
    const planned = gapsOf(parts, inv, PLANNED, gapBoxes[k]![1]!);
    return { id: inv.id, title: inv.title, verdict: gaps.length ? 'FAILS' : 'PROVED', gaps, withReportOnly: { verdict: planned.length ? 'FAILS' : 'PROVED', gaps: planned } };
  });
  const classes = Object.fromEntries(DIMENSIONS.map((d) => [d, space[d].length])) as Record<CoverageDimension, number>;
  const report: CoverageReport = {
    environment: model.name,
    invariants: results,
    matrix: matrixOf(parts, ENFORCED),
    exclusions: exclusionsOf(parts),
    deadPolicies: deadPoliciesOf(parts),
    classes,
    space: DIMENSIONS.reduce((n, d) => n * space[d].length, 1),
    problems,
    millis: 0,
  };
  return { space, masks, sets, invariants, gapBoxes, weaker, env, report: { ...report, millis: performance.now() - started } };
}
