import { definePolicy } from './define';

export const policy = definePolicy({
  id: 'CA012',
  define: () => ({
    title: 'Require MFA to register or join devices',
    description:
      'Registering or joining a device to Entra ID needs MFA. Precondition in the tenant: the device setting "Require Multifactor Authentication to register or join devices" must be No, or the two conflict. Targets a user action, so it cannot run report-only.',
    users: { include: ['all-users'] },
    resources: { userAction: 'registerDevice' },
    grant: { operator: 'OR', controls: ['mfa'] },
  }),
});
