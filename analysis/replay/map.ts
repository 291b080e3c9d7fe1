/**
 * One exported sign-in record -> a What If sign-in and Entra's own per-policy verdicts.
 *
 * Every shape users have is read by the same code: Graph camelCase (`userId`,
 * `deviceDetail.operatingSystem`), Log Analytics PascalCase (`UserId`, `DeviceDetail`, with
 * JSON-in-string columns in AADNonInteractiveUserSignInLogs), and the portal's CSV headers
 * (`User ID`, `Operating System`, `Join Type`). An input a record does not carry stays
 * undefined, and What If reports the policies it decides as `notEnoughInformation`; nothing
 * is guessed. docs/replay.md lists every field and value read here.
 */
import { isGuid } from '../../core/ids';
import { suitesOf } from '../../core/microsoft/app-sets';
import type { RiskLevelName } from '../model/types';
import type { ClientApp, DeviceInput, Flow, GuestType, SignIn, SignInPlatform } from '../whatif/signin';

/** Entra's verdict for one policy on one sign-in, as the record carries it. */
export interface EntraVerdict {
  /** The policy's object id, lower-case. */
  readonly id: string;
  readonly displayName: string;
  /** `success`, `failure`, `notApplied`, `notEnabled`, `reportOnlySuccess`, ... */
  readonly result: string;
  /** What Entra says did not match (Graph beta and Log Analytics only), in words. */
  readonly conditionsNotSatisfied?: string;
}

export interface MappedRecord {
  readonly signIn: SignIn;
  /** Resource (or client) app id and its display name when the record gives one, for reports. */
  readonly app: string;
  readonly appName?: string;
  readonly userName?: string;
  readonly interactive?: boolean;
  readonly verdicts: readonly EntraVerdict[];
  /** Values the record has that the mapping does not know (a new clientAppUsed string), for a warning. */
  readonly unrecognised?: string;
}

/** A directory entry: what `--directory` gives for a user. */
export interface DirectoryEntry {
  readonly groups: readonly string[];
  readonly roles: readonly string[];
}

type Rec = Readonly<Record<string, unknown>>;

const isObject = (v: unknown): v is Rec => v !== null && typeof v === 'object' && !Array.isArray(v);

/** The first of up to five names the record has a value for (fixed arity: no array per call on the hot path). */
function field(r: Rec, a: string, b?: string, c?: string, d?: string, e?: string): unknown {
  let v = r[a];
  if (v !== undefined && v !== null) return v;
  if (b === undefined) return undefined;
  v = r[b];
  if (v !== undefined && v !== null) return v;
  if (c === undefined) return undefined;
  v = r[c];
  if (v !== undefined && v !== null) return v;
  if (d === undefined) return undefined;
  v = r[d];
  if (v !== undefined && v !== null) return v;
  if (e === undefined) return undefined;
  v = r[e];
  return v !== undefined && v !== null ? v : undefined;
}

function text(r: Rec, a: string, b?: string, c?: string, d?: string, e?: string): string | undefined {
  const v = field(r, a, b, c, d, e);
  if (v === undefined) return undefined;
  const s = typeof v === 'string' ? v.trim() : typeof v === 'number' || typeof v === 'boolean' ? String(v) : undefined;
  return s ? s : undefined;
}

/** A nested object, also when a Log Analytics string column holds it as JSON text. */
function nested(r: Rec, a: string, b?: string): Rec | undefined {
  const v = field(r, a, b);
  if (isObject(v)) return v;
  if (typeof v === 'string' && v.trimStart().startsWith('{')) {
    try {
      const parsed: unknown = JSON.parse(v);
      return isObject(parsed) ? parsed : undefined;
    } catch {
      return undefined;
    }
  }
  return undefined;
}

function list(r: Rec, a: string, b?: string, c?: string): readonly unknown[] | undefined {
  const v = field(r, a, b, c);
  if (Array.isArray(v)) return v;
  if (typeof v === 'string' && v.trimStart().startsWith('[')) {
    try {
      const parsed: unknown = JSON.parse(v);
      return Array.isArray(parsed) ? parsed : undefined;
    } catch {
      return undefined;
    }
  }
  return undefined;
}

function bool(v: unknown): boolean | undefined {
  if (typeof v === 'boolean') return v;
  if (typeof v === 'string') {
    const s = v.trim().toLowerCase();
    if (s === 'true' || s === 'yes') return true;
    if (s === 'false' || s === 'no') return false;
  }
  return undefined;
}

/**
 * Every `clientAppUsed` string Entra writes, lower-case, with its Conditional Access client
 * type. Legacy protocols are `other`, as Entra's own condition groups them.
 */
