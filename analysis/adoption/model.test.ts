import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readSynthesizedStack } from '../model/read';
import type { DeclaredFacts } from '../model/types';
import { policyModelOf, referencedIds } from './model';
import { readExports } from './read';
import type { ImportedPolicy } from './types';

const DIR = join(__dirname, '__fixtures__', 'j0eyv-ca-baseline', 'ConditionalAccess');
const fixture = (key: string): ImportedPolicy => {
  const name = readdirSync(DIR).find((f) => f.startsWith(`${key}-`))!;
  const r = readExports([{ path: `ConditionalAccess/${name}`, bytes: readFileSync(join(DIR, name)) }]);
  expect(r.problems).toEqual([]);
  return r.policies[0]!;
};

const BREAK_GLASS = '2802b872-ccfb-4b29-a9a9-459808dfb11b';

const CA102_ROLES = [
  'c4e39bd9-1100-46d3-8c65-fb160da0071f', 'b0f54661-2d74-4c50-afa3-1ec803f12efe', 'b1be1c3e-b65d-4f19-8427-f6fa0d97feb9', '29232cdf-9323-42fd-ade2-1d097af3e4de',
  '62e90394-69f5-4237-9190-012177145e10', 'f2ef992c-3afb-46b9-b7cf-a126ee74c451', '729827e3-9c14-49f7-bb1b-9608f156bbb8', '3a2c62db-5318-420d-8d74-23affee5d9d5',
  '194ae4cb-b126-40b2-bd5b-6091b380977d', 'fe930be7-5e62-47db-91af-98c3a49a38b1', 'f28a1f50-f6e7-4571-818b-6a12f2af6b6c', 'db506228-d27e-4b7d-95e5-295956d6615f',
  '6b942400-691f-4bf0-9d12-d8a254a2baf5', 'd2562ede-74db-457e-a7b6-544e236ebb61', '9b895d92-2cd3-44c7-9d02-a6ac2d5ea5c3', 'b6a27b2b-f905-4b2e-81b5-0d90e0ef1fdb',
  '1707125e-0aa2-4d4d-8655-a7c786c76a25', '966707d0-3269-4727-9be2-8c3a10f19b9d', '69091246-20e8-4a56-aa4d-066075b2a7a8', '11451d60-acb2-45eb-a7d6-43d0f0125c13',
  '158c047a-c907-4556-b7ef-446551a6b5f7', '7be44c8a-adaf-4e2a-84d6-ab2649e08a13', 'e8611ab8-c189-46e8-94e1-60213ab1f814', 'e93e3737-fa85-474a-aee4-7d3fb86510f3',
];
const CA105_ROLES = [
  '62e90394-69f5-4237-9190-012177145e10', '194ae4cb-b126-40b2-bd5b-6091b380977d', 'f28a1f50-f6e7-4571-818b-6a12f2af6b6c', '29232cdf-9323-42fd-ade2-1d097af3e4de',
  'b1be1c3e-b65d-4f19-8427-f6fa0d97feb9', '729827e3-9c14-49f7-bb1b-9608f156bbb8', 'b0f54661-2d74-4c50-afa3-1ec803f12efe', 'fe930be7-5e62-47db-91af-98c3a49a38b1',
  'c4e39bd9-1100-46d3-8c65-fb160da0071f', '9b895d92-2cd3-44c7-9d02-a6ac2d5ea5c3', '158c047a-c907-4556-b7ef-446551a6b5f7', '966707d0-3269-4727-9be2-8c3a10f19b9d',
  '7be44c8a-adaf-4e2a-84d6-ab2649e08a13', 'e8611ab8-c189-46e8-94e1-60213ab1f814', 'f2ef992c-3afb-46b9-b7cf-a126ee74c451', '3a2c62db-5318-420d-8d74-23affee5d9d5',
  'db506228-d27e-4b7d-95e5-295956d6615f', '6b942400-691f-4bf0-9d12-d8a254a2baf5', 'd2562ede-74db-457e-a7b6-544e236ebb61', 'e93e3737-fa85-474a-aee4-7d3fb86510f3',
  'b6a27b2b-f905-4b2e-81b5-0d90e0ef1fdb', '1707125e-0aa2-4d4d-8655-a7c786c76a25', '69091246-20e8-4a56-aa4d-066075b2a7a8', '11451d60-acb2-45eb-a7d6-43d0f0125c13',
];
const ALL_GUEST_TYPES = ['internalGuest', 'b2bCollaborationGuest', 'b2bCollaborationMember', 'b2bDirectConnectUser', 'otherExternalUser', 'serviceProvider'];

