/**
 * What a set of applying policies requires of one class of sign-ins, in the words coverage
 * speaks: block, phishing-resistant strength, MFA, a device, a password change, or nothing,
 * and whether the session is bounded. Built on What If's own reading of grant controls
 * (../whatif/controls.ts), so the two cannot disagree on what a policy asks.
 */
import { builtInStrength } from '../../core/microsoft/well-known';
import type { CompiledPolicy } from '../whatif/conditions';
import { requirementOf } from '../whatif/controls';
import type { ControlRequirement } from '../whatif/result';
import type { SignIn } from '../whatif/signin';

/** From the strongest to the weakest. */
export const CONTROLS = ['block', 'phishingResistant', 'mfa', 'device', 'passwordChange', 'nothing'] as const;
export type Control = (typeof CONTROLS)[number];

/** Higher is stronger. */
export const controlRank = (c: Control): number => CONTROLS.length - 1 - CONTROLS.indexOf(c);

export interface Effect {
  /** 2: a block control; 1: blocked in effect (a requirement this sign-in cannot meet); 0: not blocked. */
  readonly block: 0 | 1 | 2;
  /** 0 none, 1 MFA, 2 passwordless, 3 phishing-resistant. */
  readonly strength: number;
  readonly device: boolean;
  readonly passwordChange: boolean;
  /** A sign-in frequency bounds the session. */
  readonly session: boolean;
}

export const NO_EFFECT: Effect = Object.freeze({ block: 0, strength: 0, device: false, passwordChange: false, session: false });

function weight(c: ControlRequirement): number {
  if (c.control === 'mfa') return 10;
  if (c.control === 'authenticationStrength') return 10 * (builtInStrength(c.detail ?? '')?.rank ?? 1);
  if (c.control === 'compliantDevice' || c.control === 'domainJoinedDevice') return 5;
  if (c.control === 'passwordChange') return 3;
  return 0;
}

function add(e: { strength: number; device: boolean; passwordChange: boolean }, c: ControlRequirement): void {
  const w = weight(c);
  if (w >= 10) e.strength = Math.max(e.strength, w / 10);
  else if (w === 5) e.device = true;
  else if (w === 3) e.passwordChange = true;
}

/** What one applying policy asks of a sign-in in this context. */
export function effectOf(cp: CompiledPolicy, s: SignIn): Effect {
  const session = cp.policy.sessionControls?.signInFrequency !== undefined;
  if (cp.blocks) return { ...NO_EFFECT, block: 2 };
  const r = requirementOf(cp.policy, s);
  if (!r) return session ? { ...NO_EFFECT, session } : NO_EFFECT;
  if (r.status === 'unsatisfiable') return { ...NO_EFFECT, block: 1 };
  if (r.status === 'satisfied') return { ...NO_EFFECT, session };
  const e = { block: 0 as const, strength: 0, device: false, passwordChange: false, session };
  const open = r.controls.filter((c) => c.status === 'required' || c.status === 'unknown');
  if (r.operator === 'AND' || open.length === 1) for (const c of open) add(e, c);
  else {
    // Under OR the user picks: only the weakest option is certain to be asked.
    const weakest = open.reduce((a, b) => (weight(b) < weight(a) ? b : a));
    add(e, weakest);
  }
  return e;
}

export function controlOf(e: Effect): Control {
  if (e.block) return 'block';
  if (e.strength >= 3) return 'phishingResistant';
  if (e.strength >= 1) return 'mfa';
  if (e.device) return 'device';
  if (e.passwordChange) return 'passwordChange';
  return 'nothing';
}

/** `a` asks at least everything `b` asks (an explicit block only counts as one). */
export function dominates(a: Effect, b: Effect): boolean {
  if (a.block === 2) return true;
  if (b.block === 2) return false;
  if (a.block === 1) return true;
  if (b.block === 1) return false;
  return a.strength >= b.strength && (a.device || !b.device) && (a.passwordChange || !b.passwordChange) && (a.session || !b.session);
}

export const CONTROL_WORDS: Readonly<Record<Control, string>> = {
  block: 'blocked',
  phishingResistant: 'phishing-resistant MFA',
  mfa: 'MFA',
  device: 'a compliant or hybrid-joined device',
  passwordChange: 'a password change',
  nothing: 'nothing required',
};
