/** The README's example is the production sample's own block. */
import { parse } from 'yaml';
import { codeBlocks, readDoc } from '../../__tests__/helpers/docs';
import { readSample } from '../../__tests__/helpers/synth';

const firstYaml = (path: string) => parse(codeBlocks(readDoc(path), 'yaml')[0]!) as Record<string, any>;

test('the licensing README shows the production sample\'s P2 group', () => {
  const example = firstYaml('components/licensing/README.md');
  const prod = readSample('prod') as Record<string, any>;
  expect(example.licensing).toEqual(prod.licensing);
  expect(Object.keys(prod.groups)).toContain(example.licensing.p2Group);
});
