/**
 * The analytics rules as data, one entry each: id, title, the feature it needs, kind, severity,
 * MITRE ATT&CK mapping, entities and query. Ids are the Terraform address and the Sentinel
 * rule name, forever.
 */
import type { Feature } from '../../core/features';
import { DIRECTORY_ROLES, TIER0_ROLES } from '../../core/microsoft/directory-roles';
import {
  breakGlassChangedQuery,
  breakGlassSignInQuery,
  conditionalAccessTamperQuery,
  domainAuthenticationQuery,
  passwordWritebackQuery,
  syncSettingsChangedQuery,
  highRiskSignInQuery,
  isoDuration,
  legacyAuthSuccessQuery,
  privilegedActivationQuery,
  roleAssignedOutsidePimQuery,
  syncStallQuery,
  uncoveredSignInQuery,
} from './queries';

export type AlertSeverity = 'High' | 'Medium' | 'Low' | 'Informational';
export type Tactic =
  | 'Collection'
  | 'CredentialAccess'
  | 'DefenseEvasion'
  | 'Discovery'
  | 'Impact'
  | 'InitialAccess'
  | 'Persistence'
  | 'PrivilegeEscalation';

/** Sentinel entity types and the identifiers this project maps (Sentinel entity reference). */
export type EntityMapping =
  | { readonly entityType: 'Account'; readonly fields: Partial<Record<'AadUserId' | 'FullName' | 'Name', string>> }
  | { readonly entityType: 'IP'; readonly fields: { readonly Address: string } }
  | { readonly entityType: 'CloudApplication'; readonly fields: Partial<Record<'Name' | 'AppId', string>> };

/** What a query may reference: the environment's identities, inlined at synth. */
export interface RuleInputs {
  readonly breakGlassAccountIds: readonly string[];
  readonly directorySyncAccountIds: readonly string[];
  readonly deploymentAppId?: string;
  readonly syncStallMinutes: number;
}

interface RuleBase {
  readonly id: `SEN${string}`;
  readonly title: string;
  /**
   * An environment feature the rule needs; without it the rule is not part of the environment.
   * @default - the rule is part of every environment with telemetry
   */
  readonly requires?: Feature;
  readonly severity: AlertSeverity;
  readonly description: string;
  /** For reviewers (the component README's table): how often it runs. */
  readonly cadence: string;
  /** For reviewers: what it watches, in one line. */
  readonly watches: string;
  readonly tactics: readonly Tactic[];
  /** MITRE ATT&CK technique ids (parent techniques: the API keeps sub-techniques apart). */
  readonly techniques: readonly string[];
  /** At most 5 for NRT rules, 10 for scheduled ones; every column must be in the query's output. */
  readonly entities: readonly EntityMapping[];
  /** `AlertPerResult` for rules whose rows are separate events; `SingleAlert` for one summary row. */
  readonly eventGrouping: 'AlertPerResult' | 'SingleAlert';
  query(inputs: RuleInputs): string;
}

export interface NrtRuleDefinition extends RuleBase {
  /** Near-real-time: runs every minute on ingestion time, so late events are never missed. */
  readonly kind: 'nrt';
}

export interface ScheduledRuleDefinition extends RuleBase {
  readonly kind: 'scheduled';
  queryFrequency(inputs: RuleInputs): string;
  queryPeriod(inputs: RuleInputs): string;
  /** After an alert, stay quiet this long; a lasting condition would otherwise alert every run. @default - no suppression */
  readonly suppression?: string;
}

export type RuleDefinition = NrtRuleDefinition | ScheduledRuleDefinition;

export const TIER0_ROLE_IDS: readonly string[] = TIER0_ROLES.map((r) => DIRECTORY_ROLES[r]);

