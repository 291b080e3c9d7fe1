/**
 * The environment YAML contract: the keys every file has, then every component's keys from
 * the section registry. Structure is validated here, strictly: unknown keys are errors.
 * References between sections are checked when the sections resolve.
 */
import { z } from 'zod';
import { guid, key, objectId, stageSchema } from '../core/schema';
import { SECTIONS } from '../components/registry';

/** A guardrail finding accepted on purpose. Which rules and targets exist is checked by the guardrail engine. */
const suppression = z.strictObject({
  rule: z
    .string()
    .regex(/^PRM-[A-Z]+\d{3}$/, { message: 'must be a guardrail rule id such as PRM-LOC002 (see RULES.md)' })
    .describe('the guardrail rule id (RULES.md)'),
  target: z
    .string()
    .min(1, { message: 'must name what the finding is about: a policy id, location key, app key, role name or the environment name' })
    .describe('what the finding is about: a policy id, location key, app key, group key, role name or the environment name'),
  reason: z
    .string({ message: 'is required: say why the finding is accepted' })
    .trim()
    .min(10, { message: 'must say why the finding is accepted, in at least 10 characters' })
    .describe('why the finding is accepted, in at least 10 characters; stays in the synth output for auditors'),
});

/** An object taken out of an environment on purpose: Terraform destroys it at the next deploy. */
const retirement = z.strictObject({
  target: z
    .string()
    .min(1, { message: 'must name what is retired: a policy id, named-location key, group key, App Proxy app key or break-glass account id' })
    .describe('what is retired: a policy id, named-location key, group key, App Proxy app key or break-glass account object id'),
  reason: z
    .string({ message: 'is required: say why it is retired' })
    .trim()
    .min(10, { message: 'must say why it is retired, in at least 10 characters' })
    .describe('why, in at least 10 characters; shown in the diff'),
});

const BASE_SHAPE = {
  tenantId: guid('the tenant id').describe('the tenant every object of this environment lives in'),
  ring: z.number().int().min(1, { message: 'must be a whole number of 1 or more' }).describe('whole number >= 1; lower rings promote first'),
  stage: stageSchema.describe('default stage of every policy and analytics rule: off | report-only | enabled'),
  groups: z
    .record(
      key('group'),
      z.strictObject({ objectId: objectId.describe('the group\'s object id'), description: z.string().optional().describe('for reviewers') }).describe('one existing group'),
    )
    .optional()
    .describe('existing groups by logical name'),
  apps: z.record(key('app'), guid('an application (client) id')).optional().describe('applications by logical name -> application (client) id'),
  pipeline: z
    .boolean()
    .optional()
    .describe('false: a laptop-only environment the pipeline never deploys, which may keep local state; default true: deployed in ring order, remote state required'),
  suppressions: z.array(suppression).optional().describe('accepted guardrail findings, each with a reason'),
  retire: z
    .array(retirement)
    .optional()
    .describe('objects taken out on purpose, each with a reason: a baseline policy listed here is left out; a removed location, group or app is acknowledged (npm run diff)'),
};

type UnionToIntersection<U> = (U extends unknown ? (u: U) => void : never) extends (i: infer I) => void ? I : never;
type SectionShapes = UnionToIntersection<(typeof SECTIONS)[number]['shape']>;

const SECTION_SHAPE = Object.assign({}, ...SECTIONS.map((s) => s.shape)) as SectionShapes;

export const environmentSchema = z.strictObject({ ...BASE_SHAPE, ...SECTION_SHAPE });

export type EnvironmentFile = z.output<typeof environmentSchema>;
