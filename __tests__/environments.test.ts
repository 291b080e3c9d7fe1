/**
 * The sample environments as a reviewer reads them: one readable snapshot per environment,
 * paired with explicit assertions of what matters.
 */
import { stringify } from 'yaml';
import { BASELINE } from '../baseline/index';
import { DIRECTORY_ROLES } from '../core/microsoft/directory-roles';
import { GUEST_OR_EXTERNAL_USER_TYPES, strengthPolicyPath, WELL_KNOWN_APPS } from '../core/microsoft/well-known';
import { loadEnvironments } from '../cli/environments';
import { SAMPLE_DIR, synthStacks, type TfJson } from './helpers/synth';

const stacks = synthStacks();
const environments = Object.fromEntries(loadEnvironments(SAMPLE_DIR).map((e) => [e.name, e]));
const BG_GROUP = '${azuread_group.break_glass_exclusion.object_id}';

const policiesOf = (tf: TfJson) => tf.resource['azuread_conditional_access_policy'] as Record<string, any>;

/** The resources without cdktf's per-resource metadata, as YAML: what the snapshot shows. */
function readable(tf: TfJson): string {
  const strip = (v: unknown): unknown =>
    Array.isArray(v) ? v.map(strip) : v && typeof v === 'object' ? Object.fromEntries(Object.entries(v).filter(([k]) => k !== '//').map(([k, x]) => [k, strip(x)])) : v;
  // Report-only tenant settings are plan-time checks over scoped data sources: a reviewer reads them too.
  const { data, locals, check } = tf as TfJson & { data?: unknown; locals?: unknown; check?: unknown };
  return stringify(
    { terraform: tf.terraform, provider: tf.provider, resource: strip(tf.resource), ...(data ? { data: strip(data) } : {}), ...(locals ? { locals } : {}), ...(check ? { check } : {}), output: tf.output },
    { sortMapEntries: true, lineWidth: 0 },
  );
}

describe.each(Object.keys(environments).sort())('the %s environment', (name) => {
  const tf = stacks[name]!;
  const env = environments[name]!;
  const policies = policiesOf(tf);

  test('matches its reviewed snapshot', () => {
    expect(readable(tf)).toMatchSnapshot();
  });

  test('has one policy per applicable baseline policy, addressed by its id, and a wave twin <id>_waves per wave pilot', () => {
    const twins = env.conditionalAccess.policies.filter((p) => p.wave).map((p) => `${p.definition.id}_waves`);
    expect(Object.keys(policies).sort()).toEqual([...env.conditionalAccess.policies.map((p) => p.definition.id), ...twins].sort());
    for (const [address, p] of Object.entries(policies)) {
      const id = twins.includes(address) ? address.slice(0, -'_waves'.length) : address;
      expect(BASELINE.map((p) => p.id)).toContain(id);
      expect(p.display_name.startsWith(`${id} `)).toBe(true);
    }
  });

  test('every policy excludes both break-glass accounts and the exclusion group', () => {
    for (const p of Object.values(policies)) {
      expect(p.conditions.users.excluded_users).toEqual(expect.arrayContaining([...env.breakGlass.accounts]));
      expect(p.conditions.users.excluded_groups).toContain(BG_GROUP);
    }
  });

  test('the exclusion group is role-assignable and holds exactly the break-glass accounts', () => {
    const group = tf.resource['azuread_group']!['break_glass_exclusion']!;
    expect(group).toMatchObject({ assignable_to_role: true, security_enabled: true, mail_enabled: false, prevent_duplicate_names: true });
    expect(group['members']).toEqual([...env.breakGlass.accounts]);
  });

  test('each policy state follows its stage', () => {
    const expected: Record<string, string> = { off: 'disabled', 'report-only': 'enabledForReportingButNotEnforced', enabled: 'enabled' };
    for (const { definition, stage } of env.conditionalAccess.policies) {
      const userAction = 'userAction' in definition.resources;
      const state = userAction && stage === 'report-only' ? 'disabled' : expected[stage];
      expect({ id: definition.id, state: policies[definition.id].state }).toEqual({ id: definition.id, state });
    }
  });

  test('named locations are addressed by their key and referenced by object id', () => {
    const locations = tf.resource['azuread_named_location'] ?? {};
    expect(Object.keys(locations).sort()).toEqual(Object.keys(env.namedLocations).sort());
    const syncKey = env.directorySync!.allowedLocation!;
    expect(policies['CA019'].conditions.locations).toEqual({
      included_locations: ['All'],
      excluded_locations: [`\${azuread_named_location.${syncKey}.object_id}`],
    });
  });

  test('state is remote (the pipeline deploys every sample), and both state and provider authenticate with OIDC', () => {
    const b = env.backend!;
    expect(tf.terraform['backend']).toEqual({
      azurerm: {
        storage_account_name: b.storageAccountName,
        container_name: b.containerName,
        key: `${name}.tfstate`,
        resource_group_name: b.resourceGroupName,
        subscription_id: b.subscriptionId,
        tenant_id: env.tenantId,
        use_oidc: true,
        use_azuread_auth: true,
        use_cli: false,
      },
    });
    expect(tf.provider!['azuread']).toEqual([{ tenant_id: env.tenantId, use_oidc: true }]);
  });
});

