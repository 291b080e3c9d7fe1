import { join } from 'node:path';
import { loadEnvironmentFile } from '../../cli/environments';
import { SAMPLE_DIR, synthStacks, type TfJson } from '../../__tests__/helpers/synth';
import { declaredFacts } from '../../environment/declared';
import { readSynthesizedStack } from '../model/read';
import type { DeclaredFacts } from '../model/types';
import { coverageChanges } from './changes';
import { analyseCoverage } from './coverage';
import { personaBaseline } from './personas-baseline';

const stacks = synthStacks();
const declaredOf = (name: string) => declaredFacts(loadEnvironmentFile(join(SAMPLE_DIR, `${name}.yaml`)).environment!);
const sample = (name: string, declared: DeclaredFacts = declaredOf(name)) => readSynthesizedStack(stacks[name]!, { declared });
type Policies = Record<string, any>;
function edited(name: string, edit: (p: Policies) => void, declared: DeclaredFacts = declaredOf(name)) {
  const tf = structuredClone(stacks[name]) as TfJson;
  edit(tf.resource.azuread_conditional_access_policy as Policies);
  return readSynthesizedStack(tf, { declared });
}
const verdicts = (r: ReturnType<typeof analyseCoverage>['report']) => Object.fromEntries(r.invariants.map((i) => [i.id, `${i.verdict}/${i.withReportOnly.verdict}`]));

/** CA001 stops asking b2bCollaborationGuest for MFA, and CA014 (now enforced) never asks mobile and desktop clients. */
const weakened = (p: Policies) => {
  p.CA014.state = 'enabled';
  p.CA001.conditions.users.excluded_guests_or_external_users = [{ external_tenants: [{ membership_kind: 'all' }], guest_or_external_user_types: ['b2bCollaborationGuest'] }];
  p.CA014.conditions.client_app_types = ['browser', 'exchangeActiveSync', 'other'];
};

test('prod: what is enforced today, and what the report-only policies would prove once enabled', () => {
  const { report } = analyseCoverage(sample('prod'));
  expect(verdicts(report)).toEqual({
    'member-mfa': 'PROVED/PROVED',
    'privileged-phishing-resistant': 'FAILS/PROVED',
    'legacy-blocked': 'PROVED/PROVED',
    'guest-mfa': 'PROVED/PROVED',
    // high-sign-in-risk-blocked and high-user-risk-password-change are off in prod (coverage.disable: P2 covers a segment only).
    'device-code-blocked': 'PROVED/PROVED',
    'unmanaged-bounded-session': 'FAILS/PROVED',
  });
  const privileged = report.invariants.find((i) => i.id === 'privileged-phishing-resistant')!;
  expect(privileged.gaps.map((g) => g.sentence)).toEqual([
    'every privileged role holder (25 roles) → any app but authentication context c1 → browser and mobile apps and desktop clients → any platform → any location → any device → any flow but device code flow: MFA (CA002 would, but is report-only; CA006 would, but is report-only)',
  ]);
  // The space really is split: every dimension has more than one class, and the product is large.
  for (const [d, n] of Object.entries(report.classes)) expect([d, n > 1]).toEqual([d, true]);
  expect(report.space).toBeGreaterThan(10_000_000);
  expect(report.problems).toEqual([]);
});

