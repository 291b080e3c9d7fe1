import { definePolicy } from './define';

export const policy = definePolicy({
  id: 'CA014',
  define: () => ({
    title: 'Require MFA for guests and external users',
    description:
      'Every guest and external user type, from any tenant, does MFA for every resource, whatever their home tenant requires.',
    users: { include: ['guests'] },
    resources: { apps: ['All'] },
    grant: { operator: 'OR', controls: ['mfa'] },
  }),
});
