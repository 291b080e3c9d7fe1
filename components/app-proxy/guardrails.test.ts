import { join } from 'node:path';
import { isPerimeterError } from '../../core/problems';
import type { Environment } from '../../environment/environment';
import { loadEnvironmentFile } from '../../cli/environments';
import { evaluateGuardrails } from '../../guardrails/evaluate';
import type { StackJson } from '../../core/terraform-json';
import { ruleContexts } from '../../guardrails/evaluate';
import { areaOf, type RuleContext } from '../../guardrails/rule';
import { preAuthenticationIsEntra } from './guardrails/PRM-APP001-pre-authentication-is-entra';
import { appHasAssignedGroups } from './guardrails/PRM-APP002-assigned-groups';
import { RULES } from '../../guardrails/index';
import { fullSynth, mutateSample, readSample, SAMPLE_DIR, synthStacks, writeEnvironments } from '../../__tests__/helpers/synth';

const prodEnvironment = (): Environment => loadEnvironmentFile(join(SAMPLE_DIR, 'prod.yaml'), SAMPLE_DIR).environment!;

function ctx(tf: StackJson): RuleContext {
  return ruleContexts([{ environment: prodEnvironment(), tf }])[0]!;
}

const publishing = (externalAuthenticationType: string) => ({
  url: 'applications/${azuread_application_from_template.hr-portal.application_object_id}',
  api_version: 'beta',
  body: { onPremisesPublishing: { externalAuthenticationType, externalUrl: 'https://hr-meridian.msappproxy.net/', internalUrl: 'http://hr.corp.example.local/' } },
});

describe('PRM-APP001: pre-authentication must be Entra ID', () => {
  test('is registered as an App Proxy error', () => {
    expect(RULES.find((r) => r.id === 'PRM-APP001')).toBe(preAuthenticationIsEntra);
    expect(preAuthenticationIsEntra.severity).toBe('error');
    expect(areaOf(preAuthenticationIsEntra.id)).toBe('App Proxy');
  });

  test('non-compliant: a publishing body with passthru, reported on the app key', () => {
    expect(preAuthenticationIsEntra.check!(ctx({ resource: { msgraph_update_resource: { 'hr-portal_publishing': publishing('passthru') } } }))).toEqual([
      {
        address: 'msgraph_update_resource.hr-portal_publishing',
        target: 'hr-portal',
        message:
          'hr-portal is published with pre-authentication passthru: anyone who reaches https://hr-meridian.msappproxy.net/ gets to http://hr.corp.example.local/ without signing in to Entra ID',
      },
    ]);
  });

  test('compliant: aadPreAuthentication; not applicable: other msgraph updates', () => {
    expect(
      preAuthenticationIsEntra.check!(
        ctx({
          resource: {
            msgraph_update_resource: {
              'hr-portal_publishing': publishing('aadPreAuthentication'),
              'hr-portal_urls': { url: 'applications/x', body: { identifierUris: ['https://hr-meridian.msappproxy.net/'] } },
              'hr-portal_assignment_required': { url: 'servicePrincipals/x', body: { appRoleAssignmentRequired: true } },
            },
          },
        }),
      ),
    ).toEqual([]);
  });

  const passthru = (suppressions?: unknown[]) =>
    writeEnvironments({
      dev: readSample('dev'),
      prod: mutateSample('prod', (env) => {
        env.appProxy.apps['hr-portal'].preAuthentication = 'passthru';
        if (suppressions) env.suppressions = [...(env.suppressions ?? []), ...suppressions];
      }),
    });

  test('preAuthentication: passthru stops synth, naming the rule, the environment, the address and the app', () => {
    let error: unknown;
    try {
      synthStacks(passthru());
    } catch (e) {
      error = e;
    }
    expect(isPerimeterError(error)).toBe(true);
    const problems = isPerimeterError(error) ? error.problems : [];
    expect(problems).toHaveLength(1);
    expect(problems[0]!.file).toMatch(/prod\.yaml$/);
    expect(problems[0]!.message).toMatch(
      /^PRM-APP001 \[prod\] msgraph_update_resource\.hr-portal_publishing: hr-portal is published with pre-authentication passthru: anyone who reaches https:\/\/hr-meridian\.msappproxy\.net\/ gets to http:\/\/hr\.corp\.example\.local\/ without signing in to Entra ID\n      why: .*\n      fix: Set preAuthentication: aad \(the default\), or add a suppression for PRM-APP001 with the app key as target and the reason\.$/,
    );
  });

  test('a suppression with a reason lets it synthesize passthru, and the suppressed finding stays in the synth output', () => {
    const reason = 'Kiosk timesheet app authenticates with its own smart-card login (CHG-3104); Entra pre-auth breaks the badge readers.';
    const { stacks, manifest } = fullSynth(passthru([{ rule: 'PRM-APP001', target: 'hr-portal', reason }]));
    const body = stacks['prod']!.resource['msgraph_update_resource']!['hr-portal_publishing']!['body'] as { onPremisesPublishing: Record<string, unknown> };
    expect(body.onPremisesPublishing['externalAuthenticationType']).toBe('passthru');
    const annotations = (manifest as { stacks: Record<string, { annotations: { constructPath: string; level: string; message: string }[] }> }).stacks['prod']!.annotations;
    expect(annotations).toContainEqual({
      constructPath: 'prod/app-proxy/hr-portal-publishing',
      level: '@cdktf/info',
      message: expect.stringMatching(
        /^suppressed PRM-APP001 \[prod\] msgraph_update_resource\.hr-portal_publishing: hr-portal is published with pre-authentication passthru: .* \(reason: Kiosk timesheet app authenticates with its own smart-card login \(CHG-3104\); Entra pre-auth breaks the badge readers\.\)$/,
      ),
    });
  });

  test('a suppression must name an app key of this environment', () => {
    const environment = prodEnvironment();
    const report = evaluateGuardrails([
      { environment: { ...environment, suppressions: [{ rule: 'PRM-APP001', target: 'hr-portl', reason: 'typo in the app key here', index: 0 }] }, tf: {} },
    ]);
    expect(report.suppressionProblems).toEqual([
      {
        file: 'prod.yaml',
        path: 'suppressions[0].target',
        message: expect.stringMatching(/^unknown target "hr-portl"; did you mean "hr-portal"\?; name a policy id, named location, app, group, role or the environment \(prod\) of this file$/),
      },
    ]);
    const valid = evaluateGuardrails([
      { environment: { ...environment, suppressions: [{ rule: 'PRM-APP001', target: 'hr-portal', reason: 'an app key of appProxy.apps', index: 0 }] }, tf: {} },
    ]);
    expect(valid.suppressionProblems).toEqual([]);
  });
});

