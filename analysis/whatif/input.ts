/**
 * Turns the words a person writes (on the command line or in a scenario file) into a SignIn,
 * and says precisely what is wrong when a word is not allowed. One place, so the CLI and
 * scenario files accept exactly the same values.
 */
import { appProxyAppRef } from '../../core/addresses';
import { countryCodeProblem } from '../../core/countries';
import { AUTHENTICATION_CONTEXT_ID_PATTERN, isGuid } from '../../core/ids';
import { suitesOf } from '../../core/microsoft/app-sets';
import { GUEST_OR_EXTERNAL_USER_TYPES, RISK_LEVELS, USER_ACTIONS, WELL_KNOWN_APPS } from '../../core/microsoft/well-known';
import { parseIp } from '../../core/net';
import type { EnvironmentModel, RiskLevelName } from '../model/types';
import { canonicalDeviceProperty } from './device-filter';
import { personas, resolveGroup, resolveRole } from './personas';
import {
  CLIENT_APPS,
  DEVICE_STATES,
  FLOWS,
  SIGN_IN_PLATFORMS,
  type ClientApp,
  type DeviceState,
  type Flow,
  type GuestType,
  type ResourceInput,
  type SignIn,
  type SignInPlatform,
  type UserInput,
} from './signin';

/** A sign-in as written: every value a string. */
export interface SignInSpec {
  readonly user?: string;
  readonly groups?: readonly string[];
  readonly roles?: readonly string[];
  readonly guest?: string;
  readonly externalTenant?: string;
  readonly app?: string;
  /** An authentication context the app asks for (`c1`), instead of `app`. */
  readonly authenticationContext?: string;
  readonly client?: string;
  readonly platform?: string;
  readonly ip?: string;
  readonly country?: string;
  readonly gpsCountry?: string;
  readonly device?: string;
  readonly deviceProperties?: Readonly<Record<string, string>>;
  readonly signInRisk?: string;
  readonly userRisk?: string;
  readonly flow?: string;
}

export interface InputProblem {
  readonly field: keyof SignInSpec;
  readonly message: string;
}

const GUEST_TYPES: readonly (GuestType | 'none')[] = ['none', ...GUEST_OR_EXTERNAL_USER_TYPES];

export interface ResolvedSignIn {
  readonly signIn?: SignIn;
  readonly problems: readonly InputProblem[];
  /** Defaults that were assumed, for the output ("signInRisk none (not given)"). */
  readonly assumed: readonly string[];
}

function oneOf<T extends string>(value: string, allowed: readonly T[]): T | undefined {
  return (allowed as readonly string[]).includes(value) ? (value as T) : undefined;
}

/**
 * Resolves a spec. `user`, `app`, `client` and `platform` are required. Risk levels and the
 * flow default to `none`, as Microsoft's What If tool does; write `unknown` to leave them open.
 */
