/**
 * Nothing from YAML is interpreted by Terraform: every string is written as a literal, and the
 * Terraform binary (where present) applies exactly the text that was written.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { appliedLiteral, terraformLiteral, unexpectedTemplates } from './terraform-json';

/** Text rich in what Terraform templates are made of. */
const templateText = fc.string({ unit: fc.constantFrom('$', '%', '{', '}', '~', '"', '\\', 'a', ' ', 'file("/etc/hostname")', '\n'), maxLength: 24 });

const DANGEROUS = ['${file("/etc/hostname")}', '%{ if true }x%{ endif }', '$${already escaped}', '$$${x}', '%%{', 'a$', '$', '%', '${', '}', '${azuread_group.x.object_id}'];

test('the literal of any text reads back as that text', () => {
  fc.assert(fc.property(templateText, (text) => appliedLiteral(terraformLiteral(text)) === text), { seed: 12, numRuns: 2000 });
  for (const text of DANGEROUS) expect(appliedLiteral(terraformLiteral(text))).toBe(text);
});

test('a literal never holds a template sequence Terraform would evaluate, even one that looks like a reference', () => {
  fc.assert(fc.property(templateText, (text) => unexpectedTemplates(terraformLiteral(text)).length === 0), { seed: 13, numRuns: 2000 });
  expect(terraformLiteral('${file("/etc/hostname")}')).toBe('$${file("/etc/hostname")}');
  expect(terraformLiteral('%{ if true }x%{ endif }')).toBe('%%{ if true }x%%{ endif }');
});

test('the synth-time check finds what is not a reference, and lets references and escapes through', () => {
  expect(unexpectedTemplates('${file("/etc/hostname")}')).toEqual(['${file("/etc/hostname")}']);
  expect(unexpectedTemplates('%{ if x }')).toEqual(['%{ if x }']);
  expect(unexpectedTemplates('${var.secret}')).toEqual(['${var.secret}']);
  expect(unexpectedTemplates('${azuread_group.break_glass_exclusion.object_id}')).toEqual([]);
  expect(unexpectedTemplates('${data.azuread_application.hr-portal.client_id}')).toEqual([]);
  expect(unexpectedTemplates('/groups/${azuread_group.g.object_id}/members')).toEqual([]);
  expect(unexpectedTemplates('$${file("x")} and %%{ if }')).toEqual([]);
  // Terraform reads `$$${` as `$` then the escape `$${`: literal text (the apply test below shows it).
  expect(unexpectedTemplates('$$${file("x")}')).toEqual([]);
  expect(unexpectedTemplates('$ ${file("x")}')).toEqual(['${file("x")}']);
});

const terraform = spawnSync('terraform', ['version'], { encoding: 'utf8' });
const haveTerraform = terraform.status === 0;
if (!haveTerraform) {
  console.warn('core/terraform-json.test.ts: no terraform binary on PATH; the apply test is skipped (the escaping is asserted above)');
}

(haveTerraform ? test : test.skip)('Terraform applies exactly the literal text (a provider-free configuration)', () => {
  const samples = fc.sample(templateText, { seed: 14, numRuns: 150 });
  const texts = [...DANGEROUS, ...samples];
  const dir = mkdtempSync(join(tmpdir(), 'perimeter-tf-literal-'));
  try {
    const output = Object.fromEntries(texts.map((t, i) => [`o${i}`, { value: terraformLiteral(t) }]));
    writeFileSync(join(dir, 'main.tf.json'), JSON.stringify({ output }));
    const env = { ...process.env, CHECKPOINT_DISABLE: '1', TF_IN_AUTOMATION: '1', TF_CLI_CONFIG_FILE: '/dev/null' };
    const run = (...args: string[]) => {
      const r = spawnSync('terraform', args, { cwd: dir, env, encoding: 'utf8' });
      if (r.status !== 0) throw new Error(`terraform ${args.join(' ')}: ${r.stderr}`);
      return r.stdout;
    };
    run('init', '-input=false', '-no-color');
    run('apply', '-auto-approve', '-input=false', '-no-color');
    const applied = JSON.parse(run('output', '-json', '-no-color')) as Record<string, { value: string }>;
    texts.forEach((t, i) => expect([i, applied[`o${i}`]!.value]).toEqual([i, t]));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}, 60_000);
