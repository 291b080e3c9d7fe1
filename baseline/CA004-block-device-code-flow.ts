import { definePolicy } from './define';

export const policy = definePolicy({
  id: 'CA004',
  define: () => ({
    title: 'Block device code flow',
    description:
      'Device code phishing hands an attacker a token for a code the victim typed in. Nobody in this organisation needs the flow; block it.',
    users: { include: ['all-users'] },
    resources: { apps: ['All'] },
    conditions: { authenticationFlows: ['deviceCodeFlow'] },
    grant: { operator: 'OR', controls: ['block'] },
  }),
});
