/** The App Proxy README's examples are real: the appProxy block synthesizes, the suppression accepts passthru with its reason. */
import { parse } from 'yaml';
import { codeBlocks, readDoc } from '../../__tests__/helpers/docs';
import { fullSynth, mutateSample, readSample, resourcesOf, synthStacks, writeEnvironments } from '../../__tests__/helpers/synth';

/** The README's YAML blocks, in order. */
const blocks = () => codeBlocks(readDoc('components/app-proxy/README.md'), 'yaml').map((b) => parse(b) as Record<string, any>);

test('the README appProxy example synthesizes as written', () => {
  const [example] = blocks();
  const dir = writeEnvironments({ dev: readSample('dev'), prod: mutateSample('prod', (env) => (env.appProxy = example!['appProxy'])) });
  const prod = synthStacks(dir)['prod']!;
  expect(Object.keys(resourcesOf(prod, 'azuread_application_from_template'))).toEqual(['hr-portal']);
  expect(Object.keys(resourcesOf(prod, 'msgraph_resource_action'))).toEqual(['hr-portal_connector_group']);
});

test('the README suppression example accepts passthru for the app it names, and the finding stays in the output with its reason', () => {
  const [, suppression] = blocks();
  const dir = writeEnvironments({
    dev: readSample('dev'),
    prod: mutateSample('prod', (env) => {
      env.appProxy.apps['hr-portal'].preAuthentication = 'passthru';
      env.suppressions = suppression!['suppressions'];
    }),
  });
  const { stacks, manifest } = fullSynth(dir);
  const body = resourcesOf(stacks['prod']!, 'msgraph_update_resource')['hr-portal_publishing']!['body'] as { onPremisesPublishing: Record<string, unknown> };
  expect(body.onPremisesPublishing['externalAuthenticationType']).toBe('passthru');
  const infos = (manifest as { stacks: Record<string, { annotations: { level: string; message: string }[] }> }).stacks['prod']!.annotations
    .filter((a) => a.level === '@cdktf/info')
    .map((a) => a.message);
  const reason = suppression!['suppressions'][0].reason as string;
  expect(infos).toContainEqual(expect.stringMatching(new RegExp(`^suppressed PRM-APP001 \\[prod\\] msgraph_update_resource\\.hr-portal_publishing: hr-portal is published with pre-authentication passthru.*\\(reason: ${reason.replace(/[().]/g, '\\$&')}\\)$`)));
});
