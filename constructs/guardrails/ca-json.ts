/** Typed reading of `azuread_conditional_access_policy` blocks in synthesized JSON, for rules. */
import { resourcesOfType, type StackJson } from './model';

export const CA_POLICY_TYPE = 'azuread_conditional_access_policy';
export const NAMED_LOCATION_TYPE = 'azuread_named_location';
export const BREAK_GLASS_GROUP_REF = '${azuread_group.break_glass_exclusion.object_id}';

interface GuestBlock {
  readonly guest_or_external_user_types?: readonly string[];
}

export interface CaPolicyJson {
  readonly display_name: string;
  readonly state: string;
  readonly conditions: {
    readonly client_app_types?: readonly string[];
    readonly applications: {
      readonly included_applications?: readonly string[];
      readonly excluded_applications?: readonly string[];
      readonly included_user_actions?: readonly string[];
    };
    readonly users: {
      readonly included_users?: readonly string[];
      readonly excluded_users?: readonly string[];
      readonly included_groups?: readonly string[];
      readonly excluded_groups?: readonly string[];
      readonly included_roles?: readonly string[];
      readonly excluded_roles?: readonly string[];
      readonly included_guests_or_external_users?: readonly GuestBlock[];
      readonly excluded_guests_or_external_users?: readonly GuestBlock[];
    };
    readonly locations?: { readonly included_locations?: readonly string[]; readonly excluded_locations?: readonly string[] };
    readonly platforms?: { readonly included_platforms?: readonly string[]; readonly excluded_platforms?: readonly string[] };
    readonly sign_in_risk_levels?: readonly string[];
    readonly user_risk_levels?: readonly string[];
    readonly authentication_flow_transfer_methods?: readonly string[];
    readonly devices?: { readonly filter?: { readonly mode: string; readonly rule: string } };
  };
  readonly grant_controls?: {
    readonly operator: string;
    readonly built_in_controls?: readonly string[];
    readonly authentication_strength_policy_id?: string;
  };
  readonly session_controls?: {
    readonly sign_in_frequency?: number;
    readonly sign_in_frequency_period?: string;
    readonly sign_in_frequency_interval?: string;
    readonly persistent_browser_mode?: string;
  };
}

export interface CaPolicyEntry {
  /** The resource name: the policy id. */
  readonly id: string;
  readonly address: string;
  readonly policy: CaPolicyJson;
}

export function caPolicies(tf: StackJson): CaPolicyEntry[] {
  return resourcesOfType(tf, CA_POLICY_TYPE)
    .map(([id, body]) => ({ id, address: `${CA_POLICY_TYPE}.${id}`, policy: body as unknown as CaPolicyJson }))
    .sort((a, b) => a.id.localeCompare(b.id));
}

export const isBlock = (p: CaPolicyJson) => (p.grant_controls?.built_in_controls ?? []).includes('block');
export const includesAllUsers = (p: CaPolicyJson) => (p.conditions.users.included_users ?? []).includes('All');
export const includesAllApps = (p: CaPolicyJson) => (p.conditions.applications.included_applications ?? []).includes('All');
export const targetsUserAction = (p: CaPolicyJson) => (p.conditions.applications.included_user_actions ?? []).length > 0;

/** The conditions that narrow a policy beyond "who" and "what", by name. */
export function narrowingConditions(p: CaPolicyJson): string[] {
  const c = p.conditions;
  const out: string[] = [];
  if (!(c.client_app_types ?? ['all']).includes('all')) out.push('client app types');
  if (c.locations) out.push('locations');
  if (c.platforms) out.push('platforms');
  if ((c.sign_in_risk_levels ?? []).length) out.push('sign-in risk');
  if ((c.user_risk_levels ?? []).length) out.push('user risk');
  if ((c.authentication_flow_transfer_methods ?? []).length) out.push('authentication flows');
  if (c.devices?.filter) out.push('device filter');
  return out;
}
