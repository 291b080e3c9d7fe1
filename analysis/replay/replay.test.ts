import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadEnvironmentFile } from '../../cli/environments';
import { parseDirectory } from '../../cli/replay';
import { mutateSample, synthStacks } from '../../__tests__/helpers/synth';
import { recordedSamples } from '../../__tests__/helpers/replay-sample';
import { declaredFacts } from '../../environment/declared';
import { readSynthesizedStack } from '../model/read';
import { compileEnvironment, type CompiledEnvironment } from '../whatif/compile';
import { CsvReader } from './csv';
import { generateSignIns } from './generate';
import { clientAppOf, mapRecord, platformOf, type DirectoryEntry, type MappedRecord } from './map';
import { Replay, type ReplayResult } from './replay';
import { RecordSource, VerdictListCache, type RawRecord } from './source';

const FIXTURES = join(__dirname, '__fixtures__');
const fixture = (name: string) => readFileSync(join(FIXTURES, name), 'utf8');

function compiled(dir = recordedSamples(), name = 'prod'): CompiledEnvironment {
  const tf = synthStacks(dir);
  const declared = declaredFacts(loadEnvironmentFile(join(dir, `${name}.yaml`)).environment!);
  return compileEnvironment(readSynthesizedStack(tf[name]!, { name, declared }));
}

const prod = compiled();
const directory = parseDirectory('prod-directory.json', readFileSync(join(FIXTURES, 'prod-directory.json')));

/** Reads text in chunks of `chunk` characters, as the CLI streams a file. */
function read(text: string, file = 'logs', chunk = 1 << 20): RawRecord[] {
  const out: RawRecord[] = [];
  const source = new RecordSource(file, { next: 1 }, (r) => out.push(r));
  for (let i = 0; i < text.length; i += chunk) source.push(text.slice(i, i + chunk));
  source.end();
  return out;
}

function replay(env: CompiledEnvironment, texts: readonly { file: string; text: string }[], dir: ReadonlyMap<string, DirectoryEntry> | undefined, base?: CompiledEnvironment): ReplayResult {
  const r = new Replay(env, base, base ? 'base' : null);
  for (const { file, text } of texts) {
    for (const raw of read(text, file)) {
      if (!raw.value) r.skip(raw.number, raw.file, raw.line, raw.problem!);
      else {
        const m = mapRecord(raw.value, dir);
        if ('problem' in m) r.skip(raw.number, raw.file, raw.line, m.problem);
        else r.add(raw.number, raw.file, raw.line, m);
      }
    }
  }
  return r.result();
}

const policy = (r: ReplayResult, id: string) => r.policies.find((p) => p.id === id)!;

describe('the shipped fixture (analysis/replay/__fixtures__/prod-signins.jsonl)', () => {
  const result = replay(prod, [{ file: 'prod-signins.jsonl', text: fixture('prod-signins.jsonl') }], directory);

  test('is what the generator writes for prod today: regenerate it when this fails', () => {
    const logs = generateSignIns(prod, { count: 200 });
    expect(logs.records.map((r) => JSON.stringify(r)).join('\n') + '\n').toBe(fixture('prod-signins.jsonl'));
    expect(`${JSON.stringify(logs.directory, null, 2)}\n`).toBe(fixture('prod-directory.json'));
    expect(logs.flips).toBe(5);
  });

  test('gives the documented agreement: exactly the 5 verdicts turned round disagree', () => {
    expect(result.records).toBe(200);
    expect(result.skipped).toBe(0);
    expect(result.agreement).toEqual({ compared: 3795, agreed: 3790, rate: 3790 / 3795 });
    expect(result.disagreementCount).toBe(5);
    expect(result.disagreements.map((d) => [d.record, d.policy, d.ours, d.entra])).toEqual([
      [40, 'CA001', 'blocks', 'notApplied'],
      [80, 'CA002', 'notApplied', 'reportOnlySuccess'],
      [120, 'CA003', 'notApplied', 'success'],
      [160, 'CA004', 'notApplied', 'success'],
      [200, 'CA005', 'notApplied', 'reportOnlySuccess'],
    ]);
    expect(result.disagreements[1]!.why).toBe(
      'What If: not applied because of users (user e1000000-0000-4000-8000-000000000059, 0 groups, 0 roles from the directory); Entra applied it',
    );
  });

  test('gives the documented impact', () => {
    expect(policy(result, 'CA006')).toMatchObject({ state: 'enabledForReportingButNotEnforced', kind: 'baseline', applied: 191, newlyBlocked: { signIns: 92, users: 89 } });
    expect(policy(result, 'CA001')).toMatchObject({ state: 'enabled', applied: 199, newlyChallenged: { signIns: 188, users: 179 } });
    expect(policy(result, 'CA020')).toMatchObject({ applied: 39, newlyBlocked: { signIns: 38, users: 38 }, undecided: 2, undecidedBy: { country: 2 } });
    expect(policy(result, 'CA001').byControl.mfa).toBe(188);
    expect(policy(result, 'CA010').undecided).toBe(199);
    expect(policy(result, 'CA010').undecidedBy).toEqual({ userRisk: 199 });
    expect(policy(result, 'CA011').agreement).toBeNull();
    expect(result.uncovered.signIns).toBe(1);
  });
});

