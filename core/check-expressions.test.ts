/**
 * The expressions of report-only settings' check blocks: built from code constants only,
 * accepted by the safety net only in their grammar, and evaluated by Terraform as intended
 * (a provider-free configuration made of the sample's own check blocks and locals).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkCondition, checkOperand, isCheckExpression, selector } from './check-expressions';
import { synthStacks } from '../__tests__/helpers/synth';

test('a path step picks a property, an element by id, or the only element', () => {
  expect(selector('local.x', ['a', { id: 'Approval_EndUser_Assignment' }, 'setting'])).toBe(
    'one([for r in local.x.a : r if lower(r.id) == "approval_enduser_assignment"]).setting',
  );
  expect(selector('data.msgraph_resource.k.output.live', [{ only: 'value' }, 'policy'])).toBe('one(data.msgraph_resource.k.output.live.value).policy');
  expect(() => selector('local.x', ['a-b'])).toThrow('is not a plain property name');
  expect(() => selector('local.x', [{ id: 'x"y' }])).toThrow('is not a plain rule id');
});

test('the three comparisons', () => {
  expect(checkCondition('L', 'D', ['a'], 'value')).toBe('${jsonencode(try(L.a, null)) == jsonencode(try(D.a, null))}');
  expect(checkOperand('L', ['a'], 'set')).toBe('jsonencode(sort(try(L.a, [])))');
  expect(checkOperand('L', ['targets'], { by: 'id' })).toBe('jsonencode(sort([for t in try(L.targets, []) : lower(t.id)]))');
  expect(() => checkOperand('L', ['a'], { by: 'x.y' })).toThrow('is not a plain property name');
});

describe('the safety net accepts only the grammar', () => {
  test.each([
    checkCondition('data.msgraph_resource.k.output.live', 'local.k', ['a', { id: 'R1' }, 'b'], 'value'),
    checkCondition('one(data.msgraph_resource.k.output.live.value).policy', 'local.k', ['rules'], { by: 'id' }),
    'Authorization policy: who may invite guests is ${jsonencode(try(local.k.a, null))}; literal $${file("x")} text',
  ])('accepts %s', (text) => expect(isCheckExpression(text)).toBe(true));

  test.each([
    '${file("/etc/hostname")}',
    '${jsonencode(var.secret)}',
    '${jsonencode(path.module)}',
    '${jsonencode(data.external.x.result)}',
    '${templatefile("x", {})}',
    '%{ if true }x%{ endif }',
    '${jsonencode(local.k.a) == "${file("x")}"}',
  ])('refuses %s', (text) => expect(isCheckExpression(text)).toBe(false));
});

const haveTerraform = spawnSync('terraform', ['version'], { encoding: 'utf8' }).status === 0;
if (!haveTerraform) console.warn('core/check-expressions.test.ts: no terraform binary on PATH; the Terraform test is skipped');

(haveTerraform ? test : test.skip)("Terraform validates the sample's check blocks and warns on exactly the value that differs", () => {
  const prod = synthStacks()['prod'] as unknown as { check: Record<string, any>; locals: Record<string, any> };
  const key = 'settings_authorization_policy';
  expect(Object.keys(prod.check)).toContain(key);
  const dir = mkdtempSync(join(tmpdir(), 'perimeter-tf-check-'));
  const env = { ...process.env, CHECKPOINT_DISABLE: '1', TF_IN_AUTOMATION: '1', TF_CLI_CONFIG_FILE: '/dev/null' };
  const run = (...args: string[]) => {
    const r = spawnSync('terraform', args, { cwd: dir, env, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`terraform ${args.join(' ')}: ${r.stderr}${r.stdout}`);
    return r.stdout + r.stderr;
  };
  try {
    // The live object stands in as a local that equals the declared one, but for one value; the
    // scoped data source becomes a provider-free one of the same shape.
    const live = (name: string) => `local.live_${name}`;
    const check = Object.fromEntries(
      Object.entries(prod.check).map(([name, block]) => [
        name,
        {
          data: { terraform_remote_state: { [name]: { backend: 'local', config: { path: 'absent.tfstate' } } } },
          assert: (block.assert as { condition: string; error_message: string }[]).map((a) => ({
            condition: a.condition.split(`data.msgraph_resource.${name}.output.live`).join(live(name)),
            error_message: a.error_message.split(`data.msgraph_resource.${name}.output.live`).join(live(name)),
          })),
        },
      ]),
    );
    const liveLocals = Object.fromEntries(Object.keys(prod.check).map((name) => [`live_${name}`, structuredClone(prod.locals[name])]));
    // Role policies read the assignment collection: the live object sits under value[0].policy.
    for (const name of Object.keys(liveLocals)) if (name.startsWith('live_settings_role_policy_')) liveLocals[name] = { value: [{ policy: liveLocals[name] }] };
    liveLocals[`live_${key}`].allowInvitesFrom = 'everyone';
    liveLocals[`live_${key}`].defaultUserRolePermissions.permissionGrantPoliciesAssigned = [];
    const config = { locals: { ...prod.locals, ...liveLocals }, check };
    writeFileSync(join(dir, 'main.tf.json'), JSON.stringify(config));
    run('init', '-input=false', '-no-color');
    expect(run('validate', '-no-color')).toContain('The configuration is valid');
    // Without the data sources (a missing state is a warning that hides the assertions), plan evaluates every assertion.
    for (const block of Object.values(check)) delete (block as { data?: unknown }).data;
    writeFileSync(join(dir, 'main.tf.json'), JSON.stringify(config));
    const plan = run('plan', '-input=false', '-no-color');
    // Terraform wraps the message at 80 columns.
    expect(plan.replace(/\s+/g, ' ')).toContain('Authorization policy: who may invite guests is "everyone"; the environment declares "adminsAndGuestInviters"');
    expect(plan.match(/Check block assertion failed/g)).toHaveLength(1);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}, 60_000);
