/**
 * Realistic synthetic sign-in logs for an environment, deterministic for a seed: Graph beta
 * `auditLogs/signIns` records (camelCase, as the Graph export and the portal's JSON download
 * write them), the directory map `--directory` reads, and Entra's per-policy verdicts.
 *
 * The verdicts are What If's own for the sign-in, then one in every `flipEvery` records has
 * one verdict turned round (applied <-> not applied): the agreement a replay must find is
 * therefore known exactly (`flips`). Used by the tests, the shipped fixtures and the bench.
 */
import type { EnvironmentModel } from '../model/types';
import type { CompiledEnvironment } from '../whatif/compile';
import { evaluate } from '../whatif/evaluate';
import { breakGlassAccounts } from '../whatif/personas';
import type { PolicyResult } from '../whatif/result';
import { mapRecord, type DirectoryEntry } from './map';
import { seededRandom } from '../../core/random';

export interface GeneratedLogs {
  /** One Graph signIn object per record. */
  readonly records: readonly Record<string, unknown>[];
  /** user id -> groups and role template ids, as `--directory` reads it. */
  readonly directory: Readonly<Record<string, DirectoryEntry>>;
  /** Verdicts turned round on purpose: the disagreements a replay with the directory must report. */
  readonly flips: number;
}

export interface GenerateOptions {
  readonly count: number;
  readonly seed?: number;
  /** @default 40: one record in 40 has one verdict turned round; 0 turns none */
  readonly flipEvery?: number;
  /** @default 2000 */
  readonly users?: number;
}

const APPS: readonly [string, string][] = [
  ['00000002-0000-0ff1-ce00-000000000000', 'Office 365 Exchange Online'],
  ['00000003-0000-0ff1-ce00-000000000000', 'Office 365 SharePoint Online'],
  ['cc15fd57-2c6c-4117-a88c-83b1d56b4bbe', 'Microsoft Teams Services'],
  ['00000003-0000-0000-c000-000000000000', 'Microsoft Graph'],
  ['797f4846-ba00-4fd7-ba43-dac1f8f63013', 'Windows Azure Service Management API'],
];

/** clientAppUsed strings with their weight in a typical tenant. */
const CLIENTS: readonly [string, number][] = [
  ['Browser', 46],
  ['Mobile Apps and Desktop clients', 46],
  ['Exchange ActiveSync', 3],
  ['IMAP4', 1],
  ['POP3', 1],
  ['Authenticated SMTP', 1],
  ['Exchange Web Services', 1],
  ['MAPI Over HTTP', 0.5],
  ['AutoDiscover', 0.5],
];

const SYSTEMS: readonly [string, number][] = [
  ['Windows 10', 55],
  ['MacOs', 12],
  ['Ios 18.2', 14],
  ['Android 14', 12],
  ['Linux', 3],
  ['ChromeOS', 1],
  ['', 3],
];

const COUNTRIES: readonly [string, number][] = [
  ['GB', 50],
  ['DE', 15],
  ['IN', 15],
  ['US', 10],
  ['FR', 6],
  ['BR', 3],
  ['', 1],
];

function weighted<T>(rnd: () => number, items: readonly [T, number][]): T {
  const total = items.reduce((s, [, w]) => s + w, 0);
  let x = rnd() * total;
  for (const [v, w] of items) {
    x -= w;
    if (x < 0) return v;
  }
  return items.at(-1)![0];
}

const hex = (n: number, width: number) => n.toString(16).padStart(width, '0');

/** The first usable address of an IPv4 range (`198.51.100.64/27` -> `198.51.100.65`). */
function hostIn(cidr: string): string | undefined {
  const [addr, bits] = cidr.split('/');
  if (!addr || !/^\d+\.\d+\.\d+\.\d+$/.test(addr)) return undefined;
  const parts = addr!.split('.').map(Number);
  if (Number(bits) >= 32) return addr;
  parts[3] = (parts[3]! & 0xff) + 1;
  return parts.join('.');
}