/** The same policies declared in Terraform, written by hand from the argument map (facts B.2), as synth writes them. */
const TERRAFORM: Record<string, Record<string, unknown>> = {
  CA000: {
    display_name: 'CA000-Global-IdentityProtection-AnyApp-AnyPlatform-MFA',
    state: 'enabled',
    conditions: {
      client_app_types: ['all'],
      applications: { included_applications: ['All'] },
      users: {
        included_users: ['All'],
        excluded_groups: [
          '8e75af29-5176-4372-a718-724b8a4620dc',
          'cfa1f128-ec48-4ee1-9ea9-1c28fdb57722',
          '2eee133e-3427-4860-81b9-057d5b28b022',
          '349156c1-2fb1-4ffa-9cd3-5c4418e24e4c',
          '7452a2db-063a-4048-84b0-ff691fa2900e',
          BREAK_GLASS,
          '68ce874b-21a9-4ca9-b447-f09a037be53a',
        ],
        excluded_roles: ['d29b2b05-8046-44ba-8758-1e26182fcf32'],
      },
    },
    grant_controls: { operator: 'OR', built_in_controls: ['mfa'] },
  },
  CA001: {
    display_name: 'CA001-Global-AttackSurfaceReduction-AnyApp-AnyPlatform-BLOCK-CountryWhitelist',
    state: 'enabled',
    conditions: {
      client_app_types: ['all'],
      applications: { included_applications: ['All'] },
      users: { included_users: ['All'], excluded_groups: ['6499f521-8620-4f4e-92a1-db47c79362e8', BREAK_GLASS, '813e2655-e8b9-4255-91f5-7761ee2824bb'] },
      locations: { included_locations: ['All'], excluded_locations: ['185c993e-10a9-44fa-98d1-230c8f72f497'] },
    },
    grant_controls: { operator: 'OR', built_in_controls: ['block'] },
  },
  CA004: {
    display_name: 'CA004-Global-IdentityProtection-AnyApp-AnyPlatform-AuthenticationFlows',
    state: 'enabled',
    conditions: {
      client_app_types: ['all'],
      applications: { included_applications: ['All'] },
      users: { included_users: ['All'], excluded_groups: [BREAK_GLASS, 'f389fc8e-3965-4ae0-aa53-87511ab05f2b'] },
      authentication_flow_transfer_methods: ['deviceCodeFlow', 'authenticationTransfer'],
    },
    grant_controls: { operator: 'OR', built_in_controls: ['block'] },
  },
  CA005: {
    display_name: 'CA005-Global-DataProtection-Office365-iOSenAndroid-ClientApps-Unmanaged-AppEnforcedRestrictions',
    state: 'enabled',
    conditions: {
      client_app_types: ['browser', 'mobileAppsAndDesktopClients'],
      applications: { included_applications: ['Office365'] },
      users: { included_users: ['All'], excluded_groups: [BREAK_GLASS, '20cd89e3-25e2-4fcd-82c5-de666dfd31a4'] },
      platforms: { included_platforms: ['android', 'iOS'] },
      devices: { filter: { mode: 'exclude', rule: 'device.isCompliant -eq True -and device.deviceOwnership -eq "Company"' } },
    },
    grant_controls: { operator: 'OR', built_in_controls: ['compliantApplication'] },
    session_controls: { application_enforced_restrictions_enabled: true },
  },
  CA102: {
    display_name: 'CA102-Admins-IdentityProtection-AllApps-AnyPlatform-SigninFrequency',
    state: 'enabled',
    conditions: {
      client_app_types: ['all'],
      applications: { included_applications: ['All'] },
      users: { excluded_groups: [BREAK_GLASS, '5dcf5173-9efb-4f3f-a19d-2f03760d4e1d'], included_roles: CA102_ROLES },
    },
    session_controls: {
      sign_in_frequency: 12,
      sign_in_frequency_period: 'hours',
      sign_in_frequency_authentication_type: 'primaryAndSecondaryAuthentication',
      sign_in_frequency_interval: 'timeBased',
    },
  },
  CA105: {
    display_name: 'CA105-Admins-IdentityProtection-AnyApp-AnyPlatform-PhishingResistantMFA',
    state: 'enabledForReportingButNotEnforced',
    conditions: {
      client_app_types: ['all'],
      applications: { included_applications: ['All'], excluded_applications: ['14d82eec-204b-4c2f-b7e8-296a70dab67e'] },
      users: { excluded_groups: [BREAK_GLASS, 'ab2172b3-67e0-4b55-b538-21467c8ebd45'], included_roles: CA105_ROLES },
    },
    grant_controls: { operator: 'OR', authentication_strength_policy_id: '/policies/authenticationStrengthPolicies/00000000-0000-0000-0000-000000000004' },
  },
  CA202: {
    display_name: 'CA202-Internals-IdentityProtection-AllApps-WindowsMacOS-SigninFrequency-UnmanagedDevices',
    state: 'enabled',
    conditions: {
      client_app_types: ['all'],
      applications: { included_applications: ['All'] },
      users: { included_groups: ['ceeac9b8-ddf5-48cb-afcb-e2ab8bfd1a57'], excluded_groups: [BREAK_GLASS, '663dad60-a2c9-4228-afa5-a39fef078ad7'] },
      platforms: { included_platforms: ['windows', 'macOS'] },
      devices: { filter: { mode: 'exclude', rule: 'device.deviceOwnership -eq "Company" -or device.isCompliant -eq True' } },
    },
    session_controls: { sign_in_frequency: 12, sign_in_frequency_period: 'hours' },
  },
  CA203: {
    display_name: 'CA203-Internals-AppProtection-MicrosoftIntuneEnrollment-AnyPlatform-MFA',
    state: 'enabled',
    conditions: {
      client_app_types: ['all'],
      applications: { included_applications: ['d4ebce55-015a-49b5-a083-c84d1797ae8c'] },
      users: { included_groups: ['ceeac9b8-ddf5-48cb-afcb-e2ab8bfd1a57'], excluded_groups: [BREAK_GLASS, '2eee133e-3427-4860-81b9-057d5b28b022'] },
    },
    grant_controls: { operator: 'OR', built_in_controls: ['mfa'] },
    session_controls: { sign_in_frequency_interval: 'everyTime', sign_in_frequency_authentication_type: 'primaryAndSecondaryAuthentication' },
  },
  CA400: {
    display_name: 'CA400-GuestUsers-IdentityProtection-AnyApp-AnyPlatform-MFA',
    state: 'enabled',
    conditions: {
      client_app_types: ['all'],
      applications: { included_applications: ['All'] },
      users: {
        excluded_groups: [BREAK_GLASS, '349156c1-2fb1-4ffa-9cd3-5c4418e24e4c'],
        included_guests_or_external_users: [{ guest_or_external_user_types: ALL_GUEST_TYPES, external_tenants: [{ membership_kind: 'all' }] }],
      },
    },
    grant_controls: { operator: 'OR', built_in_controls: ['mfa'] },
  },
};

