/**
 * The KQL of every analytics rule and of the report-only evidence, as pure functions of the
 * identifiers they watch. Identifiers are inlined at synth, so a query in the portal reads
 * exactly like the environment file that produced it.
 *
 * Tables and columns: SigninLogs and AADNonInteractiveUserSignInLogs (SignInLogs and
 * NonInteractiveUserSignInLogs categories), AADServicePrincipalSignInLogs, AuditLogs.
 * Both sign-in tables are projected to plain string columns before they are combined:
 * several columns (ConditionalAccessPolicies among them) are dynamic in one table and
 * strings in the other, and `union` would split them into suffixed columns.
 */

/** A KQL string literal. */
export function kqlString(value: string): string {
  return JSON.stringify(value);
}

/** A KQL `dynamic([...])` list of strings. */
export function kqlList(values: readonly string[]): string {
  return `dynamic([${values.map(kqlString).join(', ')}])`;
}

const SIGN_IN_COLUMNS = [
  'TimeGenerated',
  'UserId',
  'UserPrincipalName',
  'IPAddress',
  'Location',
  'AppDisplayName',
  'AppId',
  'ClientAppUsed',
  'ResultType',
  'ResultDescription',
  'ConditionalAccessStatus',
  'RiskLevelDuringSignIn',
  'RiskLevelAggregated',
  'RiskState',
  'CorrelationId',
] as const;

/** Interactive and non-interactive user sign-ins, filtered in each table, with the common columns. */
function userSignIns(filter: string): string {
  const columns = SIGN_IN_COLUMNS.join(', ');
  return [
    'union isfuzzy=true',
    `    (SigninLogs | where ${filter} | project ${columns}, SignInType = "interactive"),`,
    `    (AADNonInteractiveUserSignInLogs | where ${filter} | project ${columns}, SignInType = "non-interactive")`,
  ].join('\n');
}

const AUDIT_ACTOR = [
  '| extend ActorUpn = tostring(InitiatedBy.user.userPrincipalName), ActorUserId = tostring(InitiatedBy.user.id),',
  '         ActorApp = tostring(InitiatedBy.app.displayName), ActorAppId = tostring(InitiatedBy.app.appId),',
  '         ActorIp = coalesce(tostring(InitiatedBy.user.ipAddress), tostring(InitiatedBy.app.ipAddress))',
  '| extend Actor = iff(isnotempty(ActorUpn), ActorUpn, ActorApp)',
].join('\n');

export interface BreakGlassIds {
  /** Object ids of the emergency access accounts. */
  readonly breakGlassAccountIds: readonly string[];
}

/** SEN001: any sign-in by a break-glass account, interactive or not, successful or not. */
export function breakGlassSignInQuery(ids: BreakGlassIds): string {
  return [
    '// Any sign-in by an emergency access (break-glass) account, interactive or not. Nobody should use these accounts outside an emergency.',
    `let BreakGlassAccounts = ${kqlList(ids.breakGlassAccountIds)};`,
    userSignIns('UserId in (BreakGlassAccounts)'),
    '| project TimeGenerated, SignInType, UserId, UserPrincipalName, IPAddress, Location, AppDisplayName, AppId, ClientAppUsed, ResultType, ResultDescription, ConditionalAccessStatus, CorrelationId',
  ].join('\n');
}

/**
 * SEN002: any change to a break-glass account (password, methods, roles, groups). The pipeline
 * manages the exclusion group's members, so its changes are reviewed code and not reported.
 */
export function breakGlassChangedQuery(ids: BreakGlassIds & { readonly deploymentAppId?: string }): string {
  return [
    '// Any directory change that targets an emergency access (break-glass) account, successful or not.',
    `let BreakGlassAccounts = ${kqlList(ids.breakGlassAccountIds)};`,
    ...(ids.deploymentAppId !== undefined ? [`let DeploymentAppId = ${kqlString(ids.deploymentAppId)};`] : []),
    'AuditLogs',
    '| where tostring(TargetResources) has_any (BreakGlassAccounts)',
    AUDIT_ACTOR,
    ...(ids.deploymentAppId !== undefined ? ['| where ActorAppId != DeploymentAppId'] : []),
    '| mv-expand Target = TargetResources',
    '| where tostring(Target.id) in (BreakGlassAccounts)',
    '| extend BreakGlassAccountId = tostring(Target.id), BreakGlassAccount = tostring(Target.userPrincipalName)',
    '| project TimeGenerated, OperationName, Category, Result, Actor, ActorUpn, ActorUserId, ActorAppId, ActorIp, BreakGlassAccountId, BreakGlassAccount, CorrelationId',
  ].join('\n');
}

