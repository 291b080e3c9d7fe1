/**
 * The sign-in space coverage reasons over, split per dimension into the classes the policies
 * can tell apart. Apps, locations and devices are split exactly as the break-glass lockout proof
 * splits them (../whatif/lockout.ts); the user dimension is split into personas instead of
 * break-glass accounts: members, members of each group a policy names, the holders of each
 * role a policy names, each guest and external user type (per enumerated home tenant), every
 * user a policy names by id, the directory-sync accounts and the break-glass accounts.
 *
 * A persona is in at most one group a policy names and holds at most one role (the
 * K = 1 user model of ca-evaluation-semantics.md §4.2): every exclusion is seen on its own.
 */
import { BREAK_GLASS_GROUP, TF } from '../../core/addresses';
import { DIRECTORY_ROLES, PRIVILEGED_ROLES } from '../../core/microsoft/directory-roles';
import { GUEST_OR_EXTERNAL_USER_TYPES, RISK_LEVELS } from '../../core/microsoft/well-known';
import type { EnvironmentModel, RiskLevelName } from '../model/types';
import type { CompiledEnvironment } from '../whatif/compile';
import { compileLocation } from '../whatif/conditions';
import { deviceClasses, locationClasses, resourceClasses, type Partial } from '../whatif/lockout';
import { breakGlassAccounts, PERSONA_IDS } from '../whatif/personas';
import { prepareSignIn } from '../whatif/prepare';
import { CLIENT_APPS, FLOWS, SIGN_IN_PLATFORMS, type SignIn } from '../whatif/signin';

/** The dimensions, in the order a sentence reads them. */
export const DIMENSIONS = ['persona', 'app', 'client', 'platform', 'location', 'device', 'signInRisk', 'userRisk', 'flow'] as const;
export type CoverageDimension = (typeof DIMENSIONS)[number];

export type PersonaKind = 'member' | 'group' | 'user' | 'privileged' | 'role' | 'guest' | 'sync' | 'breakGlass';

export interface ClassValue {
  /** What a sentence says for this class. */
  readonly label: string;
  /** The sign-in fields this class sets. */
  readonly part: Partial;
  /** Persona classes: what kind of user. */
  readonly kind?: PersonaKind;
  /** Persona classes: the group or user id a policy names, whose exclusion this persona shows. */
  readonly ref?: string;
  /** Location classes: inside a trusted IP location. */
  readonly trusted?: boolean;
  /** Device classes: neither compliant nor hybrid joined. */
  readonly unmanaged?: boolean;
  /** App classes: the app key or id a `coverage:` entry may name. */
  readonly appId?: string;
}

export type Space = Readonly<Record<CoverageDimension, readonly ClassValue[]>>;

const PRIVILEGED_IDS = new Set<string>(PRIVILEGED_ROLES.map((r) => DIRECTORY_ROLES[r]));
const SYNC_ROLE = DIRECTORY_ROLES['Directory Synchronization Accounts'];
const GLOBAL_ADMIN = DIRECTORY_ROLES['Global Administrator'];
const OTHER_TENANT = 'e7000000-0000-4000-8000-0000000000ff';

