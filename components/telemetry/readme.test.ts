/** The README's telemetry example is real input: it loads, and says what the code does. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { RULE_IDS } from './analytics-rules';
import { ENTRA_LOG_CATEGORIES, REQUIRED_LOG_CATEGORIES } from './limits';
import { loadMutated, REPO_ROOT } from '../../__tests__/helpers/synth';

const readme = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');
const section = readme.slice(readme.indexOf('## Telemetry'), readme.indexOf('## Project layout'));

test('the example telemetry: block loads into the prod sample unchanged', () => {
  const block = /```yaml\n([\s\S]*?)```/.exec(section)?.[1];
  expect(block).toBeDefined();
  const example = parse(block!) as { telemetry: Record<string, unknown> };
  const { problems, environment } = loadMutated('prod', (env) => {
    env.telemetry = example.telemetry;
  });
  expect(problems).toEqual([]);
  expect(environment!.telemetry!.workspace.name).toBe('law-identity-prod');
  expect(environment!.telemetry!.rules.find((r) => r.id === 'SEN001')!.stage).toBe('enabled');
});

test('the section names every rule and every valid log category', () => {
  for (const id of RULE_IDS) expect(section).toContain(`| ${id} |`);
  for (const c of ENTRA_LOG_CATEGORIES) expect(section).toContain(`\`${c}\``);
  for (const c of REQUIRED_LOG_CATEGORIES) expect(section).toContain(`\`${c}\``);
});
