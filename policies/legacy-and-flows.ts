import type { PolicyModule } from './model';

export const CA003: PolicyModule = {
  id: 'CA003',
  define: () => ({
    id: 'CA003',
    displayName: 'CA003 Block legacy authentication',
    description:
      'IMAP, POP, SMTP AUTH, Exchange ActiveSync with basic auth and older Office clients cannot do MFA, so they are the most-used MFA bypass. Both legacy client types are blocked in one policy.',
    users: { include: ['all-users'] },
    resources: { apps: ['All'] },
    conditions: { clientAppTypes: ['exchangeActiveSync', 'other'] },
    grant: { operator: 'OR', controls: ['block'] },
  }),
};

export const CA004: PolicyModule = {
  id: 'CA004',
  define: () => ({
    id: 'CA004',
    displayName: 'CA004 Block device code flow',
    description:
      'Device code phishing hands an attacker a token for a code the victim typed in. Nobody in this organisation needs the flow; block it.',
    users: { include: ['all-users'] },
    resources: { apps: ['All'] },
    conditions: { authenticationFlows: ['deviceCodeFlow'] },
    grant: { operator: 'OR', controls: ['block'] },
  }),
};

export const CA005: PolicyModule = {
  id: 'CA005',
  define: () => ({
    id: 'CA005',
    displayName: 'CA005 Block authentication transfer',
    description:
      'Authentication transfer moves a signed-in session from a PC to a phone by QR code; the transferred session carries no device state. Block it.',
    users: { include: ['all-users'] },
    resources: { apps: ['All'] },
    conditions: { authenticationFlows: ['authenticationTransfer'] },
    grant: { operator: 'OR', controls: ['block'] },
  }),
};