export const CONDITIONAL_ACCESS_OPERATIONS = [
  'Add conditional access policy',
  'Update conditional access policy',
  'Delete conditional access policy',
  'Add named location',
  'Update named location',
  'Delete named location',
] as const;

/** SEN003: a Conditional Access policy or named location changed by anyone but the pipeline. */
export function conditionalAccessTamperQuery(ids: { readonly deploymentAppId: string }): string {
  return [
    '// Conditional Access policies and named locations are managed by the perimeter pipeline only: any other change is drift or tampering.',
    `let DeploymentAppId = ${kqlString(ids.deploymentAppId)};`,
    'AuditLogs',
    `| where OperationName in~ (${CONDITIONAL_ACCESS_OPERATIONS.map(kqlString).join(', ')})`,
    '| where Result =~ "success"',
    AUDIT_ACTOR,
    '| where ActorAppId != DeploymentAppId',
    '| extend TargetName = tostring(TargetResources[0].displayName), TargetId = tostring(TargetResources[0].id)',
    '| project TimeGenerated, OperationName, Actor, ActorUpn, ActorUserId, ActorAppId, ActorIp, TargetName, TargetId, CorrelationId',
  ].join('\n');
}

export interface Tier0Ids {
  /** Role template ids of the Tier-0 roles. */
  readonly tier0RoleIds: readonly string[];
  readonly tier0RoleNames: readonly string[];
}

/**
 * SEN004: a PIM activation of a Tier-0 directory role, or any PIM-for-Groups activation
 * (membership or ownership). Groups under PIM exist to carry privilege, so every activation
 * of one is reported; directory roles by template id, with the role name as a fallback.
 */
export function privilegedActivationQuery(ids: Tier0Ids): string {
  return [
    '// PIM activation of a Tier-0 directory role, or of any group managed by PIM for Groups.',
    `let Tier0RoleIds = ${kqlList(ids.tier0RoleIds)};`,
    `let Tier0RoleNames = ${kqlList(ids.tier0RoleNames)};`,
    'AuditLogs',
    '| where LoggedByService == "PIM"',
    '| where OperationName endswith "completed (PIM activation)"',
    '| where Result =~ "success"',
    '| extend ActivationOf = iff(Category == "GroupManagement", "PIM group", "directory role")',
    '| extend Target = tostring(TargetResources[0].displayName), TargetId = tostring(TargetResources[0].id)',
    '| where ActivationOf == "PIM group" or tostring(TargetResources) has_any (Tier0RoleIds) or Target in (Tier0RoleNames)',
    AUDIT_ACTOR,
    '| project TimeGenerated, OperationName, ActivationOf, Target, TargetId, Actor, ActorUpn, ActorUserId, ActorIp, ResultReason, CorrelationId',
  ].join('\n');
}

/**
 * SEN005: a directory role assigned outside PIM. PIM itself reports assignments it finds
 * made around it; the directory reports every direct assignment, and those PIM makes on an
 * activation come from the MS-PIM service, so they are left out. Assignments made by the
 * pipeline are still reported (it assigns the break-glass accounts' permanent role) and
 * marked, so a reviewer can match them to a change.
 */
export function roleAssignedOutsidePimQuery(ids: Tier0Ids & { readonly deploymentAppId?: string }): string {
  return [
    '// A directory role assigned outside Privileged Identity Management.',
    `let Tier0RoleIds = ${kqlList(ids.tier0RoleIds)};`,
    `let Tier0RoleNames = ${kqlList(ids.tier0RoleNames)};`,
    `let DeploymentAppId = ${kqlString(ids.deploymentAppId ?? '')};`,
    'AuditLogs',
    '| where Result =~ "success"',
    '| where (LoggedByService == "PIM" and OperationName startswith "Add member to role outside of PIM")',
    '     or (LoggedByService == "Core Directory" and Category == "RoleManagement"',
    '         and OperationName in~ ("Add member to role", "Add scoped member to role")',
    '         and tostring(InitiatedBy.app.displayName) != "MS-PIM")',
    AUDIT_ACTOR,
    '| extend Tier0 = tostring(TargetResources) has_any (Tier0RoleIds) or tostring(TargetResources) has_any (Tier0RoleNames)',
    '| extend ByPipeline = isnotempty(DeploymentAppId) and ActorAppId == DeploymentAppId',
    '| extend Assignee = tostring(TargetResources[0].userPrincipalName), AssigneeId = tostring(TargetResources[0].id)',
    '| project TimeGenerated, OperationName, LoggedByService, Tier0, ByPipeline, Assignee, AssigneeId, Actor, ActorUpn, ActorUserId, ActorAppId, ActorIp, TargetResources, CorrelationId',
  ].join('\n');
}

