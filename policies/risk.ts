import type { PolicyModule } from './model';

export const CA008: PolicyModule = {
  id: 'CA008',
  define: () => ({
    id: 'CA008',
    displayName: 'CA008 Block high sign-in risk',
    description:
      'A sign-in Identity Protection rates high risk (anonymous IP, password spray, token replay, impossible travel) is blocked outright.',
    users: { include: ['all-users'] },
    resources: { apps: ['All'] },
    conditions: { signInRiskLevels: ['high'] },
    grant: { operator: 'OR', controls: ['block'] },
  }),
};

export const CA009: PolicyModule = {
  id: 'CA009',
  define: () => ({
    id: 'CA009',
    displayName: 'CA009 Require MFA for medium and high sign-in risk',
    description:
      'A risky sign-in must prove itself with a second factor every time, even inside an existing session. Risk levels are a set: medium and high are both listed.',
    users: { include: ['all-users'] },
    resources: { apps: ['All'] },
    conditions: { signInRiskLevels: ['medium', 'high'] },
    grant: { operator: 'OR', controls: ['mfa'] },
    session: { signInFrequency: 'everyTime' },
  }),
};

export const CA010: PolicyModule = {
  id: 'CA010',
  define: (s) =>
    s.userRiskResponse === 'passwordChange'
      ? {
          id: 'CA010',
          displayName: 'CA010 High user risk: require secure password change',
          description:
            'A user whose credentials Identity Protection believes leaked (possible because password hash sync is on) must do MFA and change the password, every time, before getting in.',
          users: { include: ['all-users'] },
          resources: { apps: ['All'] },
          conditions: { userRiskLevels: ['high'] },
          grant: { operator: 'AND', controls: ['mfa', 'passwordChange'] },
          session: { signInFrequency: 'everyTime' },
        }
      : {
          id: 'CA010',
          displayName: 'CA010 High user risk: block',
          description:
            'A user whose credentials Identity Protection believes leaked is blocked until an administrator remediates the risk. Chosen by this environment instead of the self-service password change.',
          users: { include: ['all-users'] },
          resources: { apps: ['All'] },
          conditions: { userRiskLevels: ['high'] },
          grant: { operator: 'OR', controls: ['block'] },
        },
};
