import { TF } from '../../core/addresses';
import type { ResourceSection } from '../../analysis/report/sections';

export const PIM_REPORT: readonly ResourceSection[] = [
  {
    title: 'PIM policies',
    matches: (r) =>
      r.type === TF.groupRoleManagementPolicy ||
      r.type === TF.azureRoleManagementPolicy ||
      (r.type.startsWith('msgraph_') && String(r.config.url ?? '').includes('roleManagementPolicies') && !r.name.startsWith('settings_')),
  },
  {
    title: 'PIM assignments',
    matches: (r) =>
      r.type.startsWith('azuread_privileged_access_group_') || r.type.startsWith('azuread_directory_role_') || r.type.startsWith('azurerm_pim_'),
  },
  { title: 'Access reviews', matches: (r) => r.type.startsWith('msgraph_') && String(r.config.url ?? '').includes('accessReviews') },
];
