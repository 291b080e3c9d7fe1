/**
 * cdk-nag style: every rule has at least one non-compliant and one compliant case. Rules are
 * pure functions over synthesized JSON, so the cases mutate the sample's JSON directly.
 */
import { loadEnvironments } from '../cli/environments';
import type { Environment } from '../environment/environment';
import type { StackJson } from '../core/terraform-json';
import { ruleContexts } from './evaluate';
import type { GuardrailRule } from './rule';
import { RULES } from './index';
import { SAMPLE_DIR, synthStacks } from '../__tests__/helpers/synth';

const sampleJson = synthStacks();
const sampleEnvs = Object.fromEntries(loadEnvironments(SAMPLE_DIR).map((e) => [e.name, e]));

const rule = (id: string): GuardrailRule => {
  const r = RULES.find((x) => x.id === id);
  if (!r) throw new Error(`no rule ${id}`);
  return r;
};

/** Runs one rule on prod (or dev) after mutating copies of the JSON and the environment. */
function run(id: string, opts: { env?: 'dev' | 'prod'; tf?: (tf: any) => void; environment?: (e: any) => void; peers?: 'both' | 'self' } = {}) {
  const name = opts.env ?? 'prod';
  const tf = structuredClone(sampleJson[name]) as any;
  opts.tf?.(tf);
  const environment = structuredClone(sampleEnvs[name]) as any;
  opts.environment?.(environment);
  const self = { environment: environment as Environment, tf: tf as StackJson };
  const inputs =
    opts.peers === 'self'
      ? [self]
      : Object.keys(sampleEnvs).map((n) => (n === name ? self : { environment: sampleEnvs[n]!, tf: sampleJson[n] as StackJson }));
  const ctx = ruleContexts(inputs)[inputs.indexOf(self)]!;
  const findings = rule(id).check!(ctx);
  if (findings.length && (opts.tf || opts.environment)) failingCases.add(id);
  return findings;
}

/** Rules a mutation of the sample made fail in this file: every synth rule needs one (the last test). */
const failingCases = new Set<string>();

const ca = (tf: any, id: string) => tf.resource.azuread_conditional_access_policy[id];

test('every synth rule has a check, and every rule id is unique and well-formed', () => {
  expect(new Set(RULES.map((r) => r.id)).size).toBe(RULES.length);
  for (const r of RULES) {
    expect(r.id).toMatch(/^PRM-[A-Z]+\d{3}$/);
    expect(r.explanation.length).toBeGreaterThan(60);
    expect(r.fix.length).toBeGreaterThan(10);
    expect(Boolean(r.check)).toBe((r.phase ?? 'synth') === 'synth');
  }
});

test.each(['dev', 'prod'] as const)('the %s sample raises no finding beyond the ones it suppresses', (env) => {
  const suppressed = new Set(sampleEnvs[env]!.suppressions.map((s) => `${s.rule} ${s.target}`));
  for (const r of RULES.filter((x) => x.check)) {
    const open = run(r.id, { env }).filter((f) => !suppressed.has(`${r.id} ${f.target}`));
    expect({ rule: r.id, findings: open }).toEqual({ rule: r.id, findings: [] });
  }
});

test('the prod sample accepts the Global Administrator count (PRM-PIM004) with a reason', () => {
  expect(run('PRM-PIM004').map((f) => f.target)).toEqual(['Global Administrator']);
  // And enforces the c1 step-up at once (PRM-STG002, a diff rule): PIM asks for c1 already.
  expect(sampleEnvs['prod']!.suppressions.map((s) => [s.rule, s.target])).toEqual([['PRM-STG002', 'AC001'], ['PRM-PIM004', 'Global Administrator']]);
});

describe('PRM-BG001 every policy excludes every break-glass account', () => {
  test('fails when a policy drops one account', () => {
    const f = run('PRM-BG001', { tf: (tf) => ca(tf, 'CA006').conditions.users.excluded_users.shift() });
    expect(f).toEqual([
      { address: 'azuread_conditional_access_policy.CA006', target: 'CA006', message: 'CA006 does not exclude break-glass account b9000000-0000-4000-8000-000000000001' },
    ]);
  });
  test('fails when a policy drops the exclusion group', () => {
    const f = run('PRM-BG001', { tf: (tf) => (ca(tf, 'CA001').conditions.users.excluded_groups = []) });
    expect(f.map((x) => x.message)).toEqual(['CA001 does not exclude the break_glass_exclusion group']);
  });
});

describe('PRM-BG002 at least two break-glass accounts', () => {
  test('fails with one member', () => {
    const f = run('PRM-BG002', { tf: (tf) => tf.resource.azuread_group.break_glass_exclusion.members.pop() });
    expect(f.map((x) => x.message)).toEqual(['the break-glass exclusion group has 1 member; at least 2 are required']);
  });
});

describe('PRM-BG003 break-glass accounts are never targeted', () => {
  test('fails when a policy includes a break-glass account', () => {
    const f = run('PRM-BG003', { tf: (tf) => ca(tf, 'CA019').conditions.users.included_users.push('b9000000-0000-4000-8000-000000000002') });
    expect(f.map((x) => x.message)).toEqual(['CA019 includes break-glass account b9000000-0000-4000-8000-000000000002']);
  });
  test('fails when a break-glass account is PIM-eligible', () => {
    const f = run('PRM-BG003', {
      tf: (tf) => (tf.resource.azuread_privileged_access_group_eligibility_schedule = { ga_bg: { principal_id: 'b9000000-0000-4000-8000-000000000001' } }),
    });
    expect(f.map((x) => x.message)).toEqual(['break-glass account b9000000-0000-4000-8000-000000000001 is an eligible member of a PIM group']);
  });
});

describe('PRM-LCK001 a block on All users and All resources excludes break-glass', () => {
  test('fails for a block-all policy without the exclusions', () => {
    const f = run('PRM-LCK001', {
      tf: (tf) => {
        ca(tf, 'CA003').conditions.users.excluded_users = [];
        ca(tf, 'CA003').conditions.users.excluded_groups = [];
      },
    });
    expect(f.map((x) => x.target)).toEqual(['CA003']);
  });
  test('passes when only the account ids are excluded (the group alone is not required here)', () => {
    expect(run('PRM-LCK001', { tf: (tf) => (ca(tf, 'CA003').conditions.users.excluded_groups = []) })).toEqual([]);
  });
});

