import type { PolicyModel } from '../../../analysis/model/types';
import { stageOfState, stageRank, type Stage } from '../../../core/stages';
import type { Finding, GuardrailRule } from '../../../guardrails/rule';
import { contextRequirements } from '../requirements';

/** A requirement in the synthesized stack is live once deployed: PIM asks for the context at the next activation. */
const REQUIRED_STAGE: Stage = 'enabled';

export const requiredContextEnforced: GuardrailRule = {
  id: 'PRM-CTX001',
  severity: 'error',
  trigger: 'A PIM policy or another resource requires an authentication context that is not declared, not available, or not targeted by a policy that is enabled.',
  explanation:
    'A PIM activation that requires an authentication context (instead of MFA) is only as strong as the Conditional Access policy that targets the context. With no such policy, or one that only reports, Entra issues the context claim without any step-up: the activation asks for nothing at all. A context that is not available (isAvailable false) cannot be asked for. The policy\'s stage is the one its environment file asks for, so the emergency brake does not trip this rule.',
  fix: 'Declare the context under authenticationContexts with isAvailable true and a policy (for a privileged action: authenticationStrength phishing-resistant and compliantDevice true) at stage enabled, promoted through the rings like every policy.',
  check({ model }) {
    const { declared } = model;
    const yamlStage = new Map(declared.staged.map((i) => [i.id, i.stage]));
    const stageOf = (p: PolicyModel): Stage => yamlStage.get(p.id) ?? stageOfState(p.state) ?? 'off';
    const contexts = new Map((model.authenticationContexts ?? []).map((c) => [c.id, c]));
    const findings: Finding[] = [];
    for (const req of contextRequirements(model)) {
      const c = contexts.get(req.context);
      const at = (message: string): Finding => ({ address: req.address, target: req.context, message: `${req.who} requires authentication context ${req.context}, ${message}` });
      if (!c) {
        findings.push(at(`which ${declared.name} does not declare (authenticationContexts.${req.context}): the activation has no step-up at all`));
        continue;
      }
      const name = `${req.context} (${c.displayName})`;
      if (!c.isAvailable) findings.push(at(`but ${name} is not available (isAvailable: false), so nothing can ask for it`));
      const targeting = model.policies.filter((p) => (p.conditions.applications.includeAuthenticationContexts ?? []).some((r) => r.id === req.context));
      if (!targeting.length) {
        findings.push(at(`but no policy targets ${name}: the activation has no step-up at all`));
        continue;
      }
      const best = targeting.reduce((a, b) => (stageRank(stageOf(b)) > stageRank(stageOf(a)) ? b : a));
      if (stageRank(stageOf(best)) < stageRank(REQUIRED_STAGE)) {
        findings.push(at(`but the policy that targets ${name}, ${best.displayName}, is ${stageOf(best)}: it must be ${REQUIRED_STAGE}, or the activation has no step-up`));
      }
    }
    return findings;
  },
};