/** Client apps Entra reports for legacy (basic) authentication. */
export const LEGACY_CLIENT_APPS = [
  'Exchange ActiveSync',
  'IMAP4',
  'POP3',
  'SMTP',
  'Authenticated SMTP',
  'MAPI Over HTTP',
  'Offline Address Book',
  'Outlook Anywhere (RPC over HTTP)',
  'Exchange Web Services',
  'AutoDiscover',
  'Exchange Online PowerShell',
  'Reporting Web Services',
  'Universal Outlook',
  'Other clients',
] as const;

/** SEN006: a legacy-authentication sign-in that succeeded (CA003 should make these impossible). */
export function legacyAuthSuccessQuery(): string {
  return [
    '// Successful sign-ins over legacy authentication, which cannot do MFA. Once CA003 is enabled there should be none.',
    `let LegacyClients = ${kqlList(LEGACY_CLIENT_APPS)};`,
    userSignIns('ClientAppUsed in (LegacyClients) and ResultType == "0"'),
    '| summarize Successes = count(), FirstSeen = min(TimeGenerated), LastSeen = max(TimeGenerated), IPAddresses = make_set(IPAddress, 20), IPAddress = take_any(IPAddress)',
    '    by UserId, UserPrincipalName, ClientAppUsed, AppDisplayName',
  ].join('\n');
}

export interface SyncStallInput {
  /** Object ids of the Entra Connect / Cloud Sync service accounts. */
  readonly syncAccountIds: readonly string[];
  readonly stallMinutes: number;
}

/**
 * SEN007: no activity from the sync accounts for longer than the threshold. An absence:
 * `summarize` without `by` returns one row even over no input, so "nothing at all" fires.
 * The sign-in heartbeat is the main signal (a quiet forest writes nothing); newer Entra
 * Connect builds sign in as a `ConnectSyncProvisioning_*` application instead of a user.
 */
export function syncStallQuery(input: SyncStallInput): string {
  return [
    `// No directory-sync activity for more than ${input.stallMinutes} minutes: on-premises changes (leavers, disabled accounts, group changes) no longer reach Entra.`,
    `let SyncAccounts = ${kqlList(input.syncAccountIds)};`,
    `let StallThreshold = ${input.stallMinutes}m;`,
    'union isfuzzy=true',
    '    (SigninLogs | where UserId in (SyncAccounts) and ResultType == "0" | project TimeGenerated),',
    '    (AADNonInteractiveUserSignInLogs | where UserId in (SyncAccounts) and ResultType == "0" | project TimeGenerated),',
    '    (AADServicePrincipalSignInLogs | where ServicePrincipalName startswith "ConnectSyncProvisioning_" and ResultType == "0" | project TimeGenerated),',
    '    (AuditLogs | where tostring(InitiatedBy.user.id) in (SyncAccounts) | project TimeGenerated)',
    '| summarize LastActivity = max(TimeGenerated)',
    '| where isnull(LastActivity) or LastActivity < ago(StallThreshold)',
    '| extend MinutesSinceLastActivity = iff(isnull(LastActivity), long(null), datetime_diff("minute", now(), LastActivity))',
    '| extend SyncAccountIds = strcat_array(SyncAccounts, ", ")',
  ].join('\n');
}