describe('PRM-LCK003 no unconditional block of everyone', () => {
  test('fails when the legacy-auth block loses its client app condition', () => {
    const f = run('PRM-LCK003', { tf: (tf) => (ca(tf, 'CA003').conditions.client_app_types = ['all']) });
    expect(f.map((x) => x.message)).toEqual(['CA003 (enabled) blocks All users on All resources with no condition that narrows it']);
  });
  test('passes when such a policy is disabled', () => {
    expect(run('PRM-LCK003', { tf: (tf) => Object.assign(ca(tf, 'CA003'), { state: 'disabled', conditions: { ...ca(tf, 'CA003').conditions, client_app_types: ['all'] } }) })).toEqual([]);
  });
});

describe.each([
  ['PRM-BAS001', 'CA003'],
  ['PRM-BAS002', 'CA001'],
  ['PRM-BAS003', 'CA002'],
  ['PRM-BAS004', 'CA008'],
  ['PRM-BAS005', 'CA010'],
  ['PRM-BAS006', 'CA004'],
  ['PRM-BAS007', 'CA011'],
])('%s baseline completeness (%s)', (id, policy) => {
  test('is an error in the highest ring when the policy is missing', () => {
    const f = run(id, { tf: (tf) => delete tf.resource.azuread_conditional_access_policy[policy] });
    expect(f).toHaveLength(1);
    expect(f[0]).toMatchObject({ address: 'environments/prod.yaml', target: 'prod', severity: 'error' });
  });
  test('is a warning in a lower ring', () => {
    const f = run(id, { env: 'dev', tf: (tf) => delete tf.resource.azuread_conditional_access_policy[policy] });
    expect(f.map((x) => x.severity)).toEqual(['warning']);
  });
  test('passes at any stage, off included', () => {
    expect(run(id, { tf: (tf) => (ca(tf, policy).state = 'disabled') })).toEqual([]);
  });
});

test('PRM-BAS001 fails when legacy authentication is split over two policies', () => {
  const f = run('PRM-BAS001', {
    tf: (tf) => {
      ca(tf, 'CA003').conditions.client_app_types = ['exchangeActiveSync'];
      tf.resource.azuread_conditional_access_policy.CA099 = { ...structuredClone(ca(tf, 'CA003')), conditions: { ...structuredClone(ca(tf, 'CA003').conditions), client_app_types: ['other'] } };
    },
  });
  expect(f).toHaveLength(1);
});

test('PRM-BAS003 fails when phishing-resistant MFA misses Global Administrator', () => {
  const f = run('PRM-BAS003', { tf: (tf) => ca(tf, 'CA002').conditions.users.included_roles.shift() });
  expect(f).toHaveLength(1);
});

describe('PRM-STG001 ring order', () => {
  test('fails in the higher ring when it is ahead of the lower one', () => {
    const f = run('PRM-STG001', { environment: (e) => (e.conditionalAccess.policies.find((p: any) => p.definition.id === 'CA002').stage = 'enabled') });
    expect(f.map((x) => x.message)).toEqual([
      'ring order violated: CA002 is enabled in prod (ring 2) but only report-only in dev (ring 1, environments/dev.yaml); promote it in dev first or lower it in prod',
    ]);
  });
  test('passes when the higher ring is behind', () => {
    expect(run('PRM-STG001', { environment: (e) => (e.conditionalAccess.policies.find((p: any) => p.definition.id === 'CA003').stage = 'off') })).toEqual([]);
  });
});

describe('PRM-STG003 user-action policies at report-only', () => {
  test('warns that the policy is held at disabled', () => {
    const f = run('PRM-STG003', { environment: (e) => (e.conditionalAccess.policies.find((p: any) => p.definition.id === 'CA011').stage = 'report-only') });
    expect(f.map((x) => x.message)).toEqual([
      'CA011 is at report-only: report-only is not supported for policies that target a user action; synthesized as disabled until the stage is enabled',
    ]);
  });
});

describe('PRM-STG004 no report-only state on a user-action policy', () => {
  test('fails when the state is report-only', () => {
    expect(run('PRM-STG004', { tf: (tf) => (ca(tf, 'CA012').state = 'enabledForReportingButNotEnforced') }).map((x) => x.target)).toEqual(['CA012']);
  });
});

describe('PRM-LOC001 trusted and sync ranges are public unicast', () => {
  test.each([
    ['10.0.0.0/8', 'RFC 1918 private'],
    ['192.168.10.0/24', 'RFC 1918 private'],
    ['169.254.0.0/16', 'link-local'],
    ['100.64.0.0/10', 'carrier-grade NAT shared (RFC 6598)'],
    ['0.0.0.0/8', '"this network" (0.0.0.0/8)'],
    ['224.0.0.0/4', 'multicast'],
    ['255.255.255.255/32', 'broadcast'],
    ['127.0.0.0/8', 'loopback'],
    ['fd12:3456::/32', 'RFC 4193 unique local'],
    ['::ffff:0:0/96', 'IPv4-mapped IPv6 (write the IPv4 range instead)'],
  ])('fails for %s in a trusted location', (range, kind) => {
    const f = run('PRM-LOC001', { tf: (tf) => tf.resource.azuread_named_location['corp-egress'].ip.ip_ranges.push(range) });
    expect(f.map((x) => x.message)).toEqual([expect.stringContaining(`trusted location corp-egress contains ${range}, a ${kind} range`)]);
  });
  test('fails for a private range in the directory-sync location, trusted or not', () => {
    const f = run('PRM-LOC001', { tf: (tf) => (tf.resource.azuread_named_location['sync-egress'].ip.ip_ranges = ['10.1.0.0/16']) });
    expect(f.map((x) => x.message)).toEqual(['directory-sync location sync-egress contains 10.1.0.0/16, a RFC 1918 private range (10.0.0.0/8)']);
  });
  test('leaves other IP locations to PRM-LOC005', () => {
    const addBranch = (tf: any) =>
      (tf.resource.azuread_named_location['branch'] = { display_name: 'branch', ip: { ip_ranges: ['10.1.0.0/16'], trusted: false } });
    expect(run('PRM-LOC001', { tf: addBranch })).toEqual([]);
    expect(run('PRM-LOC005', { tf: addBranch }).map((x) => x.message)).toEqual([
      'IP location branch contains 10.1.0.0/16, a RFC 1918 private range (10.0.0.0/8) that no sign-in comes from',
    ]);
  });
});

