/** The identifiers perimeter reads and writes, and their one pattern each. */

/** An Entra object id, application id or tenant id: 8-4-4-4-12 hex digits, either case. */
export const GUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A GUID anywhere in a text (for labelling ids in free text), global. */
export function guidsInText(): RegExp {
  return new RegExp(`\\b${GUID_PATTERN.source.slice(1, -1)}\\b`, 'gi');
}

export function isGuid(text: string): boolean {
  return GUID_PATTERN.test(text);
}

/** The all-zero GUID: never the id of an object that exists. */
export const NIL_GUID = '00000000-0000-0000-0000-000000000000';

/**
 * The one spelling of a GUID perimeter compares, stores and writes: lower case. Every id is
 * normalised once, at load; after that `===` and Set membership are exact.
 */
export function normalizeGuid(text: string): string {
  return text.toLowerCase();
}

/** A logical name the environment gives something (a named location, group, app): it is part of Terraform addresses. */
export const KEY_PATTERN = /^[a-z][a-z0-9-]{0,62}$/;

/** An environment file name without `.yaml`: the stack name. */
export const ENVIRONMENT_NAME_PATTERN = /^[a-z][a-z0-9-]{0,30}$/;

/**
 * A stable Conditional Access policy id: `CA001` for the baseline, `CP001` for a custom policy.
 * Its Terraform address and the first word of its display name.
 */
export const POLICY_ID_PATTERN = /^C[AP]\d{3}$/;

/** A custom policy's id: `CP` and three digits, the name of its file in policies/custom/. */
export const CUSTOM_POLICY_ID_PATTERN = /^CP\d{3}$/;

/** `Global Administrator` -> `global_administrator`. */
export function slug(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
}

/**
 * An authentication context class reference id Graph accepts: `c1` to `c25` (the Graph
 * reference; the Entra docs mention up to c99, which Graph does not document).
 */
export const AUTHENTICATION_CONTEXT_ID_PATTERN = /^c([1-9]|1[0-9]|2[0-5])$/;

/** A policy that targets an authentication context: `AC` and the context's number in three digits (`c1` -> `AC001`). */
export const CONTEXT_POLICY_ID_PATTERN = /^AC\d{3}$/;

/** `c1` -> `AC001`: the policy id (Terraform name and first word of the display name) of a context's policy. */
export function contextPolicyId(contextId: string): string {
  return `AC${contextId.slice(1).padStart(3, '0')}`;
}
