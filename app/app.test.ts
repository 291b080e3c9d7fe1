/**
 * Nothing from YAML is interpreted by Terraform: a `${...}` written in a file reaches
 * cdk.tf.json escaped, Terraform applies the text as written, and the report shows it so.
 */
import { readSynthesizedStack } from '../analysis/model/read';
import { buildReport } from '../analysis/report/document';
import { renderMarkdown } from '../analysis/report/render';
import { REPORT_SECTIONS } from '../components/registry';
import { isCheckExpression } from '../core/check-expressions';
import { stringLeaves, unexpectedTemplates } from '../core/terraform-json';
import { mutateSample, readSample, synthStacks, writeEnvironments } from '../__tests__/helpers/synth';

const INJECTED = '${file("/etc/hostname")} %{ if true }x%{ endif }';

test('template sequences from YAML reach cdk.tf.json escaped, and the report shows the literal', () => {
  const dir = writeEnvironments({
    dev: readSample('dev'),
    prod: mutateSample('prod', (e) => {
      e.namedLocations['corp-egress'].displayName = `Corp ${INJECTED}`;
      e.appProxy.apps['hr-portal'].displayName = `HR ${INJECTED}`;
      e.policies.CA006.exclude.reason = `Kiosks until Q1 ${INJECTED}`;
    }),
  });
  const tf = synthStacks(dir)['prod']!;
  const escaped = '$${file("/etc/hostname")} %%{ if true }x%%{ endif }';
  expect(tf.resource['azuread_named_location']!['corp-egress']!['display_name']).toBe(`Corp ${escaped}`);
  expect(tf.resource['azuread_application_from_template']!['hr-portal']!['display_name']).toBe(`HR ${escaped}`);
  // Every string of the whole stack holds references only, never a template Terraform would run;
  // the one exception, a report-only setting's assertions, stays within perimeter's check grammar.
  const leaves = [...stringLeaves(tf)];
  const inCheck = (path: string) => /^check\.[a-z0-9_]+\.assert\[\d+\]\.(condition|error_message)$/.test(path);
  expect(leaves.filter((l) => !inCheck(l.path) && unexpectedTemplates(l.text).length)).toEqual([]);
  expect(leaves.filter((l) => inCheck(l.path)).length).toBeGreaterThan(0);
  expect(leaves.filter((l) => inCheck(l.path) && !isCheckExpression(l.text))).toEqual([]);
  const model = readSynthesizedStack(tf, { name: 'prod' });
  expect(model.namedLocations.find((l) => l.key === 'corp-egress')!.displayName).toBe(`Corp ${INJECTED}`);
  expect(renderMarkdown(buildReport(model, REPORT_SECTIONS))).toContain(`Corp ${INJECTED.replace(/</g, '&lt;')}`);
});
