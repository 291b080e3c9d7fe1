/** The tables of components/telemetry/README.md that restate code, rendered from it (`npm run docs`). */
import { FEATURES } from '../../core/features';
import { STAGES, toRuleSettings } from '../../core/stages';
import { ANALYTICS_RULES } from './analytics-rules';
import { ENTRA_LOG_CATEGORIES, REQUIRED_LOG_CATEGORIES } from './limits';

const cell = (text: string) => text.replace(/\|/g, '\\|');

export function renderAnalyticsRuleTable(): string {
  return [
    '| id | rule | runs | severity | watches |',
    '|---|---|---|---|---|',
    ...ANALYTICS_RULES.map((r) => {
      const requires = 'requires' in r ? `; part of an environment only when ${FEATURES[r.requires]}` : '';
      return `| ${r.id} | ${cell(r.title)} | ${cell(r.cadence)} | ${r.severity} | ${cell(r.watches)}${requires} |`;
    }),
  ].join('\n');
}

export function renderRuleStageTable(): string {
  const words = (stage: (typeof STAGES)[number]) => {
    const s = toRuleSettings(stage);
    return s.created ? `enabled, raises alerts, \`create_incident_enabled = ${String(s.createIncident)}\`` : 'not created';
  };
  return ['| stage | rule |', '|---|---|', ...STAGES.map((s) => `| \`${s}\` | ${words(s)} |`)].join('\n');
}

export function renderLogCategories(): string {
  const required = new Set<string>(REQUIRED_LOG_CATEGORIES);
  const optional = ENTRA_LOG_CATEGORIES.filter((c) => !required.has(c));
  return [
    `Always streamed: ${REQUIRED_LOG_CATEGORIES.map((c) => `\`${c}\``).join(', ')}.`,
    `\`logCategories\` may add any other category Microsoft documents: ${optional.map((c) => `\`${c}\``).join(', ')}.`,
  ].join('\n');
}
