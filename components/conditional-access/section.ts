/**
 * The Conditional Access part of an environment file: which baseline policies it has at which
 * stage (`policies:`), the extra exclusions it asks for, and the choices the baseline's
 * policies depend on (sensitive apps, guests, sessions, platforms, country access).
 */
import { z } from 'zod';
import { FEATURES } from '../../core/features';
import { DEVICE_PLATFORMS, type DevicePlatform } from '../../core/microsoft/well-known';
import { CUSTOM_POLICY_ID_PATTERN, POLICY_ID_PATTERN } from '../../core/ids';
import type { PathProblem } from '../../core/problems';
import { key, MAX_DISPLAY_NAME, objectId, stageSchema, uniqueList } from '../../core/schema';
import { stageRank, type Stage, type StagedItem } from '../../core/stages';
import { BASELINE, findPolicyModule } from '../../baseline';
import type { BaselineSettings, PolicyDefinition } from '../../baseline/model';
import type { BreakGlassSpec } from '../break-glass/section';
import { targetP2Group } from '../licensing/retarget';
import type { LicensingSpec } from '../licensing/section';
import { locationReferenceProblem, type NamedLocationsSpec } from '../named-locations/section';
import type { Section } from '../section';
import { wavesUpTo, type WavesSpec } from '../waves/section';
import { waveTwinDisplayName } from './compile';
import { bindingProblems } from './custom';
import { CONDITIONAL_ACCESS_RULES } from './guardrails';
import { didYouMean, didYouMeanId } from '../../core/text';

export interface PolicyExclusion {
  readonly users: readonly string[];
  /** Keys of `groups:`. */
  readonly groups: readonly string[];
  readonly reason: string;
}

export interface EnvironmentPolicy {
  readonly definition: PolicyDefinition;
  readonly stage: Stage;
  /** Extra exclusions the environment asked for, with the reason it gave. */
  readonly exclusion?: PolicyExclusion;
  /** The existing policy (Graph object id) this one takes over in place at the next deploy (`adopt:`). */
  readonly adopt?: string;
  /** Set for a custom policy: its file under policies/custom/. */
  readonly customFile?: string;
  /**
   * Set when the policy is piloted in waves (`upTo:`): `stage` is then the stage of everyone
   * outside the waves (the environment's stage), and the waves up to `upTo` get `wave.stage`
   * through a wave twin.
   */
  readonly wave?: PolicyWavePilot;
}

export interface PolicyWavePilot {
  /** The last wave the pilot covers. */
  readonly upTo: string;
  /** Every wave up to and including `upTo`, in rollout order. */
  readonly waves: readonly string[];
  /** The stage the policy has for those waves: further along than the policy's `stage`. */
  readonly stage: Stage;
}

/** How far along a policy is anywhere in its environment: its waves' stage when piloted. */
export const furthestStage = (p: Pick<EnvironmentPolicy, 'stage' | 'wave'>): Stage => p.wave?.stage ?? p.stage;

export interface ConditionalAccessSpec {
  /** The baseline policies that are part of this environment, in policy-id order. */
  readonly policies: readonly EnvironmentPolicy[];
  readonly settings: BaselineSettings;
  /** Application (client) ids of the sensitive-app set. */
  readonly sensitiveAppIds: readonly string[];
  /** `Office365` or application (client) ids that guests may reach. */
  readonly guestAllowedApps: readonly string[];
  readonly countryAccess?: { readonly mode: 'allow' | 'block'; readonly location: string };
}

/** The platforms CA016 leaves alone unless the environment says otherwise. */
export const DEFAULT_SUPPORTED_PLATFORMS: readonly DevicePlatform[] = ['android', 'iOS', 'windows', 'macOS', 'linux'];

const policyOverride = z.strictObject({
  stage: stageSchema.optional().describe('off | report-only | enabled; default the environment\'s stage. With upTo: the stage for the waves up to upTo'),
  upTo: key('wave')
    .optional()
    .describe('the name of a wave (waves:): the policy is at stage for every wave up to and including this one, and at the environment\'s stage for everyone else (a wave twin carries the pilot)'),
  adopt: objectId
    .optional()
    .describe('the object id of the existing policy this one takes over in place (an import writes it): the next deploy imports it instead of creating a second one'),
  exclude: z
    .strictObject({
      users: uniqueList(objectId).optional().describe('object ids'),
      groups: uniqueList(key('group')).optional().describe('keys of groups:'),
      reason: z.string().trim().min(10, { message: 'must say why, in at least 10 characters' }).describe('why, in at least 10 characters'),
    })
    .optional()
    .describe('extra exclusions, always with a reason'),
}).describe('the stage, exclusions and adopted object of one baseline or custom policy');