describe('every export shape gives the same sign-ins', () => {
  const lines = fixture('prod-signins.jsonl').split('\n').slice(0, 3);
  const mapped = (text: string, file: string) =>
    read(text, file).map((r) => {
      const m = mapRecord(r.value!, directory) as MappedRecord;
      return m.signIn;
    });
  const original = mapped(lines.join('\n'), 'jsonl');

  test.each(['graph-page.json', 'portal-download.json', 'la-noninteractive.jsonl', 'la-signinlogs.csv'])('%s', (file) => {
    expect(mapped(fixture(file), file)).toEqual(original);
    const r = replay(prod, [{ file, text: fixture(file) }], directory);
    expect(r.agreement).toEqual({ compared: 57, agreed: 57, rate: 1 });
  });

  test('the portal CSV has no risk and no per-policy verdicts: the rest is the same', () => {
    const strip = (s: (typeof original)[number]) => ({ ...s, signInRisk: undefined });
    expect(mapped(fixture('portal-download.csv'), 'csv').map(strip)).toEqual(original.map(strip));
    expect(replay(prod, [{ file: 'csv', text: fixture('portal-download.csv') }], directory).agreement.compared).toBe(0);
  });

  test('chunk boundaries anywhere: 7-character chunks read the same records', () => {
    for (const file of ['graph-page.json', 'la-signinlogs.csv', 'la-noninteractive.jsonl']) {
      expect(read(fixture(file), file, 7).map((r) => r.value)).toEqual(read(fixture(file), file).map((r) => r.value));
    }
  });
});

describe('bad input', () => {
  test('bad records are reported with their line and skipped; the run goes on', () => {
    const r = replay(prod, [{ file: 'bad-records.jsonl', text: fixture('bad-records.jsonl') }], directory);
    expect(r.records).toBe(2);
    expect(r.skipped).toBe(4);
    expect(r.skippedRecords).toEqual([
      { record: 2, file: 'bad-records.jsonl', line: 2, problem: 'is not valid JSON (Unexpected end of JSON input)' },
      { record: 3, file: 'bad-records.jsonl', line: 3, problem: 'has no user id (userId, UserId or "User ID")' },
      { record: 4, file: 'bad-records.jsonl', line: 4, problem: 'is a service principal sign-in; replay covers user sign-ins' },
      { record: 5, file: 'bad-records.jsonl', line: 5, problem: 'is an array, not a sign-in record (an object)' },
    ]);
  });

  test('a truncated JSON document stops with the line it starts on', () => {
    expect(() => read(fixture('graph-page.json').slice(0, 5000), 'page.json')).toThrow(/page\.json:1: is not valid JSON: it ends inside a value that starts at line 1 \(a truncated download\?\)/);
  });

  test('a CSV row with the wrong number of fields is skipped; an unclosed quote stops', () => {
    const rows = read('UserId,AppId,ClientAppUsed\r\ne1000000-0000-4000-8000-000000000001,00000002-0000-0ff1-ce00-000000000000,Browser\r\nonly,two\r\n', 'x.csv');
    expect(rows.map((r) => r.problem ?? 'ok')).toEqual(['ok', 'has 2 fields; the header has 3']);
    expect(() => read('UserId,AppId\r\n"e1000000,x\r\n', 'y.csv')).toThrow(/y\.csv:2: a quoted field that starts on line 2 is never closed/);
  });
});

