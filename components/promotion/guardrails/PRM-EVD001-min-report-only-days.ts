import type { GuardrailRule } from '../../../guardrails/rule';

/** Evaluated by `npm run diff` (analysis/diff/promotion.ts), from the git history of the environment file. */
export const minReportOnlyDays: GuardrailRule = {
  id: 'PRM-EVD001',
  severity: 'error',
  phase: 'diff',
  trigger: 'A change takes a policy from report-only to enabled before it has been report-only for promotion.minReportOnlyDays days (default 7) in that environment.',
  explanation:
    'Report-only is only evidence once it has seen the tenant\'s traffic: the weekly sign-ins, the month-end jobs, the people who travel. The count starts from the commit that made the policy report-only, found in the git history of the environment file, so a policy enabled the day after it went report-only is refused. Evaluated by `npm run diff`.',
  fix: 'Wait until the policy has been report-only for the required days, reading its replay (npm run replay) meanwhile; or suppress PRM-EVD001 for the policy with the reason it cannot wait.',
};