test('a deliberately weakened policy set shows the exact gap, the exclusion without a fallback and the matrix cell', () => {
  const { report } = analyseCoverage(edited('prod', weakened));
  const guests = report.invariants.find((i) => i.id === 'guest-mfa')!;
  expect(guests.verdict).toBe('FAILS');
  expect(guests.gaps.map((g) => g.sentence)).toEqual([
    'guests (b2bCollaborationGuest) → any app but authentication context c1 → mobile apps and desktop clients → any platform → any location → any device → any flow but device code flow: nothing required (CA001 excludes guests (b2bCollaborationGuest); CA006 excludes guests (b2bCollaborationGuest); CA011 excludes guests (b2bCollaborationGuest))',
  ]);
  const region = guests.gaps[0]!.region;
  expect(region.persona).toEqual(['guests (b2bCollaborationGuest)']);
  expect(region.client).toEqual(['mobile apps and desktop clients']);
  // CA008 blocks high sign-in risk for the P2 group only (licensing.p2Group), so the gap takes in high risk too.
  expect(region.signInRisk).toContain('sign-in risk high');
  expect(region.flow).toEqual(['no special flow', 'authentication transfer']);
  expect(report.matrix['guests (b2bCollaborationGuest)']!['Office365 (its other apps)']).toBe('nothing');
  expect(report.matrix['guests (b2bCollaborationMember)']!['Office365 (its other apps)']).toBe('mfa');
  expect(report.exclusions.filter((e) => e.finding).map((e) => `${e.policy} ${e.excluded} ${e.heldTo}`)).toEqual([
    'CA001 guests (b2bCollaborationGuest) nothing',
    'CA006 guests (internalGuest, b2bCollaborationGuest, b2bCollaborationMember, b2bDirectConnectUser, otherExternalUser, serviceProvider) nothing',
    'CA006_waves guests (internalGuest, b2bCollaborationGuest, b2bCollaborationMember, b2bDirectConnectUser, otherExternalUser, serviceProvider) nothing',
  ]);
  // Every other invariant is as before.
  expect(report.invariants.filter((i) => i.id !== 'guest-mfa').map((i) => i.verdict)).toEqual(analyseCoverage(sample('prod')).report.invariants.filter((i) => i.id !== 'guest-mfa').map((i) => i.verdict));
});

test('an exclusion that leaves people with another policy is reported, not a finding; break-glass exclusions are by design', () => {
  const { report } = analyseCoverage(sample('prod'));
  expect(report.exclusions.filter((e) => !e.byDesign)).toEqual([
    { policy: 'CA006', excluded: 'group factory-floor-kiosks', heldTo: 'mfa', finding: false },
    // The it-pilot wave leaves the main policy while its twin enforces CA006 for it.
    { policy: 'CA006', excluded: 'group it-staff (wave it-pilot)', heldTo: 'mfa', finding: false },
    { policy: 'CA006', excluded: 'guests (internalGuest, b2bCollaborationGuest, b2bCollaborationMember, b2bDirectConnectUser, otherExternalUser, serviceProvider)', heldTo: 'mfa', finding: false },
    // The twin carries every exclusion of its policy.
    { policy: 'CA006_waves', excluded: 'group factory-floor-kiosks', heldTo: 'mfa', finding: false },
    { policy: 'CA006_waves', excluded: 'guests (internalGuest, b2bCollaborationGuest, b2bCollaborationMember, b2bDirectConnectUser, otherExternalUser, serviceProvider)', heldTo: 'mfa', finding: false },
  ]);
  expect(report.exclusions.some((e) => e.byDesign && e.excluded.startsWith('break-glass account'))).toBe(true);
  expect(report.exclusions.every((e) => !e.finding)).toBe(true);
});

test('dead policies: overridden everywhere they apply, or never applying', () => {
  const { report } = analyseCoverage(sample('prod'));
  // CA001 already asks everyone for MFA everywhere CA013, CA014 and CA021 would.
  expect(report.deadPolicies.map((d) => d.policy)).toEqual(['CA013', 'CA014', 'CA021']);
  const never = analyseCoverage(edited('prod', (p) => (p.CA008.conditions.client_app_types = ['browser'], (p.CA008.conditions.platforms = { included_platforms: ['iOS'], excluded_platforms: ['iOS'] }))));
  expect(never.report.deadPolicies.find((d) => d.policy === 'CA008')).toEqual({ policy: 'CA008', state: 'enabled', why: 'can never apply: no platform matches its conditions' });
});

