/** Every guardrail, from the section registry, in the order RULES.md lists them (by area, then id). */
import { SECTIONS } from '../components/registry';
import { CHANGE_RULES } from './change-rules';
import { CROSS_ENVIRONMENT_RULES } from './cross-environment';
import { compareRules, type GuardrailRule } from './rule';

export const RULES: readonly GuardrailRule[] = [...SECTIONS.flatMap((s): readonly GuardrailRule[] => ('rules' in s ? (s.rules ?? []) : [])), ...CHANGE_RULES, ...CROSS_ENVIRONMENT_RULES].sort(compareRules);
