/**
 * Environment features a baseline policy or an analytics rule may need. Without the feature
 * the item is not part of the environment, and naming it in YAML is an error that says what
 * to set. Which features an environment has is decided once, when its file is resolved.
 */
export const FEATURES = {
  directorySync: 'directorySync.accounts and directorySync.allowedLocation are set',
  directorySyncAccounts: 'directorySync.accounts is set',
  countryAccess: 'countryAccess is set',
  sensitiveApps: 'sensitiveApps is set',
  appProxy: 'appProxy.apps is set',
} as const;

export type Feature = keyof typeof FEATURES;
export type FeatureSet = Readonly<Record<Feature, boolean>>;
