/**
 * authenticationContexts: what the section refuses at load, what synth emits at each stage,
 * and that analysis (model, What If, lockout proof, report, diff) reads the context policy
 * like every other policy.
 */
import { join } from 'node:path';
import { loadEnvironmentFile } from '../../cli/environments';
import { readSynthesizedStack } from '../../analysis/model/read';
import type { DeclaredModel } from '../../analysis/model/types';
import { excludesBreakGlassGroup } from '../../analysis/model/queries';
import { compileEnvironment } from '../../analysis/whatif/compile';
import { evaluate } from '../../analysis/whatif/evaluate';
import { resolveSignIn } from '../../analysis/whatif/input';
import { proveBreakGlass } from '../../analysis/whatif/lockout';
import { buildReport } from '../../analysis/report/document';
import { renderMarkdown } from '../../analysis/report/render';
import { diffEnvironment, diffLines } from '../../analysis/diff/compare';
import { dangerousChanges } from '../../analysis/diff/dangerous';
import { nameObject } from '../../analysis/plan/names';
import { declaredFacts } from '../../environment/declared';
import { REPORT_SECTIONS } from '../registry';
import { loadMutated, mutateSample, resourcesOf, SAMPLE_DIR, synthStacks, writeEnvironments, type TfJson } from '../../__tests__/helpers/synth';

const problemsOf = (edit: (env: Record<string, any>) => void): string[] => loadMutated('prod', edit).problems;

function modelOf(tf: TfJson, dir: string, name: string): DeclaredModel {
  const environment = loadEnvironmentFile(join(dir, `${name}.yaml`), dir).environment!;
  return readSynthesizedStack(tf, { name, declared: declaredFacts(environment) }) as DeclaredModel;
}

const stacks = synthStacks();
const prod = () => modelOf(stacks.prod!, SAMPLE_DIR, 'prod');

describe('the section refuses what cannot work, at load, with the key path', () => {
  test('a context id outside c1-c25', () => {
    expect(problemsOf((e) => (e.authenticationContexts.c26 = { name: 'Too far' }))).toEqual([
      expect.stringMatching(/^prod\.yaml:\d+: authenticationContexts\.c26: the key "c26" must be an authentication context id: c1 to c25$/),
    ]);
  });
  test('a policy that requires nothing', () => {
    expect(
      problemsOf((e) => {
        e.authenticationContexts.c1.policy = { stage: 'enabled' };
      }),
    ).toEqual([expect.stringMatching(/authenticationContexts\.c1\.policy: requires nothing: set authenticationStrength, compliantDevice: true, or both/)]);
  });
  test('an unknown strength names the allowed ones', () => {
    expect(problemsOf((e) => (e.authenticationContexts.c1.policy.authenticationStrength = 'strong')).join('\n')).toContain('authenticationContexts.c1.policy.authenticationStrength');
  });
  test('a PIM role that asks for a context the file does not declare', () => {
    expect(problemsOf((e) => delete e.authenticationContexts)).toEqual([
      expect.stringMatching(
        /^prod\.yaml:\d+: pim\.roles\.Conditional Access Administrator\.authenticationContext: asks for authentication context c1, which authenticationContexts does not declare \(none are declared\); declare it with a policy, or the activation has no step-up at all$/,
      ),
    ]);
  });
  test('a PIM role that asks for a declared context without a policy', () => {
    expect(problemsOf((e) => delete e.authenticationContexts.c1.policy)).toEqual([
      expect.stringMatching(/pim\.roles\.Conditional Access Administrator\.authenticationContext: asks for authentication context c1 \(Privileged action\), but authenticationContexts\.c1 has no policy/),
    ]);
  });
});

