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
  id: 'CA022',
  requires: 'appProxy',
  define: () => ({
    title: 'Require compliant or hybrid-joined device for published on-premises apps',
    description:
      'The published intranet apps were only reachable from corporate devices on the VPN; they stay that way: an Intune-compliant or hybrid-joined device. Guests are included on purpose: they have no business in these apps from a device we do not manage.',
    users: { include: ['all-users'] },
    resources: { apps: ['app-proxy-apps'] },
    grant: { operator: 'OR', controls: ['compliantDevice', 'domainJoinedDevice'] },
  }),
});