describe('PRM-TEN003 one environment per tenant', () => {
  test('fails when dev names prod\'s tenant in upper case: the ids are one id', () => {
    const upper = sampleEnvs['prod']!.tenantId.toUpperCase();
    const f = run('PRM-TEN003', { env: 'dev', environment: (e) => (e.tenantId = upper.toLowerCase()) });
    expect(f.map((x) => x.message)).toEqual([
      `environments/dev.yaml deploys into tenant ${sampleEnvs['prod']!.tenantId}, and so does environments/prod.yaml; each environment's policies would exclude only its own break-glass accounts`,
    ]);
  });
});

describe('PRM-TEN004 names two environments must not share', () => {
  test('prod named like dev in dev\'s subscription, and with dev\'s App Proxy URL, is reported on the later ring, naming both files', () => {
    const dev = sampleJson['dev'] as any;
    const f = run('PRM-TEN004', {
      tf: (tf) => {
        tf.provider.azurerm[0].subscription_id = dev.provider.azurerm[0].subscription_id;
        tf.resource.azurerm_resource_group.identity_telemetry.name = dev.resource.azurerm_resource_group.identity_telemetry.name;
        tf.resource.msgraph_update_resource['hr-portal_publishing'].body.onPremisesPublishing.externalUrl = 'https://wiki-meridianlab.msappproxy.net/';
      },
    });
    expect(f.map((x) => x.message)).toEqual([
      `environments/prod.yaml and environments/dev.yaml both use the resource group "rg-identity-dev" in subscription ${dev.provider.azurerm[0].subscription_id}; give prod its own (telemetry.workspace.resourceGroup)`,
      'environments/prod.yaml and environments/dev.yaml both use the App Proxy external URL "https://wiki-meridianlab.msappproxy.net/" in Azure (external URLs are unique across every tenant); give prod its own (appProxy.apps.hr-portal.externalUrl)',
    ]);
    expect(run('PRM-TEN004', { env: 'dev', tf: (tf) => (tf.resource.azurerm_resource_group.identity_telemetry.name = 'x') })).toEqual([]);
  });
});

describe('PRM-LOC004 the directory-sync location is narrow', () => {
  test('fails for more than 64 IPv4 addresses in all, naming them', () => {
    const f = run('PRM-LOC004', { tf: (tf) => tf.resource.azuread_named_location['sync-egress'].ip.ip_ranges.push('203.0.113.64/26') });
    expect(f.map((x) => x.message)).toEqual(['directory-sync location sync-egress holds 72 IPv4 addresses (203.0.113.200/29, 203.0.113.64/26); at most 64 are allowed']);
  });
  test('fails for an IPv6 range wider than /64, passes for a /64', () => {
    const f = run('PRM-LOC004', { tf: (tf) => tf.resource.azuread_named_location['sync-egress'].ip.ip_ranges.push('2001:db8:1::/48') });
    expect(f.map((x) => x.message)).toEqual(['directory-sync location sync-egress contains 2001:db8:1::/48, wider than /64']);
    expect(run('PRM-LOC004', { tf: (tf) => tf.resource.azuread_named_location['sync-egress'].ip.ip_ranges.push('2001:db8:1::/64') })).toEqual([]);
  });
});

describe('PRM-LOC002 trusted ranges are /16 or narrower', () => {
  test('warns for a /15', () => {
    const f = run('PRM-LOC002', { tf: (tf) => tf.resource.azuread_named_location['corp-egress'].ip.ip_ranges.push('20.32.0.0/15') });
    expect(f.map((x) => x.message)).toEqual(['trusted location corp-egress contains 20.32.0.0/15, wider than /16']);
  });
  test('passes for a /16', () => {
    expect(run('PRM-LOC002', { tf: (tf) => tf.resource.azuread_named_location['corp-egress'].ip.ip_ranges.push('20.32.0.0/16') })).toEqual([]);
  });
});

describe('PRM-LOC003 locations are used', () => {
  test('warns for a location no policy references', () => {
    const f = run('PRM-LOC003', { tf: (tf) => (tf.resource.azuread_named_location['branch-x'] = { display_name: 'x', ip: { ip_ranges: ['192.0.2.0/24'] } }) });
    expect(f.map((x) => x.target)).toEqual(['branch-x']);
  });
  test('a trusted location counts as used when a policy references AllTrusted', () => {
    expect(run('PRM-LOC003', { tf: (tf) => (tf.resource.azuread_named_location['branch-x'] = { display_name: 'x', ip: { ip_ranges: ['192.0.2.0/24'], trusted: true } }) })).toEqual([]);
  });
});

describe('PRM-TEN001 and PRM-TEN002 tenant limits', () => {
  test('fails above 195 policies in one tenant', () => {
    // The authentication context policy (msgraph_resource.AC001) counts as well.
    const existing = Object.keys(sampleJson['prod']!.resource['azuread_conditional_access_policy']!).length + 1;
    const f = run('PRM-TEN001', {
      tf: (tf) => {
        for (let i = 100; i < 296 - existing; i++) tf.resource.azuread_conditional_access_policy[`CA${i}`] = { ...ca(tf, 'CA001'), display_name: `CA${i} x` };
      },
    });
    expect(f.map((x) => x.message)).toEqual([
      expect.stringContaining('would hold 196 policies (prod, 1 of them wave twins); the limit is 195, so the tenant can afford no further wave pilot and 1 of the current ones must finish'),
    ]);
  });
  test('passes at exactly 195', () => {
    const existing = Object.keys(sampleJson['prod']!.resource['azuread_conditional_access_policy']!).length + 1;
    const f = run('PRM-TEN001', {
      tf: (tf) => {
        for (let i = 100; i < 295 - existing; i++) tf.resource.azuread_conditional_access_policy[`CA${i}`] = { ...ca(tf, 'CA001'), display_name: `CA${i} x` };
      },
    });
    expect(f).toEqual([]);
  });
  test('environments sharing a tenant share the limit and may not duplicate names', () => {
    const shared = run('PRM-TEN002', { env: 'dev', environment: (e) => (e.tenantId = sampleEnvs['prod']!.tenantId) });
    expect(shared.length).toBeGreaterThan(0);
    expect(shared[0]!.message).toContain('is also used by');
    expect(run('PRM-TEN002')).toEqual([]);
  });
});

