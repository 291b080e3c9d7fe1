/**
 * `licensing:`: who holds the licences the baseline's policies need. Identity Protection
 * (the risk policies CA008-CA010) needs Entra ID P2 for every user it protects; many tenants
 * license P2 for a segment only. `p2Group` makes the risk policies target that segment.
 */
import { z } from 'zod';
import { key } from '../../core/schema';
import type { PathProblem } from '../../core/problems';
import type { Section } from '../section';
import { LICENSING_RULES } from './guardrails';

export interface LicensingSpec {
  /** `all`: every user holds Entra ID P2; `partial`: a segment does. */
  readonly p2: 'all' | 'partial';
  /** The group of P2 holders the risk policies target: its key under `groups:` and its object id. */
  readonly p2Group?: { readonly key: string; readonly objectId: string };
}

const shape = {
  licensing: z
    .strictObject({
      p2: z
        .enum(['all', 'partial'])
        .optional()
        .describe('who holds Entra ID P2: all (default without p2Group) or partial (default with p2Group); the risk policies CA008-CA010 need it'),
      p2Group: key('group')
        .optional()
        .describe('a key of groups: whose members hold Entra ID P2; the risk policies CA008-CA010 target this group instead of all users'),
    })
    .optional()
    .describe('the licences policies depend on (components/licensing/README.md)'),
};

export const licensingSection: Section<'licensing', typeof shape, LicensingSpec> = {
  key: 'licensing',
  shape,
  needs: [],
  resolve({ licensing }, { groups }) {
    const problems: PathProblem[] = [];
    const groupKey = licensing?.p2Group;
    if (groupKey !== undefined && !Object.hasOwn(groups, groupKey)) {
      const known = Object.keys(groups).sort();
      problems.push({ path: ['licensing', 'p2Group'], message: `group ${JSON.stringify(groupKey)} is not defined under groups (${known.length ? `defined groups: ${known.join(', ')}` : 'no groups are defined'})` });
    }
    if (groupKey !== undefined && licensing?.p2 === 'all') {
      problems.push({ path: ['licensing', 'p2'], message: 'is all, but p2Group narrows the risk policies to a group: say partial, or remove p2Group so they protect every user' });
    }
    const p2 = licensing?.p2 ?? (groupKey !== undefined ? 'partial' : 'all');
    const group = groupKey !== undefined && Object.hasOwn(groups, groupKey) ? { key: groupKey, objectId: groups[groupKey]!.objectId } : undefined;
    return { spec: { p2, ...(group ? { p2Group: group } : {}) }, problems, warnings: [] };
  },
  rules: LICENSING_RULES,
};
