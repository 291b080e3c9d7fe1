import { definePolicy } from './define';

export const policy = definePolicy({
  id: 'CA007',
  requires: 'sensitiveApps',
  define: () => ({
    title: 'Require MFA and a compliant device for sensitive apps',
    description:
      'Finance and engineering-IP apps need both a fresh second factor and an Intune-compliant device, for everyone including guests: an unmanaged or merely hybrid-joined device is not enough.',
    users: { include: ['all-users'] },
    resources: { apps: ['sensitive-apps'] },
    grant: { operator: 'AND', controls: ['mfa', 'compliantDevice'] },
  }),
});
