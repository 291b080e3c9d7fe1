/**
 * Second pass over a structurally valid file: resolve defaults and logical names, check
 * every reference, and decide which baseline policies the environment has at which stage.
 */
import { BASELINE, findPolicyModule } from '../policies/baseline';
import type { BaselineFeature, BaselineSettings } from '../policies/model';
import { resolveAppProxy } from './app-proxy';
import type { Environment, EnvironmentPolicy, NamedLocationSpec } from './environment';
import type { EnvironmentFile } from './schema';
import { resolveTelemetry, signInEvidenceProblem } from './telemetry';
import { resolvePim } from './pim';
import { resolveBackend } from './backend';

export interface PathProblem {
  readonly path: readonly PropertyKey[];
  readonly message: string;
}

const FEATURE_HELP: Readonly<Record<BaselineFeature, string>> = {
  directorySync: 'directorySync.accounts and directorySync.allowedLocation',
  countryAccess: 'countryAccess',
  sensitiveApps: 'sensitiveApps',
  appProxy: 'appProxy.apps',
};

export function resolveEnvironment(
  name: string,
  file: string,
  input: EnvironmentFile,
): { environment?: Environment; problems: PathProblem[] } {
  const problems: PathProblem[] = [];
  const warnings: string[] = [];
  const locations = input.namedLocations ?? {};
  const groups = input.groups ?? {};
  const apps = input.apps ?? {};
  const defined = (what: string, names: Record<string, unknown>) =>
    Object.keys(names).length ? `defined ${what}: ${Object.keys(names).sort().join(', ')}` : `no ${what} are defined`;

  const requireLocation = (path: PropertyKey[], ref: string, kind: 'ip' | 'country') => {
    const loc = locations[ref];
    if (!loc) {
      problems.push({ path, message: `named location ${JSON.stringify(ref)} is not defined under namedLocations (${defined('named locations', locations)})` });
    } else if (kind === 'ip' && loc.ipRanges === undefined) {
      problems.push({ path, message: `named location ${JSON.stringify(ref)} must be an IP location (ipRanges), not a country location` });
    } else if (kind === 'country' && loc.countries === undefined) {
      problems.push({ path, message: `named location ${JSON.stringify(ref)} must be a country location (countries), not an IP location` });
    }
  };
  const requireApp = (path: PropertyKey[], ref: string): string | undefined => {
    const id = apps[ref];
    if (id === undefined) problems.push({ path, message: `app ${JSON.stringify(ref)} is not defined under apps (${defined('apps', apps)})` });
    return id;
  };

  // References between sections.
  if (input.directorySync?.allowedLocation !== undefined) {
    requireLocation(['directorySync', 'allowedLocation'], input.directorySync.allowedLocation, 'ip');
  }
  if (input.countryAccess) requireLocation(['countryAccess', 'location'], input.countryAccess.location, 'country');
  const sensitiveAppIds = (input.sensitiveApps ?? []).flatMap((ref, i) => requireApp(['sensitiveApps', i], ref) ?? []);
  const guestAllowedApps = (input.guests?.allowedApps ?? []).flatMap((ref, i) =>
    ref === 'Office365' ? [ref] : (requireApp(['guests', 'allowedApps', i], ref) ?? []),
  );

  const appProxy = resolveAppProxy(input.appProxy, groups, problems);

  const breakGlass = new Set(input.breakGlass.accounts);
  input.directorySync?.accounts.forEach((id, i) => {
    if (breakGlass.has(id)) {
      problems.push({ path: ['directorySync', 'accounts', i], message: `${id} is a break-glass account; a sync account must be a different account` });
    }
  });

  if (input.directorySync && input.directorySync.allowedLocation === undefined) {
    warnings.push(
      'directorySync.accounts are exempt from the MFA and device policies, but no directorySync.allowedLocation confines them to the sync servers; set it so CA019 can block them everywhere else',
    );
  }

  // Which baseline features this environment has.
  const features: Record<BaselineFeature, boolean> = {
    directorySync: Boolean(input.directorySync?.allowedLocation),
    countryAccess: input.countryAccess !== undefined,
    sensitiveApps: (input.sensitiveApps ?? []).length > 0,
    appProxy: input.appProxy !== undefined,
  };

  const settings: BaselineSettings = {
    userRiskResponse: input.userRiskResponse ?? 'passwordChange',
    guestsInDevicePolicy: input.guests?.includeInDevicePolicy ?? false,
    adminSignInFrequencyHours: input.sessions?.adminSignInFrequencyHours ?? 4,
    unmanagedSignInFrequencyHours: input.sessions?.unmanagedSignInFrequencyHours ?? 12,
    supportedPlatforms: input.supportedPlatforms ?? ['android', 'iOS', 'windows', 'macOS', 'linux'],
    ...(input.countryAccess ? { countryAccessMode: input.countryAccess.mode } : {}),
  };

  // Per-policy overrides must name a policy this environment has.
  const overrides = input.policies ?? {};
  for (const [id, override] of Object.entries(overrides)) {
    const module = findPolicyModule(id);
    if (!module) {
      problems.push({
        path: ['policies', id],
        message: `unknown policy id ${JSON.stringify(id)}; the baseline has ${BASELINE.map((p) => p.id).join(', ')}`,
      });
      continue;
    }
    if (module.requires && !features[module.requires]) {
      problems.push({
        path: ['policies', id],
        message: `${id} is part of an environment only when ${FEATURE_HELP[module.requires]} ${module.requires === 'directorySync' ? 'are' : 'is'} set`,
      });
    }
    override.exclude?.groups?.forEach((g, i) => {
      if (!groups[g]) {
        problems.push({ path: ['policies', id, 'exclude', 'groups', i], message: `group ${JSON.stringify(g)} is not defined under groups (${defined('groups', groups)})` });
      }
    });
    override.exclude?.users?.forEach((u, i) => {
      if (breakGlass.has(u)) {
        problems.push({ path: ['policies', id, 'exclude', 'users', i], message: `${u} is a break-glass account; those are excluded from every policy already` });
      }
    });
  }

  const policies: EnvironmentPolicy[] = [];
  for (const module of BASELINE) {
    if (module.requires && !features[module.requires]) continue;
    const override = overrides[module.id];
    const exclude = override?.exclude;
    policies.push({
      definition: module.define(settings),
      stage: override?.stage ?? input.stage,
      ...(exclude ? { exclusion: { users: exclude.users ?? [], groups: exclude.groups ?? [], reason: exclude.reason } } : {}),
    });
  }

  const telemetry = resolveTelemetry(input.telemetry, { defaultStage: input.stage, hasDirectorySync: input.directorySync !== undefined });
  problems.push(...telemetry.problems);
  const evidence = signInEvidenceProblem(policies.map((p) => ({ id: p.definition.id, stage: p.stage })), telemetry.telemetry?.logCategories);
  if (evidence && !telemetry.problems.length) problems.push(evidence);
  const pim = resolvePim(input.pim, { breakGlassAccounts: input.breakGlass.accounts, assignGlobalAdmin: input.breakGlass.assignGlobalAdmin ?? false });
  problems.push(...pim.problems);
  warnings.push(...pim.warnings);

  if (problems.length) return { problems };

  const namedLocations: Record<string, NamedLocationSpec> = {};
  for (const [k, loc] of Object.entries(locations)) {
    namedLocations[k] = loc.ipRanges
      ? { kind: 'ip', displayName: loc.displayName ?? k, ipRanges: loc.ipRanges, trusted: loc.trusted ?? false }
      : {
          kind: 'country',
          displayName: loc.displayName ?? k,
          countries: loc.countries ?? [],
          includeUnknown: loc.includeUnknown ?? false,
          lookupMethod: loc.countryLookupMethod ?? 'clientIpAddress',
        };
  }

  const environment: Environment = {
    name,
    file,
    tenantId: input.tenantId,
    ring: input.ring,
    defaultStage: input.stage,
    policies,
    breakGlass: {
      accounts: input.breakGlass.accounts,
      exclusionGroupName: input.breakGlass.exclusionGroupName ?? 'CA exclusion: emergency access (break-glass) accounts',
      assignGlobalAdmin: input.breakGlass.assignGlobalAdmin ?? false,
    },
    ...(input.directorySync ? { directorySync: input.directorySync } : {}),
    namedLocations,
    groups,
    apps,
    sensitiveAppIds,
    guestAllowedApps,
    ...(input.countryAccess ? { countryAccess: input.countryAccess } : {}),
    settings,
    suppressions: (input.suppressions ?? []).map((x, index) => ({ ...x, index })),
    ...(telemetry.telemetry ? { telemetry: telemetry.telemetry } : {}),
    ...(pim.pim ? { pim: pim.pim } : {}),
    ...(appProxy ? { appProxy } : {}),
    warnings,
    ...resolveBackend(name, input.tenantId, input.backend),
  };
  return { environment, problems };
}
