import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { appFromFiles, synthesize } from './synth';
import { loadEnvironmentFile, loadEnvironments } from './environments';
import { isPerimeterError } from '../core/problems';
import { readSynthesizedStack } from '../analysis/model/read';
import type { EnvironmentModel } from '../analysis/model/types';
import { buildReport as buildWith } from '../analysis/report/document';
import { renderDashboard } from '../analysis/report/dashboard';
import { renderMarkdown } from '../analysis/report/render';
import { REPORT_SECTIONS } from '../components/registry';
import { runReport } from './report';
import { SAMPLE_DIR, synthStacks, type TfJson } from '../__tests__/helpers/synth';
import { declaredFacts } from '../environment/declared';

let stacks: Record<string, TfJson>;
beforeAll(() => {
  stacks = synthStacks();
});

const envOf = (name: string) => loadEnvironmentFile(join(SAMPLE_DIR, `${name}.yaml`)).environment!;
const buildReport = (model: EnvironmentModel) => buildWith(model, REPORT_SECTIONS);
const modelOf = (tf: TfJson, name: string): EnvironmentModel => readSynthesizedStack(tf, { name, declared: declaredFacts(envOf(name)) });
const GUIDS = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;

/** The table rows of one Markdown section, by first cell. */
function rowsOf(markdown: string, title: string): Map<string, string[]> {
  const section = markdown.split(/^## /m).find((s) => s.startsWith(title))!;
  const rows = section.split('\n').filter((l) => l.startsWith('| ') && !l.startsWith('| Policy |') && !l.startsWith('| Location |') && !l.startsWith('| Group |') && !l.startsWith('| Resource |'));
  return new Map(rows.map((r) => {
    const cells = r.slice(2, -2).split(' | ');
    return [cells[0]!, cells];
  }));
}

test.each(['dev', 'prod'])('the %s report has one row per policy, in id order, with its stage', (env) => {
  const markdown = renderMarkdown(buildReport(modelOf(stacks[env]!, env)));
  const policies = Object.entries(stacks[env]!.resource.azuread_conditional_access_policy!);
  const rows = rowsOf(markdown, 'Conditional Access policies');
  // The baseline in id order (a wave twin, CA006_waves, right after its policy), then the authentication context policy (msgraph), labelled as such.
  const contextPolicy = (stacks[env]!.resource.msgraph_resource!.AC001 as { body: { displayName: string; state: string } }).body;
  const contextRow = `${contextPolicy.displayName}<br>authentication context policy (declared through msgraph)`;
  expect([...rows.keys()]).toEqual([...policies.map(([, p]) => p.display_name).sort(), contextRow]);
  expect([...rows.keys()].map((k) => k.slice(0, 5))).toEqual([...policies.map(([id]) => id).sort().map((id) => id.slice(0, 5)), 'AC001']);
  const words: Record<string, string> = { disabled: 'off', enabledForReportingButNotEnforced: 'report-only', enabled: 'enabled' };
  for (const [, p] of policies) expect(rows.get(p.display_name as string)![1]).toBe(words[p.state as string]);
  expect(rows.get(contextRow)![1]).toBe(words[contextPolicy.state]);
  expect(rows.get(contextRow)![4]).toBe('authentication contexts: authentication context c1 (Privileged action)');
});

test('every object id of the sample appears by its logical name, never as a bare GUID', () => {
  const model = modelOf(stacks.prod!, 'prod');
  const markdown = renderMarkdown(buildReport(model));
  // A GUID is shown only where nothing names it (the tenant, PIM-eligible people, approvers).
  // Terraform addresses may embed an id as a stable key (PIM's break-glass assignments); those are names, not values.
  const values = markdown.replace(/\b(azuread|azurerm|msgraph)_[a-z_]+\.[\w-]+/g, '<address>');
  const shown = [...new Set(values.match(GUIDS))];
  expect(shown.filter((id) => model.labelOf(id.toLowerCase()) !== id.toLowerCase() && id !== model.tenantId)).toEqual([]);
  for (const named of ['b9000000-0000-4000-8000-000000000001', '5c000000-0000-4000-8000-000000000001', '6f000000-0000-4000-8000-000000000001', 'a0000000-0000-4000-8000-00000000f001', '62e90394-69f5-4237-9190-012177145e10', '8e3af657-a8ff-443c-a75c-2fe8c4bcb635']) {
    expect([named, values.includes(named)]).toEqual([named, false]);
  }
  expect(markdown).toContain('Azure role Owner');
  const rows = rowsOf(markdown, 'Conditional Access policies');
  const row = (id: string) => [...rows.entries()].find(([k]) => k.startsWith(id))![1];
  const [, , included, excluded, apps, conditions, grant, session] = row('CA006');
  expect(included).toBe('all users');
  expect(excluded).toBe(
    'break-glass account 1; break-glass account 2; directory-sync account 1; directory-sync account 2; ' +
      'group break_glass_exclusion (CA exclusion: emergency access (break-glass) accounts); group factory-floor-kiosks; group it-staff (wave it-pilot); ' +
      'guests and external users (internalGuest, b2bCollaborationGuest, b2bCollaborationMember, b2bDirectConnectUser, otherExternalUser, serviceProvider) from any tenant',
  );
  expect([apps, conditions, grant, session]).toEqual(['all resources', '–', 'require a compliant device OR require a hybrid-joined device', '–']);
  expect(row('CA002')[2]).toMatch(/^role Global Administrator; role Privileged Role Administrator; /);
  expect(row('CA002')[6]).toBe('require authentication strength phishing-resistant');
  expect(row('CA007')[4]).toBe('app finance-erp; app finance-treasury; app engineering-plm');
  expect(row('CA015')[4]).toBe('all resources<br>except: Office 365 (app group); app partner-portal');
  expect(row('CA019')[2]).toBe('directory-sync account 1; directory-sync account 2');
  expect(row('CA019')[5]).toBe('locations: any location<br>excluded locations: location sync-egress (Meridian sync servers egress (Pune datacentre))');
  expect(row('CA003')[5]).toBe('client apps: exchangeActiveSync; other');
  expect(row('CA017')[7]).toBe('sign-in frequency: every 4 hours<br>persistent browser: never');
  expect(row('CA012')[4]).toBe('user actions: registerdevice');
});

test('named locations and groups follow the policy table', () => {
  const markdown = renderMarkdown(buildReport(modelOf(stacks.prod!, 'prod')));
  expect([...rowsOf(markdown, 'Named locations').values()]).toEqual([
    ['allowed-countries', 'Meridian operating countries', 'countries', 'GB, DE, IN', 'unknown countries not included<br>lookup by clientIpAddress'],
    ['corp-egress', 'Meridian corporate egress (Pune, Manchester, Stuttgart)', 'IP ranges', '203.0.113.0/25, 198.51.100.0/26', 'trusted'],
    ['sync-egress', 'Meridian sync servers egress (Pune datacentre)', 'IP ranges', '203.0.113.200/29', 'not trusted'],
  ]);
  expect(rowsOf(markdown, 'Groups').get('break_glass_exclusion')).toEqual([
    'break_glass_exclusion',
    'CA exclusion: emergency access (break-glass) accounts',
    'break-glass account 1; break-glass account 2',
    'created by this stack',
  ]);
  expect(markdown).toContain('- State: Azure Storage stmeridianstate/tfstate/prod.tfstate (OIDC, Entra ID data-plane auth)');
  const states = [
    ...Object.values(stacks.prod!.resource.azuread_conditional_access_policy!).map((p) => p.state),
    (stacks.prod!.resource.msgraph_resource!.AC001 as { body: { state: string } }).body.state,
  ];
  const count = (state: string) => states.filter((s) => s === state).length;
  expect(markdown).toContain(
    `- Conditional Access policies: ${states.length} (${count('enabled')} enabled, ${count('enabledForReportingButNotEnforced')} report-only, ${count('disabled')} off)`,
  );
});

test('resource types of other components get their own sections, labelled', () => {
  const tf = JSON.parse(JSON.stringify(stacks.prod)) as TfJson;
  tf.resource.azuread_group_role_management_policy = {
    tier0_member: { group_id: '${azuread_group.break_glass_exclusion.object_id}', role_id: 'member', activation_rules: [{ maximum_duration: 'PT2H', require_approval: true }] },
  };
  tf.resource.msgraph_update_resource = {
    'app-proxy-finance-erp': {
      url: 'applications/${azuread_application_from_template.finance-erp.application_object_id}',
      body: { onPremisesPublishing: { externalUrl: 'https://erp.example.com/', isHttpOnlyCookieEnabled: true } },
    },
    // A Graph call of some other component is never filed under App Proxy.
    'tenant-setting': { url: 'policies/authorizationPolicy', body: { allowInvitesFrom: 'adminsAndGuestInviters' } },
  };
  const query = 'SigninLogs\n| where UserId in ("b9000000-0000-4000-8000-000000000001")\n| project TimeGenerated';
  tf.resource.azurerm_sentinel_alert_rule_scheduled = {
    'break-glass-sign-in': { display_name: 'Break-glass sign-in', enabled: true, severity: 'High', query },
  };
  const markdown = renderMarkdown(buildReport(modelOf(tf, 'prod')));
  // PIM in sentences: who the policy is for and what activation takes, never activation_rules.require_approval.
  const subject = 'PIM policy for membership of group break_glass_exclusion (CA exclusion: emergency access (break-glass) accounts)';
  expect(rowsOf(markdown, 'PIM policies').get(subject)).toEqual([
    subject,
    'activation lasts at most: 2 hours<br>activation needs approval: yes, by nobody named<br>activation requires: nothing more<br>eligibility expires after: never (permanent eligibility)<br>active assignments expire after: never (permanent assignments)<br>an active assignment requires: nothing more<br>administrators are told of: nothing beyond the default recipients',
  ]);
  // App Proxy in sentences: what is published where, never body.onPremisesPublishing.externalUrl.
  expect(rowsOf(markdown, 'App Proxy apps').get('finance-erp: publishing')![1]).toContain('publishes: ? at https://erp.example.com/<br>pre-authentication: not set');
  const rule = rowsOf(markdown, 'Analytics rules').get('Break-glass sign-in')!;
  expect(rule[1]).toBe('severity: High<br>raises: an alert, no incident<br>query: 3 lines of KQL');
  expect(markdown.indexOf('## PIM policies')).toBeGreaterThan(markdown.indexOf('## Named locations'));
  expect([...rowsOf(markdown, 'Other resources').keys()]).toEqual(['msgraph_update_resource.tenant-setting']);
});

test('the emergency brake is the first thing the report says', () => {
  const dir = mkdtempSync(join(tmpdir(), 'perimeter-report-'));
  try {
    const { app } = appFromFiles({ environmentsDir: SAMPLE_DIR, outdir: dir, stageCeiling: 'report-only' });
    app.synth();
    const tf = JSON.parse(readFileSync(join(dir, 'stacks', 'prod', 'cdk.tf.json'), 'utf8')) as TfJson;
    const markdown = renderMarkdown(buildReport(modelOf(tf, 'prod')));
    expect(markdown.split('\n').slice(2, 4)).toEqual([
      '> [!CAUTION]',
      '> EMERGENCY BRAKE: synthesized with PERIMETER_STAGE_CEILING=report-only, which caps every policy and analytics rule at report-only; lowered: AC001 (YAML: enabled), CA001 (YAML: enabled), CA003 (YAML: enabled), CA004 (YAML: enabled), CA006 (YAML: enabled), CA008 (YAML: enabled), CA019 (YAML: enabled), SEN001 (YAML: enabled). The tenant will differ from the YAML until a deploy without the ceiling.',
    ]);
    const ca003 = [...rowsOf(markdown, 'Conditional Access policies').entries()].find(([k]) => k.startsWith('CA003'))![1];
    expect(ca003[1]).toBe('report-only<br>capped by the emergency brake (YAML: enabled)');
    const sen001 = [...rowsOf(markdown, 'Analytics rules').entries()].find(([k]) => k.startsWith('SEN001 '))![1];
    expect(sen001[1]).toMatch(/^stage: report-only \(capped by the emergency brake; YAML: enabled\)<br>/);
    expect(dashboard(modelOf(tf, 'prod'))).toContain('<div class="alert" role="alert">EMERGENCY BRAKE: synthesized with PERIMETER_STAGE_CEILING=report-only, which caps');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

/** The dashboard of one model on its own: what the HTML tests read. */
const dashboard = (model: EnvironmentModel) => renderDashboard({ model, doc: buildWith(model, REPORT_SECTIONS), environments: [{ name: model.name, ring: 2, model }], findings: [], proof: { proved: true, lines: [] } });

test('a URL with a user name or password is never printed, even from a hand-edited stack', () => {
  const tf = JSON.parse(JSON.stringify(stacks.prod)) as TfJson;
  const publishing = tf.resource['msgraph_update_resource']!['hr-portal_publishing']! as { body: { onPremisesPublishing: { internalUrl: string } } };
  publishing.body.onPremisesPublishing.internalUrl = 'http://svc-hr:Winter2026!@hr.corp.example.local/';
  const doc = buildReport(modelOf(tf, 'prod'));
  for (const out of [renderMarkdown(doc), dashboard(modelOf(tf, 'prod'))]) {
    expect(out).not.toContain('Winter2026');
    expect(out).toContain('http://***@hr.corp.example.local/');
  }
});

test('HTML is one self-contained page with every value escaped', () => {
  const tf = JSON.parse(JSON.stringify(stacks.prod)) as TfJson;
  tf.resource.azuread_conditional_access_policy!.CA001!.display_name = 'CA001 <script>alert("x")</script> & more';
  const html = dashboard(modelOf(tf, 'prod'));
  expect(html.startsWith('<!doctype html>')).toBe(true);
  expect(html).toContain('<h3 id="card-ca001">CA001 &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; more</h3>');
  expect(html).toContain('<th scope="row">CA001 &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; more</th>');
  expect(html).not.toMatch(/<script|<link|<img|src=|href=|@import|url\(/i);
  for (const p of Object.values(stacks.prod!.resource.azuread_conditional_access_policy!).slice(1)) {
    expect(html).toContain(`">${String(p.display_name).replace(/&/g, '&amp;')}</h3>`);
  }
  const markdown = renderMarkdown(buildReport(modelOf(tf, 'prod')));
  expect(markdown).toContain('| CA001 &lt;script>alert("x")&lt;/script> & more |');
});

describe('npm run report', () => {
  let outdir: string;
  beforeAll(() => {
    outdir = join(mkdtempSync(join(tmpdir(), 'perimeter-report-cli-')), 'cdktf.out');
    synthesize({ environmentsDir: SAMPLE_DIR, outdir });
  });
  afterAll(() => rmSync(outdir, { recursive: true, force: true }));

  test('prints Markdown, or writes HTML to --out', () => {
    const md = runReport(['--env', 'prod', '--outdir', outdir, '--environments', SAMPLE_DIR]);
    expect(md.exitCode).toBe(0);
    expect(md.stdout!.startsWith('# perimeter report: prod\n')).toBe(true);
    expect(md.stderr).toBe('');
    const file = join(outdir, 'prod.html');
    const html = runReport(['--env', 'prod', '--format', 'html', '--out', file, '--outdir', outdir, '--environments', SAMPLE_DIR]);
    expect(html.stdout).toBe(`wrote ${file}\n`);
    expect(readFileSync(file, 'utf8')).toContain('<title>perimeter report: prod</title>');
    // No --out, and --out -, print the page: every format goes to standard output unless told otherwise.
    for (const out of [[], ['--out', '-']]) {
      const page = runReport(['--env', 'prod', '--format', 'html', ...out, '--outdir', outdir, '--environments', SAMPLE_DIR]);
      expect(page.stdout).toBe(readFileSync(file, 'utf8'));
    }
  });

  test('the dashboard shows every environment in ring order, synth\'s findings and suppressions, and the proof', () => {
    const html = runReport(['--env', 'prod', '--format', 'html', '--outdir', outdir, '--environments', SAMPLE_DIR]).stdout!;
    const header = /<table class="matrix">[\s\S]*?<thead><tr>([\s\S]*?)<\/tr><\/thead>/.exec(html)![1]!;
    expect([...header.matchAll(/<th scope="col">([^<]*)/g)].map((m) => m[1])).toEqual(['Policy', 'dev', 'prod (this report)']);
    // CA001: enabled in dev (ring 1) before prod.
    const ca001 = /<tr><th scope="row">CA001 [^<]*<\/th>(.*?)<\/tr>/.exec(html)![1]!;
    expect([...ca001.matchAll(/<td class="stage-([a-z-]+)">/g)].map((m) => m[1])).toEqual(['enabled', 'enabled']);
    expect(html).toContain('<span class="verdict verdict-proved">PROVED</span>');
    expect(html).toMatch(/<li><strong>PRM-PIM004<\/strong> for [^:]+: [^<]+<\/li>/);
    // Break-glass is said once for the environment, never on a card.
    const cards = html.slice(html.indexOf('<h2 id="policies">'), html.indexOf('</section>', html.indexOf('<h2 id="policies">')));
    expect(cards).not.toContain('break-glass account');
    expect(html.match(/Every managed policy excludes the break-glass accounts/g)).toHaveLength(1);
    // The environment's own exclusions come with their reasons.
    expect(cards).toContain('Shared factory-floor kiosks enrol in Intune in Q1');
  });

  test('bad arguments and a missing environment are clear errors', () => {
    const message = (argv: string[]) => {
      try {
        runReport(argv);
      } catch (e) {
        if (isPerimeterError(e)) return e.message;
        throw e;
      }
      throw new Error('expected an error');
    };
    expect(message(['--format', 'pdf'])).toBe(
      'perimeter: report stopped (2 problems):\n  - npm run report: --env is required\n  - npm run report: --format "pdf" is not allowed; use one of: markdown | html\nEvery option: npm run report -- --help',
    );
    const names = loadEnvironments(SAMPLE_DIR).map((e) => e.name).sort();
    expect(message(['--env', 'staging', '--outdir', outdir])).toContain(
      `stacks/staging/cdk.tf.json: does not exist (environment "staging"); synthesized environments: ${names.join(', ')}; if "staging" is new, run \`npm run synth\``,
    );
  });
});