function personaClasses(models: readonly EnvironmentModel[]): ClassValue[] {
  const model = models[models.length - 1]!;
  const policies = models.flatMap((m) => [...m.policies, ...m.unmanagedPolicies]);
  const bg = new Set(breakGlassAccounts(model));
  const sync = model.declared?.directorySync?.accounts ?? [];
  const syncSet = new Set(sync);
  const groups = new Map<string, string>();
  const roles = new Map<string, string>();
  const users = new Map<string, string>();
  const tenants = new Set<string>();
  for (const p of policies) {
    const u = p.conditions.users;
    for (const g of [...u.includeGroups, ...u.excludeGroups]) if (g.id !== `${TF.group}.${BREAK_GLASS_GROUP}`) groups.set(g.id, g.label);
    for (const r of [...u.includeRoles, ...u.excludeRoles]) if (r.id !== SYNC_ROLE) roles.set(r.id, r.label);
    for (const x of [...u.includeUsers, ...u.excludeUsers]) if (!['All', 'None', 'GuestsOrExternalUsers'].includes(x.id) && !bg.has(x.id) && !syncSet.has(x.id)) users.set(x.id, x.label);
    for (const spec of [u.includeGuestsOrExternalUsers, u.excludeGuestsOrExternalUsers]) {
      if (spec?.externalTenants.membershipKind === 'enumerated') for (const t of spec.externalTenants.members) tenants.add(t);
    }
  }
  // Groups the coverage: section names are classes of their own too.
  const coverage = model.declared?.coverage;
  for (const id of [...(coverage?.invariants.flatMap((i) => i.groups) ?? []), ...(coverage?.deviceCodeFlowAllowed.groups ?? [])]) if (!groups.has(id)) groups.set(id, model.labelOf(id));
  if (!roles.has(GLOBAL_ADMIN)) roles.set(GLOBAL_ADMIN, 'role Global Administrator');
  const byId = (a: [string, string], b: [string, string]) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0);
  const out: ClassValue[] = [{ label: 'members', kind: 'member', part: { user: { id: PERSONA_IDS.member } } }];
  for (const [id, label] of [...groups].sort(byId)) out.push({ label: `members of ${label}`, kind: 'group', ref: id, part: { user: { id: PERSONA_IDS.member, groups: [id] } } });
  for (const [id, label] of [...roles].sort(byId)) {
    const privileged = PRIVILEGED_IDS.has(id);
    out.push({ label: `${label.replace(/^role /, '')} holders`, kind: privileged ? 'privileged' : 'role', ref: id, part: { user: { id: PERSONA_IDS.globalAdmin, roles: [id] } } });
  }
  for (const [id, label] of [...users].sort(byId)) out.push({ label: `user ${label}`, kind: 'user', ref: id, part: { user: { id } } });
  for (const type of GUEST_OR_EXTERNAL_USER_TYPES) {
    out.push({ label: `guests (${type})`, kind: 'guest', part: { user: { id: PERSONA_IDS.guest, guestType: type, externalTenantId: OTHER_TENANT } } });
    for (const t of [...tenants].sort()) {
      out.push({ label: `guests (${type}) from ${model.labelOf(t)}`, kind: 'guest', part: { user: { id: PERSONA_IDS.guest, guestType: type, externalTenantId: t } } });
    }
  }
  sync.forEach((id, i) => out.push({ label: `directory-sync account ${i + 1}`, kind: 'sync', ref: id, part: { user: { id, roles: [SYNC_ROLE] } } }));
  [...bg].forEach((id, i) => out.push({ label: `break-glass account ${i + 1}`, kind: 'breakGlass', ref: id, part: { user: { id, roles: [GLOBAL_ADMIN] } } }));
  return out;
}

function appLabel(part: Partial, model: EnvironmentModel): ClassValue {
  const r = part.resource!;
  if (r.kind === 'userAction') return { label: model.labelOf(r.action), part };
  // A step-up an app or PIM asks for (authentication context c1): a class of its own.
  if (r.kind === 'authenticationContext') return { label: `authentication context ${r.id}`, part };
  if (r.appId !== undefined) {
    const named = model.labelOf(r.appId);
    if (named === r.appId || r.suites.length === 0) return { label: named.replace(/^app /, ''), part, appId: r.appId };
    // One member of an app group no policy names stands for all of them.
    return { label: `${r.suites.join(', ')} (its other apps)`, part, appId: r.appId };
  }
  return { label: r.suites.length ? `${r.suites.join(', ')} (its other apps)` : 'any other app', part };
}

const CLIENT_LABELS: Readonly<Record<string, string>> = {
  browser: 'browser',
  mobileAppsAndDesktopClients: 'mobile apps and desktop clients',
  exchangeActiveSync: 'Exchange ActiveSync clients',
  other: 'other legacy clients',
};

