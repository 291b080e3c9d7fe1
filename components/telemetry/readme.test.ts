/** The telemetry README's example is real input (its tables are generated from the rule catalogue: __tests__/docs.test.ts). */
import { parse } from 'yaml';
import { codeBlocks, readDoc } from '../../__tests__/helpers/docs';
import { loadMutated } from '../../__tests__/helpers/synth';

const readme = readDoc('components/telemetry/README.md');

test('the example telemetry: block loads into the prod sample unchanged', () => {
  const [block] = codeBlocks(readme, 'yaml');
  const example = parse(block!) as { telemetry: Record<string, unknown> };
  const { problems, environment } = loadMutated('prod', (env) => {
    env.telemetry = example.telemetry;
  });
  expect(problems).toEqual([]);
  expect(environment!.telemetry!.workspace.name).toBe('law-identity-prod');
  expect(environment!.telemetry!.rules.find((r) => r.id === 'SEN001')!.stage).toBe('enabled');
});
