/**
 * What a policy's grant controls ask of one sign-in, and the plain-words summary of what the
 * user has to do. Built-in authentication strengths are nested (phishing-resistant satisfies
 * passwordless satisfies MFA); legacy clients can satisfy no interactive control.
 */
import { BUILT_IN_STRENGTHS, builtInStrength } from '../../core/microsoft/well-known';
import type { BuiltInControlName, EnvironmentModel, PolicyModel } from '../model/types';
import type { ControlRequirement, ControlStatus, Requirement } from './result';
import type { SignIn } from './signin';

/** The names of the built-in strengths by rank; the `mfa` control ranks as the MFA strength. */
const STRENGTH_NAME = ['', ...Object.values(BUILT_IN_STRENGTHS).sort((a, b) => a.rank - b.rank).map((s) => s.name)];

export function isLegacy(s: SignIn): boolean {
  return s.clientApp === 'exchangeActiveSync' || s.clientApp === 'other';
}

export function controlStatus(control: BuiltInControlName | 'authenticationStrength' | 'termsOfUse' | 'customControl', s: SignIn, detail?: string): ControlRequirement {
  const base = detail ? { control, detail } : { control };
  if (isLegacy(s)) {
    return { ...base, status: 'unsatisfiable', why: `a legacy ${s.clientApp} client can do no MFA and passes no device state` };
  }
  if (s.clientApp === undefined && control !== 'block') {
    return { ...base, status: 'unknown', input: 'clientApp', why: 'a legacy client (exchangeActiveSync, other) could not satisfy it; the client app type is not known' };
  }
  const device = s.device;
  switch (control) {
    case 'compliantDevice':
    case 'domainJoinedDevice': {
      if (s.flow === 'deviceCodeFlow') return { ...base, status: 'unsatisfiable', why: 'device code flow cannot pass device state' };
      if (!device) return { ...base, status: 'unknown', input: 'device', why: 'the device is not known' };
      if (control === 'domainJoinedDevice') {
        const trust = device.properties?.trustType ?? (device.state === 'hybrid' ? 'ServerAD' : undefined);
        if (trust === 'ServerAD') return { ...base, status: 'satisfied', why: 'the device is hybrid joined' };
        return { ...base, status: 'unsatisfiable', why: `the device is ${device.state}, not hybrid joined` };
      }
      const compliant = device.properties?.isCompliant ?? (device.state === 'compliant' ? 'True' : device.state === 'hybrid' ? undefined : 'False');
      if (compliant === undefined) return { ...base, status: 'unknown', input: 'device', why: 'whether the hybrid-joined device is compliant is not known' };
      if (String(compliant).toLowerCase() === 'true') return { ...base, status: 'satisfied', why: 'the device is compliant' };
      return { ...base, status: 'unsatisfiable', why: `the device is ${device.state}, not compliant` };
    }
    case 'approvedApplication':
    case 'compliantApplication':
      if (s.platform === undefined) return { ...base, status: 'unknown', input: 'platform', why: 'only iOS and Android apps can satisfy it; the platform is not known' };
      if (s.platform !== 'iOS' && s.platform !== 'android') return { ...base, status: 'unsatisfiable', why: `only iOS and Android apps can satisfy it, not ${s.platform}` };
      return { ...base, status: 'required' };
    default:
      return { ...base, status: 'required' };
  }
}

export function combine(operator: 'AND' | 'OR', statuses: readonly ControlStatus[]): ControlStatus {
  if (operator === 'OR') {
    if (statuses.includes('satisfied')) return 'satisfied';
    if (statuses.includes('required')) return 'required';
    if (statuses.includes('unknown')) return 'unknown';
    return 'unsatisfiable';
  }
  if (statuses.includes('unsatisfiable')) return 'unsatisfiable';
  if (statuses.includes('unknown')) return 'unknown';
  if (statuses.includes('required')) return 'required';
  return 'satisfied';
}

export function requirementOf(p: PolicyModel, s: SignIn): Requirement | undefined {
  const g = p.grantControls;
  if (!g) return undefined;
  const controls: ControlRequirement[] = [];
  for (const c of g.builtInControls) if (c !== 'block') controls.push(controlStatus(c, s));
  if (g.authenticationStrength) controls.push(controlStatus('authenticationStrength', s, g.authenticationStrength.id));
  for (const t of g.termsOfUse) controls.push(controlStatus('termsOfUse', s, t));
  for (const c of g.customAuthenticationFactors) controls.push(controlStatus('customControl', s, c));
  if (!controls.length) return undefined;
  return { policy: p.id, operator: g.operator, controls, status: combine(g.operator, controls.map((c) => c.status)) };
}

export function summarize(requirements: readonly Requirement[], model: EnvironmentModel): readonly string[] {
  const out: string[] = [];
  let strongest = 0;
  const askers: string[] = [];
  for (const r of requirements) {
    for (const c of r.controls) {
      const rank = c.control === 'mfa' ? BUILT_IN_STRENGTHS.mfa.rank : c.control === 'authenticationStrength' ? (builtInStrength(c.detail ?? '')?.rank ?? 0) : 0;
      // Only a control the policy cannot do without counts: in an OR it is one option among several.
      if (rank && (r.operator === 'AND' || r.controls.length === 1)) {
        askers.push(`${r.policy} ${c.control === 'mfa' ? 'mfa' : model.labelOf(c.detail ?? '')}`);
        strongest = Math.max(strongest, rank);
      }
      if (c.control === 'authenticationStrength' && builtInStrength(c.detail ?? '') === undefined) {
        out.push(`${r.policy} asks for the custom ${model.labelOf(c.detail ?? '')}; it must be met on its own`);
      }
    }
  }
  const passwordChange = requirements.filter((r) => r.controls.some((c) => c.control === 'passwordChange')).map((r) => r.policy);
  if (passwordChange.length) out.push(`change the password after MFA (${passwordChange.join(', ')})`);
  if (strongest) {
    const nested = askers.length > 1 ? `; it also satisfies ${askers.join(', ')} (built-in strengths are nested)` : '';
    out.push(`authenticate with ${STRENGTH_NAME[strongest]}${nested}`);
  }
  return out;
}

const UNSATISFIABLE = new WeakMap<Requirement, { readonly policy: string; readonly why: string }>();

/** The blockedBy entry of a requirement the sign-in cannot meet; shared, as requirements are. */
export function unsatisfiableBlock(r: Requirement): { readonly policy: string; readonly why: string } {
  let entry = UNSATISFIABLE.get(r);
  if (!entry) {
    const whys = [...new Set(r.controls.map((c) => c.why).filter((w): w is string => w !== undefined))];
    entry = { policy: r.policy, why: `requires ${r.controls.map((c) => c.control).join(` ${r.operator} `)}, which this sign-in cannot satisfy: ${whys.join('; ')}` };
    UNSATISFIABLE.set(r, entry);
  }
  return entry;
}

/** Shared empty result lists: most sign-ins have nothing to put in most of them. */
