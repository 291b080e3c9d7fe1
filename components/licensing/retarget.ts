/**
 * The risk policies target the P2 group when the environment names one. Pure: the
 * conditional-access section applies it to the baseline's definitions as they are built.
 */
import type { PolicyDefinition, UserRef } from '../../baseline/model';
import type { LicensingSpec } from './section';

/** A baseline policy that Identity Protection drives (sign-in or user risk): it needs Entra ID P2. */
export function isRiskPolicy(def: PolicyDefinition): boolean {
  return (def.conditions?.signInRiskLevels?.length ?? 0) > 0 || (def.conditions?.userRiskLevels?.length ?? 0) > 0;
}

/** The definition with `all-users` replaced by the P2 group, for a risk policy when `licensing.p2Group` is set. */
export function targetP2Group(def: PolicyDefinition, licensing: LicensingSpec): PolicyDefinition {
  const group = licensing.p2Group;
  if (!group || !isRiskPolicy(def) || !def.users.include.includes('all-users')) return def;
  const include = def.users.include.map((u): UserRef => (u === 'all-users' ? { group: group.key } : u));
  return { ...def, users: { ...def.users, include } };
}
