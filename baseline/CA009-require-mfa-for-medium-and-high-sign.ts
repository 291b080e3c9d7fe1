import { definePolicy } from './define';

export const policy = definePolicy({
  id: 'CA009',
  define: () => ({
    title: 'Require MFA for medium and high sign-in risk',
    description:
      'A risky sign-in must prove itself with a second factor every time, even inside an existing session. Risk levels are a set: medium and high are both listed.',
    users: { include: ['all-users'] },
    resources: { apps: ['All'] },
    conditions: { signInRiskLevels: ['medium', 'high'] },
    grant: { operator: 'OR', controls: ['mfa'] },
    session: { signInFrequency: 'everyTime' },
  }),
});