/** A Graph policy using what the fixture does not (written as an export would hold it), and its Terraform twin. */
const EVERYTHING_GRAPH = {
  '@odata.type': '#microsoft.graph.conditionalAccessPolicy',
  id: '90000000-0000-4000-8000-000000000001',
  displayName: 'CP900 every mapped field',
  state: 'disabled',
  conditions: {
    users: {
      includeUsers: ['A1000000-0000-4000-8000-000000000001'],
      excludeUsers: ['GuestsOrExternalUsers'],
      includeGroups: ['a2000000-0000-4000-8000-000000000001'],
      excludeGuestsOrExternalUsers: {
        guestOrExternalUserTypes: 'b2bCollaborationGuest,serviceProvider',
        externalTenants: { '@odata.type': '#microsoft.graph.conditionalAccessEnumeratedExternalTenants', membershipKind: 'enumerated', members: ['A3000000-0000-4000-8000-000000000001'] },
      },
    },
    applications: { includeApplications: ['MicrosoftAdminPortals', '797f4846-ba00-4fd7-ba43-dac1f8f63013'], excludeApplications: ['Office365'] },
    clientAppTypes: ['exchangeActiveSync', 'other'],
    platforms: { includePlatforms: ['all'], excludePlatforms: ['iOS', 'linux'] },
    locations: { includeLocations: ['All'], excludeLocations: ['AllTrusted', 'a4000000-0000-4000-8000-000000000001'] },
    signInRiskLevels: ['medium', 'high'],
    userRiskLevels: ['low'],
    servicePrincipalRiskLevels: ['high'],
    insiderRiskLevels: 'elevated',
    clientApplications: {
      includeServicePrincipals: ['ServicePrincipalsInMyTenant'],
      excludeServicePrincipals: ['a5000000-0000-4000-8000-000000000001'],
      servicePrincipalFilter: { mode: 'exclude', rule: 'CustomSecurityAttribute.Team_Name -eq "Ops"' },
    },
  },
  grantControls: { operator: 'AND', builtInControls: ['compliantDevice'], termsOfUse: ['a6000000-0000-4000-8000-000000000001'], customAuthenticationFactors: ['factor-1'] },
  sessionControls: {
    signInFrequency: { isEnabled: true, value: 7, type: 'days', authenticationType: 'secondaryAuthentication', frequencyInterval: 'timeBased' },
    persistentBrowser: { isEnabled: true, mode: 'always' },
    cloudAppSecurity: { isEnabled: true, cloudAppSecurityType: 'monitorOnly' },
    applicationEnforcedRestrictions: { isEnabled: false },
    disableResilienceDefaults: true,
  },
};
const EVERYTHING_TERRAFORM = {
  display_name: 'CP900 every mapped field',
  state: 'disabled',
  conditions: {
    client_app_types: ['exchangeActiveSync', 'other'],
    applications: { included_applications: ['MicrosoftAdminPortals', '797f4846-ba00-4fd7-ba43-dac1f8f63013'], excluded_applications: ['Office365'] },
    users: {
      included_users: ['a1000000-0000-4000-8000-000000000001'],
      excluded_users: ['GuestsOrExternalUsers'],
      included_groups: ['a2000000-0000-4000-8000-000000000001'],
      excluded_guests_or_external_users: [
        { guest_or_external_user_types: ['b2bCollaborationGuest', 'serviceProvider'], external_tenants: [{ membership_kind: 'enumerated', members: ['a3000000-0000-4000-8000-000000000001'] }] },
      ],
    },
    platforms: { included_platforms: ['all'], excluded_platforms: ['iOS', 'linux'] },
    locations: { included_locations: ['All'], excluded_locations: ['AllTrusted', 'a4000000-0000-4000-8000-000000000001'] },
    sign_in_risk_levels: ['medium', 'high'],
    user_risk_levels: ['low'],
    service_principal_risk_levels: ['high'],
    insider_risk_levels: 'elevated',
    client_applications: {
      included_service_principals: ['ServicePrincipalsInMyTenant'],
      excluded_service_principals: ['a5000000-0000-4000-8000-000000000001'],
      filter: { mode: 'exclude', rule: 'CustomSecurityAttribute.Team_Name -eq "Ops"' },
    },
  },
  grant_controls: { operator: 'AND', built_in_controls: ['compliantDevice'], terms_of_use: ['a6000000-0000-4000-8000-000000000001'], custom_authentication_factors: ['factor-1'] },
  session_controls: {
    sign_in_frequency: 7,
    sign_in_frequency_period: 'days',
    sign_in_frequency_authentication_type: 'secondaryAuthentication',
    persistent_browser_mode: 'always',
    cloud_app_security_policy: 'monitorOnly',
    disable_resilience_defaults: true,
  },
};

