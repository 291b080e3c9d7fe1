import { definePolicy } from './define';

export const policy = definePolicy({
  id: 'CA013',
  define: () => ({
    title: 'Require MFA for admin portals and Azure management',
    description:
      'Anyone, admin or not, who opens a Microsoft admin portal or calls Azure Resource Manager (portal, CLI, PowerShell, Terraform) must do MFA, even where another policy would not ask.',
    users: { include: ['all-users'] },
    resources: { apps: ['MicrosoftAdminPortals', 'azure-management'] },
    grant: { operator: 'OR', controls: ['mfa'] },
  }),
});
