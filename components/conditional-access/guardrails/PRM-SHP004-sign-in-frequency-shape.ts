import { TF } from '../../../core/addresses';
import { resourcesOf } from '../../../analysis/model/queries';
import type { GuardrailRule } from '../../../guardrails/rule';

/** Terraform JSON writes a nested block as an object or as a one-element list. */
const firstBlock = (v: unknown): Record<string, unknown> | undefined => {
  const b = Array.isArray(v) ? v[0] : v;
  return b !== null && typeof b === 'object' ? (b as Record<string, unknown>) : undefined;
};

export const signInFrequencyShape: GuardrailRule = {
  id: 'PRM-SHP004',
  severity: 'error',
  trigger: 'A sign-in frequency of "every time" also sets a frequency value or period.',
  explanation: 'The azuread provider rejects sign_in_frequency or sign_in_frequency_period together with the everyTime interval; plan fails for the whole environment.',
  fix: 'Use either everyTime or a value with a period, not both.',
  check({ model }) {
    // The model keeps the interval only; the provider's rule is about the raw arguments.
    return resourcesOf(model, TF.conditionalAccessPolicy)
      .filter((r) => {
        const s = firstBlock(r.config['session_controls']);
        return s?.['sign_in_frequency_interval'] === 'everyTime' && (s['sign_in_frequency'] !== undefined || s['sign_in_frequency_period'] !== undefined);
      })
      .map((r) => ({ address: r.address, target: r.name, message: `${r.name} combines everyTime with a sign-in frequency value` }));
  },
};
