import { definePolicy } from './define';

export const policy = definePolicy({
  id: 'CA019',
  requires: 'directorySync',
  define: () => ({
    title: 'Block directory-sync accounts outside the sync servers',
    description:
      'The Entra Connect / Cloud Sync service accounts can do neither MFA nor device controls, so the baseline exempts them from those; in exchange they may sign in only from the sync servers\' egress location.',
    users: { include: ['directory-sync-accounts'] },
    resources: { apps: ['All'] },
    conditions: { locations: { include: ['All'], exclude: ['directory-sync-location'] } },
    grant: { operator: 'OR', controls: ['block'] },
  }),
});