function verdictOf(r: PolicyResult): string {
  const reportOnly = r.state === 'enabledForReportingButNotEnforced';
  if (r.state === 'disabled') return 'notEnabled';
  if (r.applies !== true) return reportOnly ? 'reportOnlyNotApplied' : 'notApplied';
  const blocks = r.block || r.requirement?.status === 'unsatisfiable';
  if (blocks) return reportOnly ? 'reportOnlyFailure' : 'failure';
  if (r.requirement && r.requirement.status !== 'satisfied') return reportOnly ? 'reportOnlyInterrupted' : 'success';
  return reportOnly ? 'reportOnlySuccess' : 'success';
}

const turned = (result: string): string =>
  result === 'notApplied' ? 'success' : result === 'reportOnlyNotApplied' ? 'reportOnlySuccess' : result.startsWith('reportOnly') ? 'reportOnlyNotApplied' : 'notApplied';

export function generateSignIns(env: CompiledEnvironment, options: GenerateOptions): GeneratedLogs {
  const model: EnvironmentModel = env.model;
  const rnd = seededRandom(options.seed ?? 20261201);
  const flipEvery = options.flipEvery ?? 40;
  const userCount = options.users ?? 2000;
  const tenant = model.tenantId ?? model.declared?.tenantId ?? '7e000000-0000-4000-8000-000000000000';
  const envGroups = Object.values(model.declared?.groups ?? {}).map((g) => g.objectId);
  const adminRoles = [...new Set(model.policies.flatMap((p) => p.conditions.users.includeRoles.map((r) => r.id)))];
  const syncAccounts = model.declared?.directorySync?.accounts ?? [];
  const breakGlass = breakGlassAccounts(model);
  const ranges = model.namedLocations.flatMap((l) => (l.kind === 'ip' ? l.ipRanges : []));
  const syncLocation = model.declared?.directorySync?.allowedLocation;
  const syncRange = model.namedLocations.find((l) => l.key === syncLocation);
  const syncIp = syncRange && syncRange.kind === 'ip' ? hostIn(syncRange.ipRanges[0] ?? '') : undefined;
  const officeIps = ranges.map(hostIn).filter((x): x is string => x !== undefined);
  const declaredApps = Object.values(model.declared?.apps ?? {});
  const apps: [string, string][] = [...APPS, ...declaredApps.map((id, i): [string, string] => [id, `Line-of-business app ${i + 1}`])];

  const directory: Record<string, DirectoryEntry> = {};
  const users: { id: string; upn: string; guest: boolean }[] = [];
  for (let i = 0; i < userCount; i++) {
    const id = `e1000000-0000-4000-8000-${hex(i, 12)}`;
    const guest = i % 33 === 7;
    const groups = envGroups.length && i % 20 === 3 ? [envGroups[i % envGroups.length]!] : [];
    const roles = adminRoles.length && i % 100 === 11 ? [adminRoles[i % adminRoles.length]!] : [];
    directory[id] = { groups, roles };
    users.push({ id, upn: guest ? `guest${i}_partner.example#EXT#@tenant.example` : `user${i}@tenant.example`, guest });
  }
  for (const id of [...breakGlass, ...syncAccounts]) directory[id] = { groups: [], roles: [] };

  const directoryMap = new Map(Object.entries(directory));
  const used = new Set<string>();
  const records: Record<string, unknown>[] = [];
  let flips = 0;
  const start = Date.UTC(2026, 8, 1);
  for (let n = 0; n < options.count; n++) {
    const roll = rnd();
    const sync = syncAccounts.length > 0 && roll < 0.01;
    const glass = !sync && breakGlass.length > 0 && roll < 0.0102;
    const u = sync ? { id: syncAccounts[n % syncAccounts.length]!, upn: 'sync@tenant.example', guest: false } : glass ? { id: breakGlass[0]!, upn: 'bg-01@tenant.example', guest: false } : users[Math.floor(rnd() * users.length)]!;
    const [appId, appName] = sync ? (['00000002-0000-0000-c000-000000000000', 'Windows Azure Active Directory'] as const) : apps[Math.floor(rnd() * apps.length)]!;
    const client = sync ? 'Mobile Apps and Desktop clients' : weighted(rnd, CLIENTS);
    const os = weighted(rnd, SYSTEMS);
    const joinRoll = rnd();
    const trustType = os.startsWith('Windows') ? (joinRoll < 0.5 ? 'Hybrid Azure AD joined' : joinRoll < 0.8 ? 'Azure AD joined' : '') : joinRoll < 0.4 ? 'Azure AD registered' : '';
    const isCompliant = trustType !== '' && rnd() < 0.7;
    const country = sync ? 'GB' : weighted(rnd, COUNTRIES);
    const ip = sync && syncIp ? syncIp : officeIps.length && rnd() < 0.4 ? officeIps[Math.floor(rnd() * officeIps.length)]! : `203.0.113.${1 + Math.floor(rnd() * 250)}`;
    const risk = rnd() < 0.97 ? 'none' : weighted(rnd, [['low', 2], ['medium', 1.5], ['high', 0.5]]);
    const flowRoll = rnd();
    const transfer = flowRoll < 0.005 ? 'deviceCodeFlow' : flowRoll < 0.008 ? 'authenticationTransfer' : 'none';
    const interactive = !sync && rnd() < 0.35;
    const external = u.guest ? '7e000000-0000-4000-8000-00000000ee01' : tenant;
    const record: Record<string, unknown> = {
      id: `5a000000-0000-4000-8000-${hex(n, 12)}`,
      createdDateTime: new Date(start + n * 1000).toISOString().replace('.000Z', 'Z'),
      userDisplayName: u.upn.split('@')[0],
      userPrincipalName: u.upn,
      userId: u.id,
      userType: u.guest ? 'guest' : 'member',
      crossTenantAccessType: u.guest ? 'b2bCollaboration' : 'none',
      homeTenantId: external,
      resourceTenantId: tenant,
      appId,
      appDisplayName: appName,
      resourceId: appId,
      resourceDisplayName: appName,
      ipAddress: ip,
      clientAppUsed: client,
      isInteractive: interactive,
      authenticationProtocol: transfer === 'deviceCodeFlow' ? 'deviceCode' : 'none',
      originalTransferMethod: transfer,
      riskLevelDuringSignIn: risk,
      riskLevelAggregated: risk,
      deviceDetail: { deviceId: trustType ? `d0000000-0000-4000-8000-${hex(n % 5000, 12)}` : '', displayName: '', operatingSystem: os, browser: client === 'Browser' ? 'Edge 130.0.0' : '', isCompliant, isManaged: isCompliant, trustType },
      location: { city: '', state: '', countryOrRegion: country, geoCoordinates: {} },
      status: { errorCode: 0, failureReason: 'Other.', additionalDetails: null },
    };
    used.add(u.id);
    const mapped = mapRecord(record, directoryMap);
    if ('problem' in mapped) throw new Error(`generated record ${n + 1} does not map: ${mapped.problem}`);
    const result = evaluate(env, mapped.signIn);
    const verdicts = result.policies.map((r, i) => ({ id: model.policy(r.id)?.unmanaged ? r.id : `0c000000-0000-4000-8000-${hex(i + 1, 12)}`, displayName: r.displayName.replace(/ \(unmanaged\)$/, ''), enforcedGrantControls: [], enforcedSessionControls: [], result: verdictOf(r) }));
    if (flipEvery > 0 && n % flipEvery === flipEvery - 1) {
      // Turn round the verdict of one comparable policy (not disabled, decided).
      const candidates = result.policies.map((r, i) => (r.state !== 'disabled' && r.applies !== 'unknown' ? i : -1)).filter((i) => i >= 0);
      if (candidates.length) {
        const i = candidates[Math.floor(n / flipEvery) % candidates.length]!;
        verdicts[i] = { ...verdicts[i]!, result: turned(verdicts[i]!.result) };
        flips++;
      }
    }
    record.conditionalAccessStatus = result.decision === 'block' ? 'failure' : result.policies.some((r) => r.state === 'enabled' && r.applies === true) ? 'success' : 'notApplied';
    record.appliedConditionalAccessPolicies = verdicts;
    records.push(record);
  }
  // The users the records name, in id order: what a --directory export for these logs would hold.
  const named = Object.fromEntries([...used].sort().map((id) => [id, directory[id]!]));
  return { records, directory: named, flips };
}
