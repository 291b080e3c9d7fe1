import { authenticationContextOfResource } from '../../core/addresses';
import { stageOfState } from '../../core/stages';
import type { EnvironmentModel, SynthesizedResource } from '../../analysis/model/types';
import type { ResourceSection } from '../../analysis/report/sections';
import { contextRequirements } from './requirements';

/** One context in identity terms: its name, whether apps may ask for it, the policies that target it, and who asks for it. */
function describeContext(model: EnvironmentModel, r: SynthesizedResource): string[] {
  const id = authenticationContextOfResource(r.type, r.config) ?? r.name;
  const c = model.authenticationContexts?.find((x) => x.id === id);
  const targeting = model.policies.filter((p) => (p.conditions.applications.includeAuthenticationContexts ?? []).some((x) => x.id === id));
  const askedBy = contextRequirements(model).filter((q) => q.context === id);
  return [
    `context ${id}: ${c?.displayName ?? id}`,
    ...(c?.description ? [`description: ${c.description}`] : []),
    `apps and PIM may ask for it: ${c?.isAvailable ? 'yes (isAvailable)' : 'no (isAvailable false: policy authoring only)'}`,
    targeting.length
      ? `step-up: ${targeting.map((p) => `${p.displayName} (${stageOfState(p.state) ?? p.state})`).join('; ')}`
      : 'step-up: none (no policy targets it: asking for it costs nothing)',
    askedBy.length ? `asked for by: ${askedBy.map((q) => q.who).join('; ')}` : 'asked for by: nothing in this stack',
  ];
}

export const AUTHENTICATION_CONTEXT_REPORT: readonly ResourceSection[] = [
  {
    title: 'Authentication contexts',
    note: 'Each context, whether apps and PIM may ask for it, the policy that decides the step-up (also in the Conditional Access table, as an authentication context policy), and what asks for it.',
    matches: (r) => authenticationContextOfResource(r.type, r.config) !== undefined,
    describe: describeContext,
  },
];
