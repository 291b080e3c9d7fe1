/**
 * The `telemetry:` section of an environment: where Entra logs go, which analytics rules run
 * at which stage, and the guardrail that ties Conditional Access stages to sign-in evidence.
 *
 * The zod schema is built from parts schema.ts passes in (its GUID and stage schemas), so
 * this file needs no runtime import from schema.ts and the two cannot import each other in
 * a cycle.
 */
import { z } from 'zod';
import type { Stage } from '../policies/stages';

// ---------------------------------------------------------------------------------------
// Facts the schema checks against.
// ---------------------------------------------------------------------------------------

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

const WORKSPACE_NAME = /^[A-Za-z0-9][A-Za-z0-9-]{2,61}[A-Za-z0-9]$/;
const RESOURCE_GROUP_NAME = /^[-\w.()]{1,90}$/;
const LOCATION = /^[a-z][a-z0-9]*$/;

// ---------------------------------------------------------------------------------------
// The analytics rules: ids are the Terraform address and the Sentinel rule name, forever.
// ---------------------------------------------------------------------------------------

export const RULE_ID_PATTERN = /^SEN\d{3}$/;

export interface AnalyticsRuleEntry {
  readonly id: `SEN${string}`;
  readonly title: string;
  /**
   * An environment feature the rule needs; without it the rule is not part of the environment.
   * @default - the rule is part of every environment with telemetry
   */
  readonly requires?: 'directorySync';
}

export const ANALYTICS_RULES = [
  { id: 'SEN001', title: 'Break-glass account sign-in' },
  { id: 'SEN002', title: 'Break-glass account changed' },
  { id: 'SEN003', title: 'Conditional Access or named location changed outside the pipeline' },
  { id: 'SEN004', title: 'Tier-0 role or PIM group activated' },
  { id: 'SEN005', title: 'Directory role assigned outside PIM' },
  { id: 'SEN006', title: 'Legacy authentication sign-in succeeded' },
  { id: 'SEN007', title: 'Directory sync stalled', requires: 'directorySync' },
  { id: 'SEN008', title: 'High-risk sign-in succeeded' },
] as const satisfies readonly AnalyticsRuleEntry[];

export type RuleId = (typeof ANALYTICS_RULES)[number]['id'];
export const RULE_IDS: readonly RuleId[] = ANALYTICS_RULES.map((r) => r.id);
/** The rule that ignores the deployment identity and therefore needs `deploymentAppId`. */
export const TAMPER_RULE_ID: RuleId = 'SEN003';

export function isRuleId(id: string): id is RuleId {
  return (RULE_IDS as readonly string[]).includes(id);
}

export function ruleTitle(id: RuleId): string {
  return ANALYTICS_RULES.find((r) => r.id === id)?.title ?? id;
}

// ---------------------------------------------------------------------------------------
// Schema.
// ---------------------------------------------------------------------------------------

export interface TelemetrySchemaParts {
  readonly guid: (what: string) => z.ZodString;
  readonly stage: z.ZodType<Stage>;
}

