/**
 * `waves:`: the ordered rollout waves inside one tenant. Each wave is a group: an existing one
 * (a key of `groups:`) or a security group perimeter creates (static members or a dynamic
 * membership rule, never role-assignable: joining a wave only adds enforcement). A policy
 * names the last wave it is enforced for with `policies.<id>.upTo` (components/conditional-access).
 */
import { z } from 'zod';
import { waveGroupName } from '../../core/addresses';
import type { PathProblem } from '../../core/problems';
import { displayName, key, objectId, uniqueList } from '../../core/schema';
import type { BreakGlassSpec } from '../break-glass/section';
import type { DirectorySyncSpec } from '../directory-sync/section';
import type { Section } from '../section';
import { WAVE_RULES } from './guardrails';

/** The longest dynamic membership rule Entra accepts. */
export const MAX_MEMBERSHIP_RULE = 3072;

export type WaveGroup =
  | { readonly kind: 'existing'; /** Key of `groups:`. */ readonly key: string; readonly objectId: string }
  | {
      readonly kind: 'created';
      readonly displayName: string;
      readonly description?: string;
      /** Static members (object ids); absent for a dynamic group. */
      readonly members?: readonly string[];
      /** A dynamic membership rule; absent for a static group. */
      readonly membershipRule?: string;
    };

export interface Wave {
  /** `it-pilot` */
  readonly name: string;
  /** Its position: wave 0 is promoted first. */
  readonly index: number;
  readonly group: WaveGroup;
}

/** The environment's waves, in rollout order (empty when the file has no `waves:`). */
export type WavesSpec = readonly Wave[];

const wave = z
  .strictObject({
    name: key('wave').describe('the wave\'s name, used by policies.<id>.upTo'),
    group: key('group').optional().describe('an existing group: a key of groups:'),
    create: z
      .strictObject({
        displayName: displayName('a group').describe('the group\'s display name'),
        description: z.string().optional().describe('for reviewers and the directory'),
        members: uniqueList(objectId).min(1).optional().describe('static members: object ids of users (never a break-glass or sync account)'),
        membershipRule: z
          .string()
          .trim()
          .min(1, { message: 'must not be empty' })
          .max(MAX_MEMBERSHIP_RULE, { message: `is longer than ${MAX_MEMBERSHIP_RULE} characters, the most Entra allows for a membership rule` })
          .optional()
          .describe('a dynamic membership rule, e.g. (user.department -eq "IT")'),
      })
      .optional()
      .describe('a security group perimeter creates (not role-assignable): members or membershipRule, one of them'),
  })
  .describe('one wave: name, and group or create');

const shape = {
  waves: z
    .array(wave)
    .min(1, { message: 'needs at least one wave; leave the key out for none' })
    .optional()
    .describe('rollout waves inside this tenant, in order (first promoted first); a policy is enforced for the waves up to policies.<id>.upTo'),
};

export const wavesSection: Section<'waves', typeof shape, WavesSpec, { breakGlass: BreakGlassSpec; directorySync: DirectorySyncSpec | undefined }> = {
  key: 'waves',
  shape,
  needs: ['breakGlass', 'directorySync'],
  resolve({ waves }, { groups }, { breakGlass, directorySync }) {
    const problems: PathProblem[] = [];
    const spec: Wave[] = [];
    const names = new Map<string, number>();
    const groupOwners = new Map<string, string>();
    const forbidden = new Map<string, string>([
      ...breakGlass.accounts.map((id) => [id, 'a break-glass account'] as const),
      ...(directorySync?.accounts ?? []).map((id) => [id, 'a directory-sync account'] as const),
    ]);
    (waves ?? []).forEach((w, i) => {
      const at = (...rest: PropertyKey[]) => ['waves', i, ...rest];
      const earlier = names.get(w.name);
      if (earlier !== undefined) problems.push({ path: at('name'), message: `wave ${JSON.stringify(w.name)} is already waves[${earlier}]; each wave has one name` });
      names.set(w.name, i);
      if ((w.group === undefined) === (w.create === undefined)) {
        problems.push({ path: at(), message: 'needs exactly one of group (an existing group, a key of groups:) or create (a group perimeter creates)' });
        return;
      }
      if (w.group !== undefined) {
        if (!Object.hasOwn(groups, w.group)) {
          const defined = Object.keys(groups).sort();
          problems.push({ path: at('group'), message: `group ${JSON.stringify(w.group)} is not defined under groups (${defined.length ? `defined groups: ${defined.join(', ')}` : 'no groups are defined'})` });
          return;
        }
        const other = groupOwners.get(w.group);
        if (other) problems.push({ path: at('group'), message: `group ${w.group} is the group of wave ${other} already; each wave has its own group` });
        groupOwners.set(w.group, w.name);
        spec.push({ name: w.name, index: i, group: { kind: 'existing', key: w.group, objectId: groups[w.group]!.objectId } });
        return;
      }
      const c = w.create!;
      if ((c.members === undefined) === (c.membershipRule === undefined)) {
        problems.push({ path: at('create'), message: 'needs exactly one of members (static object ids) or membershipRule (a dynamic group)' });
        return;
      }
      c.members?.forEach((id, m) => {
        const what = forbidden.get(id);
        if (what) problems.push({ path: at('create', 'members', m), message: `${id} is ${what}; a wave group may not contain one (every policy excludes it, and a wave must not look like it includes it)` });
      });
      spec.push({
        name: w.name,
        index: i,
        group: {
          kind: 'created',
          displayName: c.displayName,
          ...(c.description !== undefined ? { description: c.description } : {}),
          ...(c.members ? { members: c.members } : {}),
          ...(c.membershipRule !== undefined ? { membershipRule: c.membershipRule } : {}),
        },
      });
    });
    return { spec, problems, warnings: [] };
  },
  protectedTargets: (spec) => spec.flatMap((w) => (w.group.kind === 'created' ? [waveGroupName(w.name)] : [])),
  rules: WAVE_RULES,
};

/** The waves up to and including `upTo`, in order; undefined when no wave has that name. */
export function wavesUpTo(waves: WavesSpec, upTo: string): readonly Wave[] | undefined {
  const last = waves.findIndex((w) => w.name === upTo);
  return last < 0 ? undefined : waves.slice(0, last + 1);
}
