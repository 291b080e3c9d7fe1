import { loadMutated } from '../../__tests__/helpers/synth';
import { declaredFacts } from '../../environment/declared';

test('without coverage: the built-in invariants apply as they are', () => {
  const { environment, problems } = loadMutated('prod', (e) => delete e.coverage);
  expect(problems).toEqual([]);
  expect(environment!.coverage).toBeUndefined();
  expect(declaredFacts(environment!).coverage).toBeUndefined();
});

test('coverage: resolves app and group keys to ids, and reaches the declared facts analysis reads', () => {
  const { environment, problems } = loadMutated('prod', (env) => {
    env.coverage = {
      disable: [{ invariant: 'unmanaged-bounded-session', reason: 'Sessions are bounded by the VDI broker (CHG-1234).' }],
      deviceCodeFlow: { allowApps: ['partner-portal'], allowGroups: ['factory-floor-kiosks'] },
      invariants: [{ id: 'finance-phishing-resistant', title: 'finance staff use phishing-resistant MFA for the ERP', groups: ['finance-staff'], apps: ['finance-erp', 'Office365'], require: 'phishingResistant' }],
    };
  });
  expect(problems).toEqual([]);
  expect(declaredFacts(environment!).coverage).toEqual({
    disabled: [{ invariant: 'unmanaged-bounded-session', reason: 'Sessions are bounded by the VDI broker (CHG-1234).' }],
    deviceCodeFlowAllowed: { apps: ['a0000000-0000-4000-8000-00000000c001'], groups: ['6f000000-0000-4000-8000-000000000001'] },
    invariants: [
      {
        id: 'finance-phishing-resistant',
        title: 'finance staff use phishing-resistant MFA for the ERP',
        personas: [],
        groups: ['6f000000-0000-4000-8000-000000000004'],
        apps: ['a0000000-0000-4000-8000-00000000f001', 'Office365'],
        clients: [],
        outsideTrustedLocations: false,
        unmanagedDevices: false,
        require: 'phishingResistant',
      },
    ],
  });
});

test('every mistake is reported at once, with the line and key path', () => {
  const { problems } = loadMutated('prod', (env) => {
    env.coverage = {
      disable: [{ invariant: 'member-mfa', reason: 'short' }, { invariant: 'no-such-invariant', reason: 'a long enough reason' }],
      deviceCodeFlow: { allowApps: ['nosuch-app'] },
      invariants: [
        { id: 'member-mfa', title: 'a clash with a built-in id', require: 'mfa' },
        { id: 'both', title: 'personas and groups together', personas: ['members'], groups: ['ghost-group'], require: 'sometimes' },
      ],
    };
  });
  expect(problems.map((p) => p.replace(/^prod\.yaml:\d+: /, ''))).toEqual([
    'coverage.disable[0].reason: must say why, in at least 10 characters (got "short")',
    expect.stringMatching(/^coverage\.disable\[1\]\.invariant: .*member-mfa.*unmanaged-bounded-session/),
    expect.stringMatching(/^coverage\.invariants\[1\]\.require: .*block.*boundedSession/),
  ]);
  const second = loadMutated('prod', (env) => {
    env.coverage = {
      deviceCodeFlow: { allowApps: ['nosuch-app'] },
      invariants: [
        { id: 'member-mfa', title: 'a clash with a built-in id', require: 'mfa' },
        { id: 'both', title: 'personas and groups together', personas: ['members'], groups: ['ghost-group'], require: 'mfa' },
      ],
    };
  });
  expect(second.problems.map((p) => p.replace(/^prod\.yaml:\d+: /, ''))).toEqual([
    'coverage.invariants[0].id: member-mfa is already an invariant (built in); give this one its own id',
    'coverage.invariants[1].groups: give personas or groups, not both: groups already names who is in scope',
    expect.stringMatching(/^coverage\.invariants\[1\]\.groups\[0\]: group "ghost-group" is not defined under groups \(defined groups: engineering-staff, factory-floor-kiosks, finance-staff, hr-staff, it-staff, p2-licensed\)$/),
    expect.stringMatching(/^coverage\.deviceCodeFlow\.allowApps\[0\]: app "nosuch-app" is not defined under apps \(defined apps: /),
  ]);
  expect(second.problems.every((p) => /^prod\.yaml:\d+: /.test(p))).toBe(true);
});
