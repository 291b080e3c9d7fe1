/** What analysis and the guardrails may know of an environment file: plain data, ids lower-cased. */
import { TF, waveGroupName } from '../core/addresses';
import type { DeclaredFacts } from '../analysis/model/types';
import { stagedItems } from './brake';
import type { Environment } from './environment';

export function declaredFacts(env: Environment): DeclaredFacts {
  const lower = (ids: readonly string[]) => ids.map((id) => id.toLowerCase());
  return {
    name: env.name,
    file: env.file,
    tenantId: env.tenantId.toLowerCase(),
    ring: env.ring,
    breakGlassAccounts: lower(env.breakGlass.accounts),
    ...(env.directorySync
      ? {
          directorySync: {
            accounts: lower(env.directorySync.accounts),
            ...(env.directorySync.allowedLocation !== undefined ? { allowedLocation: env.directorySync.allowedLocation } : {}),
          },
        }
      : {}),
    groups: env.groups,
    apps: env.apps,
    appProxyApps: Object.keys(env.appProxy?.apps ?? {}),
    staged: stagedItems(env),
    policyExclusions: env.conditionalAccess.policies.flatMap(({ definition, exclusion }) =>
      exclusion
        ? [
            {
              policy: definition.id,
              users: lower(exclusion.users),
              groups: exclusion.groups.flatMap((key) => (Object.hasOwn(env.groups, key) ? [env.groups[key]!.objectId.toLowerCase()] : [])),
              reason: exclusion.reason,
            },
          ]
        : [],
    ),
    unmanagedPolicies: env.unmanaged?.policies ?? [],
    unmanagedNames: env.unmanaged?.names ?? {},
    adoptedLocations: Object.fromEntries(Object.entries(env.namedLocations).flatMap(([key, l]) => (l.adopt ? [[l.adopt.toLowerCase(), key]] : []))),
    ...(env.waves.length
      ? {
          waves: env.waves.map((w) => ({
            name: w.name,
            groupId: w.group.kind === 'existing' ? w.group.objectId.toLowerCase() : `${TF.group}.${waveGroupName(w.name)}`,
          })),
        }
      : {}),
    suppressions: env.suppressions.map(({ rule, target, reason }) => ({ rule, target, reason })),
    retired: env.retired.map(({ target, reason }) => ({ target, reason })),
    licensing: {
      p2: env.licensing.p2,
      ...(env.licensing.p2Group ? { p2Group: { key: env.licensing.p2Group.key, objectId: env.licensing.p2Group.objectId.toLowerCase() } } : {}),
    },
    ...(env.coverage ? { coverage: env.coverage } : {}),
  };
}
