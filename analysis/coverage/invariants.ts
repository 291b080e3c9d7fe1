/**
 * The coverage invariants: what every persona must be held to, where. Each one is a box of the
 * sign-in space (its scope, per dimension) and a requirement every class in it must meet.
 * The built-in ones can be turned off with a reason, and an environment adds its own
 * (`coverage:` in the environment file, components/coverage/section.ts).
 */
import { isAppSuite } from '../../core/microsoft/app-sets';
import type { CoverageFacts, CoverageInvariantFact } from '../model/types';
import type { Effect } from './outcome';
import type { ClassValue, CoverageDimension, PersonaKind } from './space';

export type Requirement = CoverageInvariantFact['require'];

export interface Invariant {
  readonly id: string;
  readonly title: string;
  readonly require: Requirement;
  /** Per dimension: whether a class is in scope. Absent: every class. */
  readonly scope: Partial<Record<CoverageDimension, (c: ClassValue) => boolean>>;
  /** Set for an invariant of the environment file. */
  readonly custom?: true;
}


export function holds(require: Requirement, e: Effect): boolean {
  if (e.block) return true;
  switch (require) {
    case 'block':
      return false;
    case 'phishingResistant':
      return e.strength >= 3;
    case 'mfa':
      return e.strength >= 1;
    case 'device':
      return e.device;
    case 'passwordChange':
      return e.passwordChange;
    case 'boundedSession':
      return e.session;
  }
}

const INTERNAL: ReadonlySet<PersonaKind> = new Set(['member', 'group', 'user', 'privileged', 'role']);
const notBreakGlass = (c: ClassValue) => c.kind !== 'breakGlass';
const internal = (c: ClassValue) => c.kind !== undefined && INTERNAL.has(c.kind);
const legacy = (c: ClassValue) => c.part.clientApp === 'exchangeActiveSync' || c.part.clientApp === 'other';

/** The ids of the built-in invariants, for `coverage.disable` and suppressions. */
export const BUILT_IN_INVARIANT_IDS = [
  'member-mfa',
  'privileged-phishing-resistant',
  'legacy-blocked',
  'guest-mfa',
  'high-sign-in-risk-blocked',
  'high-user-risk-password-change',
  'device-code-blocked',
  'unmanaged-bounded-session',
] as const;

function builtIn(facts: CoverageFacts | undefined): Invariant[] {
  const allowedApps = new Set(facts?.deviceCodeFlowAllowed.apps ?? []);
  const allowedGroups = new Set(facts?.deviceCodeFlowAllowed.groups ?? []);
  return [
    { id: 'member-mfa', title: 'every member sign-in needs MFA or is blocked, for every app, client, platform and location', require: 'mfa', scope: { persona: internal } },
    { id: 'privileged-phishing-resistant', title: 'every privileged-role sign-in needs the phishing-resistant strength or is blocked', require: 'phishingResistant', scope: { persona: (c) => c.kind === 'privileged' } },
    { id: 'legacy-blocked', title: 'legacy clients are blocked for everyone but break-glass', require: 'block', scope: { persona: notBreakGlass, client: legacy } },
    { id: 'guest-mfa', title: 'every guest or external user needs MFA or is blocked', require: 'mfa', scope: { persona: (c) => c.kind === 'guest' } },
    { id: 'high-sign-in-risk-blocked', title: 'high sign-in risk is always blocked', require: 'block', scope: { persona: notBreakGlass, signInRisk: (c) => c.part.signInRisk === 'high' } },
    {
      id: 'high-user-risk-password-change',
      title: 'high user risk always needs a password change or is blocked',
      require: 'passwordChange',
      // Directory-sync accounts cannot change a password interactively; CA019 confines them to their servers.
      scope: { persona: (c) => notBreakGlass(c) && c.kind !== 'sync', userRisk: (c) => c.part.userRisk === 'high' },
    },
    {
      id: 'device-code-blocked',
      title: `device code flow is blocked${allowedApps.size || allowedGroups.size ? ' except where the environment allows it' : ''}`,
      require: 'block',
      scope: {
        persona: (c) => notBreakGlass(c) && !(c.ref !== undefined && allowedGroups.has(c.ref)),
        app: (c) => !(c.appId !== undefined && allowedApps.has(c.appId)),
        flow: (c) => c.part.flow === 'deviceCodeFlow',
      },
    },
    {
      id: 'unmanaged-bounded-session',
      title: 'every sign-in from an unmanaged device outside trusted locations gets a bounded session',
      require: 'boundedSession',
      // Directory-sync accounts have no interactive session; CA019 confines them to their servers.
      scope: { persona: (c) => notBreakGlass(c) && c.kind !== 'sync', device: (c) => c.unmanaged === true, location: (c) => c.trusted !== true },
    },
  ];
}

function custom(f: CoverageInvariantFact): Invariant {
  const kinds = new Set<PersonaKind>();
  for (const p of f.personas) {
    if (p === 'members') for (const k of INTERNAL) kinds.add(k);
    if (p === 'guests') kinds.add('guest');
    if (p === 'privileged') kinds.add('privileged');
    if (p === 'sync') kinds.add('sync');
  }
  const groups = new Set(f.groups);
  const apps = new Set(f.apps);
  const scope: Partial<Record<CoverageDimension, (c: ClassValue) => boolean>> = {
    persona: (c) => {
      if (c.kind === 'breakGlass') return false;
      if (groups.size) return c.kind === 'group' && c.ref !== undefined && groups.has(c.ref);
      return kinds.size === 0 || (c.kind !== undefined && kinds.has(c.kind));
    },
  };
  if (apps.size) {
    scope.app = (c) => {
      const r = c.part.resource;
      if (!r || r.kind !== 'app') return false;
      return (c.appId !== undefined && apps.has(c.appId)) || r.suites.some((s) => isAppSuite(s) && apps.has(s));
    };
  }
  if (f.clients.length) scope.client = (c) => c.part.clientApp !== undefined && f.clients.includes(c.part.clientApp);
  if (f.outsideTrustedLocations) scope.location = (c) => c.trusted !== true;
  if (f.unmanagedDevices) scope.device = (c) => c.unmanaged === true;
  return { id: f.id, title: f.title, require: f.require, scope, custom: true };
}

/** The invariants an environment is held to: the built-in ones it keeps, then its own. */
export function invariantsOf(facts: CoverageFacts | undefined): Invariant[] {
  const off = new Set((facts?.disabled ?? []).map((d) => d.invariant));
  return [...builtIn(facts).filter((i) => !off.has(i.id)), ...(facts?.invariants ?? []).map(custom)];
}