const shape = {
  policies: z
    .record(z.string().regex(POLICY_ID_PATTERN, { message: 'must be a policy id: CA and three digits for the baseline (CA003), CP and three digits for a custom policy (CP001)' }), policyOverride)
    .optional()
    .describe('per-policy stage, exclusions and adopted object, keyed by policy id; a custom policy (CP...) is part of the environment only when listed here'),
  sensitiveApps: uniqueList(key('app')).min(1).optional().describe('keys of apps:; enables CA007'),
  guests: z
    .strictObject({
      allowedApps: uniqueList(z.string().min(1)).optional().describe('Office365 or keys of apps:; default none (guests blocked everywhere)'),
      includeInDevicePolicy: z.boolean().optional().describe('default false: CA006 and CA011 leave guests out'),
    })
    .optional()
    .describe('what guests may reach'),
  userRiskResponse: z.enum(['passwordChange', 'block']).optional().describe('passwordChange (default) or block (CA010)'),
  sessions: z
    .strictObject({
      adminSignInFrequencyHours: z.number().int().min(1).max(23).optional().describe('1-23; default 4 (CA017)'),
      unmanagedSignInFrequencyHours: z.number().int().min(1).max(23).optional().describe('1-23; default 12 (CA018)'),
    })
    .optional()
    .describe('session lengths'),
  supportedPlatforms: uniqueList(z.enum(DEVICE_PLATFORMS)).min(1).optional().describe('the platforms CA016 does not block'),
  countryAccess: z
    .strictObject({
      mode: z.enum(['allow', 'block']).describe('allow: block everywhere else; block: block these countries'),
      location: key('named location').describe('a country named location'),
    })
    .optional()
    .describe('country access; enables CA020'),
};

type Input = z.output<z.ZodObject<typeof shape>>;

/** The settings the baseline's policies read, from the file's keys (defaults for what it leaves out). */
export function baselineSettingsOf(input: Input): BaselineSettings {
  return {
    userRiskResponse: input.userRiskResponse ?? 'passwordChange',
    guestsInDevicePolicy: input.guests?.includeInDevicePolicy ?? false,
    adminSignInFrequencyHours: input.sessions?.adminSignInFrequencyHours ?? 4,
    unmanagedSignInFrequencyHours: input.sessions?.unmanagedSignInFrequencyHours ?? 12,
    supportedPlatforms: input.supportedPlatforms ?? DEFAULT_SUPPORTED_PLATFORMS,
    ...(input.countryAccess ? { countryAccessMode: input.countryAccess.mode } : {}),
  };
}

/** A policy's stage, exclusions, adopted object and wave pilot from its `policies:` entry. */
function bound(
  override: z.output<typeof policyOverride> | undefined,
  defaultStage: Stage,
  waves: WavesSpec,
): Pick<EnvironmentPolicy, 'stage' | 'exclusion' | 'adopt' | 'wave'> {
  const exclude = override?.exclude;
  const stage = override?.stage ?? defaultStage;
  const piloted = override?.upTo !== undefined ? wavesUpTo(waves, override.upTo) : undefined;
  return {
    stage: piloted ? defaultStage : stage,
    ...(piloted ? { wave: { upTo: override!.upTo!, waves: piloted.map((w) => w.name), stage } } : {}),
    ...(exclude ? { exclusion: { users: exclude.users ?? [], groups: exclude.groups ?? [], reason: exclude.reason } } : {}),
    ...(override?.adopt ? { adopt: override.adopt } : {}),
  };
}

const stagedPolicy = (p: EnvironmentPolicy): StagedItem => ({
  id: p.definition.id,
  // The ring rule compares how far along a policy is anywhere in its environment.
  stage: furthestStage(p),
  path: `policies.${p.definition.id}.stage`,
  kind: 'policy',
  ...(p.adopt ? { adopted: true as const } : {}),
});

export const conditionalAccessSection: Section<
  'conditionalAccess',
  typeof shape,
  ConditionalAccessSpec,
  { breakGlass: BreakGlassSpec; namedLocations: NamedLocationsSpec; licensing: LicensingSpec; waves: WavesSpec }
