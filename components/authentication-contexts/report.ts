import { authenticationContextOfResource } from '../../core/addresses';
import { stageOfState } from '../../core/stages';
import type { EnvironmentModel, SynthesizedResource } from '../../analysis/model/types';
import type { ResourceDescription, ResourceSection } from '../../analysis/report/sections';
import { contextRequirements } from './requirements';

/** One context in identity terms: its name, whether apps may ask for it, the policies that target it, and who asks for it. */
function describeContext(r: SynthesizedResource, model: EnvironmentModel): ResourceDescription {
  const id = authenticationContextOfResource(r.type, r.config) ?? r.name;
  const c = model.authenticationContexts?.find((x) => x.id === id);
  const targeting = model.policies.filter((p) => (p.conditions.applications.includeAuthenticationContexts ?? []).some((x) => x.id === id));
  const askedBy = contextRequirements(model).filter((q) => q.context === id);
  const facts = new Map<string, { text: string }>();
  if (c?.description) facts.set('description', { text: c.description });
  facts.set('apps and PIM may ask for it', { text: c?.isAvailable ? 'yes (isAvailable)' : 'no (isAvailable false: policy authoring only)' });
  facts.set('step-up', {
    text: targeting.length ? targeting.map((p) => `${p.displayName} (${stageOfState(p.state) ?? p.state})`).join('; ') : 'none (no policy targets it: asking for it costs nothing)',
  });
  facts.set('asked for by', { text: askedBy.length ? askedBy.map((q) => q.who).join('; ') : 'nothing in this stack' });
  return { subject: `context ${id}: ${c?.displayName ?? id}`, facts };
}

export const AUTHENTICATION_CONTEXT_REPORT: readonly ResourceSection[] = [
  {
    title: 'Authentication contexts',
    note: 'Each context, whether apps and PIM may ask for it, the policy that decides the step-up (also in the Conditional Access table, as an authentication context policy), and what asks for it.',
    matches: (r) => authenticationContextOfResource(r.type, r.config) !== undefined,
    describe: describeContext,
  },
];
