/** `pim:`: the component's section. The schema is ./schema.ts, the resolution ./resolve.ts. */
import type { BreakGlassSpec } from '../break-glass/section';
import type { Section } from '../section';
import { PIM_RULES } from './guardrails';
import { PIM_REPORT } from './report';
import { resolvePim } from './resolve';
import { pimSchema, type PimSettings } from './schema';

const shape = {
  pim: pimSchema.optional().describe('privileged access through PIM: role-assignable groups, eligibility, approval (components/pim/README.md)'),
};

export const pimSection: Section<'pim', typeof shape, PimSettings | undefined, { breakGlass: BreakGlassSpec }> = {
  key: 'pim',
  shape,
  needs: ['breakGlass'],
  resolve({ pim }, _context, { breakGlass }) {
    return resolvePim(pim, { breakGlassAccounts: breakGlass.accounts, assignGlobalAdmin: breakGlass.assignGlobalAdmin });
  },
  protectedTargets: (spec) => (spec?.roles ?? []).map((r) => r.key),
  suppressionTargets: (spec) => [...(spec?.roles ?? []).map((r) => r.name), ...(spec?.azureRoles ?? []).map((r) => r.key)],
  rules: PIM_RULES,
  reportSections: PIM_REPORT,
};