> = {
  key: 'conditionalAccess',
  shape,
  needs: ['breakGlass', 'namedLocations', 'licensing', 'waves'],
  resolve(input, context, { breakGlass, namedLocations, licensing, waves }) {
    const problems: PathProblem[] = [];
    const { apps, groups, features } = context;
    const defined = (what: string, names: Readonly<Record<string, unknown>>) =>
      Object.keys(names).length ? `defined ${what}: ${Object.keys(names).sort().join(', ')}` : `no ${what} are defined`;
    const requireApp = (path: PropertyKey[], ref: string): string | undefined => {
      const id = Object.hasOwn(apps, ref) ? apps[ref] : undefined;
      if (id === undefined) problems.push({ path, message: `app ${JSON.stringify(ref)} is not defined under apps${didYouMean(ref, Object.keys(apps))} (${defined('apps', apps)})` });
      return id;
    };

    if (input.countryAccess) {
      const message = locationReferenceProblem(namedLocations, input.countryAccess.location, 'country');
      if (message) problems.push({ path: ['countryAccess', 'location'], message });
    }
    const sensitiveAppIds = (input.sensitiveApps ?? []).flatMap((ref, i) => requireApp(['sensitiveApps', i], ref) ?? []);
    const guestAllowedApps = (input.guests?.allowedApps ?? []).flatMap((ref, i) =>
      ref === 'Office365' ? [ref] : (requireApp(['guests', 'allowedApps', i], ref) ?? []),
    );

    // Per-policy overrides must name a policy this environment has.
    const breakGlassAccounts = new Set(breakGlass.accounts);
    const overrides = input.policies ?? {};
    const customIds = [...context.customPolicies.keys()].sort();
    for (const [id, override] of Object.entries(overrides)) {
      if (CUSTOM_POLICY_ID_PATTERN.test(id)) {
        const custom = context.customPolicies.get(id);
        if (!custom) {
          problems.push({ path: ['policies', id], message: `unknown custom policy ${id}: there is no policies/custom/${id}.yaml${didYouMeanId(id, customIds)}${customIds.length ? ` (custom policies: ${customIds.join(', ')})` : ''}` });
          continue;
        }
        problems.push(...bindingProblems(custom, ['policies', id], { groups, apps, locations: namedLocations }));
      } else if (!findPolicyModule(id)) {
        problems.push({ path: ['policies', id], message: `unknown policy id ${JSON.stringify(id)}${didYouMeanId(id, BASELINE.map((p) => p.id))}; the baseline has ${BASELINE.map((p) => p.id).join(', ')}` });
        continue;
      }
      const module = findPolicyModule(id);
      if (context.retired.has(id)) {
        problems.push({ path: ['policies', id], message: `${id} is retired (retire:), so it is not part of this environment; remove its entry here or the retire entry` });
      }
      if (module?.requires && !features[module.requires]) {
        problems.push({ path: ['policies', id], message: `${id} is part of an environment only when ${FEATURES[module.requires]}` });
      }
      override.exclude?.groups?.forEach((g, i) => {
        if (!Object.hasOwn(groups, g)) {
          problems.push({ path: ['policies', id, 'exclude', 'groups', i], message: `group ${JSON.stringify(g)} is not defined under groups${didYouMean(g, Object.keys(groups))} (${defined('groups', groups)})` });
        }
      });
      problems.push(...pilotProblems(id, override, context.defaultStage, waves, groups));
      override.exclude?.users?.forEach((u, i) => {
        if (breakGlassAccounts.has(u)) {
          problems.push({ path: ['policies', id, 'exclude', 'users', i], message: `${u} is a break-glass account; those are excluded from every policy already` });
        }
      });
    }

    const settings = baselineSettingsOf(input);
    const policies: EnvironmentPolicy[] = [];
    for (const module of BASELINE) {
      if ((module.requires && !features[module.requires]) || context.retired.has(module.id)) continue;
      const override = Object.hasOwn(overrides, module.id) ? overrides[module.id] : undefined;
      // licensing.p2Group: the risk policies target the P2 holders instead of all users.
      policies.push({ definition: targetP2Group(module.define(settings), licensing), ...bound(override, context.defaultStage, waves) });
    }
    // Custom policies, in id order after the baseline: only those the environment lists.
    for (const id of Object.keys(overrides).filter((x) => CUSTOM_POLICY_ID_PATTERN.test(x)).sort()) {
      const custom = context.customPolicies.get(id);
      if (!custom || context.retired.has(id)) continue;
      policies.push({ definition: custom.definition, customFile: custom.file, ...bound(overrides[id], context.defaultStage, waves) });
    }
    const adopted = new Map<string, string>();
    for (const p of policies) {
      if (!p.adopt) continue;
      const other = adopted.get(p.adopt);
      if (other) problems.push({ path: ['policies', p.definition.id, 'adopt'], message: `${p.adopt} is adopted by ${other} too; one existing policy becomes one perimeter policy` });
      adopted.set(p.adopt, p.definition.id);
    }
    return {
      spec: {
        policies,
        settings,
        sensitiveAppIds,
        guestAllowedApps,
        ...(input.countryAccess ? { countryAccess: input.countryAccess } : {}),
      },
      problems: [...problems, ...policies.flatMap((p) => scopeProblems(p))],
      warnings: [],
    };
  },
  protectedTargets: (spec) => spec.policies.map((p) => p.definition.id),
  suppressionTargets: (spec) => spec.policies.map((p) => p.definition.id),
  stagedItems: (spec) => spec.policies.map(stagedPolicy),
  withStages: (spec, stageOf) => ({
    ...spec,
    policies: spec.policies.map((p) => {
      const stage = stageOf(stagedPolicy(p));
      if (stage === furthestStage(p)) return p;
      // Under the brake the waves are capped, and everyone else is never further along than they are.
      if (p.wave) return { ...p, stage: stageRank(p.stage) > stageRank(stage) ? stage : p.stage, wave: { ...p.wave, stage } };
      return { ...p, stage };
    }),
  }),
  rules: CONDITIONAL_ACCESS_RULES,
};

