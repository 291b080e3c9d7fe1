import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { RULES } from '../constructs/guardrails/rules';
import { renderRulesMarkdown } from '../constructs/guardrails/rules-md';

const target = join(__dirname, '..', 'RULES.md');
writeFileSync(target, renderRulesMarkdown(RULES));
process.stdout.write(`wrote RULES.md (${RULES.length} rules)\n`);