const FLOW_LABELS: Readonly<Record<string, string>> = { none: 'no special flow', deviceCodeFlow: 'device code flow', authenticationTransfer: 'authentication transfer' };

function locationValues(env: CompiledEnvironment, models: readonly EnvironmentModel[]): ClassValue[] {
  const locations = models[models.length - 1]!.namedLocations;
  const tests = locations.map((l) => ({ l, test: compileLocation(l) }));
  const named = new Set(locations.flatMap((l) => (l.kind === 'country' ? l.countriesAndRegions.map((c) => c.toUpperCase()) : [])));
  return locationClasses(env).map((part) => {
    const s = prepareSignIn({ user: {}, resource: { kind: 'app', suites: [] }, ...part } as SignIn, env.memberships);
    const ipIn = tests.filter(({ l, test }) => l.kind === 'ip' && test(s, []) === true).map(({ l }) => l);
    const trusted = ipIn.some((l) => l.kind === 'ip' && l.isTrusted);
    const where = ipIn.length ? `from ${ipIn.map((l) => `${l.key}${l.kind === 'ip' && l.isTrusted ? ' (trusted)' : ''}`).join(' and ')}` : 'from outside every named range';
    const country = (c: string | undefined) => (c === undefined ? '' : c === 'unknown' ? 'an unknown country' : named.has(c) ? c : 'another country');
    const gps = part.gpsCountry !== undefined ? `, GPS ${country(part.gpsCountry)}` : '';
    return { label: `${where} in ${country(part.country)}${gps}`, part, trusted };
  });
}

function deviceLabel(part: Partial): ClassValue {
  const d = part.device!;
  if (d.state === 'unregistered') return { label: 'unregistered device', part, unmanaged: true };
  const props = d.properties ?? {};
  const extra = Object.entries(props)
    .filter(([k]) => k !== 'trustType' && k !== 'isCompliant')
    .map(([k, v]) => `${k} ${JSON.stringify(v)}`);
  const compliant = props.isCompliant === 'True';
  const join = props.trustType === 'ServerAD' ? 'hybrid joined' : props.trustType === 'AzureAD' ? 'Entra joined' : 'registered';
  const label = `${join} ${compliant ? 'compliant' : 'non-compliant'} device${extra.length ? ` (${extra.join(', ')})` : ''}`;
  return { label, part, unmanaged: !compliant && props.trustType !== 'ServerAD' };
}

/**
 * The classes of one environment; with more than one model (a base and a change), the classes
 * every one of them can tell apart, so their outcomes compare class by class.
 */
export function buildSpace(env: CompiledEnvironment, models: readonly EnvironmentModel[] = [env.model], problems: string[] = []): Space {
  const model = models[models.length - 1]!;
  const levels = (field: 'signInRisk' | 'userRisk'): ClassValue[] => {
    const all = new Set<RiskLevelName>(RISK_LEVELS);
    return [...all].map((l) => ({ label: `${field === 'signInRisk' ? 'sign-in' : 'user'} risk ${l}`, part: { [field]: l } }));
  };
  const apps = resourceClasses(env).map((p) => appLabel(p, model));
  return {
    persona: personaClasses(models),
    app: apps,
    client: CLIENT_APPS.map((clientApp) => ({ label: CLIENT_LABELS[clientApp]!, part: { clientApp } })),
    platform: SIGN_IN_PLATFORMS.map((platform) => ({ label: platform === 'unknown' ? 'unknown platforms' : platform, part: { platform } })),
    location: locationValues(env, models),
    device: deviceClasses(env, problems).map(deviceLabel),
    signInRisk: levels('signInRisk'),
    userRisk: levels('userRisk'),
    flow: FLOWS.map((flow) => ({ label: FLOW_LABELS[flow]!, part: { flow } })),
  };
}

/** The sign-in a point of the space stands for: one class per dimension. */
export function signInOf(space: Space, point: Readonly<Record<CoverageDimension, number>>): SignIn {
  let s: Partial = {};
  for (const d of DIMENSIONS) s = { ...s, ...space[d][point[d]]!.part };
  return s as SignIn;
}
