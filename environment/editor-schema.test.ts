/**
 * The editor schemas (schema/*.json, written by `npm run docs`): what VS Code and other
 * editors validate an environment file or a custom policy file with while it is typed. They
 * accept every sample and reject the documented mistakes an editor can see.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020';
import { parse } from 'yaml';
import { REPO_ROOT } from '../__tests__/helpers/synth';

const ajv = new Ajv2020({ strict: true, allErrors: true });
const environmentSchema = ajv.compile(JSON.parse(readFileSync(join(REPO_ROOT, 'schema', 'environment.schema.json'), 'utf8')) as object);
const customPolicySchema = ajv.compile(JSON.parse(readFileSync(join(REPO_ROOT, 'schema', 'custom-policy.schema.json'), 'utf8')) as object);
const sample = (name: string) => parse(readFileSync(join(REPO_ROOT, 'environments', `${name}.yaml`), 'utf8')) as Record<string, unknown>;
const samples = readdirSync(join(REPO_ROOT, 'environments')).filter((f) => f.endsWith('.yaml'));

/** What the editor underlines: each error's place and keyword. */
const errorsOf = (validate: typeof environmentSchema, data: unknown) => (validate(data) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.keyword}`));

test.each(samples)('environments/%s names the schema on its first line and is valid by it', (file) => {
  const text = readFileSync(join(REPO_ROOT, 'environments', file), 'utf8');
  expect(text.split('\n')[0]).toBe('# yaml-language-server: $schema=../schema/environment.schema.json');
  expect(errorsOf(environmentSchema, parse(text))).toEqual([]);
});

test('the annotated example of docs/environment-file.md is valid, and names the schema by its own relative path', () => {
  const text = readFileSync(join(REPO_ROOT, 'docs', 'examples', 'environment.yaml'), 'utf8');
  expect(text.split('\n')[0]).toBe('# yaml-language-server: $schema=../../schema/environment.schema.json');
  expect(errorsOf(environmentSchema, parse(text))).toEqual([]);
});

test('GUIDs are valid in any case, as the loader reads them', () => {
  const prod = sample('prod');
  prod.tenantId = String(prod.tenantId).toUpperCase();
  expect(errorsOf(environmentSchema, prod)).toEqual([]);
});

test.each([
  ['a stage that is not a stage', (e: Record<string, any>) => (e.stage = 'on'), ['/stage enum']],
  ['an unknown key', (e: Record<string, any>) => (e.stgae = 'enabled'), ['/ additionalProperties']],
  ['a ring below 1', (e: Record<string, any>) => (e.ring = 0), ['/ring minimum']],
  ['a break-glass account that is not a GUID', (e: Record<string, any>) => (e.breakGlass.accounts[0] = 'breakglass1@contoso.com'), ['/breakGlass/accounts/0 pattern']],
  ['fewer than two break-glass accounts', (e: Record<string, any>) => (e.breakGlass.accounts = [e.breakGlass.accounts[0]]), ['/breakGlass/accounts minItems']],
  ['a policy id that is no policy id', (e: Record<string, any>) => (e.policies.CA1 = { stage: 'enabled' }), ['/policies propertyNames', '/policies pattern']],
  ['a location key that is not a key', (e: Record<string, any>) => (e.namedLocations.Corp_Egress = e.namedLocations['corp-egress']), ['/namedLocations propertyNames', '/namedLocations pattern']],
  ['a tenant id missing', (e: Record<string, any>) => delete e.tenantId, ['/ required']],
])('the schema rejects %s where the editor shows it', (_what, mutate, expected) => {
  const prod = sample('prod');
  mutate(prod);
  expect(errorsOf(environmentSchema, prod).sort()).toEqual([...expected].sort());
});

test('the custom policy schema accepts the documented example and rejects a misspelt key', () => {
  const policy = { id: 'CP002', title: 'Block sign-ins from outside the allowed countries', users: { include: { users: ['All'] } }, applications: { include: ['All'] }, grant: { operator: 'OR', controls: ['block'] } };
  expect(errorsOf(customPolicySchema, policy)).toEqual([]);
  expect(errorsOf(customPolicySchema, { ...policy, grant: { operator: 'OR', controls: ['blok'] } })).toEqual(['/grant/controls/0 enum']);
  expect(errorsOf(customPolicySchema, { ...policy, sesion: {} })).toEqual(['/ additionalProperties']);
});