export function resolveSignIn(spec: SignInSpec, model: EnvironmentModel): ResolvedSignIn {
  const problems: InputProblem[] = [];
  const assumed: string[] = [];
  const bad = (field: keyof SignInSpec, message: string) => problems.push({ field, message });

  // User.
  let user: UserInput | undefined;
  const known = personas(model);
  if (spec.user === undefined) bad('user', `is required: an object id or a persona (${known.map((p) => p.name).join(', ')})`);
  else if (isGuid(spec.user)) user = { id: spec.user.toLowerCase() };
  else {
    const persona = known.find((p) => p.name === spec.user);
    if (persona) user = persona.user;
    else bad('user', `${JSON.stringify(spec.user)} is neither an object id (GUID) nor a persona; personas: ${known.map((p) => p.name).join(', ')}`);
  }
  const groups: string[] = [...(user?.groups ?? [])];
  for (const g of spec.groups ?? []) {
    const id = resolveGroup(g, model);
    if (id) groups.push(id);
    else bad('groups', `${JSON.stringify(g)} is neither an object id (GUID) nor a group of the environment (${model.groups.map((x) => x.key).join(', ') || 'none defined'})`);
  }
  const roles: string[] = [...(user?.roles ?? [])];
  for (const r of spec.roles ?? []) {
    const id = resolveRole(r);
    if (id) roles.push(id);
    else bad('roles', `${JSON.stringify(r)} is neither a role template id (GUID) nor a role name from core/microsoft/directory-roles.ts such as "Global Administrator"`);
  }
  let guestType = user?.guestType;
  if (spec.guest !== undefined) {
    const g = oneOf(spec.guest, GUEST_TYPES);
    if (g) guestType = g;
    else bad('guest', `${JSON.stringify(spec.guest)} is not a guest or external user type; use one of: ${GUEST_TYPES.join(' | ')}`);
  }
  let externalTenantId = user?.externalTenantId;
  if (spec.externalTenant !== undefined) {
    if (isGuid(spec.externalTenant)) externalTenantId = spec.externalTenant.toLowerCase();
    else bad('externalTenant', `${JSON.stringify(spec.externalTenant)} is not a tenant id (GUID)`);
  }

  // Resource.
  let resource: ResourceInput | undefined;
  const actions = Object.values(USER_ACTIONS) as string[];
  const envApps = model.declared?.apps ?? {};
  const appProxyApps = Object.fromEntries((model.declared?.appProxyApps ?? []).map((key) => [key, appProxyAppRef(key)]));
  const namedApps: Record<string, string> = { ...WELL_KNOWN_APPS, ...envApps, ...appProxyApps };
  if (spec.authenticationContext !== undefined) {
    if (spec.app !== undefined) bad('authenticationContext', 'is given together with app; a sign-in targets an app, a user action or an authentication context, not two of them');
    else if (AUTHENTICATION_CONTEXT_ID_PATTERN.test(spec.authenticationContext)) resource = { kind: 'authenticationContext', id: spec.authenticationContext };
    else bad('authenticationContext', `${JSON.stringify(spec.authenticationContext)} is not an authentication context id; use c1 to c25`);
  } else if (spec.app === undefined) bad('app', 'is required: an application (client) id, All, Office365, MicrosoftAdminPortals, a user action or an app name (or give authenticationContext instead)');
  else if (isGuid(spec.app)) resource = { kind: 'app', appId: spec.app.toLowerCase(), suites: suitesOf(spec.app) };
  else if (spec.app === 'All') resource = { kind: 'app', suites: [] };
  else if (spec.app === 'Office365' || spec.app === 'MicrosoftAdminPortals') resource = { kind: 'app', suites: [spec.app] };
  else if (actions.includes(spec.app)) resource = { kind: 'userAction', action: spec.app };
  else if (Object.hasOwn(namedApps, spec.app)) {
    const appId = namedApps[spec.app]!.toLowerCase();
    resource = { kind: 'app', appId, suites: suitesOf(appId) };
  } else {
    const names = Object.keys(namedApps).sort().join(', ');
    bad('app', `${JSON.stringify(spec.app)} is not allowed; use an application (client) id, All (an app no policy names), Office365, MicrosoftAdminPortals, ${actions.join(', ')} or an app name (${names})`);
  }

  // Conditions.
  let clientApp: ClientApp | undefined;
  if (spec.client === undefined) bad('client', `is required: ${CLIENT_APPS.join(' | ')}`);
  else {
    clientApp = oneOf(spec.client, CLIENT_APPS);
    if (!clientApp) bad('client', `${JSON.stringify(spec.client)} is not allowed; use one of: ${CLIENT_APPS.join(' | ')} (IMAP, POP, SMTP and other legacy protocols are "other")`);
  }
  let platform: SignInPlatform | undefined;
  if (spec.platform === undefined) bad('platform', `is required: ${SIGN_IN_PLATFORMS.join(' | ')}`);
  else {
    platform = oneOf(spec.platform, SIGN_IN_PLATFORMS);
    if (!platform) bad('platform', `${JSON.stringify(spec.platform)} is not allowed; use one of: ${SIGN_IN_PLATFORMS.join(' | ')} (unknown = a platform Entra does not recognise)`);
  }
  if (spec.ip !== undefined && !parseIp(spec.ip)) bad('ip', `${JSON.stringify(spec.ip)} is not an IPv4 or IPv6 address`);
  for (const field of ['country', 'gpsCountry'] as const) {
    const c = spec[field];
    if (c !== undefined && c !== 'unknown') {
      const problem = countryCodeProblem(c);
      if (problem) bad(field, `${problem}, or unknown for an address that maps to no country`);
    }
  }
  let device: SignIn['device'];
  if (spec.device !== undefined) {
    const state = oneOf<DeviceState>(spec.device, DEVICE_STATES);
    if (!state) bad('device', `${JSON.stringify(spec.device)} is not allowed; use one of: ${DEVICE_STATES.join(' | ')}`);
    const properties: Record<string, string | string[]> = {};
    for (const [k, v] of Object.entries(spec.deviceProperties ?? {})) {
      const name = canonicalDeviceProperty(k);
      if (!name) bad('deviceProperties', `${JSON.stringify(k)} is not a device property filters can use (e.g. trustType, isCompliant, model, manufacturer, operatingSystem, extensionAttribute1)`);
      else if (name === 'isCompliant' && !/^(true|false)$/i.test(v)) bad('deviceProperties', `isCompliant=${JSON.stringify(v)} must be True or False`);
      else properties[name] = name === 'physicalIds' || name === 'systemLabels' ? v.split(',').map((x) => x.trim()) : v;
    }
    if (state) device = { state, properties };
  } else if (spec.deviceProperties && Object.keys(spec.deviceProperties).length) {
    bad('deviceProperties', 'needs a device state as well (unregistered | registered | compliant | hybrid)');
  }
  const level = (field: 'signInRisk' | 'userRisk'): RiskLevelName | undefined => {
    const v = spec[field];
    if (v === undefined) {
      assumed.push(`${field} none (not given)`);
      return 'none';
    }
    if (v === 'unknown') return undefined;
    const l = oneOf(v, RISK_LEVELS);
    if (!l) bad(field, `${JSON.stringify(v)} is not allowed; use one of: ${RISK_LEVELS.join(' | ')} | unknown`);
    return l;
  };
  const signInRisk = level('signInRisk');
  const userRisk = level('userRisk');
  let flow: Flow | undefined;
  if (spec.flow === undefined) {
    assumed.push('flow none (not given)');
    flow = 'none';
  } else if (spec.flow !== 'unknown') {
    flow = oneOf(spec.flow, FLOWS);
    if (!flow) bad('flow', `${JSON.stringify(spec.flow)} is not allowed; use one of: ${FLOWS.join(' | ')} | unknown`);
  }

  if (problems.length || !user || !resource) return { problems, assumed };
  const signIn: SignIn = {
    user: {
      ...user,
      groups,
      roles,
      ...(guestType !== undefined ? { guestType } : {}),
      ...(externalTenantId !== undefined ? { externalTenantId } : {}),
    },
    resource,
    ...(clientApp ? { clientApp } : {}),
    ...(platform ? { platform } : {}),
    ...(spec.ip !== undefined ? { ip: spec.ip } : {}),
    ...(spec.country !== undefined ? { country: spec.country } : {}),
    ...(spec.gpsCountry !== undefined ? { gpsCountry: spec.gpsCountry } : {}),
    ...(device ? { device } : {}),
    ...(signInRisk ? { signInRisk } : {}),
    ...(userRisk ? { userRisk } : {}),
    ...(flow ? { flow } : {}),
  };
  return { signIn, problems, assumed };
}
