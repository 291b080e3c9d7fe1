import type { GuardrailRule } from '../../../guardrails/rule';

/** Evaluated by `npm run diff --evidence <replay JSON>` (analysis/diff/promotion.ts). */
export const replayedImpact: GuardrailRule = {
  id: 'PRM-EVD002',
  severity: 'error',
  phase: 'diff',
  trigger:
    'With --evidence, a change that enables a policy or widens an enforced one (an exclusion removed, apps or users added, a control tightened) newly blocks more sign-ins or users in the replay than promotion.maxNewlyBlocked allows.',
  explanation:
    'The replay of real sign-in logs (npm run replay) says who the change would block. Over the limit, the change locks out people nobody has decided to lock out. The diff labels every widening of an enforced policy even without evidence, because it goes straight to enforcement without report-only.',
  fix: 'Read the replay\'s top users and apps: exclude who must not be blocked, or add a promotion.accept entry naming the policy with the reason the impact is intended (for example legacy clients that must stop); or raise promotion.maxNewlyBlocked for the policy.',
};
