/**
 * A sign-in prepared once for every check: ids as sets, the address parsed, the device view
 * built. The copies of its inputs give every check the same object shape, which keeps the
 * evaluator's property accesses monomorphic.
 */
import { parseIp, type ParsedIp } from '../../core/net';
import type { DeviceView } from './device-filter';
import { deviceView, type SignIn } from './signin';

/** A prepared sign-in: the parts every check would otherwise recompute. */
export interface PreparedSignIn {
  readonly signIn: SignIn;
  readonly groups: ReadonlySet<string>;
  readonly roles: ReadonlySet<string>;
  readonly userId?: string;
  readonly ip?: ParsedIp;
  /** Set when `signIn.ip` is given but is not an address. */
  readonly badIp?: string;
  /** What device filters see. */
  readonly device: DeviceView;
  readonly hasDevice: boolean;
  /** True when the caller does not know the user's groups and roles (a replayed sign-in without a directory). */
  readonly membershipsUnknown: boolean;
  // Copies of the sign-in's inputs: a prepared sign-in always has the same shape, so every
  // check reads them through monomorphic property accesses whatever object the caller built.
  readonly guestType: SignIn['user']['guestType'];
  readonly externalTenantId: string | undefined;
  readonly resource: SignIn['resource'];
  readonly clientApp: SignIn['clientApp'];
  readonly platform: SignIn['platform'];
  readonly country: string | undefined;
  readonly gpsCountry: string | undefined;
  readonly signInRisk: SignIn['signInRisk'];
  readonly userRisk: SignIn['userRisk'];
  readonly flow: SignIn['flow'];
}

const EMPTY: ReadonlySet<string> = new Set();

/**
 * Ids in a SignIn are compared as given: GUIDs lower-case (input.ts and the personas write
 * them so), groups the stack creates by Terraform address. Not re-normalising here keeps the
 * hot path free of string copies that would each have to be hashed again.
 */
export function prepareSignIn(signIn: SignIn, memberships: ReadonlyMap<string, readonly string[]>): PreparedSignIn {
  const user = signIn.user;
  const userId = user.id;
  const stackGroups = userId === undefined ? undefined : memberships.get(userId);
  let groups: ReadonlySet<string> = EMPTY;
  const given = user.groups;
  if (stackGroups || (given && given.length)) {
    const set = new Set<string>(given);
    if (stackGroups) for (const g of stackGroups) set.add(g);
    groups = set;
  }
  const roles: ReadonlySet<string> = user.roles && user.roles.length ? new Set(user.roles) : EMPTY;
  const ip = signIn.ip === undefined ? undefined : parseIp(signIn.ip);
  return {
    signIn,
    groups,
    roles,
    userId,
    ip,
    badIp: signIn.ip !== undefined && !ip ? signIn.ip : undefined,
    device: deviceView(signIn.device),
    hasDevice: signIn.device !== undefined,
    membershipsUnknown: user.membershipsUnknown === true,
    guestType: user.guestType,
    externalTenantId: user.externalTenantId,
    resource: signIn.resource,
    clientApp: signIn.clientApp,
    platform: signIn.platform,
    country: signIn.country,
    gpsCountry: signIn.gpsCountry,
    signInRisk: signIn.signInRisk,
    userRisk: signIn.userRisk,
    flow: signIn.flow,
  };
}
