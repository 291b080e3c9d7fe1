import { definePolicy } from './define';

export const policy = definePolicy({
  id: 'CA002',
  define: () => ({
    title: 'Require phishing-resistant MFA for administrators',
    description:
      'Holders of privileged directory roles must use FIDO2, Windows Hello for Business or certificate-based authentication: the factors an adversary-in-the-middle proxy cannot relay.',
    users: { include: ['privileged-roles'] },
    resources: { apps: ['All'] },
    grant: { operator: 'OR', controls: [], authenticationStrength: 'phishing-resistant' },
  }),
});