describe('PRM-APP002: a published app has assigned groups', () => {
  const template = { display_name: 'HR Portal', template_id: '8adf8e6e-67b2-4cf2-a259-e3dc5476c621' };
  const assignment = {
    app_role_id: '18d14569-c3bd-439b-9a66-3a2aee01d14f',
    principal_object_id: '6f000000-0000-4000-8000-000000000002',
    resource_object_id: '${azuread_application_from_template.hr-portal.service_principal_object_id}',
  };

  test('non-compliant: an app with no role assignment on its service principal is a warning', () => {
    expect(appHasAssignedGroups.severity).toBe('warning');
    expect(
      appHasAssignedGroups.check!(
        ctx({
          resource: {
            azuread_application_from_template: { 'hr-portal': template, 'engineering-wiki': { ...template, display_name: 'Engineering Wiki' } },
            azuread_app_role_assignment: { 'hr-portal_hr-staff': assignment },
          },
        }),
      ),
    ).toEqual([
      {
        address: 'azuread_application_from_template.engineering-wiki',
        target: 'engineering-wiki',
        message: 'engineering-wiki requires assignment but no group is assigned to it, so nobody can sign in',
      },
    ]);
  });

  test('compliant: every app has a group', () => {
    expect(
      appHasAssignedGroups.check!(
        ctx({ resource: { azuread_application_from_template: { 'hr-portal': template }, azuread_app_role_assignment: { 'hr-portal_hr-staff': assignment } } }),
      ),
    ).toEqual([]);
  });

  test('in a synth, an app without assignedGroups is a warning on its template resource, not an error', () => {
    const { manifest } = fullSynth(
      writeEnvironments({ dev: readSample('dev'), prod: mutateSample('prod', (env) => delete env.appProxy.apps['finance-reporting'].assignedGroups) }),
    );
    const annotations = (manifest as { stacks: Record<string, { annotations: { constructPath: string; level: string; message: string }[] }> }).stacks['prod']!.annotations;
    expect(annotations.filter((a) => a.message.startsWith('PRM-APP'))).toEqual([
      {
        constructPath: 'prod/app-proxy/finance-reporting-application',
        level: '@cdktf/warn',
        message: expect.stringMatching(
          /^PRM-APP002 \[prod\] azuread_application_from_template\.finance-reporting: finance-reporting requires assignment but no group is assigned to it, so nobody can sign in \(\S*prod\.yaml:\d+\)\. Fix: /,
        ),
      },
    ]);
  });

  test('the samples raise no App Proxy finding', () => {
    const report = evaluateGuardrails(
      Object.entries(synthStacks()).map(([name, tf]) => ({
        environment: loadEnvironmentFile(join(SAMPLE_DIR, `${name}.yaml`), SAMPLE_DIR).environment!,
        tf: tf as unknown as StackJson,
      })),
    );
    expect(report.findings.filter((f) => areaOf(f.rule.id) === 'App Proxy')).toEqual([]);
  });
});
