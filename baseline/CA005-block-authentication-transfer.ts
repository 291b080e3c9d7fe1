import { definePolicy } from './define';

export const policy = definePolicy({
  id: 'CA005',
  define: () => ({
    title: 'Block authentication transfer',
    description:
      'Authentication transfer moves a signed-in session from a PC to a phone by QR code; the transferred session carries no device state. Block it.',
    users: { include: ['all-users'] },
    resources: { apps: ['All'] },
    conditions: { authenticationFlows: ['authenticationTransfer'] },
    grant: { operator: 'OR', controls: ['block'] },
  }),
});
