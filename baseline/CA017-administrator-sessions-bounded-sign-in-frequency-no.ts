import { definePolicy } from './define';

export const policy = definePolicy({
  id: 'CA017',
  define: (s) => ({
    title: 'Administrator sessions: bounded sign-in frequency, no persistent browser',
    description:
      'An administrator re-authenticates at least every few hours and never keeps a persistent browser session, so a stolen session cookie expires quickly.',
    users: { include: ['privileged-roles'] },
    resources: { apps: ['All'] },
    session: { signInFrequency: { value: s.adminSignInFrequencyHours, unit: 'hours' }, persistentBrowser: 'never' },
  }),
});
