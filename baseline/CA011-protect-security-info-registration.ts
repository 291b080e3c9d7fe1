import { definePolicy } from './define';

export const policy = definePolicy({
  id: 'CA011',
  define: (s) => ({
    title: 'Protect security info registration',
    description:
      'Registering an authentication method outside a trusted location needs a managed device, so a phished password cannot be turned into an attacker-owned MFA method. Targets a user action, so it cannot run report-only.',
    users: s.guestsInDevicePolicy ? { include: ['all-users'] } : { include: ['all-users'], exclude: ['guests'] },
    resources: { userAction: 'registerSecurityInfo' },
    conditions: { locations: { include: ['All'], exclude: ['AllTrusted'] } },
    grant: { operator: 'OR', controls: ['compliantDevice', 'domainJoinedDevice'] },
  }),
});
