import type { PolicyModule } from './model';

export const CA017: PolicyModule = {
  id: 'CA017',
  define: (s) => ({
    id: 'CA017',
    displayName: 'CA017 Administrator sessions: bounded sign-in frequency, no persistent browser',
    description:
      'An administrator re-authenticates at least every few hours and never keeps a persistent browser session, so a stolen session cookie expires quickly.',
    users: { include: ['privileged-roles'] },
    resources: { apps: ['All'] },
    session: { signInFrequency: { value: s.adminSignInFrequencyHours, unit: 'hours' }, persistentBrowser: 'never' },
  }),
};

export const CA018: PolicyModule = {
  id: 'CA018',
  define: (s) => ({
    id: 'CA018',
    displayName: 'CA018 Unmanaged devices: bounded sign-in frequency, no persistent browser',
    description:
      'On a device that is neither compliant nor hybrid-joined (unregistered devices included, through the filter\'s null semantics), sessions are short and never persistent.',
    users: { include: ['all-users'] },
    resources: { apps: ['All'] },
    conditions: {
      deviceFilter: { mode: 'include', rule: 'device.isCompliant -ne True -and device.trustType -ne "ServerAD"' },
    },
    session: { signInFrequency: { value: s.unmanagedSignInFrequencyHours, unit: 'hours' }, persistentBrowser: 'never' },
  }),
};
