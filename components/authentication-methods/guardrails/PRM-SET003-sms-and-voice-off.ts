import { methodsInStack } from '../../../analysis/whatif/methods';
import type { GuardrailRule } from '../../../guardrails/rule';

export const smsAndVoiceOff: GuardrailRule = {
  id: 'PRM-SET003',
  severity: 'warning',
  trigger: 'SMS or voice calls are enabled in the environment of the highest ring.',
  explanation:
    'Codes by SMS and calls to a phone number are the methods SIM swapping and real-time phishing defeat; MS.AAD.3.5 wants them disabled. A lower ring may keep them while people register stronger methods; the highest ring is where the whole company signs in.',
  fix: 'Remove authenticationMethods.sms and authenticationMethods.voice once the registration campaign has moved people to Microsoft Authenticator or FIDO2.',
  check({ model, isHighestRing }) {
    if (!isHighestRing) return [];
    const methods = methodsInStack(model);
    return (methods?.enabled ?? [])
      .filter((m) => m.method === 'sms' || m.method === 'voice')
      .map((m) => ({ address: model.declared.file, target: 'authenticationMethods', message: `${m.name} is enabled for ${m.targets.map((t) => model.labelOf(t)).join(', ')} in the highest ring` }));
  },
};
