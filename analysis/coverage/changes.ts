/**
 * What a change does to coverage, for `npm run diff` and the PR comment: both sides' enforced
 * policies on one shared sign-in space (the classes either side can tell apart), every region
 * whose requirement the change removes or adds, in one sentence each ("this change removes the
 * MFA requirement for guests on Office365 from mobile apps"), and every invariant whose verdict
 * changes.
 */
import type { EnvironmentModel } from '../model/types';
import { compileEnvironment } from '../whatif/compile';
import type { SignIn } from '../whatif/signin';
import { describeValues, mergeBoxes, subtractAll } from './boxes';
import { analyseCoverage, effectCache } from './coverage';
import { CONTROL_WORDS, controlOf, controlRank, type Control } from './outcome';
import { classify, policyMasks, uncovered, type Box, type PolicyMasks } from './partition';
import { buildSpace, DIMENSIONS, type Space } from './space';

export interface CoverageChanges {
  /** One sentence per region whose requirement the change removes. */
  readonly removed: readonly string[];
  /** One sentence per region whose requirement the change adds. */
  readonly added: readonly string[];
  /** `member-mfa: PROVED -> FAILS`, over the enforced policies. */
  readonly verdicts: readonly string[];
}

const LEVELS: readonly Control[] = ['block', 'phishingResistant', 'mfa', 'device', 'passwordChange'];
const BY_RANK: readonly Control[] = ['nothing', 'passwordChange', 'device', 'mfa', 'phishingResistant', 'block'];
const REQUIREMENT: Readonly<Record<Control, string>> = {
  block: 'block',
  phishingResistant: 'phishing-resistant MFA requirement',
  mfa: 'MFA requirement',
  device: 'compliant or hybrid-joined device requirement',
  passwordChange: 'password change requirement',
  nothing: '',
};

const everything = (space: Space): Box => Object.fromEntries(DIMENSIONS.map((d) => [d, space[d].map((_, i) => i)])) as unknown as Box;

/** One model whose policies and locations are both sides': the classes either side can tell apart. */
function union(base: EnvironmentModel, head: EnvironmentModel): EnvironmentModel {
  const locations = new Map([...base.namedLocations, ...head.namedLocations].map((l) => [l.address, l]));
  for (const l of head.namedLocations) locations.set(l.address, l);
  return { ...head, policies: [...base.policies, ...head.policies], unmanagedPolicies: [...base.unmanagedPolicies, ...head.unmanagedPolicies], namedLocations: [...locations.values()] };
}

interface Shared {
  readonly space: Space;
  readonly masks: PolicyMasks;
  readonly base: readonly number[];
  readonly head: readonly number[];
  readonly effect: (i: number, s: SignIn) => ReturnType<ReturnType<typeof effectCache>>;
}

function shared(base: EnvironmentModel, head: EnvironmentModel): Shared {
  const merged = union(base, head);
  const space = buildSpace(compileEnvironment(merged), [merged]);
  const b = compileEnvironment(base);
  const h = compileEnvironment(head);
  const memberships = new Map([...b.memberships, ...h.memberships]);
  const masks = policyMasks(space, [...b.policies, ...h.policies], memberships);
  const enabled = (from: number, count: number) => Array.from({ length: count }, (_, k) => from + k).filter((i) => !masks.policies[i]!.invalid && masks.policies[i]!.policy.state === 'enabled');
  return { space, masks, base: enabled(0, b.policies.length), head: enabled(b.policies.length, h.policies.length), effect: effectCache(masks) };
}

/** Where `from` holds a sign-in to at least `level` and `to` does not. */
function lost(s: Shared, from: readonly number[], to: readonly number[], level: Control): Box[] {
  const rank = controlRank(level);
  const covers = (i: number, signIn: SignIn) => controlRank(controlOf(s.effect(i, signIn))) >= rank;
  const weakerNow = uncovered(s.space, s.masks, { scope: everything(s.space), candidates: to, covers });
  return weakerNow.flatMap((box) => subtractAll([box], uncovered(s.space, s.masks, { scope: box, candidates: from, covers })));
}

function sentences(s: Shared, from: readonly number[], to: readonly number[], verb: 'removes' | 'adds'): string[] {
  const out: string[] = [];
  const reported: Box[] = [];
  for (const level of LEVELS) {
    // Each region once, at the strongest requirement it loses (or gains).
    const boxes = subtractAll(lost(s, from, to, level), reported);
    reported.push(...boxes);
    const pieces = boxes.flatMap((box) =>
      classify(s.space, s.masks, box, to, (i, signIn) => controlRank(controlOf(s.effect(i, signIn)))).map((r) => ({ box: r.box, control: BY_RANK[r.rank]! })),
    );
    for (const { box, control: label } of mergeBoxes(pieces)) {
      const control = label as Control;
      const where = DIMENSIONS.filter((d) => d !== 'persona' && d !== 'app' && box[d].length !== s.space[d].length).map((d) => describeValues(s.space, d, box[d]));
      const what = level === 'block' ? 'the block' : `the ${REQUIREMENT[level]}`;
      const words = control === 'nothing' ? 'nothing' : CONTROL_WORDS[control];
      const then = verb === 'removes' ? (control === 'nothing' ? 'now nothing is required' : `now ${words}`) : control === 'nothing' ? 'nothing was required before' : `${words} before`;
      out.push(`this change ${verb} ${what} for ${describeValues(s.space, 'persona', box.persona)} on ${describeValues(s.space, 'app', box.app)}${where.length ? ` from ${where.join(', ')}` : ''}: ${then}`);
    }
  }
  return out;
}

/** The coverage changes of one environment; a side that does not exist has no policies. */
export function coverageChanges(base: EnvironmentModel | undefined, head: EnvironmentModel | undefined): CoverageChanges {
  if (!base || !head) return { removed: [], added: [], verdicts: [] };
  const s = shared(base, head);
  const before = analyseCoverage(base).report.invariants;
  const after = analyseCoverage(head).report.invariants;
  const verdicts = after.flatMap((a) => {
    const b = before.find((x) => x.id === a.id);
    return b && b.verdict !== a.verdict ? [`${a.id}: ${b.verdict} -> ${a.verdict}${a.gaps.length ? ` (${a.gaps[0]!.sentence})` : ''}`] : [];
  });
  return { removed: sentences(s, s.base, s.head, 'removes'), added: sentences(s, s.head, s.base, 'adds'), verdicts };
}
