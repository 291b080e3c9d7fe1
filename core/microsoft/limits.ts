/** Entra ID's service limits that perimeter plans around. */

/** Conditional Access policies one tenant may hold, every state included (PRM-TEN001). */
export const MAX_POLICIES_PER_TENANT = 195;

/**
 * How many more wave pilots a tenant holding `total` policies can afford: each piloted policy
 * adds one wave twin, however many waves it covers.
 */
export const affordableWavePilots = (total: number): number => Math.max(0, MAX_POLICIES_PER_TENANT - total);