const stackOf = (policies: Record<string, Record<string, unknown>>, declared?: DeclaredFacts) =>
  readSynthesizedStack({ resource: { azuread_conditional_access_policy: policies } }, declared ? { declared } : {});

test.each(Object.keys(TERRAFORM))('%s: policyModelOf equals readSynthesizedStack of the same policy declared in Terraform, key for key', (key) => {
  const synthesized = stackOf(TERRAFORM).policy(key)!;
  const imported = policyModelOf(fixture(key), key);
  expect(imported).toEqual(synthesized);
  expect(JSON.stringify(imported)).toBe(JSON.stringify(synthesized));
});

test('every mapped field the fixture does not use converts as the Terraform reader reads it', () => {
  const r = readExports([{ path: 'cp900.json', bytes: new TextEncoder().encode(JSON.stringify(EVERYTHING_GRAPH)) }]);
  expect(r.problems).toEqual([]);
  const imported = policyModelOf(r.policies[0]!, 'CP900');
  const synthesized = stackOf({ CP900: EVERYTHING_TERRAFORM }).policy('CP900')!;
  expect(imported).toEqual(synthesized);
  expect(JSON.stringify(imported)).toBe(JSON.stringify(synthesized));
  // The values that matter, so the comparison is not vacuous.
  expect(imported.conditions.users.excludeGuestsOrExternalUsers).toEqual({
    guestOrExternalUserTypes: ['b2bCollaborationGuest', 'serviceProvider'],
    externalTenants: { membershipKind: 'enumerated', members: ['a3000000-0000-4000-8000-000000000001'] },
  });
  expect(imported.conditions.clientApplications).toEqual({
    includeServicePrincipals: ['ServicePrincipalsInMyTenant'],
    excludeServicePrincipals: ['a5000000-0000-4000-8000-000000000001'],
    servicePrincipalFilter: { mode: 'exclude', rule: 'CustomSecurityAttribute.Team_Name -eq "Ops"' },
  });
  expect(imported.conditions.insiderRiskLevels).toBe('elevated');
  expect(imported.sessionControls).toEqual({
    signInFrequency: { frequencyInterval: 'timeBased', value: 7, type: 'days', authenticationType: 'secondaryAuthentication' },
    persistentBrowser: { mode: 'always' },
    cloudAppSecurity: { cloudAppSecurityType: 'monitorOnly' },
    disableResilienceDefaults: true,
  });
  expect(imported.conditions.applications.includeApplications).toEqual([
    { id: 'MicrosoftAdminPortals', label: 'Microsoft Admin Portals (app group)' },
    { id: '797f4846-ba00-4fd7-ba43-dac1f8f63013', label: 'app azure-management' },
  ]);
});