describe('synth', () => {
  test('the context is a PATCH upsert of its own id, the policy a Graph policy that depends on it', () => {
    const tf = stacks.prod!;
    expect(resourcesOf(tf, 'msgraph_update_resource').authentication_context_c1).toMatchObject({
      url: 'identity/conditionalAccess/authenticationContextClassReferences/c1',
      body: { displayName: 'Privileged action', description: 'Step-up for privileged activations through PIM', isAvailable: true },
    });
    const policy = resourcesOf(tf, 'msgraph_resource').AC001 as any;
    expect(policy.url).toBe('identity/conditionalAccess/policies');
    expect(policy.depends_on).toEqual(['msgraph_update_resource.authentication_context_c1']);
    expect(policy.lifecycle).toEqual({ prevent_destroy: true });
    expect(policy.body.conditions.applications).toEqual({ includeAuthenticationContextClassReferences: ['c1'] });
    expect(policy.body.conditions.users).toEqual({
      includeUsers: ['All'],
      excludeUsers: ['b9000000-0000-4000-8000-000000000001', 'b9000000-0000-4000-8000-000000000002'],
      excludeGroups: ['${azuread_group.break_glass_exclusion.object_id}'],
    });
    expect(policy.body.grantControls).toEqual({ operator: 'AND', builtInControls: ['compliantDevice'], authenticationStrength: { id: '00000000-0000-0000-0000-000000000004' } });
  });

  test.each([
    ['off', 'disabled'],
    ['report-only', 'enabledForReportingButNotEnforced'],
  ])('a policy at %s is synthesized %s; one strength alone is an OR of one', (stage, state) => {
    const dir = writeEnvironments({
      dev: mutateSample('dev', (e) => {
        e.authenticationContexts.c2 = { name: 'Sensitive data', isAvailable: false, policy: { stage, authenticationStrength: 'mfa' } };
      }),
    });
    const tf = synthStacks(dir).dev!;
    const policy = resourcesOf(tf, 'msgraph_resource').AC002 as any;
    expect(policy.body.state).toBe(state);
    expect(policy.body.displayName).toBe('AC002 c2 Sensitive data: require MFA');
    expect(policy.body.grantControls).toEqual({ operator: 'OR', builtInControls: [], authenticationStrength: { id: '00000000-0000-0000-0000-000000000002' } });
    expect((resourcesOf(tf, 'msgraph_update_resource').authentication_context_c2 as any).body).toEqual({ displayName: 'Sensitive data', isAvailable: false });
  });

  test('an environment without authenticationContexts has no context resources', () => {
    const dir = writeEnvironments({
      dev: mutateSample('dev', (e) => {
        delete e.authenticationContexts;
        delete e.suppressions;
      }),
    });
    const tf = synthStacks(dir).dev!;
    expect(Object.keys(resourcesOf(tf, 'msgraph_update_resource')).filter((k) => k.startsWith('authentication_context_'))).toEqual([]);
    expect(resourcesOf(tf, 'msgraph_resource').AC001).toBeUndefined();
  });
});

