/**
 * Members of the application groups Conditional Access accepts by name, by application
 * (client) id. THE one table the analysis expands `Office365` and `MicrosoftAdminPortals` from.
 *
 * Microsoft Learn lists the suites by display name only (reference-office-365-application-contents,
 * concept-conditional-access-cloud-apps) and says the admin-portal set keeps growing. The ids
 * below are limited to well-known first-party ids that appear identically in several public
 * sources (Microsoft's own unified audit log application list, sign-in logs, Learn examples);
 * an app that is a real member but missing here is evaluated as "not a member" — add it here,
 * nowhere else.
 */
export type AppSuite = 'Office365' | 'MicrosoftAdminPortals';
export const APP_SUITES: readonly AppSuite[] = ['Office365', 'MicrosoftAdminPortals'];

export interface SuiteMember {
  readonly appId: string;
  readonly displayName: string;
}

export const APP_SUITE_MEMBERS: Readonly<Record<AppSuite, readonly SuiteMember[]>> = {
  Office365: [
    { appId: '00000002-0000-0ff1-ce00-000000000000', displayName: 'Office 365 Exchange Online' },
    { appId: '00000003-0000-0ff1-ce00-000000000000', displayName: 'Office 365 SharePoint Online' },
    { appId: '00000004-0000-0ff1-ce00-000000000000', displayName: 'Skype for Business Online' },
    { appId: 'cc15fd57-2c6c-4117-a88c-83b1d56b4bbe', displayName: 'Microsoft Teams Services' },
    { appId: '00000006-0000-0ff1-ce00-000000000000', displayName: 'Microsoft Office 365 Portal' },
  ],
  MicrosoftAdminPortals: [
    { appId: 'c44b4083-3bb0-49c1-b47d-974e53cbdf3c', displayName: 'Azure portal' },
  ],
};

const BY_APP_ID: ReadonlyMap<string, readonly AppSuite[]> = (() => {
  const map = new Map<string, AppSuite[]>();
  for (const suite of APP_SUITES) {
    for (const m of APP_SUITE_MEMBERS[suite]) map.set(m.appId, [...(map.get(m.appId) ?? []), suite]);
  }
  return map;
})();

/** The suites an application id belongs to, per the table above. */
export function suitesOf(appId: string): readonly AppSuite[] {
  return BY_APP_ID.get(appId.toLowerCase()) ?? [];
}

export function isAppSuite(value: string): value is AppSuite {
  return value === 'Office365' || value === 'MicrosoftAdminPortals';
}
