import { definePolicy } from './define';

export const policy = definePolicy({
  id: 'CA018',
  define: (s) => ({
    title: 'Unmanaged devices: bounded sign-in frequency, no persistent browser',
    description:
      'On a device that is neither compliant nor hybrid-joined (unregistered devices included, through the filter\'s null semantics), sessions are short and never persistent.',
    users: { include: ['all-users'] },
    resources: { apps: ['All'] },
    conditions: {
      deviceFilter: { mode: 'include', rule: 'device.isCompliant -ne True -and device.trustType -ne "ServerAD"' },
    },
    session: { signInFrequency: { value: s.unmanagedSignInFrequencyHours, unit: 'hours' }, persistentBrowser: 'never' },
  }),
});
