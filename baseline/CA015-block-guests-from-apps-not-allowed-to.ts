import { definePolicy } from './define';

export const policy = definePolicy({
  id: 'CA015',
  define: () => ({
    title: 'Block guests from apps not allowed to them',
    description:
      'Guests reach only the apps the environment lists under guests.allowedApps; everything else is blocked for them. With no allowed apps, guests are blocked everywhere.',
    users: { include: ['guests'] },
    resources: { apps: ['All'], excludeApps: ['guest-allowed-apps'] },
    grant: { operator: 'OR', controls: ['block'] },
  }),
});