test('labels come from labelOf, as they come from the environment file for a synthesized stack', () => {
  const declared: DeclaredFacts = {
    name: 'adopted',
    file: 'environments/adopted.yaml',
    tenantId: '42ba3ed1-ae78-4fd0-8080-5f8bfcc27b29',
    ring: 0,
    breakGlassAccounts: [],
    unmanagedPolicies: [],
    unmanagedNames: {},
    adoptedLocations: {},
    groups: { 'break-glass': { objectId: BREAK_GLASS } },
    apps: {},
    appProxyApps: [],
    staged: [],
    policyExclusions: [],
    suppressions: [],
    retired: [],
  };
  const stack = stackOf(TERRAFORM, declared);
  const imported = policyModelOf(fixture('CA000'), 'CA000', (id) => stack.labels.get(id));
  expect(imported).toEqual(stack.policy('CA000'));
  expect(imported.conditions.users.excludeGroups.find((g) => g.id === BREAK_GLASS)!.label).toBe('group break-glass');
  expect(imported.conditions.users.excludeRoles).toEqual([{ id: 'd29b2b05-8046-44ba-8758-1e26182fcf32', label: 'role Directory Synchronization Accounts' }]);
  // Without labelOf: the well-known labels, then the id itself.
  const plain = policyModelOf(fixture('CA000'), 'CA000');
  expect(plain.conditions.users.excludeGroups.find((g) => g.id === BREAK_GLASS)!.label).toBe(BREAK_GLASS);
  expect(plain.address).toBe('azuread_conditional_access_policy.CA000');
});

