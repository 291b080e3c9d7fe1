import { definePolicy } from './define';

export const policy = definePolicy({
  id: 'CA020',
  requires: 'countryAccess',
  define: (s) =>
    s.countryAccessMode === 'block'
      ? {
          title: 'Block sign-in from blocked countries',
          description: 'Sign-ins that resolve to a country on the environment\'s block list are refused.',
          users: { include: ['all-users'] },
          resources: { apps: ['All'] },
          conditions: { locations: { include: ['country-access-location'] } },
          grant: { operator: 'OR', controls: ['block'] },
        }
      : {
          title: 'Block sign-in from outside allowed countries',
          description:
            'The organisation works from a known set of countries; a sign-in from anywhere else is refused before any other control is considered.',
          users: { include: ['all-users'] },
          resources: { apps: ['All'] },
          conditions: { locations: { include: ['All'], exclude: ['country-access-location'] } },
          grant: { operator: 'OR', controls: ['block'] },
        },
});
