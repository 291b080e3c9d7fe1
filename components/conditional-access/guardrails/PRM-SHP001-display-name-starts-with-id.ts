import { policyIdOf } from '../../../analysis/model/queries';
import type { GuardrailRule } from '../../../guardrails/rule';

export const displayNameStartsWithId: GuardrailRule = {
  id: 'PRM-SHP001',
  severity: 'error',
  trigger: 'A policy display name does not start with its policy id.',
  explanation:
    'Sign-in logs, the portal and incident tickets show display names only. Starting each name with the stable id (CA003 ...) ties every log line back to the code and to its Terraform address.',
  fix: 'Start the display name with the policy id, e.g. "CA003 Block legacy authentication".',
  check({ model }) {
    // A wave twin's name starts with the id of the policy it pilots: the portal shows them side by side.
    return model.policies
      .filter((p) => !p.displayName.startsWith(`${policyIdOf(p)} `))
      .map((p) => ({ address: p.address, target: policyIdOf(p), message: `display name ${JSON.stringify(p.displayName)} does not start with "${policyIdOf(p)} "` }));
  },
};