describe('analysis reads the context policy like every other policy', () => {
  test('the model: Graph vocabulary, the context labelled, the break-glass group as a reference', () => {
    const model = prod();
    const p = model.policy('AC001')!;
    expect(p.address).toBe('msgraph_resource.AC001');
    expect(p.authenticationContextPolicy).toBe(true);
    expect(p.state).toBe('enabled');
    expect(p.conditions.applications.includeAuthenticationContexts).toEqual([{ id: 'c1', label: 'authentication context c1 (Privileged action)' }]);
    expect(p.conditions.applications.includeApplications).toEqual([]);
    expect(p.conditions.users.includeUsers.map((u) => u.id)).toEqual(['All']);
    expect(excludesBreakGlassGroup(p)).toBe(true);
    expect(p.grantControls).toMatchObject({ operator: 'AND', builtInControls: ['compliantDevice'], authenticationStrength: { id: '00000000-0000-0000-0000-000000000004' } });
    expect(model.authenticationContexts).toEqual([
      { id: 'c1', address: 'msgraph_update_resource.authentication_context_c1', displayName: 'Privileged action', description: 'Step-up for privileged activations through PIM', isAvailable: true },
    ]);
  });

  test('What If: a sign-in that asks for c1 needs the step-up; one to an app does not meet AC001 at all', () => {
    const model = prod();
    const env = compileEnvironment(model);
    const base = { user: 'member', client: 'browser', platform: 'windows', ip: '203.0.113.11', country: 'GB' };
    const stepUp = resolveSignIn({ ...base, authenticationContext: 'c1', device: 'registered' }, model);
    expect(stepUp.problems).toEqual([]);
    const r = evaluate(env, stepUp.signIn!);
    expect(r.requirements.map((q) => q.policy).sort()).toEqual(['AC001', 'CA001']);
    expect(r.requirements.find((q) => q.policy === 'AC001')!.status).toBe('unsatisfiable');
    expect(r.decision).toBe('block');
    const app = evaluate(env, resolveSignIn({ ...base, app: 'Office365', device: 'compliant' }, model).signIn!);
    expect(app.policies.find((p) => p.id === 'AC001')!.reasons).toEqual(['application']);
  });

  test('What If input: an unknown context, or a context and an app together, are refused', () => {
    const model = prod();
    const base = { user: 'member', client: 'browser', platform: 'windows' };
    expect(resolveSignIn({ ...base, authenticationContext: 'c99' }, model).problems).toEqual([{ field: 'authenticationContext', message: '"c99" is not an authentication context id; use c1 to c25' }]);
    expect(resolveSignIn({ ...base, app: 'All', authenticationContext: 'c1' }, model).problems.map((p) => p.field)).toEqual(['authenticationContext']);
  });

  test('the lockout proof tries the context, and finds a context policy that would lock break-glass out', () => {
    expect(proveBreakGlass(compileEnvironment(prod())).proved).toBe(true);
    const tf = structuredClone(stacks.prod!) as any;
    tf.resource.msgraph_resource.AC001.body.conditions.users = { includeUsers: ['All'] };
    tf.resource.msgraph_resource.AC001.body.grantControls = { operator: 'OR', builtInControls: ['block'] };
    const proof = proveBreakGlass(compileEnvironment(modelOf(tf, SAMPLE_DIR, 'prod')));
    expect(proof.proved).toBe(false);
    expect(proof.counterexample!.policies).toEqual(['AC001']);
    expect(proof.counterexample!.signIn.resource).toEqual({ kind: 'authenticationContext', id: 'c1' });
  });

  test('the report: the policy row is labelled, and the contexts table speaks of who asks and what it costs', () => {
    const markdown = renderMarkdown(buildReport(prod(), REPORT_SECTIONS));
    expect(markdown).toContain(
      '| AC001 c1 Privileged action: require phishing-resistant MFA and a compliant device<br>authentication context policy (declared through msgraph) | enabled | all users |',
    );
    const table = markdown.split(/^## /m).find((s) => s.startsWith('Authentication contexts'))!;
    expect(table).toContain(
      '| context c1: Privileged action | description: Step-up for privileged activations through PIM<br>apps and PIM may ask for it: yes (isAvailable)<br>step-up: AC001 c1 Privileged action: require phishing-resistant MFA and a compliant device (enabled)<br>asked for by: the PIM activation of group pim_conditional_access_administrator (PIM: Conditional Access Administrator) |',
    );
  });

  test('the diff: a stage change and a new grant control, in identity terms', () => {
    // In dev, where nothing asks for c1 yet (in prod, PRM-CTX001 requires AC001 enabled).
    const dir = writeEnvironments({
      dev: mutateSample('dev', (e) => {
        e.authenticationContexts.c1.policy.stage = 'report-only';
        e.authenticationContexts.c1.policy.compliantDevice = false;
      }),
    });
    const head = modelOf(synthStacks(dir).dev!, dir, 'dev');
    const lines = diffLines(diffEnvironment('dev', modelOf(stacks.dev!, SAMPLE_DIR, 'dev'), head, REPORT_SECTIONS));
    expect(lines).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^AC001 c1 Privileged action: require phishing-resistant MFA: enabled -> report-only/),
        expect.stringMatching(/^AC001 c1 Privileged action: require phishing-resistant MFA: grant controls: /),
      ]),
    );
  });

  test('removing an enforced context policy is a dangerous change that retire: alone cannot accept', () => {
    const dir = writeEnvironments({
      dev: mutateSample('dev', (e) => {
        delete e.authenticationContexts.c1.policy;
        delete e.suppressions;
      }),
    });
    const head = modelOf(synthStacks(dir).dev!, dir, 'dev');
    const { changes } = dangerousChanges('dev', modelOf(stacks.dev!, SAMPLE_DIR, 'dev'), head, { suppressions: [], retired: [{ target: 'AC001', reason: 'The lab no longer needs it' }] });
    expect(changes).toEqual([
      expect.objectContaining({
        rule: 'PRM-CHG002',
        target: 'AC001',
        message: 'policy AC001 c1 Privileged action: require phishing-resistant MFA and a compliant device (enabled) is removed: the next deploy destroys it',
        reason: 'The lab no longer needs it',
        blocked: expect.stringContaining('is enabled; take it to off in one change and retire it in a later one'),
      }),
    ]);
  });

  test('the plan review names the policy and the context in identity terms, with the policies', () => {
    const model = prod();
    expect(nameObject('msgraph_resource', 'AC001', model, model)).toEqual({
      kind: 'policy',
      text: 'policy AC001 c1 Privileged action: require phishing-resistant MFA and a compliant device (enabled)',
      rank: 0,
      target: 'AC001',
    });
    expect(nameObject('msgraph_update_resource', 'authentication_context_c1', model, model)).toEqual({ kind: 'authentication context', text: 'authentication context c1 "Privileged action"', rank: 0 });
  });
});
