/** Small questions about a model that guardrails, What If and the report all ask. */
import { BREAK_GLASS_GROUP, TF } from '../../core/addresses';
import type { DeclaredFacts, EnvironmentModel, PolicyModel, SynthesizedResource } from './types';

/** Resources of one type, in name order, for the types the model does not interpret. */
export function resourcesOf(model: EnvironmentModel, type: string): readonly SynthesizedResource[] {
  return model.resources.filter((r) => r.type === type);
}

export const isBlock = (p: PolicyModel) => (p.grantControls?.builtInControls ?? []).includes('block');
export const includesAllUsers = (p: PolicyModel) => p.conditions.users.includeUsers.some((u) => u.id === 'All');
/** The policy is driven by Identity Protection (sign-in or user risk): Entra ID P2. */
export const isRiskPolicy = (p: PolicyModel) => p.conditions.signInRiskLevels.length > 0 || p.conditions.userRiskLevels.length > 0;
/** The policy includes the environment's P2 group (`licensing.p2Group`): all the users Identity Protection is licensed for. */
export const includesP2Group = (p: PolicyModel, declared: DeclaredFacts | undefined) => {
  const group = declared?.licensing?.p2Group;
  return group !== undefined && p.conditions.users.includeGroups.some((g) => g.id === group.objectId);
};
export const includesAllApps = (p: PolicyModel) => p.conditions.applications.includeApplications.some((a) => a.id === 'All');
export const targetsUserAction = (p: PolicyModel) => p.conditions.applications.includeUserActions.length > 0;

/** The policy excludes the break-glass exclusion group the stack creates. */
export const excludesBreakGlassGroup = (p: PolicyModel) =>
  p.conditions.users.excludeGroups.some((g) => g.id === `${TF.group}.${BREAK_GLASS_GROUP}` && g.terraform?.attribute === 'object_id');

/** The conditions that narrow a policy beyond "who" and "what", by name. */
export function narrowingConditions(p: PolicyModel): string[] {
  const c = p.conditions;
  const out: string[] = [];
  if (!c.clientAppTypes.includes('all')) out.push('client app types');
  if (c.locations) out.push('locations');
  if (c.platforms) out.push('platforms');
  if (c.signInRiskLevels.length) out.push('sign-in risk');
  if (c.userRiskLevels.length) out.push('user risk');
  if (c.authenticationFlows?.transferMethods.length) out.push('authentication flows');
  if (c.devices) out.push('device filter');
  return out;
}

/** The policy id a policy stands for: a wave twin's is the policy it pilots (`CA006_waves` -> `CA006`). */
export const policyIdOf = (p: PolicyModel): string => p.wave?.of ?? p.id;

/** How analysis names a policy in one phrase: `CA006`, or for a wave twin `CA006 (waves: it-pilot, early-adopters)`. */
export const policyLabel = (p: PolicyModel): string => (p.wave ? `${p.wave.of} (waves: ${p.wave.waves.join(', ')})` : p.id);
