import { definePolicy } from './define';

export const policy = definePolicy({
  id: 'CA003',
  define: () => ({
    title: 'Block legacy authentication',
    description:
      'IMAP, POP, SMTP AUTH, Exchange ActiveSync with basic auth and older Office clients cannot do MFA, so they are the most-used MFA bypass. Both legacy client types are blocked in one policy.',
    users: { include: ['all-users'] },
    resources: { apps: ['All'] },
    conditions: { clientAppTypes: ['exchangeActiveSync', 'other'] },
    grant: { operator: 'OR', controls: ['block'] },
  }),
});