/** SEN008: a sign-in Identity Protection rated high risk, and that still succeeded. */
export function highRiskSignInQuery(ids: BreakGlassIds): string {
  return [
    '// A sign-in rated high risk that succeeded anyway: CA008 should block these once enabled. A break-glass account is marked.',
    `let BreakGlassAccounts = ${kqlList(ids.breakGlassAccountIds)};`,
    userSignIns('ResultType == "0" and (RiskLevelDuringSignIn == "high" or RiskLevelAggregated == "high")'),
    '| extend BreakGlass = UserId in (BreakGlassAccounts)',
    '| project TimeGenerated, SignInType, UserId, UserPrincipalName, BreakGlass, IPAddress, Location, AppDisplayName, AppId, RiskLevelDuringSignIn, RiskLevelAggregated, RiskState, ConditionalAccessStatus, CorrelationId',
  ].join('\n');
}

export interface UncoveredSignInIds extends BreakGlassIds {
  /** Object ids of the directory-sync accounts, left out like break-glass: they are exempt by design. */
  readonly directorySyncAccountIds: readonly string[];
}

/**
 * SEN009: interactive member sign-ins that no Conditional Access policy applied to. The live
 * half of the coverage proof (npm run coverage): a gap the proof names shows up here as real
 * sign-ins. Break-glass and sync accounts are excluded from policies by design (SEN001 and
 * SEN007 watch them).
 */
export function uncoveredSignInQuery(ids: UncoveredSignInIds): string {
  return [
    '// Interactive sign-ins by members that no Conditional Access policy applied to (the coverage proof names where they can come from: npm run coverage).',
    `let ExemptAccounts = ${kqlList([...ids.breakGlassAccountIds, ...ids.directorySyncAccountIds])};`,
    'SigninLogs',
    '| where UserType == "Member" and ConditionalAccessStatus == "notApplied"',
    '| where UserId !in (ExemptAccounts)',
    '| summarize SignIns = count(), FirstSeen = min(TimeGenerated), LastSeen = max(TimeGenerated), IPAddresses = make_set(IPAddress, 20), IPAddress = take_any(IPAddress)',
    '    by UserId, UserPrincipalName, AppDisplayName, AppId, ClientAppUsed',
  ].join('\n');
}

/** Report-only results that mean "this policy would have changed the sign-in" (Graph `appliedConditionalAccessPolicyResult`). */
export const REPORT_ONLY_IMPACT_RESULTS = ['reportOnlyFailure', 'reportOnlyInterrupted'] as const;

export interface ReportOnlyEvidenceInput {
  readonly policyId: string;
  readonly displayName: string;
  /** The policy's object id in the tenant (a Terraform reference at synth). */
  readonly policyObjectId: string;
  readonly windowDays: number;
}

/**
 * The evidence a reviewer reads before promoting a policy from report-only: every sign-in
 * the policy would have blocked (`reportOnlyFailure`) or interrupted with a prompt
 * (`reportOnlyInterrupted`), grouped by user and app. Matched on the policy's object id, so a
 * renamed policy keeps its evidence.
 */
export function reportOnlyEvidenceQuery(input: ReportOnlyEvidenceInput): string {
  const columns = 'TimeGenerated, UserId, UserPrincipalName, AppDisplayName, AppId, Policies = todynamic(ConditionalAccessPolicies)';
  return [
    `// ${input.displayName}: sign-ins its report-only mode would have blocked or interrupted, last ${input.windowDays} days, by user and app.`,
    `let PolicyObjectId = ${kqlString(input.policyObjectId)};`,
    `let Window = ${input.windowDays}d;`,
    'union isfuzzy=true',
    `    (SigninLogs | where TimeGenerated > ago(Window) | project ${columns}, SignInType = "interactive"),`,
    `    (AADNonInteractiveUserSignInLogs | where TimeGenerated > ago(Window) | project ${columns}, SignInType = "non-interactive")`,
    '| mv-expand Policy = Policies',
    '| where tostring(Policy.id) == PolicyObjectId',
    '| extend Result = tostring(Policy.result)',
    `| where Result in (${REPORT_ONLY_IMPACT_RESULTS.map(kqlString).join(', ')})`,
    '| summarize SignIns = count(), WouldBlock = countif(Result == "reportOnlyFailure"), WouldInterrupt = countif(Result == "reportOnlyInterrupted"),',
    '    NonInteractive = countif(SignInType == "non-interactive"), FirstSeen = min(TimeGenerated), LastSeen = max(TimeGenerated)',
    '    by UserPrincipalName, UserId, AppDisplayName, AppId',
    '| order by SignIns desc',
  ].join('\n');
}

