import type { GuardrailRule } from '../../../guardrails/rule';

/** Evaluated by `npm run diff` (analysis/diff/report-only-first.ts), which compares a change with its base. */
export const reportOnlyFirst: GuardrailRule = {
  id: 'PRM-STG002',
  severity: 'error',
  phase: 'diff',
  trigger: 'A change takes a policy from absent or off straight to enabled in an environment.',
  explanation:
    'Every new policy ships in report-only, is validated against real sign-in logs, then is enforced. Going straight to enabled skips the only evidence that the policy blocks what it should and nothing else. Evaluated by `npm run diff`, which compares the change with its base.',
  fix: 'Promote the policy to report-only in this change and to enabled in a later one, after reading its report-only results.',
};
