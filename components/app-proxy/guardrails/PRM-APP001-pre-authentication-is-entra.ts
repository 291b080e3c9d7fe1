import { appKeyOfPublishing, TF } from '../../../core/addresses';
import { resourcesOf } from '../../../analysis/model/queries';
import type { GuardrailRule } from '../../../guardrails/rule';

interface PublishingJson {
  readonly body?: {
    readonly onPremisesPublishing?: { readonly externalAuthenticationType?: string; readonly externalUrl?: string; readonly internalUrl?: string };
  };
}

export const preAuthenticationIsEntra: GuardrailRule = {
  id: 'PRM-APP001',
  severity: 'error',
  trigger: 'An Application Proxy app is published with pre-authentication passthru instead of Microsoft Entra ID.',
  explanation:
    'With passthru, Application Proxy forwards anyone on the internet to the internal app without a sign-in: no MFA, no device check, no Conditional Access, no sign-in log, and the app\'s own authentication becomes the only control. Publishing an intranet app that way puts it on the internet. The one accepted exception (an app that does its own strong authentication) needs a written reason.',
  fix: 'Set preAuthentication: aad (the default), or add a suppression for PRM-APP001 with the app key as target and the reason.',
  check({ model }) {
    return resourcesOf(model, TF.msgraphUpdateResource).flatMap((r) => {
      const publishing = (r.config as PublishingJson).body?.onPremisesPublishing;
      const key = appKeyOfPublishing(r.name);
      if (key === undefined || publishing?.externalAuthenticationType !== 'passthru') return [];
      return [
        {
          address: r.address,
          target: key,
          message: `${key} is published with pre-authentication passthru: anyone who reaches ${publishing.externalUrl ?? 'its external URL'} gets to ${publishing.internalUrl ?? 'the internal app'} without signing in to Entra ID`,
        },
      ];
    });
  },
};
