import { definePolicy } from './define';

export const policy = definePolicy({
  id: 'CA008',
  define: () => ({
    title: 'Block high sign-in risk',
    description:
      'A sign-in Identity Protection rates high risk (anonymous IP, password spray, token replay, impossible travel) is blocked outright.',
    users: { include: ['all-users'] },
    resources: { apps: ['All'] },
    conditions: { signInRiskLevels: ['high'] },
    grant: { operator: 'OR', controls: ['block'] },
  }),
});
