import { join } from 'node:path';
import { loadEnvironmentFile } from '../../cli/environments';
import { readSynthesizedStack } from '../model/read';
import { compileEnvironment } from './compile';
import { formatProof } from './format';
import { proveBreakGlass } from './lockout';
import { SAMPLE_DIR, synthStacks, type TfJson } from '../../__tests__/helpers/synth';
import { declaredFacts } from '../../environment/declared';

const stacks = synthStacks();
const envOf = (name: string) => loadEnvironmentFile(join(SAMPLE_DIR, `${name}.yaml`)).environment!;
const BG = ['b9000000-0000-4000-8000-000000000001', 'b9000000-0000-4000-8000-000000000002'];

type Policy = { state: string; conditions: { users: Record<string, unknown>; [k: string]: unknown }; [k: string]: unknown };

/** A deep copy of the prod stack with its policies edited. */
function brokenProd(edit: (policies: Record<string, Policy>) => void): ReturnType<typeof compileEnvironment> {
  const tf = JSON.parse(JSON.stringify(stacks.prod)) as TfJson;
  edit(tf.resource.azuread_conditional_access_policy as unknown as Record<string, Policy>);
  return compileEnvironment(readSynthesizedStack(tf, { declared: declaredFacts(envOf('prod')) }));
}

test.each(Object.keys(stacks).sort())('%s: no enforced policy can block or challenge a break-glass account', (name) => {
  const environment = envOf(name);
  const proof = proveBreakGlass(compileEnvironment(readSynthesizedStack(stacks[name]!, { declared: declaredFacts(environment) })));
  expect(proof.problems).toEqual([]);
  expect(proof.counterexample).toBeUndefined();
  expect(proof.proved).toBe(true);
  expect(proof.accounts).toEqual(environment.breakGlass.accounts);
  expect(proof.reportOnlyThreats).toEqual([]);
  // The search really spans the space: every dimension has more than one class.
  expect(proof.classes.map((c) => c.dimension)).toEqual(['users', 'application', 'clientApps', 'devicePlatform', 'location', 'devices', 'signInRisk', 'userRisk', 'authenticationFlow']);
  for (const c of proof.classes) expect([c.dimension, c.count > 1]).toEqual([c.dimension, true]);
  expect(proof.space).toBeGreaterThan(1_000_000);
  expect(proof.millis).toBeLessThan(2000);
});

test('a block policy that lost its break-glass exclusions is refuted with a legacy-client counterexample', () => {
  const env = brokenProd((p) => {
    p.CA003!.conditions.users = { included_users: ['All'] };
  });
  const proof = proveBreakGlass(env);
  expect(proof.proved).toBe(false);
  const c = proof.counterexample!;
  expect(c.policies).toEqual(['CA003']);
  expect(BG).toContain(c.signIn.user.id);
  expect(['exchangeActiveSync', 'other']).toContain(c.signIn.clientApp);
  expect(c.result.decision).toBe('block');
  expect(c.result.blockedBy.map((b) => b.policy)).toContain('CA003');
  const text = formatProof(env, proof);
  expect(text).toContain('Break-glass lockout proof for prod: FAILED');
  expect(text).toContain('Counterexample: CA003 blocks or challenges this sign-in:');
  expect(text).toContain('\n  CA003 Block legacy authentication: block (because users: All; apps: All; client apps: exchangeActiveSync, other)');
});

test('excluding only one of the two accounts is refuted with the other account', () => {
  const env = brokenProd((p) => {
    p.CA001!.conditions.users = { included_users: ['All'], excluded_users: [BG[0]] };
  });
  const proof = proveBreakGlass(env);
  expect(proof.counterexample!.signIn.user.id).toBe(BG[1]);
  expect(proof.counterexample!.policies).toEqual(['CA001']);
});

test('a gap only in one location class is found (unknown or unnamed country)', () => {
  const env = brokenProd((p) => {
    p.CA020!.state = 'enabled';
    p.CA020!.conditions.users = { included_users: ['All'], excluded_users: [BG[0]] , excluded_groups: [] };
  });
  const proof = proveBreakGlass(env);
  const c = proof.counterexample!;
  expect(c.policies).toEqual(['CA020']);
  expect(c.signIn.user.id).toBe(BG[1]);
  expect(['GB', 'DE', 'IN']).not.toContain(c.signIn.country);
});

test('an admin policy without exclusions catches break-glass through its Global Administrator role', () => {
  const env = brokenProd((p) => {
    p.CA002!.state = 'enabled';
    p.CA002!.conditions.users = { included_roles: ['62e90394-69f5-4237-9190-012177145e10'] };
  });
  const proof = proveBreakGlass(env);
  expect(proof.counterexample!.policies).toEqual(['CA002']);
  expect(proof.counterexample!.signIn.user.roles).toContain('62e90394-69f5-4237-9190-012177145e10');
});

test('a report-only policy that would lock break-glass out is reported without failing the proof', () => {
  const env = brokenProd((p) => {
    p.CA016!.conditions.users = { included_users: ['All'] };
  });
  const proof = proveBreakGlass(env);
  expect(proof.proved).toBe(true);
  expect(proof.reportOnlyThreats).toEqual(['CA016']);
  expect(formatProof(env, proof)).toContain('Warning: report-only CA016 would block or challenge a break-glass account once enabled.');
});

test('without any break-glass account nothing is proved', () => {
  const tf = JSON.parse(JSON.stringify(stacks.prod)) as TfJson;
  (tf.resource.azuread_group!.break_glass_exclusion as Record<string, unknown>).members = [];
  const proof = proveBreakGlass(compileEnvironment(readSynthesizedStack(tf, { name: 'prod' })));
  expect(proof.proved).toBe(false);
  expect(proof.problems).toContain("no break-glass accounts: neither the environment file nor the stack's break_glass_exclusion group names any");
});

test('a policy that includes a group the stack does not manage is refuted: the account may be a member', () => {
  const env = brokenProd((p) => {
    p.CA001!.conditions.users = { included_groups: ['6f000000-0000-4000-8000-000000000001'] };
  });
  const proof = proveBreakGlass(env);
  expect(proof.counterexample!.policies).toEqual(['CA001']);
  // Every group a policy includes at once: the P2 group (licensing.p2Group) and the it-pilot wave's group (CA006_waves).
  expect(proof.counterexample!.signIn.user.groups).toEqual(['6f000000-0000-4000-8000-000000000001', '6f000000-0000-4000-8000-000000000007', '6f000000-0000-4000-8000-000000000005']);
});
