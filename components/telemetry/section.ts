/**
 * The `telemetry:` section of an environment: where Entra logs go, which analytics rules run
 * at which stage, and the load-time check that ties Conditional Access stages to sign-in
 * evidence.
 */
import { z } from 'zod';
import { FEATURES } from '../../core/features';
import type { PathProblem } from '../../core/problems';
import { guid, resourceGroupName, stageSchema, uniqueList } from '../../core/schema';
import type { Stage, StagedItem } from '../../core/stages';
import type { ConditionalAccessSpec } from '../conditional-access/section';
import type { Section } from '../section';
import { ANALYTICS_RULES, TAMPER_RULE_ID, type RuleId } from './analytics-rules';
import { TELEMETRY_RULES } from './guardrails';
import { ENTRA_LOG_CATEGORIES, REPORT_ONLY_WINDOW_DAYS, REQUIRED_LOG_CATEGORIES, RETENTION_DAYS, SYNC_STALL_MINUTES, type EntraLogCategory } from './limits';
import { TELEMETRY_REPORT } from './report';

const WORKSPACE_NAME = /^[A-Za-z0-9][A-Za-z0-9-]{2,61}[A-Za-z0-9]$/;
const LOCATION = /^[a-z][a-z0-9]*$/;

// ---------------------------------------------------------------------------------------
// Schema.
// ---------------------------------------------------------------------------------------

function telemetrySchema() {
  const ruleOverride = z.strictObject({ stage: stageSchema.describe('off | report-only | enabled') });
  const ruleOverrides = {} as Record<RuleId, z.ZodOptional<typeof ruleOverride>>;
  for (const rule of ANALYTICS_RULES) ruleOverrides[rule.id] = ruleOverride.optional().describe(`${rule.title}: the rule's stage`);

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
      name: z
        .string()
        .superRefine((name, ctx) => {
          if (!WORKSPACE_NAME.test(name)) {
            ctx.addIssue({
              code: 'custom',
              message: `${JSON.stringify(name)} is not a valid Log Analytics workspace name: use 4 to 63 letters, digits and hyphens, not starting or ending with a hyphen`,
            });
          }
        })
        .describe('4-63 letters, digits, hyphens; no hyphen first or last'),
      resourceGroup: resourceGroupName().describe('created by perimeter'),
      location: z
        .string()
        .regex(LOCATION, {
          message: 'must be an Azure region name in lower case without spaces, such as westeurope',
        })
        .describe('Azure region, lower case'),
      subscriptionId: guid('the subscription id of the workspace').describe('where the workspace lives'),
      retentionInDays: z
        .number()
        .int({ message: 'must be a whole number of days' })
        .min(RETENTION_DAYS.min, { message: `must be from ${RETENTION_DAYS.min} to ${RETENTION_DAYS.max} days: Sentinel includes ${RETENTION_DAYS.min} days and Log Analytics keeps at most ${RETENTION_DAYS.max} interactively` })
        .max(RETENTION_DAYS.max, { message: `must be from ${RETENTION_DAYS.min} to ${RETENTION_DAYS.max} days: Sentinel includes ${RETENTION_DAYS.min} days and Log Analytics keeps at most ${RETENTION_DAYS.max} interactively` })
        .optional()
        .describe(`${RETENTION_DAYS.min}-${RETENTION_DAYS.max}; default ${RETENTION_DAYS.default}`),
    }).describe('the Log Analytics workspace with Sentinel on it'),
    logCategories: uniqueList(category).optional().describe('additions to the categories always streamed'),
    deploymentAppId: guid('the application (client) id of the deployment pipeline')
      .optional()
      .describe(`the pipeline's application (client) id; required while ${TAMPER_RULE_ID} is past off`),
    syncStallMinutes: z
      .number()
      .int({ message: 'must be a whole number of minutes' })
      .min(SYNC_STALL_MINUTES.min, { message: `must be at least ${SYNC_STALL_MINUTES.min} minutes: Entra Connect syncs every 30 minutes, so a shorter threshold alerts on every normal gap` })
      .max(SYNC_STALL_MINUTES.max, { message: `must be at most ${SYNC_STALL_MINUTES.max} minutes (14 days less the rule's one-hour margin)` })
      .optional()
      .describe(`${SYNC_STALL_MINUTES.min}-${SYNC_STALL_MINUTES.max}; default ${SYNC_STALL_MINUTES.default} (SEN007)`),
    reportOnlyWindowDays: z
      .number()
      .int({ message: 'must be a whole number of days' })
      .min(REPORT_ONLY_WINDOW_DAYS.min, { message: `must be from ${REPORT_ONLY_WINDOW_DAYS.min} to ${REPORT_ONLY_WINDOW_DAYS.max} days` })
      .max(REPORT_ONLY_WINDOW_DAYS.max, { message: `must be from ${REPORT_ONLY_WINDOW_DAYS.min} to ${REPORT_ONLY_WINDOW_DAYS.max} days` })
      .optional()
      .describe(`${REPORT_ONLY_WINDOW_DAYS.min}-${REPORT_ONLY_WINDOW_DAYS.max}; default ${REPORT_ONLY_WINDOW_DAYS.default} (evidence searches)`),
    rules: z
      .strictObject({ stage: stageSchema.optional().describe('default stage of every rule; default the environment\'s stage'), ...ruleOverrides })
      .optional()
      .describe('analytics rule stages, like policies:'),
  });
}