describe('policy shape rules', () => {
  test('PRM-SHP001 the display name starts with the id', () => {
    expect(run('PRM-SHP001', { tf: (tf) => (ca(tf, 'CA001').display_name = 'Require MFA') }).map((x) => x.target)).toEqual(['CA001']);
  });
  test('PRM-SHP002 mfa and an authentication strength are not combined', () => {
    expect(run('PRM-SHP002', { tf: (tf) => ca(tf, 'CA002').grant_controls.built_in_controls = ['mfa'] }).map((x) => x.target)).toEqual(['CA002']);
  });
  test('PRM-SHP003 passwordChange needs mfa AND, user risk and nothing else', () => {
    const f = run('PRM-SHP003', {
      tf: (tf) => {
        ca(tf, 'CA010').grant_controls.operator = 'OR';
        ca(tf, 'CA010').conditions.locations = { included_locations: ['All'] };
      },
    });
    expect(f.map((x) => x.message)).toEqual(['CA010: passwordChange needs mfa with the AND operator; may have no other conditions (has locations)']);
  });
  test('PRM-SHP004 everyTime is not combined with a value', () => {
    expect(run('PRM-SHP004', { tf: (tf) => (ca(tf, 'CA009').session_controls.sign_in_frequency = 1) }).map((x) => x.target)).toEqual(['CA009']);
  });
});

describe('PIM rules', () => {
  const GA = '62e90394-69f5-4237-9190-012177145e10';
  test('PRM-PIM004 warns when a ninth Global Administrator becomes eligible in dev (3 eligible today, no standing holder)', () => {
    expect(run('PRM-PIM004', { env: 'dev' })).toEqual([]);
    const f = run('PRM-PIM004', {
      env: 'dev',
      tf: (tf) => {
        for (let i = 10; i < 16; i++) {
          tf.resource.azuread_privileged_access_group_eligibility_schedule[`extra_${i}`] = {
            group_id: '${azuread_group.pim_global_administrator.object_id}',
            principal_id: `ad000000-0000-4000-8000-0000000000${i}`,
            duration: 'P30D',
          };
        }
      },
    });
    expect(f.map((x) => [x.target, x.message.split(';')[0]])).toEqual([
      ['Global Administrator', 'pim.roles.Global Administrator: 9 people are eligible for Global Administrator (9 in all)'],
    ]);
  });
  test('PRM-PIM001 fails for a standing Tier-0 assignment to a person', () => {
    const f = run('PRM-PIM001', {
      tf: (tf) => (tf.resource.azuread_directory_role_assignment.direct_ga = { role_id: GA, principal_object_id: 'ad000000-0000-4000-8000-000000000001', directory_scope_id: '/' }),
    });
    expect(f).toEqual([
      { address: 'azuread_directory_role_assignment.direct_ga', target: 'Global Administrator', message: 'ad000000-0000-4000-8000-000000000001 holds Global Administrator as a standing, direct assignment' },
    ]);
  });
  test('PRM-PIM001 fails for permanent eligibility in a Tier-0 group, and allows the break-glass GA', () => {
    const f = run('PRM-PIM001', {
      tf: (tf) => {
        const s = tf.resource.azuread_privileged_access_group_eligibility_schedule['pim_global_administrator_eligible_ad000000-0000-4000-8000-000000000001'];
        delete s.duration;
        s.permanent_assignment = true;
      },
    });
    expect(f.map((x) => x.message)).toEqual(['ad000000-0000-4000-8000-000000000001 is a permanent eligible member of the Global Administrator group']);
    expect(run('PRM-PIM001')).toEqual([]);
  });
  test('PRM-PIM002 fails without approval and above 4 hours', () => {
    const f = run('PRM-PIM002', {
      tf: (tf) => {
        const rules = tf.resource.azuread_group_role_management_policy.pim_global_administrator.activation_rules;
        rules.require_approval = false;
        rules.maximum_duration = 'PT8H';
      },
    });
    expect(f.map((x) => x.message)).toEqual(['activating Global Administrator needs no approval', 'activating Global Administrator lasts PT8H; at most PT4H is allowed']);
  });
  test('PRM-PIM002 passes at exactly PT4H with approvers', () => {
    expect(run('PRM-PIM002', { tf: (tf) => (tf.resource.azuread_group_role_management_policy.pim_privileged_role_administrator.activation_rules.maximum_duration = 'PT4H') })).toEqual([]);
  });
  test('PRM-PIM003 fails when eligibility never expires', () => {
    const f = run('PRM-PIM003', {
      tf: (tf) => {
        delete tf.resource.azuread_privileged_access_group_eligibility_schedule['pim_security_administrator_eligible_ad000000-0000-4000-8000-000000000008'].duration;
        tf.resource.azuread_group_role_management_policy.pim_security_administrator.eligible_assignment_rules.expiration_required = false;
      },
    });
    expect(f.map((x) => x.target)).toEqual(['Security Administrator', 'Security Administrator']);
  });
  test('PRM-PIM004 is quiet within CISA guidance', () => {
    const f = run('PRM-PIM004', {
      tf: (tf) => {
        const s = tf.resource.azuread_privileged_access_group_eligibility_schedule;
        for (const k of Object.keys(s).filter((k) => k.startsWith('pim_global_administrator_eligible_')).slice(6)) delete s[k];
      },
    });
    expect(f).toEqual([]);
  });
});