describe('the mapping', () => {
  test('every clientAppUsed string Entra writes has its client type', () => {
    const legacy = ['Exchange ActiveSync', 'IMAP4', 'POP3', 'SMTP', 'Authenticated SMTP', 'MAPI Over HTTP', 'Exchange Web Services', 'Offline Address Book', 'Outlook Anywhere (RPC over HTTP)', 'AutoDiscover', 'Exchange Online PowerShell', 'Other clients'];
    expect(clientAppOf('Browser')).toEqual({ clientApp: 'browser' });
    expect(clientAppOf('Mobile Apps and Desktop clients')).toEqual({ clientApp: 'mobileAppsAndDesktopClients' });
    expect(legacy.map((c) => clientAppOf(c).clientApp)).toEqual(['exchangeActiveSync', ...legacy.slice(1).map(() => 'other')]);
    expect(clientAppOf('Other clients; Older Office clients')).toEqual({ clientApp: 'other' });
    expect(clientAppOf('Something new')).toEqual({ clientApp: 'other', unrecognised: 'clientAppUsed "Something new"' });
    expect(clientAppOf('')).toEqual({});
  });

  test('platforms from deviceDetail.operatingSystem', () => {
    expect(['Windows 10', 'Windows10', 'MacOs', 'Ios 18.2.1', 'Android', 'Linux', 'Windows Phone', 'ChromeOS', ''].map(platformOf)).toEqual([
      'windows', 'windows', 'macOS', 'iOS', 'android', 'linux', 'windowsPhone', 'unknown', undefined,
    ]);
  });

  test('device trust, guests, flows, Log Analytics numbers', () => {
    const base = { userId: 'E1000000-0000-4000-8000-000000000001', appId: '00000002-0000-0ff1-ce00-000000000000' };
    const m = (extra: Record<string, unknown>) => (mapRecord({ ...base, ...extra }, undefined) as MappedRecord).signIn;
    expect(m({ deviceDetail: { trustType: 'Hybrid Azure AD joined', isCompliant: false } }).device).toEqual({ state: 'hybrid', properties: { trustType: 'ServerAD', isCompliant: 'False' } });
    expect(m({ deviceDetail: { trustType: 'Microsoft Entra joined', isCompliant: true } }).device).toEqual({ state: 'compliant', properties: { isCompliant: 'True', trustType: 'AzureAD' } });
    expect(m({ deviceDetail: { deviceId: '', trustType: '' } }).device).toEqual({ state: 'unregistered' });
    expect(m({}).device).toBeUndefined();
    expect(m({ userType: 'Guest', crossTenantAccessType: 'b2bCollaboration', homeTenantId: '7e000000-0000-4000-8000-00000000ee01', resourceTenantId: '7e000000-0000-4000-8000-0000000000a1' }).user).toEqual({
      id: 'e1000000-0000-4000-8000-000000000001', membershipsUnknown: true, guestType: 'b2bCollaborationGuest', externalTenantId: '7e000000-0000-4000-8000-00000000ee01',
    });
    expect(m({}).user.guestType).toBeUndefined();
    expect(m({ AuthenticationProtocol: 'deviceCode' }).flow).toBe('deviceCodeFlow');
    expect(m({ originalTransferMethod: 'authenticationTransfer' }).flow).toBe('authenticationTransfer');
    const verdicts = (mapRecord({ ...base, ConditionalAccessPolicies: JSON.stringify([{ id: 'A1', displayName: 'x', result: 7, conditionsNotSatisfied: 1032 }]) }, undefined) as MappedRecord).verdicts;
    expect(verdicts).toEqual([{ id: 'a1', displayName: 'x', result: 'reportOnlyFailure', conditionsNotSatisfied: 'location,ipAddressSeenByAzureAD' }]);
  });
});

describe('group and role memberships', () => {
  const text = fixture('prod-signins.jsonl');
  const without = replay(prod, [{ file: 'f', text }], undefined);
  const withDirectory = replay(prod, [{ file: 'f', text }], directory);

  test('without --directory, role- and group-dependent policies are undecided, never guessed', () => {
    expect(policy(without, 'CA002').undecided).toBe(199);
    expect(Object.keys(policy(without, 'CA002').undecidedBy)).toEqual(['directory roles (25 roles)']);
    // CA006 excludes the environment's kiosk group, which the logs cannot show.
    expect(policy(without, 'CA006').undecidedBy).toEqual({ 'membership of group factory-floor-kiosks': 191 });
    expect(without.undecidedBy['directory roles (25 roles)']).toBe(199);
    // The break-glass exclusion group's members are declared by the stack: known without a directory.
    expect(policy(without, 'CA001').undecided).toBe(0);
  });

  test('with it they are decided', () => {
    expect(policy(withDirectory, 'CA002').undecided).toBe(0);
    expect(policy(withDirectory, 'CA006').undecided).toBe(0);
  });
});

