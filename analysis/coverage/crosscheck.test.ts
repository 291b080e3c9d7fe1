/**
 * The coverage proof against What If: random sign-ins drawn from every reported gap and from
 * the rest of each invariant's scope, evaluated one by one by the offline What If engine,
 * must agree with the coverage verdict, and with the control coverage says the class is held
 * to. At least 10,000 sign-ins per sample environment.
 */
import { join } from 'node:path';
import { loadEnvironmentFile } from '../../cli/environments';
import { SAMPLE_DIR, synthStacks } from '../../__tests__/helpers/synth';
import { declaredFacts } from '../../environment/declared';
import { BUILT_IN_STRENGTHS, builtInStrength } from '../../core/microsoft/well-known';
import { readSynthesizedStack } from '../model/read';
import { evaluate } from '../whatif/evaluate';
import type { WhatIfResult } from '../whatif/result';
import { analyseCoverage, scopeBox, type CoverageAnalysis } from './coverage';
import { holds } from './invariants';
import { CONTROLS, type Control, type Effect } from './outcome';
import type { Box } from './partition';
import { personaBaseline } from './personas-baseline';
import { DIMENSIONS, signInOf, type CoverageDimension } from './space';
import { seededRandom } from '../../core/random';

const stacks = synthStacks();
const modelOf = (name: string) =>
  name.startsWith('personas-') ? personaBaseline(Number(name.slice('personas-'.length))) : readSynthesizedStack(stacks[name]!, { declared: declaredFacts(loadEnvironmentFile(join(SAMPLE_DIR, `${name}.yaml`)).environment!) });

type Point = Record<CoverageDimension, number>;

/**
 * What the sign-in is held to, read from What If's answer alone (its decision, its
 * requirements and their statuses, its merged session controls), not from coverage's code.
 */
function heldTo(r: WhatIfResult): Effect {
  if (r.decision === 'block') return { block: 2, strength: 0, device: false, passwordChange: false, session: false };
  let strength = 0;
  let device = false;
  let passwordChange = false;
  for (const req of r.requirements) {
    if (req.status === 'satisfied') continue;
    const open = req.controls.filter((c) => c.status === 'required' || c.status === 'unknown');
    const rank = (c: (typeof open)[number]) => (c.control === 'mfa' ? BUILT_IN_STRENGTHS.mfa.rank : c.control === 'authenticationStrength' ? (builtInStrength(c.detail ?? '')?.rank ?? 1) : 0);
    if (req.operator === 'AND' || open.length === 1) {
      for (const c of open) {
        strength = Math.max(strength, rank(c));
        if (c.control === 'compliantDevice' || c.control === 'domainJoinedDevice') device = true;
        if (c.control === 'passwordChange') passwordChange = true;
      }
    } else {
      // The user picks one option: the weakest decides.
      const order = (c: (typeof open)[number]) => rank(c) * 10 + (c.control === 'compliantDevice' || c.control === 'domainJoinedDevice' ? 5 : c.control === 'passwordChange' ? 3 : 0);
      const weakest = open.reduce((a, b) => (order(b) < order(a) ? b : a));
      strength = Math.max(strength, rank(weakest));
      if (weakest.control === 'compliantDevice' || weakest.control === 'domainJoinedDevice') device = true;
    }
  }
  return { block: 0, strength, device, passwordChange, session: r.sessionControls.signInFrequency !== undefined };
}

function controlOfHeld(e: Effect): Control {
  if (e.block) return 'block';
  if (e.strength >= 3) return 'phishingResistant';
  if (e.strength >= 1) return 'mfa';
  if (e.device) return 'device';
  if (e.passwordChange) return 'passwordChange';
  return 'nothing';
}

const inBox = (p: Point, b: Box) => DIMENSIONS.every((d) => b[d].includes(p[d]));
const draw = (rnd: () => number, b: Box): Point => Object.fromEntries(DIMENSIONS.map((d) => [d, b[d][Math.floor(rnd() * b[d].length)]!])) as Point;

/** The control coverage says a point is held to: the strongest level it is not weaker than. */
function coverageControl(a: CoverageAnalysis, p: Point): Control {
  const levels = CONTROLS.slice(0, 5);
  const k = a.weaker[0]!.findIndex((boxes) => !boxes.some((b) => inBox(p, b)));
  return k < 0 ? 'nothing' : levels[k]!;
}

// The sample environments, and a generated persona set of the benchmark's kind.
describe.each(['dev', 'prod', 'personas-60'])('%s: coverage agrees with What If on random sign-ins', (name) => {
  const model = modelOf(name);
  const a = analyseCoverage(model);
  const rnd = seededRandom(name.length * 1414);
  const SAMPLES = 10_000;

  test(`${SAMPLES.toLocaleString('en-US')} sign-ins from every gap and from the covered rest of every invariant`, () => {
    let fromGaps = 0;
    let fromCovered = 0;
    const disagreements: string[] = [];
    for (let n = 0; n < SAMPLES; n++) {
      const k = n % a.invariants.length;
      const inv = a.invariants[k]!;
      const gaps = a.gapBoxes[k]![0]!;
      const scope = scopeBox(a.space, inv);
      // Half the draws from the reported gaps (when there are any), half from the whole scope.
      const fromGap = gaps.length > 0 && rnd() < 0.5;
      const gap = fromGap ? gaps[Math.floor(rnd() * gaps.length)]! : undefined;
      const point = draw(rnd, gap ? gap.box : scope);
      const signIn = signInOf(a.space, point);
      const result = evaluate(a.env, signIn);
      const held = heldTo(result);
      const reportedGap = gaps.find((g) => inBox(point, g.box));
      if (reportedGap) fromGaps++;
      else fromCovered++;
      const whatIfHolds = holds(inv.require, held);
      if (whatIfHolds === (reportedGap !== undefined)) {
        disagreements.push(`${inv.id}: ${JSON.stringify(signIn)}: What If ${result.decision} (${whatIfHolds ? 'holds' : 'gap'}), coverage ${reportedGap ? 'gap' : 'covered'}`);
      }
      if (reportedGap && controlOfHeld(held) !== reportedGap.control) {
        disagreements.push(`${inv.id}: ${JSON.stringify(signIn)}: the gap says ${reportedGap.control}, What If holds it to ${controlOfHeld(held)}`);
      }
      const control = coverageControl(a, point);
      if (control !== controlOfHeld(held)) disagreements.push(`${JSON.stringify(signIn)}: coverage says ${control}, What If ${controlOfHeld(held)} (${result.decision})`);
      const cell = a.report.matrix[a.space.persona[point.persona]!.label]![a.space.app[point.app]!.label]!;
      if (CONTROLS.indexOf(cell) < CONTROLS.indexOf(controlOfHeld(held))) disagreements.push(`${JSON.stringify(signIn)}: the matrix says at weakest ${cell}, What If ${controlOfHeld(held)}`);
    }
    expect(disagreements.slice(0, 5)).toEqual([]);
    // Both halves were really exercised.
    expect(fromCovered).toBeGreaterThan(SAMPLES / 3);
    if (a.gapBoxes.some((g) => g[0]!.length)) expect(fromGaps).toBeGreaterThan(SAMPLES / 20);
  });
});
