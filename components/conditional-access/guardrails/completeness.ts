/**
 * A completeness rule passes when some policy (at any stage) has the protection. It is an
 * error in the highest ring, which must carry the whole baseline, and a warning elsewhere.
 */
import type { DeclaredModel, PolicyModel } from '../../../analysis/model/types';
import type { Finding, GuardrailRule, RuleContext, RuleId } from '../../../guardrails/rule';

export const controlsOf = (p: PolicyModel) => p.grantControls?.builtInControls ?? [];

export function completeness(id: RuleId, what: string, explanation: string, fix: string, has: (p: PolicyModel, model: DeclaredModel) => boolean): GuardrailRule {
  return {
    id,
    severity: 'error',
    trigger: `No policy ${what}.`,
    explanation: `${explanation} Checked in every environment: an error in the highest ring, which must have the whole baseline at some stage, and a warning in lower rings.`,
    fix,
    check({ model, isHighestRing }: RuleContext): Finding[] {
      if (model.policies.some((p) => has(p, model))) return [];
      const { declared } = model;
      return [
        {
          address: declared.file,
          target: declared.name,
          message: `${declared.name} has no policy that ${what.replace(/^that /, '')}`,
          severity: isHighestRing ? 'error' : 'warning',
        },
      ];
    },
  };
}
