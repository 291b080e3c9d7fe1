/**
 * Built-in Microsoft Entra directory roles by display name, with their role template ids
 * (MicrosoftDocs/entra-docs permissions-reference.md). The one table the code maps names from.
 */
export const DIRECTORY_ROLES = {
  'Global Administrator': '62e90394-69f5-4237-9190-012177145e10',
  'Privileged Role Administrator': 'e8611ab8-c189-46e8-94e1-60213ab1f814',
  'Privileged Authentication Administrator': '7be44c8a-adaf-4e2a-84d6-ab2649e08a13',
  'Security Administrator': '194ae4cb-b126-40b2-bd5b-6091b380977d',
  'Conditional Access Administrator': 'b1be1c3e-b65d-4f19-8427-f6fa0d97feb9',
  'Hybrid Identity Administrator': '8ac3fc64-6eca-42ea-9e69-59f4c7b60eb2',
  'Application Administrator': '9b895d92-2cd3-44c7-9d02-a6ac2d5ea5c3',
  'Cloud Application Administrator': '158c047a-c907-4556-b7ef-446551a6b5f7',
  'Authentication Administrator': 'c4e39bd9-1100-46d3-8c65-fb160da0071f',
  'Authentication Policy Administrator': '0526716b-113d-4c15-b2c8-68e3c22b9f80',
  'Domain Name Administrator': '8329153b-31d0-4727-b945-745eb3bc5f31',
  'External Identity Provider Administrator': 'be2f45a1-457d-42af-a067-6ec1fa63bc45',
  'User Administrator': 'fe930be7-5e62-47db-91af-98c3a49a38b1',
  'Intune Administrator': '3a2c62db-5318-420d-8d74-23affee5d9d5',
  'Exchange Administrator': '29232cdf-9323-42fd-ade2-1d097af3e4de',
  'SharePoint Administrator': 'f28a1f50-f6e7-4571-818b-6a12f2af6b6c',
  'Teams Administrator': '69091246-20e8-4a56-aa4d-066075b2a7a8',
  'Helpdesk Administrator': '729827e3-9c14-49f7-bb1b-9608f156bbb8',
  'Password Administrator': '966707d0-3269-4727-9be2-8c3a10f19b9d',
  'Billing Administrator': 'b0f54661-2d74-4c50-afa3-1ec803f12efe',
  'Compliance Administrator': '17315797-102d-40b4-93e0-432062caca18',
  'Groups Administrator': 'fdd7a751-b60b-444a-984c-02652fe8fa1c',
  'Identity Governance Administrator': '45d8d3c5-c802-45c6-b32a-1d70b5e1e86e',
  'Cloud Device Administrator': '7698a772-787b-4ac8-901f-60d6b08affd2',
  'Global Reader': 'f2ef992c-3afb-46b9-b7cf-a126ee74c451',
  'Security Operator': '5f2222b1-57c3-48ba-8ad5-d4759f1fde6f',
  'Security Reader': '5d6b6bb7-de71-4623-b4af-96380a352509',
  'Directory Writers': '9360feb5-f418-4baa-8175-e2a00bac4301',
  'Directory Synchronization Accounts': 'd29b2b05-8046-44ba-8758-1e26182fcf32',
} as const;

export type DirectoryRoleName = keyof typeof DIRECTORY_ROLES;

export function isDirectoryRoleName(name: string): name is DirectoryRoleName {
  return Object.prototype.hasOwnProperty.call(DIRECTORY_ROLES, name);
}

/** Roles that can take over the tenant, its authentication or its policies. */
export const TIER0_ROLES: readonly DirectoryRoleName[] = [
  'Global Administrator',
  'Privileged Role Administrator',
  'Privileged Authentication Administrator',
  'Security Administrator',
  'Conditional Access Administrator',
  'Hybrid Identity Administrator',
  'Application Administrator',
  'Cloud Application Administrator',
  'Authentication Administrator',
  'Authentication Policy Administrator',
  'Domain Name Administrator',
  'External Identity Provider Administrator',
  'User Administrator',
  'Intune Administrator',
];

/**
 * The roles the baseline treats as "administrators": phishing-resistant MFA and short sessions.
 * Directory Synchronization Accounts is deliberately absent: the sync service cannot do MFA.
 */
export const PRIVILEGED_ROLES: readonly DirectoryRoleName[] = [
  ...TIER0_ROLES,
  'Exchange Administrator',
  'SharePoint Administrator',
  'Teams Administrator',
  'Helpdesk Administrator',
  'Password Administrator',
  'Billing Administrator',
  'Compliance Administrator',
  'Groups Administrator',
  'Identity Governance Administrator',
  'Cloud Device Administrator',
  'Security Operator',
];
