/**
 * `breakGlass:`: the emergency access accounts every policy excludes, the role-assignable
 * group that excludes them, and (optionally) their permanent Global Administrator role.
 */
import { z } from 'zod';
import { BREAK_GLASS_GROUP } from '../../core/addresses';
import { displayName, objectId, uniqueList } from '../../core/schema';
import type { Section } from '../section';
import { BREAK_GLASS_RULES } from './guardrails';

export interface BreakGlassSpec {
  /** Object ids of the existing cloud-only accounts, in file order. */
  readonly accounts: readonly string[];
  readonly exclusionGroupName: string;
  /** The accounts hold Global Administrator as a permanent active assignment. */
  readonly assignGlobalAdmin: boolean;
}

export const DEFAULT_EXCLUSION_GROUP_NAME = 'CA exclusion: emergency access (break-glass) accounts';

const shape = {
  breakGlass: z
    .strictObject({
      accounts: uniqueList(objectId)
        .min(2, { message: 'needs at least two cloud-only emergency access accounts (object ids); Microsoft recommends two' })
        .describe('object ids of at least two existing cloud-only emergency access accounts; perimeter never creates them'),
      exclusionGroupName: displayName('a group').optional().describe(`display name of the exclusion group; default "${DEFAULT_EXCLUSION_GROUP_NAME}"`),
      assignGlobalAdmin: z.boolean().optional().describe('give the accounts a permanent active Global Administrator assignment; default false'),
    })
    .describe('the emergency access accounts, excluded from every policy'),
};

export const breakGlassSection: Section<'breakGlass', typeof shape, BreakGlassSpec> = {
  key: 'breakGlass',
  shape,
  needs: [],
  resolve({ breakGlass }) {
    return {
      spec: {
        accounts: breakGlass.accounts,
        exclusionGroupName: breakGlass.exclusionGroupName ?? DEFAULT_EXCLUSION_GROUP_NAME,
        assignGlobalAdmin: breakGlass.assignGlobalAdmin ?? false,
      },
      problems: [],
      warnings: [],
    };
  },
  protectedTargets: (spec) => [BREAK_GLASS_GROUP, ...(spec.assignGlobalAdmin ? spec.accounts : [])],
  suppressionTargets: (spec) => [BREAK_GLASS_GROUP, ...(spec.assignGlobalAdmin ? ['Global Administrator'] : [])],
  rules: BREAK_GLASS_RULES,
};
