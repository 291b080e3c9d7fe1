import { definePolicy } from './define';

export const policy = definePolicy({
  id: 'CA006',
  define: (s) => ({
    title: 'Require compliant or hybrid-joined device',
    description:
      'Corporate data is reached only from an Intune-compliant device or a hybrid-joined Windows device. Guests cannot present a managed device of ours, so they are left out unless the environment includes them.',
    users: s.guestsInDevicePolicy ? { include: ['all-users'] } : { include: ['all-users'], exclude: ['guests'] },
    resources: { apps: ['All'] },
    grant: { operator: 'OR', controls: ['compliantDevice', 'domainJoinedDevice'] },
  }),
});
