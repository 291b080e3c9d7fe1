import type { PolicyModule } from './model';

export const CA011: PolicyModule = {
  id: 'CA011',
  define: (s) => ({
    id: 'CA011',
    displayName: 'CA011 Protect security info registration',
    description:
      'Registering an authentication method outside a trusted location needs a managed device, so a phished password cannot be turned into an attacker-owned MFA method. Targets a user action, so it cannot run report-only.',
    users: s.guestsInDevicePolicy ? { include: ['all-users'] } : { include: ['all-users'], exclude: ['guests'] },
    resources: { userAction: 'registerSecurityInfo' },
    conditions: { locations: { include: ['All'], exclude: ['AllTrusted'] } },
    grant: { operator: 'OR', controls: ['compliantDevice', 'domainJoinedDevice'] },
  }),
};

export const CA012: PolicyModule = {
  id: 'CA012',
  define: () => ({
    id: 'CA012',
    displayName: 'CA012 Require MFA to register or join devices',
    description:
      'Registering or joining a device to Entra ID needs MFA. Precondition in the tenant: the device setting "Require Multifactor Authentication to register or join devices" must be No, or the two conflict. Targets a user action, so it cannot run report-only.',
    users: { include: ['all-users'] },
    resources: { userAction: 'registerDevice' },
    grant: { operator: 'OR', controls: ['mfa'] },
  }),
};
