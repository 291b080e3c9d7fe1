/** The telemetry facts the section checks against and the guardrails re-check: log categories and bounds. */
/**
 * Categories the Entra diagnostic setting always streams. The analytics rules and the
 * report-only evidence read these tables; an environment can add to the set, never remove.
 */
export const REQUIRED_LOG_CATEGORIES = [
  'AuditLogs',
  'SignInLogs',
  'NonInteractiveUserSignInLogs',
  'ServicePrincipalSignInLogs',
  'ManagedIdentitySignInLogs',
  'ProvisioningLogs',
  'RiskyUsers',
  'UserRiskEvents',
] as const;

/**
 * Every Entra diagnostic-setting category Microsoft documents (Entra monitoring docs, and the
 * Global Secure Access docs for the last three). azurerm does not validate `category`, and
 * the service rejects an unknown one only at apply, so synth checks it here.
 */
export const ENTRA_LOG_CATEGORIES = [
  ...REQUIRED_LOG_CATEGORIES,
  'ADFSSignInLogs',
  'RiskyServicePrincipals',
  'ServicePrincipalRiskEvents',
  'EnrichedOffice365AuditLogs',
  'MicrosoftGraphActivityLogs',
  'NetworkAccessTrafficLogs',
  'CustomSecurityAttributeAuditLogs',
  'RemoteNetworkHealthLogs',
  'NetworkAccessAlerts',
  'NetworkAccessConnectionEvents',
] as const;

export type EntraLogCategory = (typeof ENTRA_LOG_CATEGORIES)[number];

export const RETENTION_DAYS = { min: 90, max: 730, default: 365 } as const;
/** Entra Connect syncs every 30 minutes: a shorter threshold alerts on every normal gap. The upper bound keeps the rule's look-back (threshold + 1 hour) within Sentinel's 14 days. */
export const SYNC_STALL_MINUTES = { min: 30, max: 20_100, default: 180 } as const;
export const REPORT_ONLY_WINDOW_DAYS = { min: 1, max: 90, default: 14 } as const;