export const CLIENT_APP_USED: Readonly<Record<string, ClientApp>> = {
  browser: 'browser',
  'mobile apps and desktop clients': 'mobileAppsAndDesktopClients',
  'exchange activesync': 'exchangeActiveSync',
  'exchange activesync (supported)': 'exchangeActiveSync',
  'exchange activesync (unsupported)': 'exchangeActiveSync',
  imap4: 'other',
  imap: 'other',
  pop3: 'other',
  pop: 'other',
  smtp: 'other',
  'authenticated smtp': 'other',
  'mapi over http': 'other',
  mapi: 'other',
  'exchange web services': 'other',
  'offline address book': 'other',
  'outlook anywhere (rpc over http)': 'other',
  'outlook anywhere': 'other',
  autodiscover: 'other',
  'exchange online powershell': 'other',
  'reporting web services': 'other',
  'universal outlook': 'other',
  'outlook service': 'other',
  'other clients': 'other',
};

/** The client type of a `clientAppUsed` value; `unrecognised` for a string the table lacks. */
export function clientAppOf(value: string | undefined): { clientApp?: ClientApp; unrecognised?: string } {
  if (value === undefined) return {};
  const key = value.trim().toLowerCase();
  if (!key || key === 'unknown') return {};
  const known = CLIENT_APP_USED[key];
  if (known) return { clientApp: known };
  if (key.startsWith('other clients')) return { clientApp: 'other' };
  // Entra's own workbooks count every name that is not one of the two modern clients as legacy.
  return { clientApp: 'other', unrecognised: `clientAppUsed ${JSON.stringify(value)}` };
}

/** The platform of `deviceDetail.operatingSystem` (`Windows 10`, `MacOs`, `Ios 18.2`, ...). */
export function platformOf(os: string | undefined): SignInPlatform | undefined {
  if (os === undefined) return undefined;
  const s = os.trim().toLowerCase();
  if (!s) return undefined;
  if (s.startsWith('windows phone') || s.startsWith('windowsphone')) return 'windowsPhone';
  if (s.startsWith('windows')) return 'windows';
  if (s.startsWith('ios') || s.startsWith('iphone') || s.startsWith('ipad')) return 'iOS';
  if (s.startsWith('macos') || s.startsWith('mac os') || s.startsWith('os x')) return 'macOS';
  if (s.startsWith('android')) return 'android';
  if (s.startsWith('linux') || s.startsWith('ubuntu')) return 'linux';
  return 'unknown';
}

/** The device as the record describes it; undefined when the record says nothing about it. */
export function deviceOf(detail: Rec | undefined, csv: Rec): DeviceInput | undefined {
  const trustText = detail ? text(detail, 'trustType') : text(csv, 'Join Type');
  const compliant = bool(detail ? detail.isCompliant : csv.Compliant);
  const deviceId = detail ? text(detail, 'deviceId') : text(csv, 'Device ID');
  if (!detail && trustText === undefined && compliant === undefined && deviceId === undefined) return undefined;
  const t = (trustText ?? '').toLowerCase();
  const trustType = t.includes('hybrid') ? 'ServerAD' : t.includes('joined') ? 'AzureAD' : t.includes('registered') ? 'Workplace' : undefined;
  if (compliant === true) return { state: 'compliant', properties: { isCompliant: 'True', ...(trustType ? { trustType } : {}) } };
  if (trustType === 'ServerAD') return { state: 'hybrid', properties: { trustType, ...(compliant === false ? { isCompliant: 'False' } : {}) } };
  if (trustType) return { state: 'registered', properties: { trustType, isCompliant: 'False' } };
  if (!deviceId) return { state: 'unregistered' };
  return undefined;
}

const RISK: Readonly<Record<string, RiskLevelName>> = { none: 'none', low: 'low', medium: 'medium', high: 'high', hidden: 'hidden' };

/** Graph's numeric members of appliedConditionalAccessPolicyResult, for exports that write numbers. */
const RESULT_BY_NUMBER = ['success', 'failure', 'notApplied', 'notEnabled', 'unknown', 'unknownFutureValue', 'reportOnlySuccess', 'reportOnlyFailure', 'reportOnlyNotApplied', 'reportOnlyInterrupted'];

