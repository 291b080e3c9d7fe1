/**
 * `promotion:`: the evidence a policy needs before it is enforced. `npm run diff` reads it:
 * a policy goes from report-only to enabled only after `minReportOnlyDays` in report-only
 * (PRM-EVD001), and with `--evidence <replay JSON>` a promotion or a widening of an enforced
 * policy fails when its replayed impact is over `maxNewlyBlocked`, unless `accept:` names it
 * with a reason (PRM-EVD002).
 */
import { z } from 'zod';
import type { PathProblem } from '../../core/problems';
import type { ConditionalAccessSpec } from '../conditional-access/section';
import type { Section } from '../section';
import { PROMOTION_RULES } from './guardrails';

export interface ImpactLimit {
  /** Newly blocked sign-ins. */
  readonly signIns: number;
  /** Distinct newly blocked users. */
  readonly users: number;
}

export interface PromotionSpec {
  readonly minReportOnlyDays: number;
  readonly maxNewlyBlocked: ImpactLimit;
  /** Per policy id: its own limit. */
  readonly policies: Readonly<Record<string, { readonly maxNewlyBlocked: ImpactLimit }>>;
  /** Policies whose replayed impact is accepted, with the reason. */
  readonly accept: readonly { readonly policy: string; readonly reason: string }[];
}

/** @default 7 days in report-only, and no newly blocked sign-in without an `accept:` entry. */
export const DEFAULT_PROMOTION: PromotionSpec = { minReportOnlyDays: 7, maxNewlyBlocked: { signIns: 0, users: 0 }, policies: {}, accept: [] };

const count = (what: string) => z.number().int({ message: `must be a whole number of ${what}` }).min(0, { message: `must be 0 or more ${what}` });

const limit = z
  .strictObject({
    signIns: count('sign-ins').optional().describe('at most this many newly blocked sign-ins in the replay; default 0'),
    users: count('users').optional().describe('at most this many distinct newly blocked users in the replay; default 0'),
  })
  .describe('the most a replay may newly block before the change needs an accept: entry');

const shape = {
  promotion: z
    .strictObject({
      minReportOnlyDays: count('days').max(365, { message: 'must be at most 365 days' }).optional().describe('days a policy stays report-only before it may be enabled (PRM-EVD001); default 7'),
      maxNewlyBlocked: limit.optional(),
      policies: z
        .record(z.string(), z.strictObject({ maxNewlyBlocked: limit.describe('this policy\'s own limit') }).describe('a policy id and its own limit'))
        .optional()
        .describe('per policy id: a limit of its own'),
      accept: z
        .array(
          z.strictObject({
            policy: z.string().min(1).describe('the policy id whose replayed impact is accepted'),
            reason: z
              .string({ message: 'is required: say why the impact is accepted' })
              .trim()
              .min(10, { message: 'must say why the impact is accepted, in at least 10 characters' })
              .describe('why, in at least 10 characters (a change ticket, who agreed)'),
          }),
        )
        .optional()
        .describe('replayed impact accepted on purpose, each with a reason (PRM-EVD002)'),
    })
    .optional()
    .describe('the evidence a policy needs before it is enforced (npm run diff, npm run replay); default 7 days report-only and nothing newly blocked'),
};

export const promotionSection: Section<'promotion', typeof shape, PromotionSpec, { conditionalAccess: ConditionalAccessSpec }> = {
  key: 'promotion',
  shape,
  needs: ['conditionalAccess'],
  resolve({ promotion }, _context, { conditionalAccess }) {
    if (!promotion) return { spec: DEFAULT_PROMOTION, problems: [], warnings: [] };
    const problems: PathProblem[] = [];
    const ids = new Set(conditionalAccess.policies.map((p) => p.definition.id as string));
    const known = [...ids].join(', ');
    const toLimit = (l: { signIns?: number | undefined; users?: number | undefined } | undefined, fallback: ImpactLimit): ImpactLimit => ({
      signIns: l?.signIns ?? fallback.signIns,
      users: l?.users ?? fallback.users,
    });
    const base = toLimit(promotion.maxNewlyBlocked, DEFAULT_PROMOTION.maxNewlyBlocked);
    const policies: Record<string, { maxNewlyBlocked: ImpactLimit }> = {};
    for (const [id, p] of Object.entries(promotion.policies ?? {})) {
      if (!ids.has(id)) problems.push({ path: ['promotion', 'policies', id], message: `is not a policy of this environment; the policies are ${known}` });
      policies[id] = { maxNewlyBlocked: toLimit(p.maxNewlyBlocked, base) };
    }
    const accept = (promotion.accept ?? []).map((a, i) => {
      if (!ids.has(a.policy)) problems.push({ path: ['promotion', 'accept', i, 'policy'], message: `${JSON.stringify(a.policy)} is not a policy of this environment; the policies are ${known}` });
      return { policy: a.policy, reason: a.reason };
    });
    return { spec: { minReportOnlyDays: promotion.minReportOnlyDays ?? DEFAULT_PROMOTION.minReportOnlyDays, maxNewlyBlocked: base, policies, accept }, problems, warnings: [] };
  },
  rules: PROMOTION_RULES,
};
