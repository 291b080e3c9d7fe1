/** Which optional features an environment file turns on (core/features.ts), decided once from the file. */
import type { FeatureSet } from '../core/features';
import type { EnvironmentFile } from './schema';

export function featuresOf(input: EnvironmentFile): FeatureSet {
  return {
    directorySync: Boolean(input.directorySync?.allowedLocation),
    directorySyncAccounts: input.directorySync !== undefined,
    countryAccess: input.countryAccess !== undefined,
    sensitiveApps: (input.sensitiveApps ?? []).length > 0,
    appProxy: input.appProxy !== undefined,
  };
}
