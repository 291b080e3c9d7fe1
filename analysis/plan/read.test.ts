import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isPerimeterError } from '../../core/problems';
import { readPlan } from './read';

const FIXTURES = join(__dirname, '__fixtures__');
const fixture = (name: string) => readFileSync(join(FIXTURES, name));

/** What readPlan refuses, as the command line prints it. */
function refusal(input: Uint8Array | string, file = 'plan.json'): string {
  try {
    readPlan(input, file);
  } catch (e) {
    if (isPerimeterError(e)) {
      expect(e.kind).toBe('input');
      return e.message;
    }
    throw e;
  }
  throw new Error('readPlan accepted it');
}

const HOW = 'expected the output of `terraform show -json plan.tfplan` (run in cdktf.out/stacks/<env> after `terraform plan -out=plan.tfplan`)';
const one = (message: string) => `perimeter: plan review stopped (1 problem):\n  - plan.json: ${message}`;
const bytes = (...b: number[]) => Uint8Array.from(b);

test('a plan Terraform 1.11 wrote is read as written: every action, reason, replace path and import', () => {
  const plan = readPlan(fixture('terraform-data.plan.json'), 'terraform-data.plan.json');
  expect([plan.formatVersion, plan.terraformVersion, plan.applyable, plan.complete, plan.errored]).toEqual(['1.2', '1.11.4', true, true, false]);
  expect(plan.changes.map((c) => [c.address, c.actions.join(','), c.action, c.reason ?? '-', JSON.stringify(c.replacePaths), c.importing?.id ?? '-'])).toEqual([
    ['terraform_data.added', 'create', 'create', '-', '[]', '-'],
    ['terraform_data.adopted', 'no-op', 'no-op', '-', '[]', 'imported-id-123'],
    ['terraform_data.changed', 'update', 'update', '-', '[]', '-'],
    ['terraform_data.forgotten', 'forget', 'forget', 'delete_because_no_resource_config', '[]', '-'],
    ['terraform_data.kept', 'no-op', 'no-op', '-', '[]', '-'],
    ['terraform_data.removed', 'delete', 'destroy', 'delete_because_no_resource_config', '[]', '-'],
    ['terraform_data.replaced', 'delete,create', 'replace', 'replace_because_cannot_update', '[["triggers_replace"]]', '-'],
    ['terraform_data.requested', 'delete,create', 'replace', 'replace_by_request', '[]', '-'],
    ['terraform_data.tainted', 'delete,create', 'replace', 'replace_because_tainted', '[]', '-'],
  ]);
  expect(plan.configuredAddresses).toEqual([
    'terraform_data.added',
    'terraform_data.adopted',
    'terraform_data.changed',
    'terraform_data.kept',
    'terraform_data.replaced',
    'terraform_data.requested',
    'terraform_data.tainted',
  ]);
  expect(plan.priorResources.map((r) => r.address)).toContain('terraform_data.removed');
});

test('a plan Terraform refused (prevent_destroy) is still a plan: errored, not applyable, the replacement listed', () => {
  const plan = readPlan(fixture('terraform-data-prevent-destroy.plan.json'), 'p.json');
  expect([plan.applyable, plan.complete, plan.errored]).toEqual([false, false, true]);
  expect(plan.changes.map((c) => [c.address, c.action, c.reason])).toEqual([['terraform_data.guarded', 'replace', 'replace_because_cannot_update']]);
});

test('a plan with nothing to do has no resource_changes, and a UTF-8 byte order mark is fine', () => {
  const plan = readPlan(new TextEncoder().encode('\uFEFF{"format_version":"1.2","terraform_version":"1.11.4","planned_values":{},"applyable":false,"complete":true,"errored":false}'), 'plan.json');
  expect([plan.changes, plan.drift, plan.priorResources, plan.configuredAddresses]).toEqual([[], [], [], undefined]);
});