/** The conditionalAccessConditions flag bits, for Log Analytics rows that write a number. */
const CONDITION_BITS: readonly [number, string][] = [
  [1, 'application'], [2, 'users'], [4, 'devicePlatform'], [8, 'location'], [16, 'clientType'], [32, 'signInRisk'], [64, 'userRisk'], [128, 'time'],
  [256, 'deviceState'], [512, 'client'], [1024, 'ipAddressSeenByAzureAD'], [2048, 'ipAddressSeenByResourceProvider'], [8192, 'servicePrincipals'],
  [16384, 'servicePrincipalRisk'], [32768, 'authenticationFlows'], [65536, 'insiderRisk'],
];

function conditionsText(v: unknown): string | undefined {
  if (typeof v === 'number') {
    const names = CONDITION_BITS.filter(([bit]) => (v & bit) !== 0).map(([, n]) => n);
    return names.length ? names.join(',') : undefined;
  }
  if (typeof v === 'string' && v.trim() && v.trim() !== 'none') return v.trim();
  return undefined;
}

/** Verdict lists the source shares between records (source.ts parses each distinct list once), read once. */
const READ_LISTS = new WeakMap<readonly unknown[], readonly EntraVerdict[]>();

function verdictsOf(r: Rec): readonly EntraVerdict[] {
  const entries = list(r, 'appliedConditionalAccessPolicies', 'ConditionalAccessPolicies', 'AppliedConditionalAccessPolicies');
  if (!entries) return NO_VERDICTS;
  const known = READ_LISTS.get(entries);
  if (known) return known;
  const read = Object.freeze(readVerdicts(entries));
  READ_LISTS.set(entries, read);
  return read;
}

const NO_VERDICTS: readonly EntraVerdict[] = Object.freeze([]);

function readVerdicts(entries: readonly unknown[]): EntraVerdict[] {
  const out: EntraVerdict[] = [];
  for (const e of entries) {
    if (!isObject(e)) continue;
    const raw = e.result;
    const result = typeof raw === 'number' ? RESULT_BY_NUMBER[raw] : typeof raw === 'string' ? (/^\d+$/.test(raw) ? RESULT_BY_NUMBER[Number(raw)] : raw.trim()) : undefined;
    const id = typeof e.id === 'string' ? e.id.trim().toLowerCase() : '';
    const displayName = typeof e.displayName === 'string' ? e.displayName : '';
    if (!result || (!id && !displayName)) continue;
    const notSatisfied = conditionsText(e.conditionsNotSatisfied);
    out.push({ id, displayName, result, ...(notSatisfied ? { conditionsNotSatisfied: notSatisfied } : {}) });
  }
  return out;
}

/**
 * The guest kind Conditional Access sees, from the member/guest flag, the cross-tenant access
 * type and the two tenant ids. Undefined when the record does not say (Graph v1.0 has no
 * userType): guest-dependent policies are then undecided.
 */
function guestOf(r: Rec): { guestType?: GuestType | 'none'; externalTenantId?: string } {
  const userType = text(r, 'userType', 'UserType', 'User type')?.toLowerCase();
  const access = (text(r, 'crossTenantAccessType', 'CrossTenantAccessType', 'Cross tenant access type') ?? 'none').toLowerCase();
  const home = text(r, 'homeTenantId', 'HomeTenantId', 'Home tenant ID')?.toLowerCase();
  const resource = text(r, 'resourceTenantId', 'ResourceTenantId', 'Resource tenant ID')?.toLowerCase();
  const external = home !== undefined && resource !== undefined && home !== resource ? home : undefined;
  const ext = external && isGuid(external) ? { externalTenantId: external } : {};
  if (access.includes('b2bdirectconnect')) return { guestType: 'b2bDirectConnectUser', ...ext };
  if (access.includes('serviceprovider')) return { guestType: 'serviceProvider', ...ext };
  if (userType === undefined) return {};
  if (access.includes('b2bcollaboration')) return { guestType: userType === 'guest' ? 'b2bCollaborationGuest' : 'b2bCollaborationMember', ...ext };
  if (userType === 'guest') return external ? { guestType: 'otherExternalUser', ...ext } : { guestType: 'internalGuest' };
  if (userType === 'member') return external ? { guestType: 'otherExternalUser', ...ext } : { guestType: 'none' };
  return {};
}

function flowOf(r: Rec): Flow | undefined {
  const transfer = text(r, 'originalTransferMethod', 'OriginalTransferMethod', 'Original transfer method')?.toLowerCase();
  if (transfer === 'devicecodeflow') return 'deviceCodeFlow';
  if (transfer === 'authenticationtransfer') return 'authenticationTransfer';
  const protocol = text(r, 'authenticationProtocol', 'AuthenticationProtocol', 'Authentication Protocol')?.toLowerCase();
  if (protocol?.includes('devicecode')) return 'deviceCodeFlow';
  if (transfer === 'none' || protocol !== undefined) return 'none';
  return undefined;
}