type TelemetryInput = z.infer<ReturnType<typeof telemetrySchema>>;

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

/** What the rest of the file says that telemetry depends on. */
interface TelemetryContext {
  /** The environment's top-level `stage`, the default stage of every rule. */
  readonly defaultStage: Stage;
  readonly hasDirectorySync: boolean;
}

function resolveTelemetry(input: TelemetryInput | undefined, context: TelemetryContext): { telemetry?: TelemetrySpec; problems: PathProblem[] } {
  if (!input) return { problems: [] };
  const problems: PathProblem[] = [];
  const overrides: Partial<Record<RuleId, { stage: Stage }>> = input.rules ?? {};
  const defaultStage = input.rules?.stage ?? context.defaultStage;

  const rules: TelemetryRule[] = [];
  for (const entry of ANALYTICS_RULES) {
    const override = overrides[entry.id];
    const requires = 'requires' in entry ? entry.requires : undefined;
    const present = requires === undefined || (requires === 'directorySyncAccounts' && context.hasDirectorySync);
    if (!present) {
      if (override) {
        problems.push({
          path: ['telemetry', 'rules', entry.id],
          message: `${entry.id} (${entry.title}) is part of an environment only when ${FEATURES[requires]}; remove the override or add what it needs`,
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
// Report-only proves nothing without sign-in logs.
// ---------------------------------------------------------------------------------------

/**
 * An environment that puts any Conditional Access policy at report-only or enabled must
 * stream SignInLogs to its workspace: report-only results exist only in the sign-in logs,
 * and an enforced policy needs them to be reviewed. Telemetry itself is optional, so an
 * environment with every policy off may leave it out. PRM-TEL002 re-checks the synthesized JSON.
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
        `add a telemetry: section (workspace, deploymentAppId; see components/telemetry/README.md) so SignInLogs stream to a workspace, or set every policy to off`,
    };
  }
  return {
    path: ['telemetry', 'logCategories'],
    message: `does not stream SignInLogs, but Conditional Access policies are past off: ${ids}; add SignInLogs`,
  };
}

const stagedRule = (r: TelemetryRule): StagedItem => ({ id: r.id, stage: r.stage, path: `telemetry.rules.${r.id}.stage`, kind: 'rule' });

const shape = {
  telemetry: telemetrySchema()
    .optional()
    .describe('Entra logs to a Sentinel workspace, analytics rules, report-only evidence; required once any policy is past off'),
};

export const telemetrySection: Section<'telemetry', typeof shape, TelemetrySpec | undefined, { conditionalAccess: ConditionalAccessSpec }> = {
  key: 'telemetry',
  shape,
  needs: ['conditionalAccess'],
  resolve({ telemetry: input }, context, { conditionalAccess }) {
    const telemetry = resolveTelemetry(input, { defaultStage: context.defaultStage, hasDirectorySync: context.features.directorySyncAccounts });
    const problems: PathProblem[] = [...telemetry.problems];
    const evidence = signInEvidenceProblem(
      conditionalAccess.policies.map((p) => ({ id: p.definition.id, stage: p.stage })),
      telemetry.telemetry?.logCategories,
    );
    if (evidence && !telemetry.problems.length) problems.push(evidence);
    return { spec: telemetry.telemetry, problems, warnings: [] };
  },
  suppressionTargets: (spec) => (spec ? [...spec.rules.map((r) => r.id), 'telemetry'] : []),
  stagedItems: (spec) => (spec?.rules ?? []).map(stagedRule),
  withStages: (spec, stageOf) =>
    spec && {
      ...spec,
      rules: spec.rules.map((r) => {
        const stage = stageOf(stagedRule(r));
        return stage === r.stage ? r : { ...r, stage };
      }),
    },
  rules: TELEMETRY_RULES,
  reportSections: TELEMETRY_REPORT,
};