describe('the baseline controls in prod', () => {
  const p = policiesOf(stacks['prod']!);
  const sync = environments['prod']!.directorySync!.accounts;

  test('CA001 requires MFA for all users on all resources', () => {
    expect(p.CA001.conditions.users.included_users).toEqual(['All']);
    expect(p.CA001.conditions.applications.included_applications).toEqual(['All']);
    expect(p.CA001.grant_controls).toEqual({ operator: 'OR', built_in_controls: ['mfa'] });
  });

  test('CA002 requires the phishing-resistant strength for every listed admin role', () => {
    expect(p.CA002.grant_controls).toEqual({ operator: 'OR', authentication_strength_policy_id: strengthPolicyPath('phishing-resistant') });
    const required = [
      'Global Administrator', 'Privileged Role Administrator', 'Privileged Authentication Administrator', 'Security Administrator',
      'Conditional Access Administrator', 'Hybrid Identity Administrator', 'Application Administrator', 'Cloud Application Administrator',
      'User Administrator', 'Authentication Administrator', 'Exchange Administrator', 'SharePoint Administrator',
      'Helpdesk Administrator', 'Password Administrator', 'Billing Administrator',
    ] as const;
    expect(p.CA002.conditions.users.included_roles).toEqual(expect.arrayContaining(required.map((r) => DIRECTORY_ROLES[r])));
    expect(p.CA002.conditions.users.included_roles).not.toContain(DIRECTORY_ROLES['Directory Synchronization Accounts']);
  });

  test('CA003 blocks both legacy client types in one policy', () => {
    expect(p.CA003.conditions.client_app_types).toEqual(['exchangeActiveSync', 'other']);
    expect(p.CA003.grant_controls.built_in_controls).toEqual(['block']);
    expect(p.CA003.state).toBe('enabled');
  });

  test('CA004 and CA005 block device code flow and authentication transfer separately', () => {
    expect(p.CA004.conditions.authentication_flow_transfer_methods).toEqual(['deviceCodeFlow']);
    expect(p.CA005.conditions.authentication_flow_transfer_methods).toEqual(['authenticationTransfer']);
    expect(p.CA004.grant_controls.built_in_controls).toEqual(['block']);
    expect(p.CA005.grant_controls.built_in_controls).toEqual(['block']);
  });

  test('CA006 requires a compliant OR hybrid-joined device and leaves guests out by default', () => {
    expect(p.CA006.grant_controls).toEqual({ operator: 'OR', built_in_controls: ['compliantDevice', 'domainJoinedDevice'] });
    expect(p.CA006.conditions.users.excluded_guests_or_external_users[0].guest_or_external_user_types).toEqual([...GUEST_OR_EXTERNAL_USER_TYPES]);
    expect(p.CA006.conditions.users.excluded_groups).toContain('6f000000-0000-4000-8000-000000000001');
  });

  test('CA007 is the stricter variant on the sensitive apps, guests included', () => {
    expect(p.CA007.conditions.applications.included_applications).toEqual([
      'a0000000-0000-4000-8000-00000000f001',
      'a0000000-0000-4000-8000-00000000f002',
      'a0000000-0000-4000-8000-00000000e001',
    ]);
    expect(p.CA007.grant_controls).toEqual({ operator: 'AND', built_in_controls: ['mfa', 'compliantDevice'] });
    expect(p.CA007.conditions.users.excluded_guests_or_external_users).toBeUndefined();
  });

  test('CA008 and CA009 are separate sign-in risk policies with risk levels as sets', () => {
    expect(p.CA008.conditions.sign_in_risk_levels).toEqual(['high']);
    expect(p.CA008.grant_controls.built_in_controls).toEqual(['block']);
    expect(p.CA009.conditions.sign_in_risk_levels).toEqual(['medium', 'high']);
    expect(p.CA009.grant_controls.built_in_controls).toEqual(['mfa']);
    for (const id of ['CA008', 'CA009']) expect(p[id].conditions.user_risk_levels).toBeUndefined();
  });

  test('CA010 is a secure password change: mfa AND passwordChange, every time, user risk only', () => {
    expect(p.CA010.conditions.user_risk_levels).toEqual(['high']);
    expect(p.CA010.conditions.sign_in_risk_levels).toBeUndefined();
    expect(p.CA010.grant_controls).toEqual({ operator: 'AND', built_in_controls: ['mfa', 'passwordChange'] });
    expect(p.CA010.session_controls).toEqual({ sign_in_frequency_interval: 'everyTime', sign_in_frequency_authentication_type: 'primaryAndSecondaryAuthentication' });
  });

  test('CA011 protects security-info registration outside trusted locations with a managed device', () => {
    expect(p.CA011.conditions.applications).toEqual({ included_user_actions: ['urn:user:registersecurityinfo'] });
    expect(p.CA011.conditions.locations).toEqual({ included_locations: ['All'], excluded_locations: ['AllTrusted'] });
    expect(p.CA011.grant_controls.built_in_controls).toEqual(['compliantDevice', 'domainJoinedDevice']);
  });

  test('CA012 requires MFA to register or join devices', () => {
    expect(p.CA012.conditions.applications).toEqual({ included_user_actions: ['urn:user:registerdevice'] });
    expect(p.CA012.grant_controls.built_in_controls).toEqual(['mfa']);
  });

  test('CA013 covers the admin portals and Azure management', () => {
    expect(p.CA013.conditions.applications.included_applications).toEqual(['MicrosoftAdminPortals', WELL_KNOWN_APPS['azure-management']]);
  });

  test('CA014 and CA015 cover every guest type; guests reach only the allowed apps', () => {
    for (const id of ['CA014', 'CA015']) {
      expect(p[id].conditions.users.included_guests_or_external_users).toEqual([
        { guest_or_external_user_types: [...GUEST_OR_EXTERNAL_USER_TYPES], external_tenants: [{ membership_kind: 'all' }] },
      ]);
    }
    expect(p.CA015.conditions.applications).toEqual({ included_applications: ['All'], excluded_applications: ['Office365', 'a0000000-0000-4000-8000-00000000c001'] });
    expect(p.CA015.grant_controls.built_in_controls).toEqual(['block']);
  });

  test('CA016 blocks every platform but the supported ones', () => {
    expect(p.CA016.conditions.platforms).toEqual({ included_platforms: ['all'], excluded_platforms: ['android', 'iOS', 'windows', 'macOS', 'linux'] });
  });

  test('CA017 and CA018 bound sessions and forbid persistent browsers', () => {
    expect(p.CA017.session_controls).toMatchObject({ sign_in_frequency: 4, sign_in_frequency_period: 'hours', persistent_browser_mode: 'never' });
    expect(p.CA017.grant_controls).toBeUndefined();
    expect(p.CA018.session_controls).toMatchObject({ sign_in_frequency: 12, sign_in_frequency_period: 'hours', persistent_browser_mode: 'never' });
    expect(p.CA018.conditions.devices).toEqual({ filter: { mode: 'include', rule: 'device.isCompliant -ne True -and device.trustType -ne "ServerAD"' } });
  });

  test('directory-sync accounts are excluded exactly where they cannot satisfy the control, and confined by CA019', () => {
    const excludesSync = Object.entries(p)
      .filter(([, x]) => sync.every((s) => x.conditions.users.excluded_users.includes(s)))
      .map(([id]) => id)
      .sort();
    expect(excludesSync).toEqual(['CA001', 'CA002', 'CA006', 'CA006_waves', 'CA007', 'CA009', 'CA010', 'CA011', 'CA012', 'CA013', 'CA014', 'CA017', 'CA018', 'CA021', 'CA022']);
    expect(p.CA019.conditions.users.included_users).toEqual([...sync]);
    expect(p.CA019.grant_controls.built_in_controls).toEqual(['block']);
  });

  test('CA020 blocks sign-ins from outside the allowed countries', () => {
    expect(p.CA020.conditions.locations).toEqual({ included_locations: ['All'], excluded_locations: ['${azuread_named_location.allowed-countries.object_id}'] });
    expect(stacks['prod']!.resource['azuread_named_location']!['allowed-countries']).toMatchObject({
      country: { countries_and_regions: ['GB', 'DE', 'IN'], include_unknown_countries_and_regions: false, country_lookup_method: 'clientIpAddress' },
    });
  });
});

test('environments deployed by the pipeline leave connector-group assignment to the one-time step', () => {
  // The deploy workflow has no signed-in user; Graph allows the assignment only for one.
  for (const env of Object.values(environments)) {
    if (env.appProxy) expect({ env: env.name, assign: env.appProxy.assignConnectorGroup }).toEqual({ env: env.name, assign: false });
    expect(stacks[env.name]!.resource['msgraph_resource_action']).toBeUndefined();
  }
});
