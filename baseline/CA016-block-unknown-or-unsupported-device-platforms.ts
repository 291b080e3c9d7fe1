import { definePolicy } from './define';

export const policy = definePolicy({
  id: 'CA016',
  define: (s) => ({
    title: 'Block unknown or unsupported device platforms',
    description:
      'Microsoft\'s pattern: include every platform and exclude the supported ones, so a platform nobody manages (or a spoofed user agent that maps to none) is blocked.',
    users: { include: ['all-users'] },
    resources: { apps: ['All'] },
    conditions: { platforms: { include: ['all'], exclude: s.supportedPlatforms } },
    grant: { operator: 'OR', controls: ['block'] },
  }),
});
