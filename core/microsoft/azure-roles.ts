/**
 * Built-in Azure (RBAC) roles perimeter governs through PIM, by name, with their role
 * definition ids (the same GUID in every tenant; learn.microsoft.com "Azure built-in roles").
 * The one table the code maps Azure role names from.
 */
export const AZURE_ROLES = {
  Owner: '8e3af657-a8ff-443c-a75c-2fe8c4bcb635',
  'User Access Administrator': '18d7d88d-d35e-4fb5-a5c3-7773c20a72d9',
  Contributor: 'b24988ac-6180-42a0-ab88-20f7382dd24c',
  'Role Based Access Control Administrator': 'f58310d9-a9f6-439a-9e8d-f62e7b41a168',
} as const;

export type AzureRoleName = keyof typeof AZURE_ROLES;

export function isAzureRoleName(name: string): name is AzureRoleName {
  return Object.prototype.hasOwnProperty.call(AZURE_ROLES, name);
}