/**
 * A wave pilot must name a wave, be further along for its waves than for everyone else (a
 * later wave, everyone else included, is never further along than an earlier one), and leave
 * its waves inside the policy's scope.
 */
function pilotProblems(
  id: string,
  override: z.output<typeof policyOverride>,
  defaultStage: Stage,
  waves: WavesSpec,
  groups: Readonly<Record<string, unknown>>,
): PathProblem[] {
  if (override.upTo === undefined) return [];
  const at = ['policies', id, 'upTo'];
  const piloted = wavesUpTo(waves, override.upTo);
  if (!piloted) {
    return [{ path: at, message: `wave ${JSON.stringify(override.upTo)} is not defined under waves (${waves.length ? `waves, in order: ${waves.map((w) => w.name).join(', ')}` : 'the file has no waves:'})` }];
  }
  const problems: PathProblem[] = [];
  const stage = override.stage ?? defaultStage;
  if (stageRank(stage) <= stageRank(defaultStage)) {
    problems.push({
      path: at,
      message:
        `wave order: ${id} would be ${stage} for the waves up to ${override.upTo} but ${defaultStage} (the environment's stage) for everyone after them; ` +
        `a pilot must be further along for its waves than for later ones: raise policies.${id}.stage above ${defaultStage}, or remove upTo`,
    });
  }
  const excluded = new Set(override.exclude?.groups ?? []);
  for (const w of piloted) {
    if (w.group.kind === 'existing' && excluded.has(w.group.key) && Object.hasOwn(groups, w.group.key)) {
      problems.push({ path: at, message: `wave ${w.name}'s group ${w.group.key} is excluded from ${id} (policies.${id}.exclude.groups), so the pilot would enforce ${id} for nobody in it` });
    }
  }
  return problems;
}

/**
 * A wave twin includes its waves' groups and nothing else, which is the policy's own scope
 * only when that scope is every user: Conditional Access cannot intersect a role or a group
 * with a wave.
 */
function scopeProblems(p: EnvironmentPolicy): PathProblem[] {
  if (!p.wave) return [];
  const twinName = waveTwinDisplayName(p.definition.displayName, p.wave.waves);
  if (twinName.length > MAX_DISPLAY_NAME) {
    return [{ path: ['policies', p.definition.id, 'upTo'], message: `the wave twin's display name "${twinName}" would be ${twinName.length} characters, more than the ${MAX_DISPLAY_NAME} Entra allows; give the waves shorter names` }];
  }
  if (p.definition.users.include.includes('all-users')) return [];
  return [
    {
      path: ['policies', p.definition.id, 'upTo'],
      message: `${p.definition.id} does not include all users (it targets ${p.definition.users.include.map((u) => (typeof u === 'string' ? u : Object.entries(u).map(([k, v]) => `${k} ${String(v)}`).join(''))).join(', ')}); a wave pilot needs a policy for all users, since a wave twin cannot express "these users, and only the wave's members among them"`,
    },
  ];
}
