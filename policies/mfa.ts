import type { PolicyModule } from './model';

export const CA001: PolicyModule = {
  id: 'CA001',
  define: () => ({
    id: 'CA001',
    displayName: 'CA001 Require MFA for all users',
    description:
      'Every interactive sign-in by every user, guests included, to every resource needs a second factor. The foundation the rest of the baseline builds on.',
    users: { include: ['all-users'] },
    resources: { apps: ['All'] },
    grant: { operator: 'OR', controls: ['mfa'] },
  }),
};

export const CA002: PolicyModule = {
  id: 'CA002',
  define: () => ({
    id: 'CA002',
    displayName: 'CA002 Require phishing-resistant MFA for administrators',
    description:
      'Holders of privileged directory roles must use FIDO2, Windows Hello for Business or certificate-based authentication: the factors an adversary-in-the-middle proxy cannot relay.',
    users: { include: ['privileged-roles'] },
    resources: { apps: ['All'] },
    grant: { operator: 'OR', controls: [], authenticationStrength: 'phishing-resistant' },
  }),
};

export const CA013: PolicyModule = {
  id: 'CA013',
  define: () => ({
    id: 'CA013',
    displayName: 'CA013 Require MFA for admin portals and Azure management',
    description:
      'Anyone, admin or not, who opens a Microsoft admin portal or calls Azure Resource Manager (portal, CLI, PowerShell, Terraform) must do MFA, even where another policy would not ask.',
    users: { include: ['all-users'] },
    resources: { apps: ['MicrosoftAdminPortals', 'azure-management'] },
    grant: { operator: 'OR', controls: ['mfa'] },
  }),
};
