import { definePolicy } from './define';

export const policy = definePolicy({
  id: 'CA010',
  define: (s) =>
    s.userRiskResponse === 'passwordChange'
      ? {
          title: 'High user risk: require secure password change',
          description:
            'A user whose credentials Identity Protection believes leaked (possible because password hash sync is on) must do MFA and change the password, every time, before getting in.',
          users: { include: ['all-users'] },
          resources: { apps: ['All'] },
          conditions: { userRiskLevels: ['high'] },
          grant: { operator: 'AND', controls: ['mfa', 'passwordChange'] },
          session: { signInFrequency: 'everyTime' },
        }
      : {
          title: 'High user risk: block',
          description:
            'A user whose credentials Identity Protection believes leaked is blocked until an administrator remediates the risk. Chosen by this environment instead of the self-service password change.',
          users: { include: ['all-users'] },
          resources: { apps: ['All'] },
          conditions: { userRiskLevels: ['high'] },
          grant: { operator: 'OR', controls: ['block'] },
        },
});