describe('telemetry rules', () => {
  test('PRM-TEL001 fails for 30 days of retention and passes for 90', () => {
    expect(run('PRM-TEL001', { tf: (tf) => (tf.resource.azurerm_log_analytics_workspace.identity_telemetry.retention_in_days = 30) }).map((x) => x.message)).toEqual([
      'the workspace keeps logs for 30 days; at least 90 are required',
    ]);
    expect(run('PRM-TEL001', { tf: (tf) => (tf.resource.azurerm_log_analytics_workspace.identity_telemetry.retention_in_days = 90) })).toEqual([]);
  });
  test('PRM-TEL002 fails when policies are live and SignInLogs are not streamed', () => {
    const f = run('PRM-TEL002', {
      tf: (tf) => {
        const d = tf.resource.azurerm_monitor_aad_diagnostic_setting.entra_logs;
        d.enabled_log = d.enabled_log.filter((l: any) => l.category !== 'SignInLogs');
      },
    });
    expect(f).toHaveLength(1);
    expect(f[0]!.message).toMatch(/^CA001, CA002, .* are past off, but no diagnostic setting streams SignInLogs to a workspace$/);
  });
  test('PRM-TEL002 passes when every policy is off', () => {
    expect(
      run('PRM-TEL002', {
        tf: (tf) => {
          delete tf.resource.azurerm_monitor_aad_diagnostic_setting;
          for (const p of Object.values(tf.resource.azuread_conditional_access_policy) as any[]) p.state = 'disabled';
          tf.resource.msgraph_resource.AC001.body.state = 'disabled';
        },
      }),
    ).toEqual([]);
  });
  test('PRM-TEL003 fails in the highest ring without the break-glass rule, not in a lower ring', () => {
    expect(run('PRM-TEL003', { tf: (tf) => delete tf.resource.azurerm_sentinel_alert_rule_nrt.SEN001 }).map((x) => x.message)).toEqual([
      'prod is the highest ring and has no enabled break-glass sign-in rule (SEN001)',
    ]);
    expect(run('PRM-TEL003', { env: 'dev', tf: (tf) => delete tf.resource.azurerm_sentinel_alert_rule_nrt.SEN001 })).toEqual([]);
  });
  test('PRM-TEL003 fails when the rule does not watch a break-glass account', () => {
    const f = run('PRM-TEL003', {
      tf: (tf) => {
        const r = tf.resource.azurerm_sentinel_alert_rule_nrt.SEN001;
        r.query = r.query.replaceAll('b9000000-0000-4000-8000-000000000002', 'someone-else');
      },
    });
    expect(f.map((x) => x.message)).toEqual(['the break-glass sign-in rule does not watch b9000000-0000-4000-8000-000000000002']);
  });
});

describe('PRM-LCK002 directory-sync accounts can reach Entra from their allowed location', () => {
  const SYNC = '5c000000-0000-4000-8000-000000000001';
  test('fails when the sync block excludes the wrong location', () => {
    const f = run('PRM-LCK002', { tf: (tf) => (ca(tf, 'CA019').conditions.locations.excluded_locations = ['${azuread_named_location.corp-egress.object_id}']) });
    expect(f.map((x) => x.message)).toEqual([
      `CA019 blocks directory-sync account ${SYNC} signing in from sync-egress (203.0.113.200)`,
      'CA019 blocks directory-sync account 5c000000-0000-4000-8000-000000000002 signing in from sync-egress (203.0.113.200)',
    ]);
  });
  test('fails when an enabled MFA policy stops excluding a sync account', () => {
    const f = run('PRM-LCK002', { tf: (tf) => (ca(tf, 'CA001').conditions.users.excluded_users = ca(tf, 'CA001').conditions.users.excluded_users.filter((u: string) => u !== SYNC)) });
    expect(f.map((x) => x.message)).toEqual([`CA001 challenges directory-sync account ${SYNC} signing in from sync-egress (203.0.113.200)`]);
  });
  test('report-only policies do not count', () => {
    expect(run('PRM-LCK002', { tf: (tf) => (ca(tf, 'CA019').state = 'enabledForReportingButNotEnforced', ca(tf, 'CA019').conditions.locations.excluded_locations = []) })).toEqual([]);
  });
  test('a country block that may match is a warning naming the deciding input', () => {
    const f = run('PRM-LCK002', { tf: (tf) => (ca(tf, 'CA020').state = 'enabled') });
    expect(f.map((x) => [x.severity, x.message])).toEqual([
      ['warning', `CA020 may block directory-sync account ${SYNC} signing in from sync-egress (203.0.113.200), depending on country`],
      ['warning', 'CA020 may block directory-sync account 5c000000-0000-4000-8000-000000000002 signing in from sync-egress (203.0.113.200), depending on country'],
    ]);
  });
});

describe('App Proxy rules', () => {
  test('PRM-APP001 fails for an app published with passthru', () => {
    const f = run('PRM-APP001', {
      env: 'dev',
      tf: (tf) => (tf.resource.msgraph_update_resource['engineering-wiki_publishing'].body.onPremisesPublishing.externalAuthenticationType = 'passthru'),
    });
    expect(f.map((x) => x.target)).toEqual(['engineering-wiki']);
  });
  test('PRM-APP002 warns for an app nobody is assigned to', () => {
    const f = run('PRM-APP002', { env: 'dev', tf: (tf) => delete tf.resource.azuread_app_role_assignment });
    expect(f.map((x) => x.address)).toEqual(['azuread_application_from_template.engineering-wiki']);
  });
});