test('--base: a change is measured against the base\'s enforced policies', () => {
  const enable: Parameters<typeof mutateSample>[1] = (e) => (e.policies = { ...e.policies, CA006: { ...(e.policies?.CA006 ?? {}), stage: 'enabled' } });
  const head = compiled(recordedSamples(enable));
  const logs = fixture('prod-signins.jsonl');
  const againstBase = replay(head, [{ file: 'f', text: logs }], directory, prod);
  const alone = replay(head, [{ file: 'f', text: logs }], directory);
  expect(policy(againstBase, 'CA006')).toMatchObject({ state: 'enabled', newlyBlocked: { signIns: 92, users: 89 } });
  // An unchanged enforced policy blocks nothing new against a base that enforces it already.
  expect(policy(againstBase, 'CA004').newlyBlocked.signIns).toBe(0);
  expect(policy(againstBase, 'CA001').newlyChallenged.signIns).toBe(0);
  // Without a base, an enforced policy counts what it adds to the other enforced ones: with
  // CA006 enforced too, the 92 sign-ins CA006 blocks are not CA001's to challenge.
  expect(policy(alone, 'CA001').newlyChallenged.signIns).toBe(188 - 92);
  expect(againstBase.base).toBe('base');
});

test('the CSV reader: quotes, doubled quotes, CRLF, line breaks in a field', () => {
  const rows: string[][] = [];
  const lines: number[] = [];
  const reader = new CsvReader((r) => {
    rows.push([...r.fields]);
    lines.push(r.line);
  });
  const text = 'a,b,c\r\n"x, y","say ""hi""","two\nlines"\r\n,,\nlast,"",z';
  for (const ch of text) reader.push(ch);
  reader.end();
  expect(rows).toEqual([['a', 'b', 'c'], ['x, y', 'say "hi"', 'two\nlines'], ['', '', ''], ['last', '', 'z']]);
  expect(lines).toEqual([1, 2, 4, 5]);
});

test('an adopted policy\'s verdicts are matched by its object id through the import block, whatever the tenant calls it', () => {
  const dir = recordedSamples();
  const tf = JSON.parse(JSON.stringify(synthStacks(dir).prod)) as Record<string, unknown>;
  const objectId = 'aa000000-0000-4000-8000-0000000000c1';
  tf.import = [{ to: 'azuread_conditional_access_policy.CA001', id: `/identity/conditionalAccess/policies/${objectId}` }];
  const declared = declaredFacts(loadEnvironmentFile(join(dir, 'prod.yaml')).environment!);
  const adopted = compileEnvironment(readSynthesizedStack(tf, { name: 'prod', declared }));
  const record = JSON.parse(fixture('prod-signins.jsonl').split('\n')[1]!) as Record<string, unknown>;
  record.appliedConditionalAccessPolicies = [{ id: objectId.toUpperCase(), displayName: 'MFA for everyone (the tenant\'s old name)', result: 'notApplied' }];
  const r = replay(adopted, [{ file: 'one.json', text: JSON.stringify(record) }], directory);
  expect(policy(r, 'CA001')).toMatchObject({ kind: 'adopted', objectId, agreement: { compared: 1, agreed: 0 } });
  expect(r.disagreements.map((d) => [d.policy, d.ours, d.entra])).toEqual([['CA001', 'applies', 'notApplied']]);
  expect(r.unmatchedPolicies).toEqual({});
});

test('the verdict-list shortcut gives exactly what JSON.parse gives, and steps aside when it cannot', () => {
  const cache = new VerdictListCache();
  const lines = fixture('prod-signins.jsonl').trim().split('\n');
  for (const line of lines) expect(cache.split(line)).toEqual(JSON.parse(line));
  const record = JSON.parse(lines[0]!) as Record<string, unknown>;
  const { appliedConditionalAccessPolicies, ...rest } = record;
  // The list not last, or pretty-printed, or a duplicate key: parsed whole instead.
  expect(cache.split(JSON.stringify({ appliedConditionalAccessPolicies, ...rest }))).toBeUndefined();
  expect(cache.split(JSON.stringify(record, null, 1).replace(/\n/g, ''))).toBeUndefined();
  expect(cache.split(`${JSON.stringify(record).slice(0, -1)},"appliedConditionalAccessPolicies":[]}`)).toBeUndefined();
  // CRLF line ends read the same records.
  expect(read(lines.slice(0, 5).join('\r\n')).map((r) => r.value)).toEqual(lines.slice(0, 5).map((l) => JSON.parse(l)));
});