test('coverage: in the environment file turns an invariant off with its reason, allows device code flow, and adds invariants', () => {
  const declared = declaredOf('prod');
  const withCoverage: DeclaredFacts = {
    ...declared,
    coverage: {
      disabled: [{ invariant: 'unmanaged-bounded-session', reason: 'sessions are bounded by the VDI broker (CHG-1)' }],
      deviceCodeFlowAllowed: { apps: [], groups: [] },
      invariants: [
        { id: 'finance-phishing-resistant', title: 'finance staff use phishing-resistant MFA for the ERP', personas: [], groups: ['6f000000-0000-4000-8000-000000000004'], apps: ['a0000000-0000-4000-8000-00000000f001'], clients: [], outsideTrustedLocations: false, unmanagedDevices: false, require: 'phishingResistant' },
      ],
    },
  };
  const { report } = analyseCoverage(sample('prod', withCoverage));
  expect(report.invariants.map((i) => i.id)).not.toContain('unmanaged-bounded-session');
  const finance = report.invariants.find((i) => i.id === 'finance-phishing-resistant')!;
  // No policy names the finance group, so its members are plain members: the class of every member.
  expect(finance.verdict).toBe('FAILS');
  expect(finance.gaps[0]!.region.app).toEqual(['finance-erp']);
});

test('the diff names what a change removes, in one sentence per region, and the verdicts it flips', () => {
  const changes = coverageChanges(sample('prod'), edited('prod', weakened));
  expect(changes.removed).toEqual([
    'this change removes the MFA requirement for guests (b2bCollaborationGuest) on any app but authentication context c1 from mobile apps and desktop clients, any flow but device code flow: now nothing is required',
  ]);
  expect(changes.added).toEqual([]);
  expect(changes.verdicts.map((v) => v.slice(0, v.indexOf(' (')))).toEqual(['guest-mfa: PROVED -> FAILS']);
  const back = coverageChanges(edited('prod', weakened), sample('prod'));
  expect(back.added).toEqual([
    'this change adds the MFA requirement for guests (b2bCollaborationGuest) on any app but authentication context c1 from mobile apps and desktop clients, any flow but device code flow: nothing was required before',
  ]);
  expect(coverageChanges(sample('prod'), sample('prod'))).toEqual({ removed: [], added: [], verdicts: [] });
});

test('unmanaged policies count: an adopted policy that requires MFA of everyone closes a gap the stack leaves', () => {
  const declared = declaredOf('prod');
  const graph = { conditions: { users: { includeUsers: ['All'], excludeUsers: declared.breakGlassAccounts }, applications: { includeApplications: ['All'] }, clientAppTypes: ['all'] }, grantControls: { operator: 'OR', builtInControls: ['mfa'] } };
  const unmanaged = { source: { file: 'prod.unmanaged.json' }, originalId: '0d000000-0000-4000-8000-000000000001', displayName: 'Legacy MFA for everyone', state: 'enabled' as const, graph, unexpressible: [], notes: [], declarable: true };
  const gap = edited('prod', (p) => p.CA001.conditions.users.excluded_users.push('e1000000-0000-4000-8000-000000000099'));
  expect(analyseCoverage(gap).report.invariants.find((i) => i.id === 'member-mfa')!.verdict).toBe('FAILS');
  const closed = edited('prod', (p) => p.CA001.conditions.users.excluded_users.push('e1000000-0000-4000-8000-000000000099'), { ...declared, unmanagedPolicies: [unmanaged] });
  expect(analyseCoverage(closed).report.invariants.find((i) => i.id === 'member-mfa')!.verdict).toBe('PROVED');
});

test('the persona baseline generator builds sets of any size, persona by persona', () => {
  const m = personaBaseline(200);
  expect(m.policies).toHaveLength(200);
  expect(m.policies[0]!.displayName).toBe('CA001-Global-BaseProtection-AllApps-AnyPlatform-MFA');
  expect(m.policies[1]!.conditions.users.includeGroups.map((g) => g.id)).toEqual(['9a000000-0000-4000-8000-000000000001']);
  expect(new Set(m.policies.map((p) => p.conditions.users.excludeGroups[1]!.id)).size).toBe(200);
  const { report } = analyseCoverage(m);
  // Each persona's exclusion group from its own MFA policy is a gap the proof names.
  const gaps = report.invariants.find((i) => i.id === 'member-mfa')!.gaps;
  expect(gaps.length).toBeGreaterThan(0);
  for (const g of gaps) {
    expect(g.region.persona).toEqual(['members of 9e000000-0000-4000-8000-000000000000']);
    expect(g.sentence).toContain(': nothing required (CA001 excludes members of 9e000000-0000-4000-8000-000000000000)');
  }
});