describe('PRM-CTX001 a required authentication context is declared, available and enforced', () => {
  const WHO = 'the PIM activation of group pim_conditional_access_administrator (PIM: Conditional Access Administrator) requires authentication context c1';
  const ADDRESS = 'azuread_group_role_management_policy.pim_conditional_access_administrator';
  test('fails when the context is not declared', () => {
    const f = run('PRM-CTX001', { tf: (tf) => delete tf.resource.msgraph_update_resource.authentication_context_c1 });
    expect(f).toEqual([{ address: ADDRESS, target: 'c1', message: `${WHO}, which prod does not declare (authenticationContexts.c1): the activation has no step-up at all` }]);
  });
  test('fails when the context is not available', () => {
    const f = run('PRM-CTX001', { tf: (tf) => (tf.resource.msgraph_update_resource.authentication_context_c1.body.isAvailable = false) });
    expect(f.map((x) => x.message)).toEqual([`${WHO}, but c1 (Privileged action) is not available (isAvailable: false), so nothing can ask for it`]);
  });
  test('fails when no policy targets the context', () => {
    const f = run('PRM-CTX001', { tf: (tf) => delete tf.resource.msgraph_resource.AC001 });
    expect(f.map((x) => x.message)).toEqual([`${WHO}, but no policy targets c1 (Privileged action): the activation has no step-up at all`]);
  });
  test('fails when the policy that targets it is only report-only in the YAML', () => {
    const f = run('PRM-CTX001', {
      tf: (tf) => (tf.resource.msgraph_resource.AC001.body.state = 'enabledForReportingButNotEnforced'),
      environment: (e) => (e.authenticationContexts[0].policy.stage = 'report-only'),
    });
    expect(f.map((x) => x.message)).toEqual([
      `${WHO}, but the policy that targets c1 (Privileged action), AC001 c1 Privileged action: require phishing-resistant MFA and a compliant device, is report-only: it must be enabled, or the activation has no step-up`,
    ]);
  });
  test('the emergency brake does not trip it: the YAML stage counts', () => {
    expect(run('PRM-CTX001', { tf: (tf) => (tf.resource.msgraph_resource.AC001.body.state = 'enabledForReportingButNotEnforced') })).toEqual([]);
  });
  test('a directory role PIM policy in Graph shape that asks for an undeclared context fails too', () => {
    const f = run('PRM-CTX001', {
      tf: (tf) =>
        (tf.resource.msgraph_update_resource.role_policy_rule = {
          url: 'policies/roleManagementPolicies/x/rules/AuthenticationContext_EndUser_Assignment',
          body: { '@odata.type': '#microsoft.graph.unifiedRoleManagementPolicyAuthenticationContextRule', isEnabled: true, claimValue: 'c3' },
        }),
    });
    expect(f).toEqual([
      { address: 'msgraph_update_resource.role_policy_rule', target: 'c3', message: 'msgraph_update_resource.role_policy_rule requires authentication context c3, which prod does not declare (authenticationContexts.c3): the activation has no step-up at all' },
    ]);
  });
});

describe('PRM-LIC001 risk policies stay within the P2 licence', () => {
  const allUsers = (tf: any) => {
    for (const id of ['CA008', 'CA009', 'CA010']) ca(tf, id).conditions.users = { ...ca(tf, id).conditions.users, included_users: ['All'], included_groups: undefined };
  };
  test('warns for every risk policy that targets all users while P2 is partial', () => {
    const f = run('PRM-LIC001', { tf: allUsers, environment: (e) => (e.licensing = { p2: 'partial' }) });
    expect(f.map((x) => x.target)).toEqual(['CA008', 'CA009', 'CA010']);
    expect(f[0]!.message).toBe('CA008 Block high sign-in risk targets all users, but prod licenses Entra ID P2 for part of them only (licensing.p2: partial); set licensing.p2Group');
  });
  test('passes when every user holds P2', () => {
    expect(run('PRM-LIC001', { tf: allUsers, environment: (e) => (e.licensing = { p2: 'all' }) })).toEqual([]);
  });
  test('the risk baseline still counts when CA008 targets the P2 group, and only that group', () => {
    expect(run('PRM-BAS004')).toEqual([]);
    expect(run('PRM-BAS004', { tf: (tf) => (ca(tf, 'CA008').conditions.users.included_groups = ['6f000000-0000-4000-8000-000000000001']) }).map((x) => x.message)).toEqual([
      'prod has no policy that blocks high sign-in risk',
    ]);
  });
});

