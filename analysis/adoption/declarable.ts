/**
 * Whether azuread_conditional_access_policy (3.7.0) can declare a policy once the fields it
 * cannot express are dropped: the schema rules (AtLeastOneOf, ExactlyOneOf, Required) and the
 * CustomizeDiff check on what is left, and the one semantic loss that matters: a policy that
 * targeted agents would, without them, apply to users `None`, that is to nobody.
 */
import type { GraphBody } from '../../core/graph-json';
import { at, objectAt, stringsAt, textAt } from './paths';

export type Declarability = { readonly declarable: true } | { readonly declarable: false; readonly whyNot: string };

const AGENT_TARGETING = /^conditions\.(agents\.|clientApplications\.(include|exclude)AgentIdServicePrincipals$)/;
const AGENT_CONDITIONS = /^conditions\.(agents\.|agentContext\.|agentIdRiskLevels$|clientApplications\.(include|exclude)AgentIdServicePrincipals$)/;

/** `e` is the policy without its unexpressible leaves; `dropped` lists them. */
export function declarability(e: GraphBody, dropped: readonly string[]): Declarability {
  const reasons: string[] = [];
  const under = (prefix: string) => dropped.filter((p) => p.startsWith(prefix));
  const afterDropping = (paths: readonly string[]) => (paths.length ? `after dropping what azuread 3.7.0 cannot declare (${paths.join(', ')}), ` : '');

  const grantHasControl =
    stringsAt(e, 'grantControls.builtInControls').length > 0 || textAt(e, 'grantControls.authenticationStrength.id') !== undefined || stringsAt(e, 'grantControls.termsOfUse').length > 0;
  const customOnly = !grantHasControl && stringsAt(e, 'grantControls.customAuthenticationFactors').length > 0;
  const session = hasEffectiveSessionControl(e);
  if (!grantHasControl && !session) {
    reasons.push(
      `${afterDropping([...under('grantControls.'), ...under('sessionControls.')])}it has no grant control and no effective session control; azuread_conditional_access_policy needs at least one`,
    );
  } else if (customOnly) {
    reasons.push('its grant controls are custom authentication factors only; azuread needs built_in_controls, authentication_strength_policy_id or terms_of_use beside them');
  }

  const includeUsers = stringsAt(e, 'conditions.users.includeUsers');
  const targetsSomeone =
    includeUsers.length > 0 ||
    stringsAt(e, 'conditions.users.includeGroups').length > 0 ||
    stringsAt(e, 'conditions.users.includeRoles').length > 0 ||
    objectAt(e, 'conditions.users.includeGuestsOrExternalUsers') !== undefined;
  const agentPaths = dropped.filter((p) => AGENT_CONDITIONS.test(p));
  const onlyNone =
    includeUsers.length === 1 && includeUsers[0] === 'None' && stringsAt(e, 'conditions.users.includeGroups').length === 0 && stringsAt(e, 'conditions.users.includeRoles').length === 0;
  const workload = stringsAt(e, 'conditions.clientApplications.includeServicePrincipals').length > 0;
  if (onlyNone && !workload && dropped.some((p) => AGENT_TARGETING.test(p))) {
    reasons.push(`it targets agent identities (${agentPaths.join(', ')}), which azuread 3.7.0 cannot declare; without them it would apply to users None only, that is to nobody`);
  } else if (!targetsSomeone) {
    reasons.push(
      `${afterDropping(under('conditions.users.'))}it includes no users, groups, roles or guests; azuread needs one of included_users, included_groups, included_roles or included_guests_or_external_users`,
    );
  }

  if (stringsAt(e, 'conditions.applications.includeApplications').length === 0 && stringsAt(e, 'conditions.applications.includeUserActions').length === 0) {
    reasons.push(`${afterDropping(under('conditions.applications.'))}it targets no application and no user action; azuread needs included_applications or included_user_actions`);
  }
  if (stringsAt(e, 'conditions.locations.excludeLocations').length > 0 && stringsAt(e, 'conditions.locations.includeLocations').length === 0) {
    reasons.push('it excludes locations without including any; azuread requires included_locations in a locations block');
  }
  if (stringsAt(e, 'conditions.platforms.excludePlatforms').length > 0 && stringsAt(e, 'conditions.platforms.includePlatforms').length === 0) {
    reasons.push('it excludes platforms without including any; azuread requires included_platforms in a platforms block');
  }
  return reasons.length ? { declarable: false, whyNot: reasons.join('; ') } : { declarable: true };
}

/** A session control azuread sends: what is disabled or all-default is sent as null. */
function hasEffectiveSessionControl(e: GraphBody): boolean {
  const sif = objectAt(e, 'sessionControls.signInFrequency');
  const sifOn = sif !== undefined && sif.isEnabled !== false && (sif.frequencyInterval === 'everyTime' || (typeof sif.value === 'number' && sif.value > 0));
  const browser = objectAt(e, 'sessionControls.persistentBrowser');
  const mcas = objectAt(e, 'sessionControls.cloudAppSecurity');
  return (
    sifOn ||
    (browser !== undefined && browser.isEnabled !== false && (browser.mode === 'always' || browser.mode === 'never')) ||
    at(e, 'sessionControls.applicationEnforcedRestrictions.isEnabled') === true ||
    (mcas !== undefined && mcas.isEnabled !== false && typeof mcas.cloudAppSecurityType === 'string') ||
    at(e, 'sessionControls.disableResilienceDefaults') === true
  );
}
