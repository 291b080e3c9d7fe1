import type { PlatformList, PolicyModule } from './model';

export const CA006: PolicyModule = {
  id: 'CA006',
  define: (s) => ({
    id: 'CA006',
    displayName: 'CA006 Require compliant or hybrid-joined device',
    description:
      'Corporate data is reached only from an Intune-compliant device or a hybrid-joined Windows device. Guests cannot present a managed device of ours, so they are left out unless the environment includes them.',
    users: s.guestsInDevicePolicy ? { include: ['all-users'] } : { include: ['all-users'], exclude: ['guests'] },
    resources: { apps: ['All'] },
    grant: { operator: 'OR', controls: ['compliantDevice', 'domainJoinedDevice'] },
  }),
};

export const CA007: PolicyModule = {
  id: 'CA007',
  requires: 'sensitiveApps',
  define: () => ({
    id: 'CA007',
    displayName: 'CA007 Require MFA and a compliant device for sensitive apps',
    description:
      'Finance and engineering-IP apps need both a fresh second factor and an Intune-compliant device, for everyone including guests: an unmanaged or merely hybrid-joined device is not enough.',
    users: { include: ['all-users'] },
    resources: { apps: ['sensitive-apps'] },
    grant: { operator: 'AND', controls: ['mfa', 'compliantDevice'] },
  }),
};

export const CA016: PolicyModule = {
  id: 'CA016',
  define: (s) => ({
    id: 'CA016',
    displayName: 'CA016 Block unknown or unsupported device platforms',
    description:
      'Microsoft\'s pattern: include every platform and exclude the supported ones, so a platform nobody manages (or a spoofed user agent that maps to none) is blocked.',
    users: { include: ['all-users'] },
    resources: { apps: ['All'] },
    conditions: { platforms: { include: ['all'], exclude: s.supportedPlatforms as PlatformList } },
    grant: { operator: 'OR', controls: ['block'] },
  }),
};
