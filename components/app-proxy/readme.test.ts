import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { mutateSample, readSample, REPO_ROOT, resourcesOf, synthStacks, writeEnvironments } from '../../__tests__/helpers/synth';

/** The YAML blocks of the README's "Application Proxy" section, in order. */
function sectionYaml(): Record<string, any>[] {
  const readme = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');
  const start = readme.indexOf('\n## Application Proxy\n');
  const end = readme.indexOf('\n## ', start + 1);
  expect(start).toBeGreaterThan(0);
  const section = readme.slice(start, end);
  return [...section.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => parse(m[1]!) as Record<string, any>);
}

test('the README appProxy example synthesizes as written', () => {
  const [example] = sectionYaml();
  const dir = writeEnvironments({ dev: readSample('dev'), prod: mutateSample('prod', (env) => (env.appProxy = example!['appProxy'])) });
  const prod = synthStacks(dir)['prod']!;
  expect(Object.keys(resourcesOf(prod, 'azuread_application_from_template'))).toEqual(['hr-portal']);
  expect(Object.keys(resourcesOf(prod, 'msgraph_resource_action'))).toEqual(['hr-portal_connector_group']);
});

test('the README suppression example accepts passthru for the app it names', () => {
  const [, suppression] = sectionYaml();
  const dir = writeEnvironments({
    dev: readSample('dev'),
    prod: mutateSample('prod', (env) => {
      env.appProxy.apps['hr-portal'].preAuthentication = 'passthru';
      env.suppressions = suppression!['suppressions'];
    }),
  });
  const body = resourcesOf(synthStacks(dir)['prod']!, 'msgraph_update_resource')['hr-portal_publishing']!['body'] as { onPremisesPublishing: Record<string, unknown> };
  expect(body.onPremisesPublishing['externalAuthenticationType']).toBe('passthru');
});
