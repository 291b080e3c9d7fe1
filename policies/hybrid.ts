import type { PolicyModule } from './model';

export const CA019: PolicyModule = {
  id: 'CA019',
  requires: 'directorySync',
  define: () => ({
    id: 'CA019',
    displayName: 'CA019 Block directory-sync accounts outside the sync servers',
    description:
      'The Entra Connect / Cloud Sync service accounts can do neither MFA nor device controls, so the baseline exempts them from those; in exchange they may sign in only from the sync servers\' egress location.',
    users: { include: ['directory-sync-accounts'] },
    resources: { apps: ['All'] },
    conditions: { locations: { include: ['All'], exclude: ['directory-sync-location'] } },
    grant: { operator: 'OR', controls: ['block'] },
  }),
};