test('what is not a plan gets one message naming what it is instead', () => {
  expect(refusal('')).toBe(one(`is empty; ${HOW}`));
  expect(refusal(bytes())).toBe(one(`is empty; ${HOW}`));
  expect(refusal(' \n')).toBe(one(`is empty; ${HOW}`));
  expect(refusal(bytes(0x50, 0x4b, 0x03, 0x04, 0x14))).toBe(one('is a binary plan file (what `terraform plan -out` writes), not its JSON; convert it with `terraform show -json plan.tfplan > plan.json`'));
  expect(refusal(bytes(0xff, 0xfe, 0x7b, 0x00))).toBe(
    one("is UTF-16 text (what Windows PowerShell's `>` writes), not UTF-8; write it with `terraform show -json plan.tfplan | Out-File -Encoding utf8 plan.json`, or from a POSIX shell"),
  );
  expect(refusal(bytes(0x7b, 0xc3, 0x28, 0x7d))).toBe(one(`is not UTF-8 text; ${HOW}`));
  expect(refusal('Terraform used the selected providers to generate the following execution plan.')).toBe(one(`is not JSON (it starts with "Terraform used the selected pr"); ${HOW}`));
  expect(refusal('{"@level":"info","@message":"Terraform 1.11.4","type":"version"}\n{"@level":"info","type":"planned_change"}\n')).toBe(
    one('is the log of `terraform plan -json` (one JSON message a line), not a plan; save the plan with `terraform plan -out=plan.tfplan`, then `terraform show -json plan.tfplan > plan.json`'),
  );
  expect(refusal('{"format_version": "1.2",')).toMatch(/^perimeter: plan review stopped \(1 problem\):\n {2}- plan\.json: is not valid JSON \(.+\); expected the output of/);
  expect(refusal('[1, 2]')).toBe(one(`is JSON list, not a Terraform plan; ${HOW}`));
  expect(refusal('"plan"')).toBe(one(`is JSON text, not a Terraform plan; ${HOW}`));
  expect(refusal('null')).toBe(one(`is JSON null, not a Terraform plan; ${HOW}`));
  expect(refusal(fixture('prod.cdk.tf.json'))).toBe(one(`is Terraform configuration (like cdk.tf.json), not a plan; ${HOW}`));
  expect(refusal('{"version":4,"terraform_version":"1.11.4","serial":3,"lineage":"x","outputs":{},"resources":[]}')).toBe(one(`is a Terraform state file (terraform.tfstate), not a plan; ${HOW}`));
  expect(refusal('{"format_version":"1.0","terraform_version":"1.11.4","values":{"root_module":{}}}')).toBe(
    one(`is Terraform state as \`terraform show -json\` prints it without a plan file, not a plan; ${HOW}`),
  );
  expect(refusal('{"format_version":"2.0","planned_values":{}}')).toBe(one('has format_version "2.0"; perimeter reads plan format 1.x (Terraform 1.x)'));
  expect(refusal('{"format_version":1.2,"planned_values":{}}')).toBe(one(`format_version is 1.2, not text: this is not a Terraform plan; ${HOW}`));
  expect(refusal('{"format_version":"1.2"}')).toBe(one(`is JSON with a format_version but neither planned_values nor resource_changes, so not a plan; ${HOW}`));
  expect(refusal('{"name":"perimeter"}')).toBe(one(`is JSON but not a Terraform plan (it has no format_version); ${HOW}`));
});

const planWith = (changes: unknown, extra: Record<string, unknown> = {}) => JSON.stringify({ format_version: '1.2', terraform_version: '1.11.4', planned_values: {}, resource_changes: changes, ...extra });
const good = { address: 'terraform_data.a', mode: 'managed', type: 'terraform_data', name: 'a', change: { actions: ['create'], before: null, after: {} } };

test('a damaged plan: every problem with its JSON path and what is allowed', () => {
  const message = refusal(
    planWith([
      good,
      { ...good, mode: 'resource' },
      { ...good, change: { ...good.change, actions: ['delete', 'update'] } },
      { ...good, change: { ...good.change, replace_paths: ['triggers_replace'] } },
      { ...good, address: 7, action_reason: false },
      { ...good, change: undefined },
      'terraform_data.b',
      { ...good, change: { ...good.change, importing: 'x' } },
    ], { applyable: 'yes' }),
  );
  expect(message.split('\n')).toEqual([
    'perimeter: plan review stopped (9 problems):',
    '  - plan.json: applyable: is "yes"; expected true or false',
    '  - plan.json: resource_changes[1].mode: is "resource"; allowed: "managed", "data"',
    '  - plan.json: resource_changes[2].change.actions: ["delete","update"] is not a Terraform plan action; allowed: ["no-op"], ["create"], ["read"], ["update"], ["delete","create"], ["create","delete"], ["delete"], ["forget"], ["create","forget"]',
    '  - plan.json: resource_changes[3].change.replace_paths: is ["triggers_replace"]; expected a list of attribute paths, each a list of names and indexes',
    "  - plan.json: resource_changes[4].address: is 7; expected the resource's address as text",
    '  - plan.json: resource_changes[4].action_reason: is false; expected text',
    '  - plan.json: resource_changes[5].change: is nothing; expected an object with actions, before and after',
    '  - plan.json: resource_changes[6]: is "terraform_data.b"; expected a resource change object (address, mode, type, name, change)',
    '  - plan.json: resource_changes[7].change.importing: is "x"; expected an object such as {"id": "..."}',
  ]);
});

test('a plan damaged all over shows its first 20 problems and says how many there are', () => {
  const lines = refusal(planWith(Array.from({ length: 30 }, () => ({ ...good, mode: 'x' })))).split('\n');
  expect([lines.length, lines[0], lines[20], lines[21]]).toEqual([
    22,
    'perimeter: plan review stopped (30 problems, the first 20 shown):',
    '  - plan.json: resource_changes[19].mode: is "x"; allowed: "managed", "data"',
    '  ... and 10 more',
  ]);
});

test('a value where a word belongs is cut to one line in the message', () => {
  const big = { ...good, change: { ...good.change, actions: { a: 'x'.repeat(500) } } };
  expect(refusal(planWith([big]))).toBe(
    one(`resource_changes[0].change.actions: is {"a":"${'x'.repeat(54)}… (508 characters); expected a list of actions, one of ["no-op"], ["create"], ["read"], ["update"], ["delete","create"], ["create","delete"], ["delete"], ["forget"], ["create","forget"]`),
  );
});
