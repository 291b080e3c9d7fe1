/**
 * The YAML shape of a suppression: `suppressions: [{ rule, target, reason }]`. A suppression
 * names one rule and one target and says why in at least ten characters; the reason stays in
 * the file for auditors. Only the shape is checked here; what a rule id means is up to the
 * check that reads it (today the semantic diff's report-only-first rule, PRM-STG002).
 */
import { z } from 'zod';

export const RULE_ID_PATTERN = /^PRM-[A-Z]{3}\d{3}$/;

export const suppressionSchema = z.strictObject({
  rule: z.string().regex(RULE_ID_PATTERN, { message: 'must be a rule id such as PRM-STG002' }),
  target: z.string().min(1, { message: 'must name what is suppressed, e.g. a policy id such as CA003' }),
  reason: z.string().trim().min(10, { message: 'must say why, in at least 10 characters' }),
});

export type SuppressionInput = z.infer<typeof suppressionSchema>;
