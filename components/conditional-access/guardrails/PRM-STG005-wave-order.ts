import { stageRank, stageOfState } from '../../../core/stages';
import { policyLabel } from '../../../analysis/model/queries';
import type { Finding, GuardrailRule } from '../../../guardrails/rule';

export const waveOrder: GuardrailRule = {
  id: 'PRM-STG005',
  severity: 'error',
  trigger: 'A policy is further along for a later wave than for an earlier one: its wave twin covers waves out of order, or its main policy (everyone after the waves) is further along than the twin.',
  explanation:
    'Waves are rings inside one tenant: the IT department meets a policy before the early adopters, and they before everyone else. A twin that skips an earlier wave, or a main policy enforced while its pilot only reports, takes a policy to people who were meant to be its last audience first. The twin must include the first waves in order and nothing else, and the main policy must exclude every wave the twin covers. Checked on the synthesized policies, against the order of waves: in the environment file.',
  fix: 'Pilot a policy with policies.<id>.upTo naming a wave: perimeter then covers every wave up to it, in order. Keep the policy\'s stage above the environment\'s stage while upTo is set; remove upTo to promote it to everyone.',
  check({ model }) {
    const findings: Finding[] = [];
    const declared = model.declared.waves ?? [];
    for (const twin of model.policies) {
      if (!twin.wave) continue;
      const at = (message: string) => findings.push({ address: twin.address, target: twin.wave!.of, message: `${policyLabel(twin)}: ${message}` });
      const main = model.policy(twin.wave.of);
      if (!main) {
        at(`a wave twin without its policy ${twin.wave.of}`);
        continue;
      }
      const included = twin.conditions.users;
      const positions = included.includeGroups.map((g) => declared.findIndex((w) => w.groupId === g.id));
      const strangers = included.includeGroups.filter((_, i) => positions[i]! < 0);
      if (strangers.length) at(`includes ${strangers.map((g) => g.label).join(', ')}, which ${strangers.length > 1 ? 'are not wave groups' : 'is not a wave group'}`);
      if (included.includeUsers.length || included.includeRoles.length || included.includeGuestsOrExternalUsers) at('includes users, roles or guests besides its waves\' groups');
      const covered = new Set(positions.filter((i) => i >= 0));
      const skipped = declared.filter((_, i) => i < Math.max(-1, ...covered) && !covered.has(i));
      if (skipped.length) at(`covers ${declared.filter((_, i) => covered.has(i)).map((w) => w.name).join(', ')} but not the earlier ${skipped.map((w) => w.name).join(', ')}`);
      const excluded = new Set(main.conditions.users.excludeGroups.map((g) => g.id));
      const leaking = included.includeGroups.filter((g) => !excluded.has(g.id));
      if (leaking.length) at(`${main.id} does not exclude ${leaking.map((g) => g.label).join(', ')}, which the twin covers`);
      const twinStage = stageOfState(twin.state) ?? 'off';
      const mainStage = stageOfState(main.state) ?? 'off';
      if (stageRank(mainStage) > stageRank(twinStage)) at(`${main.id} is ${mainStage} for everyone after the waves but only ${twinStage} for the waves`);
    }
    return findings;
  },
};
