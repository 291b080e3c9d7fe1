import type { PolicyModule } from './model';

export const CA014: PolicyModule = {
  id: 'CA014',
  define: () => ({
    id: 'CA014',
    displayName: 'CA014 Require MFA for guests and external users',
    description:
      'Every guest and external user type, from any tenant, does MFA for every resource, whatever their home tenant requires.',
    users: { include: ['guests'] },
    resources: { apps: ['All'] },
    grant: { operator: 'OR', controls: ['mfa'] },
  }),
};

export const CA015: PolicyModule = {
  id: 'CA015',
  define: () => ({
    id: 'CA015',
    displayName: 'CA015 Block guests from apps not allowed to them',
    description:
      'Guests reach only the apps the environment lists under guests.allowedApps; everything else is blocked for them. With no allowed apps, guests are blocked everywhere.',
    users: { include: ['guests'] },
    resources: { apps: ['All'], excludeApps: ['guest-allowed-apps'] },
    grant: { operator: 'OR', controls: ['block'] },
  }),
};