/**
 * An ISO 8601 duration in the canonical form Azure returns (`PT4H`, `P1DT2H30M`), so the
 * value read back after apply equals the one written and plans stay empty.
 */
export function isoDuration(totalMinutes: number): string {
  if (!Number.isInteger(totalMinutes) || totalMinutes <= 0) throw new Error(`duration must be a positive whole number of minutes, got ${totalMinutes}`);
  const days = Math.floor(totalMinutes / 1440);
  const hours = Math.floor((totalMinutes % 1440) / 60);
  const minutes = totalMinutes % 60;
  const time = `${hours ? `${hours}H` : ''}${minutes ? `${minutes}M` : ''}`;
  return `P${days ? `${days}D` : ''}${time ? `T${time}` : ''}`;
}

/** Audit operations of password writeback (Self-service Password Management; Entra audit activity reference). */
export const PASSWORD_WRITEBACK_OPERATIONS = [
  'Enable password writeback for directory',
  'Disable password writeback for directory',
  'Reset password (self-service)',
  'Change password (self-service)',
  'Unlock user account (self-service)',
] as const;

/** SEN010: password writeback switched on or off, or a self-service reset written back on premises. */
export function passwordWritebackQuery(): string {
  return [
    '// Password writeback: a cloud reset becomes an on-premises password change (ADR-MSA1-002 monitors every one).',
    'AuditLogs',
    '| where LoggedByService =~ "Self-service Password Management"',
    `| where OperationName in~ (${PASSWORD_WRITEBACK_OPERATIONS.map(kqlString).join(', ')})`,
    '| extend Toggle = OperationName endswith "password writeback for directory"',
    AUDIT_ACTOR,
    '| extend TargetName = tostring(TargetResources[0].userPrincipalName), TargetId = tostring(TargetResources[0].id)',
    '| project TimeGenerated, OperationName, Toggle, Result, Actor, ActorUpn, ActorUserId, ActorIp, TargetName, TargetId, CorrelationId',
  ].join('\n');
}

/** Audit operations that change how a domain authenticates (Core Directory, DirectoryManagement). */
export const DOMAIN_AUTHENTICATION_OPERATIONS = ['Set domain authentication', 'Set federation settings on domain'] as const;

/** SEN011: a domain turned federated (or managed), or its federation settings changed. */
export function domainAuthenticationQuery(): string {
  return [
    '// A domain moved between managed and federated, or its federation trust changed: the way to forge sign-ins for every user in it.',
    'AuditLogs',
    `| where OperationName in~ (${DOMAIN_AUTHENTICATION_OPERATIONS.map(kqlString).join(', ')})`,
    '| where Result =~ "success"',
    AUDIT_ACTOR,
    '| extend Domain = tostring(TargetResources[0].displayName), Changes = tostring(TargetResources[0].modifiedProperties)',
    '| project TimeGenerated, OperationName, Domain, Changes, Actor, ActorUpn, ActorUserId, ActorIp, CorrelationId',
  ].join('\n');
}

/** Audit operations that change the tenant's directory synchronization settings (Core Directory, DirectoryManagement). */
export const SYNC_SETTINGS_OPERATIONS = ['Set DirSync feature', 'Set DirSyncEnabled flag', 'Set accidental deletion threshold', 'Set directory feature on tenant'] as const;

/** SEN012: the sync feature flags or the deletion threshold changed; the pipeline's own changes are marked. */
export function syncSettingsChangedQuery(ids: { readonly deploymentAppId?: string }): string {
  return [
    '// The tenant\'s sync settings (soft- and hard-match blocks, PHS, writeback, the deletion threshold) are declared in directorySync.features.',
    `let DeploymentAppId = ${kqlString(ids.deploymentAppId ?? '')};`,
    'AuditLogs',
    `| where OperationName in~ (${SYNC_SETTINGS_OPERATIONS.map(kqlString).join(', ')})`,
    '| where Result =~ "success"',
    AUDIT_ACTOR,
    '| extend ByPipeline = isnotempty(DeploymentAppId) and ActorAppId == DeploymentAppId',
    '| extend Changes = tostring(TargetResources[0].modifiedProperties)',
    '| project TimeGenerated, OperationName, ByPipeline, Changes, Actor, ActorUpn, ActorUserId, ActorApp, ActorIp, CorrelationId',
  ].join('\n');
}
