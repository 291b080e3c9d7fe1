import { designGaps } from '../../../analysis/coverage/coverage';
import type { Finding, GuardrailRule } from '../../../guardrails/rule';

export const invariantsHold: GuardrailRule = {
  id: 'PRM-COV001',
  severity: 'error',
  trigger: 'A coverage invariant fails even counting every policy at any stage: some persona, somewhere, is held to less than the invariant promises, and no policy of the environment closes the gap.',
  explanation:
    'The coverage proof (npm run coverage) splits the sign-in space into the classes the policies can tell apart and checks every invariant (MFA for every member, phishing-resistant MFA for privileged roles, legacy clients and device code flow blocked, guests challenged, risky sign-ins stopped, bounded sessions on unmanaged devices, and the environment\'s own) in every class. A gap that no policy closes at any stage (off and report-only ones counted, as the completeness rules count them) is in the design, not in the rollout: an error in the highest ring, which must carry the whole baseline, and a warning in lower rings. Gaps that remain only until staged policies are enforced are shown by npm run coverage, not here.',
  fix: 'Read the gap sentence: include the persona, app or condition it names in a policy that requires the control, remove the exclusion that opened it, or, when the gap is intended, turn the invariant off under coverage.disable or suppress the finding, both with a reason.',
  check({ model, isHighestRing }) {
    const findings: Finding[] = [];
    for (const inv of designGaps(model)) {
      const first = inv.gaps[0]!.sentence;
      const more = inv.gaps.length - 1;
      findings.push({
        address: model.declared.file,
        target: inv.id,
        message: `${model.declared.name}: ${inv.id} fails (${inv.title}): ${first}${more ? ` (and ${more} more gap${more === 1 ? '' : 's'}: npm run coverage -- --env ${model.declared.name})` : ''}`,
        severity: isHighestRing ? 'error' : 'warning',
      });
    }
    return findings;
  },
};
