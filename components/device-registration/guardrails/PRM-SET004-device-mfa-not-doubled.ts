import { SETTINGS } from '../../../core/addresses';
import { stageRank } from '../../../core/stages';
import { settingIn } from '../../../analysis/model/settings';
import type { Finding, GuardrailRule } from '../../../guardrails/rule';

const REGISTER_DEVICE = 'urn:user:registerdevice';

export const deviceMfaNotDoubled: GuardrailRule = {
  id: 'PRM-SET004',
  severity: 'error',
  trigger: 'A policy on the Register or join devices user action (CA012) is past off while the device registration policy also requires MFA to join.',
  explanation:
    'Microsoft: when a Conditional Access policy uses the Register or join devices user action, the tenant-wide "Require multifactor authentication to register or join devices" must be No, or the Conditional Access policy is not properly enforced (Maester MT.1061). The policy\'s stage is the one the environment file gives it: a user-action policy synthesizes as disabled until it is enabled, but promoting it must not meet a conflicting tenant setting. Without deviceRegistration in the environment the tenant setting is not checked, which is a warning.',
  fix: 'Set deviceRegistration.requireMfaToJoin: false and let CA012 ask for MFA, or keep CA012 off.',
  check({ model }) {
    const stages = new Map(model.declared.staged.map((i) => [i.id, i.stage]));
    const policies = model.policies.filter(
      (p) => p.conditions.applications.includeUserActions.includes(REGISTER_DEVICE) && (p.state !== 'disabled' || stageRank(stages.get(p.id) ?? 'off') > 0),
    );
    if (!policies.length) return [];
    const s = settingIn(model, SETTINGS.deviceRegistrationPolicy);
    const ids = policies.map((p) => p.id).join(', ');
    if (!s) {
      return [
        {
          address: model.declared.file,
          target: 'deviceRegistration',
          severity: 'warning',
          message: `${ids} asks for MFA to register or join devices, but deviceRegistration is not declared: nothing checks that the tenant setting does not also require it`,
        },
      ];
    }
    const findings: Finding[] = [];
    if (s.declared.multiFactorAuthConfiguration === 'required') {
      findings.push({ address: s.address, target: 'deviceRegistration', message: `${ids} asks for MFA to register or join devices and the device registration policy requires it too: Conditional Access is then not properly enforced` });
    }
    return findings;
  },
};