export function telemetrySchema(parts: TelemetrySchemaParts) {
  const ruleOverride = z.strictObject({ stage: parts.stage });
  const ruleOverrides = {} as Record<RuleId, z.ZodOptional<typeof ruleOverride>>;
  for (const id of RULE_IDS) ruleOverrides[id] = ruleOverride.optional();

  const category = z.string().superRefine((name, ctx) => {
    if ((ENTRA_LOG_CATEGORIES as readonly string[]).includes(name)) return;
    const sameLetters = ENTRA_LOG_CATEGORIES.find((c) => c.toLowerCase() === name.toLowerCase());
    ctx.addIssue({
      code: 'custom',
      message:
        `${JSON.stringify(name)} is not an Entra diagnostic log category` +
        (sameLetters ? ` (categories are case-sensitive: ${sameLetters})` : '') +
        `; valid categories: ${ENTRA_LOG_CATEGORIES.join(', ')}`,
    });
  });

  return z.strictObject({
    workspace: z.strictObject({
      name: z.string().superRefine((name, ctx) => {
        if (!WORKSPACE_NAME.test(name)) {
          ctx.addIssue({
            code: 'custom',
            message: `${JSON.stringify(name)} is not a valid Log Analytics workspace name: use 4 to 63 letters, digits and hyphens, not starting or ending with a hyphen`,
          });
        }
      }),
      resourceGroup: z.string().superRefine((name, ctx) => {
        if (!RESOURCE_GROUP_NAME.test(name) || name.endsWith('.')) {
          ctx.addIssue({
            code: 'custom',
            message: `${JSON.stringify(name)} is not a valid resource group name: use 1 to 90 letters, digits, hyphens, underscores, periods and parentheses, not ending with a period`,
          });
        }
      }),
      location: z.string().regex(LOCATION, {
        message: 'must be an Azure region name in lower case without spaces, such as westeurope',
      }),
      subscriptionId: parts.guid('the subscription id of the workspace'),
      retentionInDays: z
        .number()
        .int({ message: 'must be a whole number of days' })
        .min(RETENTION_DAYS.min, { message: `must be from ${RETENTION_DAYS.min} to ${RETENTION_DAYS.max} days: Sentinel includes ${RETENTION_DAYS.min} days and Log Analytics keeps at most ${RETENTION_DAYS.max} interactively` })
        .max(RETENTION_DAYS.max, { message: `must be from ${RETENTION_DAYS.min} to ${RETENTION_DAYS.max} days: Sentinel includes ${RETENTION_DAYS.min} days and Log Analytics keeps at most ${RETENTION_DAYS.max} interactively` })
        .optional(),
    }),
    logCategories: z
      .array(category)
      .superRefine((list, ctx) => {
        const seen = new Set<string>();
        list.forEach((v, i) => {
          if (seen.has(v)) ctx.addIssue({ code: 'custom', path: [i], message: `${JSON.stringify(v)} is listed twice` });
          seen.add(v);
        });
      })
      .optional(),
    deploymentAppId: parts.guid('the application (client) id of the deployment pipeline').optional(),
    syncStallMinutes: z
      .number()
      .int({ message: 'must be a whole number of minutes' })
      .min(SYNC_STALL_MINUTES.min, { message: `must be at least ${SYNC_STALL_MINUTES.min} minutes: Entra Connect syncs every 30 minutes, so a shorter threshold alerts on every normal gap` })
      .max(SYNC_STALL_MINUTES.max, { message: `must be at most ${SYNC_STALL_MINUTES.max} minutes (14 days less the rule's one-hour margin)` })
      .optional(),
    reportOnlyWindowDays: z
      .number()
      .int({ message: 'must be a whole number of days' })
      .min(REPORT_ONLY_WINDOW_DAYS.min, { message: `must be from ${REPORT_ONLY_WINDOW_DAYS.min} to ${REPORT_ONLY_WINDOW_DAYS.max} days` })
      .max(REPORT_ONLY_WINDOW_DAYS.max, { message: `must be from ${REPORT_ONLY_WINDOW_DAYS.min} to ${REPORT_ONLY_WINDOW_DAYS.max} days` })
      .optional(),
    rules: z.strictObject({ stage: parts.stage.optional(), ...ruleOverrides }).optional(),
  });
}

export type TelemetryInput = z.infer<ReturnType<typeof telemetrySchema>>;

// ---------------------------------------------------------------------------------------
// Resolved form, for constructs.
// ---------------------------------------------------------------------------------------

export interface TelemetryRule {
  readonly id: RuleId;
  readonly title: string;
  readonly stage: Stage;
}

export interface TelemetrySpec {
  readonly workspace: {
    readonly name: string;
    readonly resourceGroup: string;
    readonly location: string;
    readonly subscriptionId: string;
    readonly retentionInDays: number;
  };
  /** Required categories plus the environment's additions, sorted. */
  readonly logCategories: readonly EntraLogCategory[];
  /** @default - none; then the tamper rule (SEN003) must be off */
  readonly deploymentAppId?: string;
  readonly syncStallMinutes: number;
  readonly reportOnlyWindowDays: number;
  /** The rules that are part of this environment, in id order, each with its stage. */
  readonly rules: readonly TelemetryRule[];
}

interface PathProblem {
  readonly path: readonly PropertyKey[];
  readonly message: string;
}

