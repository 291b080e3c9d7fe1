import { definePolicy } from './define';

export const policy = definePolicy({
  id: 'CA001',
  define: () => ({
    title: 'Require MFA for all users',
    description:
      'Every interactive sign-in by every user, guests included, to every resource needs a second factor. The foundation the rest of the baseline builds on.',
    users: { include: ['all-users'] },
    resources: { apps: ['All'] },
    grant: { operator: 'OR', controls: ['mfa'] },
  }),
});
