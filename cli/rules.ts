/** `npm run rules`: writes RULES.md from the guardrail rules (a test fails when it is stale). */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { RULES } from '../guardrails/index';
import { renderRulesMarkdown } from '../guardrails/rules-md';
import { EXIT, type CommandResult } from './run';

export const REPO_ROOT = join(__dirname, '..');

export function runRules(): CommandResult {
  writeFileSync(join(REPO_ROOT, 'RULES.md'), renderRulesMarkdown(RULES));
  return { stdout: `wrote RULES.md (${RULES.length} rules)\n`, exitCode: EXIT.ok };
}