const signInUser: EntityMapping = { entityType: 'Account', fields: { AadUserId: 'UserId', FullName: 'UserPrincipalName' } };
const signInIp: EntityMapping = { entityType: 'IP', fields: { Address: 'IPAddress' } };
const signInApp: EntityMapping = { entityType: 'CloudApplication', fields: { Name: 'AppDisplayName' } };
const auditActor: EntityMapping = { entityType: 'Account', fields: { AadUserId: 'ActorUserId', FullName: 'ActorUpn' } };
const auditActorIp: EntityMapping = { entityType: 'IP', fields: { Address: 'ActorIp' } };

function requireDeploymentAppId(inputs: RuleInputs): string {
  // The telemetry section refuses an environment with SEN003 on and no deploymentAppId.
  if (inputs.deploymentAppId === undefined) throw new Error('SEN003 needs deploymentAppId');
  return inputs.deploymentAppId;
}

export const ANALYTICS_RULES = [
  {
    id: 'SEN001',
    title: 'Break-glass account sign-in',
    cadence: 'NRT',
    watches: '`breakGlass.accounts` in SigninLogs and AADNonInteractiveUserSignInLogs, successful or not',
    kind: 'nrt',
    severity: 'High',
    description:
      'A break-glass (emergency access) account signed in, interactively or not. These accounts are excluded from every Conditional Access policy and exist for emergencies only: confirm the emergency or treat the account as compromised.',
    tactics: ['InitialAccess', 'PrivilegeEscalation'],
    techniques: ['T1078'],
    entities: [signInUser, signInIp, signInApp],
    eventGrouping: 'AlertPerResult',
    query: (i) => breakGlassSignInQuery({ breakGlassAccountIds: i.breakGlassAccountIds }),
  },
  {
    id: 'SEN002',
    title: 'Break-glass account changed',
    cadence: 'NRT',
    watches: 'AuditLogs targeting `breakGlass.accounts`, except changes by `deploymentAppId`',
    kind: 'nrt',
    severity: 'High',
    description:
      'A directory change targeted a break-glass account (credentials, authentication methods, roles, group memberships). Changes by the deployment pipeline are left out: they are reviewed code.',
    tactics: ['Persistence', 'PrivilegeEscalation'],
    techniques: ['T1098'],
    entities: [auditActor, auditActorIp],
    eventGrouping: 'AlertPerResult',
    query: (i) =>
      breakGlassChangedQuery({
        breakGlassAccountIds: i.breakGlassAccountIds,
        ...(i.deploymentAppId !== undefined ? { deploymentAppId: i.deploymentAppId } : {}),
      }),
  },
  {
    id: 'SEN003',
    title: 'Conditional Access or named location changed outside the pipeline',
    cadence: 'NRT',
    watches: 'add/update/delete of CA policies and named locations by anyone but `deploymentAppId`',
    kind: 'nrt',
    severity: 'High',
    description:
      'A Conditional Access policy or named location was added, changed or deleted by someone other than the deployment pipeline. Either drift that the next deploy will revert, or an attempt to weaken access control.',
    tactics: ['DefenseEvasion', 'Persistence'],
    techniques: ['T1556', 'T1562'],
    entities: [auditActor, auditActorIp],
    eventGrouping: 'AlertPerResult',
    query: (i) => conditionalAccessTamperQuery({ deploymentAppId: requireDeploymentAppId(i) }),
  },
  {
    id: 'SEN004',
    title: 'Tier-0 role or PIM group activated',
    cadence: 'NRT',
    watches: 'PIM activations of the Tier-0 roles (`TIER0_ROLES`, by template id and name) and every PIM-for-Groups activation',
    kind: 'nrt',
    severity: 'Medium',
    description:
      'A Tier-0 directory role (Global, Privileged Role, Security, Conditional Access Administrator and the other control-plane roles) or a PIM-managed group was activated. Expected during change windows; review the justification otherwise.',
    tactics: ['PrivilegeEscalation'],
    techniques: ['T1078'],
    entities: [auditActor, auditActorIp],
    eventGrouping: 'AlertPerResult',
    query: () => privilegedActivationQuery({ tier0RoleIds: TIER0_ROLE_IDS, tier0RoleNames: TIER0_ROLES }),
  },
  {
    id: 'SEN005',
    title: 'Directory role assigned outside PIM',
    cadence: 'NRT',
    watches: '"Add member to role outside of PIM" and direct role assignments not made by MS-PIM; pipeline assignments are marked `ByPipeline`',
    kind: 'nrt',
    severity: 'High',
    description:
      'A directory role was assigned outside Privileged Identity Management: a standing assignment nobody approved and that never expires. Assignments made by the deployment pipeline are marked (ByPipeline) so they can be matched to a change.',
    tactics: ['PrivilegeEscalation', 'Persistence'],
    techniques: ['T1098'],
    entities: [auditActor, auditActorIp],
    eventGrouping: 'AlertPerResult',
    query: (i) =>
      roleAssignedOutsidePimQuery({
        tier0RoleIds: TIER0_ROLE_IDS,
        tier0RoleNames: TIER0_ROLES,
        ...(i.deploymentAppId !== undefined ? { deploymentAppId: i.deploymentAppId } : {}),
      }),
  },
  {
    id: 'SEN006',
    title: 'Legacy authentication sign-in succeeded',
    cadence: 'scheduled, hourly',
    watches: 'successful sign-ins with a legacy client app',
    kind: 'scheduled',
    severity: 'Medium',
    description:
      'A sign-in over legacy authentication (IMAP, POP, SMTP AUTH, ActiveSync, other basic-auth clients) succeeded. Legacy protocols cannot do MFA; once CA003 blocks them there should be none.',
    tactics: ['InitialAccess', 'CredentialAccess'],
    techniques: ['T1078', 'T1110'],
    entities: [signInUser, signInIp],
    eventGrouping: 'AlertPerResult',
    queryFrequency: () => 'PT1H',
    queryPeriod: () => 'PT1H',
    query: () => legacyAuthSuccessQuery(),
  },
  {
    id: 'SEN007',
    title: 'Directory sync stalled',
    requires: 'directorySyncAccounts',
    cadence: 'scheduled, hourly (every 30 min below a 60-minute threshold)',
    watches: 'no sign-in or audit activity by `directorySync.accounts` (or a `ConnectSyncProvisioning_*` app) for `syncStallMinutes`; look-back is the threshold plus an hour; exists only with `directorySync`',
    kind: 'scheduled',
    severity: 'Medium',
    description:
      'The directory-sync accounts have shown no activity for longer than the threshold: on-premises changes (leavers, disabled accounts, group changes) are no longer reaching Entra.',
    tactics: ['DefenseEvasion'],
    techniques: ['T1562'],
    entities: [],
    eventGrouping: 'SingleAlert',
    // Frequent enough to notice a stall within the hour; the look-back covers the threshold
    // plus an hour, so the last heartbeat before a stall is always inside it.
    queryFrequency: (i) => isoDuration(i.syncStallMinutes < 60 ? 30 : 60),
    queryPeriod: (i) => isoDuration(i.syncStallMinutes + 60),
    suppression: 'PT6H',
    query: (i) => syncStallQuery({ syncAccountIds: i.directorySyncAccountIds, stallMinutes: i.syncStallMinutes }),
  },
  {
    id: 'SEN008',
    title: 'High-risk sign-in succeeded',
    cadence: 'NRT',
    watches: 'successful sign-ins with high sign-in or aggregated risk',
    kind: 'nrt',
    severity: 'High',
    description:
      'A sign-in that Identity Protection rated high risk succeeded. CA008 blocks high sign-in risk once enabled; until then, and for anything it misses, the account needs investigation.',
    tactics: ['InitialAccess'],
    techniques: ['T1078'],
    entities: [signInUser, signInIp, signInApp],
    eventGrouping: 'AlertPerResult',
    query: (i) => highRiskSignInQuery({ breakGlassAccountIds: i.breakGlassAccountIds }),
  },
  {
    id: 'SEN009',
    title: 'Sign-in with no Conditional Access applied',
    cadence: 'scheduled, hourly',
    watches: 'interactive member sign-ins with `ConditionalAccessStatus == "notApplied"`, break-glass and sync accounts left out',
    kind: 'scheduled',
    severity: 'Medium',
    description:
      'An internal member signed in interactively and no Conditional Access policy applied: no MFA, no device check, nothing. The live half of the coverage proof (npm run coverage names every region where this can happen); an exclusion or a gap nobody meant is the usual cause.',
    tactics: ['InitialAccess', 'DefenseEvasion'],
    techniques: ['T1078'],
    entities: [signInUser, signInIp, signInApp],
    eventGrouping: 'AlertPerResult',
    queryFrequency: () => 'PT1H',
    queryPeriod: () => 'PT1H',
    query: (i) => uncoveredSignInQuery({ breakGlassAccountIds: i.breakGlassAccountIds, directorySyncAccountIds: i.directorySyncAccountIds }),
  },
  {
    id: 'SEN010',
    title: 'Password writeback activity',
    requires: 'directorySyncAccounts',
    cadence: 'NRT',
    watches: 'password writeback switched on or off, and self-service resets, changes and unlocks (written back on premises)',
    kind: 'nrt',
    severity: 'Medium',
    description:
      'Password writeback was enabled or disabled, or a self-service password reset, change or unlock was written back to Active Directory. Writeback turns a cloud account takeover into an on-premises password change; every event should match a user\'s own request.',
    tactics: ['Persistence', 'CredentialAccess'],
    techniques: ['T1098', 'T1556'],
    entities: [auditActor, auditActorIp],
    eventGrouping: 'AlertPerResult',
    query: () => passwordWritebackQuery(),
  },
  {
    id: 'SEN011',
    title: 'Domain authentication or federation changed',
    requires: 'directorySyncAccounts',
    cadence: 'NRT',
    watches: '"Set domain authentication" and "Set federation settings on domain"',
    kind: 'nrt',
    severity: 'High',
    description:
      'A domain was switched between managed and federated authentication, or its federation settings (issuer, signing certificate) changed. A rogue federation trust lets an attacker forge a sign-in for any user of the domain, MFA claims included.',
    tactics: ['DefenseEvasion', 'PrivilegeEscalation'],
    techniques: ['T1484', 'T1556'],
    entities: [auditActor, auditActorIp],
    eventGrouping: 'AlertPerResult',
    query: () => domainAuthenticationQuery(),
  },
  {
    id: 'SEN012',
    title: 'Directory sync settings changed',
    requires: 'directorySyncAccounts',
    cadence: 'NRT',
    watches: 'sync feature flags, the DirSync flag and the accidental-deletion threshold; changes by `deploymentAppId` are marked `ByPipeline`',
    kind: 'nrt',
    severity: 'High',
    description:
      'The tenant\'s directory synchronization settings changed: a soft- or hard-match block lifted, password hash sync or writeback switched, or the accidental-deletion threshold moved. directorySync.features declares them; a change that matches no pipeline run is drift or an attempt to take over a cloud account through sync.',
    tactics: ['Persistence', 'PrivilegeEscalation'],
    techniques: ['T1098', 'T1484'],
    entities: [auditActor, auditActorIp],
    eventGrouping: 'AlertPerResult',
    query: (i) => syncSettingsChangedQuery(i.deploymentAppId !== undefined ? { deploymentAppId: i.deploymentAppId } : {}),
  },
] as const satisfies readonly RuleDefinition[];

export type RuleId = (typeof ANALYTICS_RULES)[number]['id'];

/** The rule that ignores the deployment identity and therefore needs `deploymentAppId`. */
export const TAMPER_RULE_ID: RuleId = 'SEN003';

export function analyticsRule(id: RuleId): RuleDefinition {
  return ANALYTICS_RULES.find((r) => r.id === id)!;
}