test('unexpressible fields are not in the model', () => {
  const ca104 = policyModelOf(fixture('CA104'), 'CA104');
  expect(ca104.sessionControls).toBeUndefined();
  expect(ca104.grantControls).toBeUndefined();
  const ca501 = policyModelOf(fixture('CA501'), 'CA501');
  expect(ca501.conditions.clientApplications).toBeUndefined();
  expect(ca501.conditions.users.includeUsers).toEqual([{ id: 'None', label: 'None' }]);
  expect(ca501.grantControls).toEqual({ operator: 'OR', builtInControls: ['block'], customAuthenticationFactors: [], termsOfUse: [] });
});

test('referencedIds lists the GUIDs a policy names, by kind, sorted, special values left out', () => {
  expect(referencedIds(fixture('CA000'))).toEqual({
    users: [],
    groups: [
      '2802b872-ccfb-4b29-a9a9-459808dfb11b',
      '2eee133e-3427-4860-81b9-057d5b28b022',
      '349156c1-2fb1-4ffa-9cd3-5c4418e24e4c',
      '68ce874b-21a9-4ca9-b447-f09a037be53a',
      '7452a2db-063a-4048-84b0-ff691fa2900e',
      '8e75af29-5176-4372-a718-724b8a4620dc',
      'cfa1f128-ec48-4ee1-9ea9-1c28fdb57722',
    ],
    roles: ['d29b2b05-8046-44ba-8758-1e26182fcf32'],
    applications: [],
    namedLocations: [],
    termsOfUse: [],
    authenticationStrengths: [],
    servicePrincipals: [],
    tenants: [],
  });
  expect(referencedIds(fixture('CA001')).namedLocations).toEqual(['185c993e-10a9-44fa-98d1-230c8f72f497']);
  expect(referencedIds(fixture('CA505')).namedLocations).toEqual(['3d46dbda-8382-466a-856d-eb00cbc6b910']);
  const ca105 = referencedIds(fixture('CA105'));
  expect([ca105.applications, ca105.authenticationStrengths, ca105.roles.length]).toEqual([['14d82eec-204b-4c2f-b7e8-296a70dab67e'], ['00000000-0000-0000-0000-000000000004'], 24]);
  const r = readExports([{ path: 'cp900.json', bytes: new TextEncoder().encode(JSON.stringify(EVERYTHING_GRAPH)) }]);
  expect(referencedIds(r.policies[0]!)).toEqual({
    users: ['a1000000-0000-4000-8000-000000000001'],
    groups: ['a2000000-0000-4000-8000-000000000001'],
    roles: [],
    applications: ['797f4846-ba00-4fd7-ba43-dac1f8f63013'],
    namedLocations: ['a4000000-0000-4000-8000-000000000001'],
    termsOfUse: ['a6000000-0000-4000-8000-000000000001'],
    authenticationStrengths: [],
    servicePrincipals: ['a5000000-0000-4000-8000-000000000001'],
    tenants: ['a3000000-0000-4000-8000-000000000001'],
  });
});
