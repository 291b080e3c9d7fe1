import { definePolicy } from './define';

/*
 * The on-premises apps published through Application Proxy get the rules SaaS apps get:
 * MFA, and a compliant or hybrid-joined device. Conditional Access cannot say
 * "mfa AND (compliantDevice OR domainJoinedDevice)" in one grant (one operator per policy),
 * so it is two policies on the same apps. Every applicable policy must be satisfied, so
 * together they require MFA plus a managed device, and each can be promoted on its own
 * evidence (MFA first: it has fewer surprises than device state on the factory floor).
 */
export const policy = definePolicy({
  id: 'CA021',
  requires: 'appProxy',
  define: () => ({
    title: 'Require MFA for published on-premises apps',
    description:
      'Intranet apps published through Application Proxy with Entra pre-authentication are reached from the internet instead of over the VPN, so every sign-in to them needs a second factor, whatever CA001 is promoted to.',
    users: { include: ['all-users'] },
    resources: { apps: ['app-proxy-apps'] },
    grant: { operator: 'OR', controls: ['mfa'] },
  }),
});