describe('tenant settings rules', () => {
  /** A settings document's declared values: the local of a report-only check, or the body an enabled one writes. */
  const setting = (tf: any, key: string): any => tf.locals?.[key] ?? tf.resource.msgraph_update_resource[key].body;
  const methodsOff = (tf: any) => {
    for (const k of Object.keys(tf.locals)) if (k.startsWith('settings_authentication_method')) delete tf.locals[k];
    for (const k of Object.keys(tf.check)) if (k.startsWith('settings_authentication_method')) delete tf.check[k];
  };

  test('PRM-LCK004: CA002 enforced with FIDO2 only for a group is an error; report-only a warning; no methods policy a warning', () => {
    const narrow = (tf: any) => (setting(tf, 'settings_authentication_method_fido2').includeTargets = [{ id: '6f000000-0000-4000-8000-000000000001', targetType: 'group', isRegistrationRequired: false }]);
    const narrowOthers = (tf: any) => {
      narrow(tf);
      // Authenticator (passwordless) and TAP (MFA) are weaker than phishing-resistant: they do not count.
      setting(tf, 'settings_authentication_method_microsoftauthenticator').includeTargets[0].id = '6f000000-0000-4000-8000-000000000001';
    };
    const enforced = run('PRM-LCK004', { tf: (tf) => { narrowOthers(tf); ca(tf, 'CA002').state = 'enabled'; } });
    expect(enforced).toEqual([
      expect.objectContaining({
        address: 'azuread_conditional_access_policy.CA002',
        target: 'CA002',
        severity: 'error',
        message: expect.stringMatching(/^CA002 \(enforced\) holds holders of role Global Administrator, .* to phishing-resistant MFA, but no method of that strength is enabled for them \(enabled: FIDO2 security keys and passkeys for group factory-floor-kiosks/),
      }),
      // The c1 step-up (AC001, enforced) asks everyone for phishing-resistant MFA too.
      expect.objectContaining({ address: 'msgraph_resource.AC001', target: 'AC001', severity: 'error', message: expect.stringMatching(/^AC001 \(enforced\) holds all users to phishing-resistant MFA, but no method/) }),
    ]);
    expect(run('PRM-LCK004', { tf: narrow }).map((f) => `${f.target} ${f.severity}`)).toEqual(['CA002 warning', 'AC001 error']);
    expect(run('PRM-LCK004', { tf: methodsOff })).toEqual([
      expect.objectContaining({ target: 'CA002', severity: 'warning', message: expect.stringContaining('does not manage authenticationMethods') }),
      expect.objectContaining({ target: 'AC001', severity: 'warning', message: expect.stringContaining('does not manage authenticationMethods') }),
    ]);
  });

  test('PRM-BG004: FIDO2 for a group that is not break-glass fails; the break-glass group passes', () => {
    const f = run('PRM-BG004', { tf: (tf) => (setting(tf, 'settings_authentication_method_fido2').includeTargets = [{ id: '6f000000-0000-4000-8000-000000000001', targetType: 'group' }]) });
    expect(f).toEqual([
      expect.objectContaining({ target: 'authenticationMethods', message: 'FIDO2 is enabled only for group factory-floor-kiosks: break-glass accounts b9000000-0000-4000-8000-000000000001, b9000000-0000-4000-8000-000000000002 could not use their keys' }),
    ]);
    expect(run('PRM-BG004', { tf: (tf) => (setting(tf, 'settings_authentication_method_fido2').includeTargets = [{ id: '${azuread_group.break_glass_exclusion.object_id}', targetType: 'group' }]) })).toEqual([]);
    expect(run('PRM-BG004', { tf: (tf) => (setting(tf, 'settings_authentication_method_fido2').state = 'disabled') }).map((x) => x.message)).toEqual([
      expect.stringMatching(/^FIDO2 is disabled/),
    ]);
  });

  test('PRM-SET003: SMS enabled warns in the highest ring only', () => {
    const sms = (tf: any) => Object.assign(setting(tf, 'settings_authentication_method_sms'), { state: 'enabled', includeTargets: [{ id: 'all_users', targetType: 'group' }] });
    expect(run('PRM-SET003', { tf: sms })).toEqual([expect.objectContaining({ target: 'authenticationMethods', message: 'SMS is enabled for all_users in the highest ring' })]);
    expect(run('PRM-SET003', { env: 'dev', tf: sms })).toEqual([]);
  });

  test('PRM-SET001: consent to any app, or app registration by members, fails', () => {
    const f = run('PRM-SET001', {
      tf: (tf) => {
        const p = setting(tf, 'settings_authorization_policy').defaultUserRolePermissions;
        p.permissionGrantPoliciesAssigned = ['ManagePermissionGrantsForSelf.microsoft-user-default-legacy', 'ManagePermissionGrantsForOwnedResource.microsoft-dynamically-managed-permissions-for-team'];
        p.allowedToCreateApps = true;
      },
    });
    expect(f.map((x) => x.message)).toEqual([
      'users may consent to apps through ManagePermissionGrantsForSelf.microsoft-user-default-legacy: more than low-impact permissions from verified publishers',
      expect.stringMatching(/^members may register applications \(MS\.AAD\.5\.1\)/),
    ]);
    expect(run('PRM-SET001', { tf: (tf) => (setting(tf, 'settings_authorization_policy').defaultUserRolePermissions.permissionGrantPoliciesAssigned = ['ManagePermissionGrantsForSelf.microsoft-user-default-low']) })).toEqual([]);
  });

  test('PRM-SET002: guests with member access, or invitations from everyone, fail', () => {
    const f = run('PRM-SET002', { env: 'dev', tf: (tf) => Object.assign(setting(tf, 'settings_authorization_policy'), { guestUserRoleId: 'a0b1b346-4d3e-4e8b-98f8-753987be4970', allowInvitesFrom: 'everyone' }) });
    expect(f).toEqual([
      { address: 'msgraph_update_resource.settings_authorization_policy', target: 'authorization', message: 'guests get the guest role User (same access as members); MS.AAD.8.1 allows restricted or limited access' },
      { address: 'msgraph_update_resource.settings_authorization_policy', target: 'authorization', message: 'guests may be invited by everyone; MS.AAD.8.2 allows admins and Guest Inviters only' },
    ]);
  });

  test('PRM-SET004: CA012 past off and the device setting requiring MFA is an error; without deviceRegistration a warning', () => {
    const f = run('PRM-SET004', { env: 'dev', tf: (tf) => (setting(tf, 'settings_device_registration_policy').multiFactorAuthConfiguration = 'required') });
    expect(f).toEqual([expect.objectContaining({ address: 'msgraph_update_resource.settings_device_registration_policy', target: 'deviceRegistration', message: expect.stringMatching(/^CA012 asks for MFA .* requires it too/) })]);
    expect(f[0]!.severity).toBeUndefined();
    // prod holds CA012 off: the same tenant setting is no conflict there.
    expect(run('PRM-SET004', { tf: (tf) => (setting(tf, 'settings_device_registration_policy').multiFactorAuthConfiguration = 'required') })).toEqual([]);
    const unmanaged = run('PRM-SET004', { env: 'dev', tf: (tf) => delete tf.resource.msgraph_update_resource.settings_device_registration_policy });
    expect(unmanaged.map((x) => x.severity)).toEqual(['warning']);
  });

  test('PRM-SET005: PHS not asserted, or a client-owned flag written, fails', () => {
    expect(run('PRM-SET005', { tf: (tf) => (setting(tf, 'settings_directory_sync_features').features.passwordSyncEnabled = false) }).map((x) => x.message)).toEqual([
      'password hash sync (passwordSyncEnabled) is not asserted on: nothing warns when the cloud sign-in fallback is gone',
    ]);
    const written = run('PRM-SET005', {
      env: 'dev',
      tf: (tf) => {
        tf.resource.msgraph_update_resource = { ...tf.resource.msgraph_update_resource, settings_directory_sync_features: { url: 'x', body: { features: { passwordWritebackEnabled: true } } } };
      },
    });
    expect(written.map((x) => x.message)).toContain('writes passwordWritebackEnabled, which the sync client owns');
  });

  test('PRM-SET006: the hard-match block off in the highest ring warns', () => {
    const f = run('PRM-SET006', { tf: (tf) => (setting(tf, 'settings_directory_sync_features').features.blockCloudObjectTakeoverThroughHardMatchEnabled = false) });
    expect(f.map((x) => x.message)).toEqual(['blockCloudObjectTakeoverThroughHardMatchEnabled is not declared true: a synced object can take over a cloud account']);
  });

  test('PRM-PIM005: Global Administrator activation without approval, or notices to nobody, fails', () => {
    const f = run('PRM-PIM005', {
      tf: (tf) => {
        const rules = setting(tf, 'settings_role_policy_global_administrator').rules as any[];
        rules.find((r) => r.id === 'Approval_EndUser_Assignment').setting.isApprovalRequired = false;
        rules.find((r) => r.id === 'Notification_Admin_EndUser_Assignment').notificationRecipients = [];
      },
    });
    expect(f.map((x) => x.message)).toEqual([
      'Global Administrator activation does not need approval (MS.AAD.7.6)',
      'Notification_Admin_EndUser_Assignment notifies no mailbox beyond the default recipients (MS.AAD.7.7-7.8)',
    ]);
  });
});

describe('PRM-STG005 wave order', () => {
  const IT = '6f000000-0000-4000-8000-000000000007';
  const EARLY = '${azuread_group.wave_early-adopters.object_id}';
  test('fails when a twin covers a later wave but not an earlier one', () => {
    const f = run('PRM-STG005', {
      tf: (tf) => {
        ca(tf, 'CA006_waves').conditions.users.included_groups = [EARLY];
        ca(tf, 'CA006').conditions.users.excluded_groups.push(EARLY);
      },
    });
    expect(f).toEqual([
      { address: 'azuread_conditional_access_policy.CA006_waves', target: 'CA006', message: 'CA006 (waves: early-adopters): covers early-adopters but not the earlier it-pilot' },
    ]);
  });
  test('fails when everyone after the waves is further along than the waves', () => {
    const f = run('PRM-STG005', {
      tf: (tf) => {
        ca(tf, 'CA006').state = 'enabled';
        ca(tf, 'CA006_waves').state = 'enabledForReportingButNotEnforced';
      },
    });
    expect(f.map((x) => x.message)).toEqual(['CA006 (waves: it-pilot): CA006 is enabled for everyone after the waves but only report-only for the waves']);
  });
  test('fails when the main policy still covers a wave the twin covers', () => {
    const f = run('PRM-STG005', { tf: (tf) => (ca(tf, 'CA006').conditions.users.excluded_groups = ca(tf, 'CA006').conditions.users.excluded_groups.filter((g: string) => g !== IT)) });
    expect(f.map((x) => x.message)).toEqual(['CA006 (waves: it-pilot): CA006 does not exclude group it-staff (wave it-pilot), which the twin covers']);
  });
  test('fails when a twin includes a group that is no wave', () => {
    const f = run('PRM-STG005', { tf: (tf) => ca(tf, 'CA006_waves').conditions.users.included_groups.push('6f000000-0000-4000-8000-000000000002') });
    expect(f.map((x) => x.message)).toEqual([
      'CA006 (waves: it-pilot, group hr-staff): includes group hr-staff, which is not a wave group',
      'CA006 (waves: it-pilot, group hr-staff): CA006 does not exclude group hr-staff, which the twin covers',
    ]);
  });
  test('passes when the brake holds the waves at the stage of everyone else', () => {
    expect(run('PRM-STG005', { tf: (tf) => (ca(tf, 'CA006_waves').state = 'enabledForReportingButNotEnforced') })).toEqual([]);
  });
});

describe('PRM-STG006 a wave twin is its policy, for its waves', () => {
  test('fails when the twin drops an exclusion of its policy', () => {
    const f = run('PRM-STG006', { tf: (tf) => ca(tf, 'CA006_waves').conditions.users.excluded_users.pop() });
    expect(f).toEqual([
      { address: 'azuread_conditional_access_policy.CA006_waves', target: 'CA006', message: 'CA006 (waves: it-pilot) differs from CA006 in its excluded users' },
    ]);
  });
  test('fails when the twin has other controls', () => {
    const f = run('PRM-STG006', { tf: (tf) => (ca(tf, 'CA006_waves').grant_controls.built_in_controls = ['compliantDevice']) });
    expect(f.map((x) => x.message)).toEqual(['CA006 (waves: it-pilot) differs from CA006 in its grant']);
  });
  test('passes for a twin at another state and name that covers more waves', () => {
    const f = run('PRM-STG006', {
      tf: (tf) => {
        ca(tf, 'CA006_waves').state = 'disabled';
        ca(tf, 'CA006_waves').conditions.users.included_groups.push('${azuread_group.wave_early-adopters.object_id}');
        ca(tf, 'CA006').conditions.users.excluded_groups.push('${azuread_group.wave_early-adopters.object_id}');
      },
    });
    expect(f).toEqual([]);
  });
});

describe('PRM-BG005 wave groups hold no break-glass or sync account', () => {
  test('fails when a wave group perimeter creates has a break-glass account or a sync account as a member', () => {
    const f = run('PRM-BG005', {
      tf: (tf) => {
        const g = tf.resource.azuread_group['wave_early-adopters'];
        delete g.dynamic_membership;
        delete g.types;
        g.members = ['b9000000-0000-4000-8000-000000000001', '5c000000-0000-4000-8000-000000000002', 'e0000000-0000-4000-8000-000000000001'];
      },
    });
    expect(f.map((x) => x.message)).toEqual([
      'the group of wave early-adopters ("CA rollout wave - early adopters") has break-glass account 1 (b9000000-0000-4000-8000-000000000001) as a member',
      'the group of wave early-adopters ("CA rollout wave - early adopters") has directory-sync account 2 (5c000000-0000-4000-8000-000000000002) as a member',
    ]);
  });
});

describe('PRM-COV001 coverage invariants hold at some stage', () => {
  const USER = 'e1000000-0000-4000-8000-000000000099';
  const excludeFromMfa = (tf: any) => ca(tf, 'CA001').conditions.users.excluded_users.push(USER);
  test('an exclusion from the MFA policy that nothing else covers is an error in the highest ring, with the gap sentence', () => {
    const f = run('PRM-COV001', { tf: excludeFromMfa });
    expect(f.map((x) => [x.target, x.severity])).toEqual([['member-mfa', 'error']]);
    expect(f[0]!.message).toContain(`prod: member-mfa fails (every member sign-in needs MFA or is blocked, for every app, client, platform and location): user ${USER} → `);
    expect(f[0]!.message).toContain(`: nothing required (CA001 excludes user ${USER})`);
  });
  test('is a warning in a lower ring', () => {
    expect(run('PRM-COV001', { env: 'dev', tf: excludeFromMfa }).map((x) => [x.target, x.severity])).toEqual([['member-mfa', 'warning']]);
  });
  test('a report-only or off policy that closes the gap counts: the gap is in the rollout, not the design', () => {
    expect(run('PRM-COV001', { tf: (tf) => (ca(tf, 'CA001').state = 'disabled') })).toEqual([]);
  });
});

// Last on purpose: the tests above record every rule they made fail.
test('every synth rule has a failing case: a mutation of the sample that it reports', () => {
  expect(RULES.filter((r) => r.check && !failingCases.has(r.id)).map((r) => r.id)).toEqual([]);
});