/** What the rest of the file says that telemetry depends on. */
export interface TelemetryContext {
  /** The environment's top-level `stage`, the default stage of every rule. */
  readonly defaultStage: Stage;
  readonly hasDirectorySync: boolean;
}

export function resolveTelemetry(
  input: TelemetryInput | undefined,
  context: TelemetryContext,
): { telemetry?: TelemetrySpec; problems: PathProblem[] } {
  if (!input) return { problems: [] };
  const problems: PathProblem[] = [];
  const overrides: Partial<Record<RuleId, { stage: Stage }>> = input.rules ?? {};
  const defaultStage = input.rules?.stage ?? context.defaultStage;

  const rules: TelemetryRule[] = [];
  for (const entry of ANALYTICS_RULES) {
    const override = overrides[entry.id];
    const present = !('requires' in entry) || context.hasDirectorySync;
    if (!present) {
      if (override) {
        problems.push({
          path: ['telemetry', 'rules', entry.id],
          message: `${entry.id} (${entry.title}) is part of an environment only when directorySync.accounts is set; remove the override or add directorySync`,
        });
      }
      continue;
    }
    rules.push({ id: entry.id, title: entry.title, stage: override?.stage ?? defaultStage });
  }

  const tamper = rules.find((r) => r.id === TAMPER_RULE_ID);
  if (tamper && tamper.stage !== 'off' && input.deploymentAppId === undefined) {
    problems.push({
      path: ['telemetry', 'deploymentAppId'],
      message:
        `is required while ${tamper.id} (${tamper.title}) is ${tamper.stage}: it is the application (client) id of the deployment pipeline, whose changes the rule ignores; ` +
        `set it, or set telemetry.rules.${tamper.id}.stage to off`,
    });
  }

  if (problems.length) return { problems };
  const categories = new Set<EntraLogCategory>(REQUIRED_LOG_CATEGORIES);
  for (const c of input.logCategories ?? []) categories.add(c as EntraLogCategory);
  return {
    telemetry: {
      workspace: {
        name: input.workspace.name,
        resourceGroup: input.workspace.resourceGroup,
        location: input.workspace.location,
        subscriptionId: input.workspace.subscriptionId,
        retentionInDays: input.workspace.retentionInDays ?? RETENTION_DAYS.default,
      },
      logCategories: [...categories].sort(),
      ...(input.deploymentAppId !== undefined ? { deploymentAppId: input.deploymentAppId } : {}),
      syncStallMinutes: input.syncStallMinutes ?? SYNC_STALL_MINUTES.default,
      reportOnlyWindowDays: input.reportOnlyWindowDays ?? REPORT_ONLY_WINDOW_DAYS.default,
      rules,
    },
    problems,
  };
}

// ---------------------------------------------------------------------------------------
// Guardrail: report-only proves nothing without sign-in logs.
// ---------------------------------------------------------------------------------------

/**
 * An environment that puts any Conditional Access policy at report-only or enabled must
 * stream SignInLogs to its workspace: report-only results exist only in the sign-in logs,
 * and an enforced policy needs them to be reviewed. Telemetry itself is optional, so an
 * environment with every policy off may leave it out.
 *
 * Pure on purpose: the guardrail pack can call it as it is.
 */
export function signInEvidenceProblem(
  policies: readonly { readonly id: string; readonly stage: Stage }[],
  streamedCategories: readonly string[] | undefined,
): PathProblem | undefined {
  const active = policies.filter((p) => p.stage !== 'off');
  if (!active.length) return undefined;
  if (streamedCategories?.includes('SignInLogs')) return undefined;
  const ids = active.map((p) => `${p.id} (${p.stage})`).join(', ');
  if (streamedCategories === undefined) {
    return {
      path: ['telemetry'],
      message:
        `is missing, but Conditional Access policies are past off: ${ids}. Without sign-in logs report-only proves nothing; ` +
        `add a telemetry: section (workspace, deploymentAppId; see README "Telemetry") so SignInLogs stream to a workspace, or set every policy to off`,
    };
  }
  return {
    path: ['telemetry', 'logCategories'],
    message: `does not stream SignInLogs, but Conditional Access policies are past off: ${ids}; add SignInLogs`,
  };
}
