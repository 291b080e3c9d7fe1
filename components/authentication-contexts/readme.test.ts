/** The README's example is the samples' own block, so it loads and synthesizes as shown. */
import { parse } from 'yaml';
import { codeBlocks, readDoc } from '../../__tests__/helpers/docs';
import { readSample } from '../../__tests__/helpers/synth';

const firstYaml = (path: string) => parse(codeBlocks(readDoc(path), 'yaml')[0]!) as Record<string, any>;

test('the authentication-contexts README shows both samples\' c1 as they are', () => {
  const example = firstYaml('components/authentication-contexts/README.md');
  expect(example.authenticationContexts).toEqual((readSample('prod') as Record<string, any>).authenticationContexts);
  expect(example.authenticationContexts).toEqual((readSample('dev') as Record<string, any>).authenticationContexts);
});
