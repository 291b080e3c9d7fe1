/**
 * `npm run docs`: writes what the documentation restates from code. Whole pages: RULES.md
 * (the guardrail rules), docs/baseline.md (the policy files), docs/environment-file.md (the
 * section schemas). Regions of hand-written pages, between `<!-- generated:<name> -->` and
 * `<!-- /generated:<name> -->`: the telemetry tables, the exit codes, the YAML limits. A test
 * renders everything again and fails when a committed page is stale.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderBaselineDoc, type SettingsVariant } from '../baseline/docs';
import { renderAnalyticsRuleTable, renderLogCategories, renderRuleStageTable } from '../components/telemetry/docs';
import { baselineSettingsOf } from '../components/conditional-access/section';
import { editorSchema, environmentKeys, jsonSchemaOf, renderEnvironmentFileDoc, renderKeyTable } from '../environment/docs';
import { environmentSchema } from '../environment/schema';
import { customPolicySchema } from '../components/conditional-access/custom';
import { YAML_LIMITS } from '../core/yaml';
import { RULES } from '../guardrails/index';
import { renderRulesMarkdown } from '../guardrails/rules-md';
import { parseCommand } from './args';
import { EXIT, EXIT_MEANING, type CommandResult } from './run';

export const REPO_ROOT = join(__dirname, '..');

/** The settings that change what a baseline policy is, each as an environment file asks for it. */
const VARIANTS: readonly SettingsVariant[] = [
  { yaml: 'userRiskResponse: block', settings: baselineSettingsOf({ userRiskResponse: 'block' }) },
  { yaml: 'guests.includeInDevicePolicy: true', settings: baselineSettingsOf({ guests: { includeInDevicePolicy: true } }) },
  { yaml: 'countryAccess.mode: block', settings: baselineSettingsOf({ countryAccess: { mode: 'block', location: 'blocked-countries' } }) },
];

const renderYamlLimits = () =>
  [
    '| limit | value |',
    '|---|---|',
    `| file size | ${YAML_LIMITS.maxBytes / 1024} KiB |`,
    `| nesting of mappings and lists | ${YAML_LIMITS.maxDepth} levels |`,
    `| entries of one list | ${YAML_LIMITS.maxListLength} |`,
    `| keys of one mapping | ${YAML_LIMITS.maxMapKeys} |`,
    `| values in the whole file | ${YAML_LIMITS.maxNodes} |`,
    `| characters of one string | ${YAML_LIMITS.maxStringLength} |`,
  ].join('\n');

const renderExitCodes = () =>
  ['| exit code | means |', '|---|---|', ...(Object.keys(EXIT) as (keyof typeof EXIT)[]).map((k) => `| ${EXIT[k]} | ${EXIT_MEANING[k]} |`)].join('\n');

/** Generated regions of hand-written pages, by page. */
/** The editor schemas, committed so that a file's `# yaml-language-server: $schema=` line finds them. */
export const ENVIRONMENT_SCHEMA = 'schema/environment.schema.json';
export const CUSTOM_POLICY_SCHEMA = 'schema/custom-policy.schema.json';

const REGIONS: Readonly<Record<string, Readonly<Record<string, () => string>>>> = {
  'README.md': { 'exit-codes': renderExitCodes },
  'docs/input-safety.md': { 'yaml-limits': renderYamlLimits },
  'docs/adoption.md': { 'custom-policy-keys': () => renderKeyTable(environmentKeys(jsonSchemaOf(customPolicySchema))) },
  'components/telemetry/README.md': {
    'analytics-rules': renderAnalyticsRuleTable,
    'rule-stages': renderRuleStageTable,
    'log-categories': renderLogCategories,
  },
};

/** `text` with the content between each region's markers rendered again; a missing marker is a programming error. */
export function withRegions(file: string, text: string, regions: Readonly<Record<string, () => string>>): string {
  let out = text;
  for (const [name, render] of Object.entries(regions)) {
    const start = `<!-- generated:${name} -->`;
    const end = `<!-- /generated:${name} -->`;
    const i = out.indexOf(start);
    const j = out.indexOf(end);
    if (i < 0 || j < i) throw new Error(`${file} has no ${start} ... ${end} region`);
    out = `${out.slice(0, i + start.length)}\n${render()}\n${out.slice(j)}`;
  }
  return out;
}

/** Every generated page or page with generated regions: its path from the repository root, and its content. */
export function generatedPages(root = REPO_ROOT): { readonly path: string; readonly content: string }[] {
  return [
    { path: 'RULES.md', content: renderRulesMarkdown(RULES) },
    { path: 'docs/baseline.md', content: renderBaselineDoc(baselineSettingsOf({}), VARIANTS) },
    { path: 'docs/environment-file.md', content: renderEnvironmentFileDoc(readFileSync(join(root, 'docs', 'examples', 'environment.yaml'), 'utf8')) },
    { path: ENVIRONMENT_SCHEMA, content: editorSchema(environmentSchema, 'perimeter environment file (environments/<name>.yaml)') },
    { path: CUSTOM_POLICY_SCHEMA, content: editorSchema(customPolicySchema, 'perimeter custom policy (policies/custom/<id>.yaml)') },
    ...Object.entries(REGIONS).map(([path, regions]) => ({ path, content: withRegions(path, readFileSync(join(root, path), 'utf8'), regions) })),
  ];
}

export function runDocs(argv: readonly string[] = []): CommandResult {
  parseCommand({ command: 'docs', summary: 'regenerates the pages that restate code (RULES.md, docs/baseline.md, docs/environment-file.md, the editor schemas, generated regions)', options: {} }, argv);
  const pages = generatedPages();
  for (const page of pages) writeFileSync(join(REPO_ROOT, page.path), page.content);
  return { stdout: `wrote ${pages.map((p) => p.path).join(', ')} (${RULES.length} rules)\n`, exitCode: EXIT.ok };
}
