/** Small hand-written Terraform JSON stacks for focused evaluator tests. */
import { readSynthesizedStack } from '../../analysis/model/read';
import { compileEnvironment, type CompiledEnvironment } from '../../analysis/whatif/compile';
import { evaluate } from '../../analysis/whatif/evaluate';
import type { WhatIfResult } from '../../analysis/whatif/result';
import type { SignIn } from '../../analysis/whatif/signin';

export const BG1 = 'b9000000-0000-4000-8000-0000000000b1';
export const USER = 'e0000000-0000-4000-8000-0000000000a1';
export const GROUP_A = '6f000000-0000-4000-8000-0000000000a1';
export const GROUP_B = '6f000000-0000-4000-8000-0000000000b1';
export const GLOBAL_ADMIN = '62e90394-69f5-4237-9190-012177145e10';
export const EXCHANGE = '00000002-0000-0ff1-ce00-000000000000';
export const SHAREPOINT = '00000003-0000-0ff1-ce00-000000000000';
export const AZURE_PORTAL = 'c44b4083-3bb0-49c1-b47d-974e53cbdf3c';
export const CUSTOM_APP = 'a0000000-0000-4000-8000-00000000f001';

type Json = Record<string, unknown>;

/** A policy in Terraform JSON shape; `conditions` defaults to all users, all apps, all clients. */
export function policy(overrides: { state?: string; conditions?: Json; users?: Json; applications?: Json; grant?: Json; session?: Json } = {}): Json {
  return {
    display_name: 'test',
    state: overrides.state ?? 'enabled',
    conditions: {
      client_app_types: ['all'],
      applications: overrides.applications ?? { included_applications: ['All'] },
      users: overrides.users ?? { included_users: ['All'], excluded_groups: ['${azuread_group.break_glass_exclusion.object_id}'] },
      ...(overrides.conditions ?? {}),
    },
    ...(overrides.grant ? { grant_controls: overrides.grant } : {}),
    ...(overrides.session ? { session_controls: overrides.session } : {}),
  };
}

export const MFA = { operator: 'OR', built_in_controls: ['mfa'] };
export const BLOCK = { operator: 'OR', built_in_controls: ['block'] };

export function stack(policies: Record<string, Json>, extra: { locations?: Record<string, Json> } = {}): CompiledEnvironment {
  const tf = {
    resource: {
      azuread_conditional_access_policy: Object.fromEntries(Object.entries(policies).map(([id, p]) => [id, { ...p, display_name: `${id} test` }])),
      azuread_group: { break_glass_exclusion: { display_name: 'bg', members: [BG1] } },
      azuread_named_location: extra.locations ?? {
        office: { display_name: 'Office', ip: { ip_ranges: ['203.0.113.0/25', '2001:db8:1::/48'], trusted: true } },
        branch: { display_name: 'Branch', ip: { ip_ranges: ['198.51.100.0/26'], trusted: false } },
        countries: { display_name: 'Countries', country: { countries_and_regions: ['GB', 'DE'], include_unknown_countries_and_regions: false, country_lookup_method: 'clientIpAddress' } },
        countries_or_unknown: { display_name: 'Countries or unknown', country: { countries_and_regions: ['FR'], include_unknown_countries_and_regions: true, country_lookup_method: 'clientIpAddress' } },
      },
    },
  };
  return compileEnvironment(readSynthesizedStack(tf, { name: 'test' }));
}

/** A fully specified ordinary sign-in, changed by `over`. */
export function signIn(over: Partial<SignIn> = {}): SignIn {
  return {
    user: { id: USER },
    resource: { kind: 'app', suites: [] },
    clientApp: 'browser',
    platform: 'windows',
    ip: '192.0.2.10',
    country: 'GB',
    device: { state: 'unregistered' },
    signInRisk: 'none',
    userRisk: 'none',
    flow: 'none',
    ...over,
  };
}

export function run(env: CompiledEnvironment, over: Partial<SignIn> = {}): WhatIfResult {
  return evaluate(env, signIn(over));
}

export function applies(r: WhatIfResult, id: string) {
  const p = r.policies.find((x) => x.id === id);
  if (!p) throw new Error(`no policy ${id}`);
  return { applies: p.applies, reasons: p.reasons, undecidedBy: p.undecidedBy };
}