function countryOf(r: Rec): string | undefined {
  const location = nested(r, 'location', 'LocationDetails');
  const fromObject = location ? text(location, 'countryOrRegion') : undefined;
  if (fromObject) return fromObject.toUpperCase();
  const flat = text(r, 'Location');
  if (!flat) return undefined;
  // The portal's CSV writes "City, State, CC"; Log Analytics the bare code.
  const last = flat.split(',').at(-1)!.trim();
  return /^[A-Za-z]{2}$/.test(last) ? last.toUpperCase() : undefined;
}

/**
 * Maps one record. Returns a problem (a reason the record is skipped) when it has no user,
 * or when it is not a user sign-in (a service principal or managed identity sign-in).
 */
export function mapRecord(r: Rec, directory: ReadonlyMap<string, DirectoryEntry> | undefined): MappedRecord | { readonly problem: string } {
  const rawUser = text(r, 'userId', 'UserId', 'User ID');
  if (rawUser === undefined) {
    if (text(r, 'servicePrincipalId', 'ServicePrincipalId', 'Service principal ID')) return { problem: 'is a service principal sign-in; replay covers user sign-ins' };
    return { problem: 'has no user id (userId, UserId or "User ID")' };
  }
  const userId = rawUser.toLowerCase();
  const resourceId = text(r, 'resourceId', 'ResourceId', 'ResourceIdentity', 'ResourceAppId', 'Resource ID')?.toLowerCase();
  const appId = text(r, 'appId', 'AppId', 'Application ID')?.toLowerCase();
  const target = resourceId && isGuid(resourceId) ? resourceId : appId && isGuid(appId) ? appId : undefined;
  if (!target) return { problem: 'has no app: neither a resource id nor an app id (resourceId, appId) that is a GUID' };
  const { clientApp, unrecognised } = clientAppOf(text(r, 'clientAppUsed', 'ClientAppUsed', 'Client app'));
  const detail = nested(r, 'deviceDetail', 'DeviceDetail');
  const platform = platformOf(detail ? text(detail, 'operatingSystem') : text(r, 'Operating System'));
  const device = deviceOf(detail, r);
  const ip = text(r, 'ipAddress', 'IPAddress', 'IP address');
  const country = countryOf(r);
  const risk = text(r, 'riskLevelDuringSignIn', 'RiskLevelDuringSignIn')?.toLowerCase();
  const userRiskText = text(r, 'userRiskLevel', 'UserRiskLevel')?.toLowerCase();
  const signInRisk = risk === undefined ? undefined : RISK[risk];
  const userRisk = userRiskText === undefined ? undefined : RISK[userRiskText];
  const flow = flowOf(r);
  const guest = guestOf(r);
  const entry = directory?.get(userId);
  const user: SignIn['user'] = {
    id: userId,
    ...(entry ? { groups: entry.groups, roles: entry.roles } : { membershipsUnknown: true }),
    ...guest,
  };
  const signIn: SignIn = {
    user,
    resource: { kind: 'app', appId: target, suites: suitesOf(target) },
    ...(clientApp ? { clientApp } : {}),
    ...(platform ? { platform } : {}),
    ...(ip ? { ip } : {}),
    ...(country ? { country } : {}),
    ...(device ? { device } : {}),
    ...(signInRisk ? { signInRisk } : {}),
    ...(userRisk ? { userRisk } : {}),
    ...(flow ? { flow } : {}),
  };
  const appName = text(r, 'resourceDisplayName', 'ResourceDisplayName', 'Resource') ?? text(r, 'appDisplayName', 'AppDisplayName', 'Application');
  const userName = text(r, 'userPrincipalName', 'UserPrincipalName', 'Username');
  const interactive = bool(field(r, 'isInteractive', 'IsInteractive'));
  return {
    signIn,
    app: target,
    ...(appName ? { appName } : {}),
    ...(userName ? { userName } : {}),
    ...(interactive !== undefined ? { interactive } : {}),
    verdicts: verdictsOf(r),
    ...(unrecognised ? { unrecognised } : {}),
  };
}

/** The keys that mark a record as a sign-in; a first record with none of them is not a sign-in export. */
export const SIGN_IN_KEYS = ['userId', 'UserId', 'User ID', 'clientAppUsed', 'ClientAppUsed', 'Client app', 'appliedConditionalAccessPolicies', 'ConditionalAccessPolicies'];

export function looksLikeSignIn(r: Rec): boolean {
  return SIGN_IN_KEYS.some((k) => k in r);
}
