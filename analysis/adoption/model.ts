/**
 * An adopted policy in the analysis model: exactly what `readSynthesizedStack` (../model/read.ts)
 * gives for the same policy declared in Terraform, field for field and key for key, so an
 * imported policy and its synthesized copy compare with `toEqual` (or as JSON). Unexpressible
 * fields are not in the model: they are dropped before the conversion, as Terraform drops them.
 */
import { TF } from '../../core/addresses';
import { isGuid } from '../../core/ids';
import { seedLabels } from '../model/labels';
import type {
  ApplicationsCondition,
  BuiltInControlName,
  ClientAppTypeName,
  GrantControlsModel,
  GuestOrExternalUserTypeName,
  GuestsOrExternalUsers,
  PlatformName,
  PolicyConditions,
  PolicyModel,
  Ref,
  RiskLevelName,
  SessionControlsModel,
  TransferMethod,
  UsersCondition,
} from '../model/types';
import type { GraphBody } from '../../core/graph-json';
import { dropPaths, objectAt, stringsAt, textAt } from './paths';
import type { ImportedPolicy, ReferencedIds } from './types';

let wellKnown: ReadonlyMap<string, string> | undefined;
/** The labels every synthesized stack starts from (roles, apps, strengths, special values). */
function wellKnownLabels(): ReadonlyMap<string, string> {
  wellKnown ??= seedLabels(new Map(), undefined);
  return wellKnown;
}

/**
 * `id` is the Terraform name the policy gets (`CA001`, `CP001`). `labelOf` names ids (a GUID,
 * a special value); without it, or when it returns undefined, the well-known labels apply and
 * then the id itself, as they do for a stack read without its environment file.
 */
export function policyModelOf(p: ImportedPolicy, id: string, labelOf?: (id: string) => string | undefined): PolicyModel {
  const e = dropPaths(p.graph, p.unexpressible);
  const label = (x: string) => labelOf?.(x) ?? wellKnownLabels().get(x);
  const ref = (v: string): Ref => {
    const rid = isGuid(v) ? v.toLowerCase() : v;
    return { id: rid, label: label(rid) ?? rid };
  };
  const refs = (path: string) => stringsAt(e, path).map(ref);
  const grantControls = grantOf(e, label);
  const sessionControls = sessionOf(e);
  return {
    id,
    address: `${TF.conditionalAccessPolicy}.${id}`,
    displayName: p.displayName,
    state: p.state,
    conditions: conditionsOf(e, refs),
    ...(grantControls ? { grantControls } : {}),
    ...(sessionControls ? { sessionControls } : {}),
  };
}

function guestsOf(e: GraphBody, path: string): GuestsOrExternalUsers | undefined {
  if (!objectAt(e, path)) return undefined;
  const tenants = objectAt(e, `${path}.externalTenants`);
  return {
    guestOrExternalUserTypes: stringsAt(e, `${path}.guestOrExternalUserTypes`) as GuestOrExternalUserTypeName[],
    externalTenants:
      tenants && tenants.membershipKind === 'enumerated'
        ? { membershipKind: 'enumerated', members: stringsAt(e, `${path}.externalTenants.members`).map((t) => t.toLowerCase()) }
        : { membershipKind: 'all' },
  };
}

const filterOf = (f: { readonly [key: string]: unknown }) => ({
  mode: f.mode === 'exclude' ? ('exclude' as const) : ('include' as const),
  rule: typeof f.rule === 'string' ? f.rule : '',
});

function conditionsOf(e: GraphBody, refs: (path: string) => Ref[]): PolicyConditions {
  const c = 'conditions';
  const includeGuests = guestsOf(e, `${c}.users.includeGuestsOrExternalUsers`);
  const excludeGuests = guestsOf(e, `${c}.users.excludeGuestsOrExternalUsers`);
  const users: UsersCondition = {
    includeUsers: refs(`${c}.users.includeUsers`),
    excludeUsers: refs(`${c}.users.excludeUsers`),
    includeGroups: refs(`${c}.users.includeGroups`),
    excludeGroups: refs(`${c}.users.excludeGroups`),
    includeRoles: refs(`${c}.users.includeRoles`),
    excludeRoles: refs(`${c}.users.excludeRoles`),
    ...(includeGuests ? { includeGuestsOrExternalUsers: includeGuests } : {}),
    ...(excludeGuests ? { excludeGuestsOrExternalUsers: excludeGuests } : {}),
  };
  const applications: ApplicationsCondition = {
    includeApplications: refs(`${c}.applications.includeApplications`),
    excludeApplications: refs(`${c}.applications.excludeApplications`),
    includeUserActions: stringsAt(e, `${c}.applications.includeUserActions`),
  };
  const clientAppTypes = stringsAt(e, `${c}.clientAppTypes`) as ClientAppTypeName[];
  const platforms = objectAt(e, `${c}.platforms`);
  const locations = objectAt(e, `${c}.locations`);
  const flows = stringsAt(e, `${c}.authenticationFlows.transferMethods`) as TransferMethod[];
  const deviceFilter = objectAt(e, `${c}.devices.deviceFilter`);
  const clientApps = objectAt(e, `${c}.clientApplications`);
  const spFilter = objectAt(e, `${c}.clientApplications.servicePrincipalFilter`);
  const insider = textAt(e, `${c}.insiderRiskLevels`);
  return {
    users,
    applications,
    clientAppTypes: clientAppTypes.length ? clientAppTypes : ['all'],
    ...(platforms
      ? {
          platforms: {
            includePlatforms: stringsAt(e, `${c}.platforms.includePlatforms`) as PlatformName[],
            excludePlatforms: stringsAt(e, `${c}.platforms.excludePlatforms`) as PlatformName[],
          },
        }
      : {}),
    ...(locations ? { locations: { includeLocations: refs(`${c}.locations.includeLocations`), excludeLocations: refs(`${c}.locations.excludeLocations`) } } : {}),
    signInRiskLevels: stringsAt(e, `${c}.signInRiskLevels`) as RiskLevelName[],
    userRiskLevels: stringsAt(e, `${c}.userRiskLevels`) as RiskLevelName[],
    servicePrincipalRiskLevels: stringsAt(e, `${c}.servicePrincipalRiskLevels`) as RiskLevelName[],
    ...(flows.length ? { authenticationFlows: { transferMethods: flows } } : {}),
    ...(deviceFilter ? { devices: { deviceFilter: filterOf(deviceFilter) } } : {}),
    ...(clientApps
      ? {
          clientApplications: {
            includeServicePrincipals: stringsAt(e, `${c}.clientApplications.includeServicePrincipals`),
            excludeServicePrincipals: stringsAt(e, `${c}.clientApplications.excludeServicePrincipals`),
            ...(spFilter ? { servicePrincipalFilter: filterOf(spFilter) } : {}),
          },
        }
      : {}),
    ...(insider === 'minor' || insider === 'moderate' || insider === 'elevated' ? { insiderRiskLevels: insider } : {}),
  };
}

function grantOf(e: GraphBody, label: (id: string) => string | undefined): GrantControlsModel | undefined {
  const builtInControls = stringsAt(e, 'grantControls.builtInControls') as BuiltInControlName[];
  const strength = textAt(e, 'grantControls.authenticationStrength.id')?.toLowerCase();
  const customAuthenticationFactors = stringsAt(e, 'grantControls.customAuthenticationFactors');
  const termsOfUse = stringsAt(e, 'grantControls.termsOfUse');
  // A grant block with an operator and nothing else cannot be declared: Terraform has none.
  if (!builtInControls.length && !strength && !customAuthenticationFactors.length && !termsOfUse.length) return undefined;
  return {
    operator: textAt(e, 'grantControls.operator') === 'AND' ? 'AND' : 'OR',
    builtInControls,
    ...(strength ? { authenticationStrength: { id: strength, label: label(strength) ?? `authentication strength ${strength}` } } : {}),
    customAuthenticationFactors,
    termsOfUse,
  };
}

function sessionOf(e: GraphBody): SessionControlsModel | undefined {
  const sif = objectAt(e, 'sessionControls.signInFrequency');
  const authenticationType: 'primaryAndSecondaryAuthentication' | 'secondaryAuthentication' =
    sif?.authenticationType === 'secondaryAuthentication' ? 'secondaryAuthentication' : 'primaryAndSecondaryAuthentication';
  const on = sif !== undefined && sif.isEnabled !== false;
  const signInFrequency =
    on && sif.frequencyInterval === 'everyTime'
      ? { frequencyInterval: 'everyTime' as const, authenticationType }
      : on && typeof sif.value === 'number' && sif.value > 0
        ? { frequencyInterval: 'timeBased' as const, value: sif.value, type: sif.type === 'days' ? ('days' as const) : ('hours' as const), authenticationType }
        : undefined;
  const browser = objectAt(e, 'sessionControls.persistentBrowser');
  const mode = browser && browser.isEnabled !== false ? browser.mode : undefined;
  const mcas = objectAt(e, 'sessionControls.cloudAppSecurity');
  const mcasType = mcas && mcas.isEnabled !== false && typeof mcas.cloudAppSecurityType === 'string' ? mcas.cloudAppSecurityType : undefined;
  const out: SessionControlsModel = {
    ...(signInFrequency ? { signInFrequency } : {}),
    ...(mode === 'always' || mode === 'never' ? { persistentBrowser: { mode } } : {}),
    ...(objectAt(e, 'sessionControls.applicationEnforcedRestrictions')?.isEnabled === true ? { applicationEnforcedRestrictions: { isEnabled: true } } : {}),
    ...(mcasType ? { cloudAppSecurity: { cloudAppSecurityType: mcasType } } : {}),
    ...(objectAt(e, 'sessionControls')?.disableResilienceDefaults === true ? { disableResilienceDefaults: true } : {}),
  };
  return Object.keys(out).length ? out : undefined;
}

/** The GUIDs the policy names, by kind, from what Terraform would declare (unexpressible fields left out). */
export function referencedIds(p: ImportedPolicy): ReferencedIds {
  const e = dropPaths(p.graph, p.unexpressible);
  const guids = (...paths: string[]) => [...new Set(paths.flatMap((path) => stringsAt(e, path)).filter(isGuid).map((g) => g.toLowerCase()))].sort();
  const u = 'conditions.users';
  return {
    users: guids(`${u}.includeUsers`, `${u}.excludeUsers`),
    groups: guids(`${u}.includeGroups`, `${u}.excludeGroups`),
    roles: guids(`${u}.includeRoles`, `${u}.excludeRoles`),
    applications: guids('conditions.applications.includeApplications', 'conditions.applications.excludeApplications'),
    namedLocations: guids('conditions.locations.includeLocations', 'conditions.locations.excludeLocations'),
    termsOfUse: guids('grantControls.termsOfUse'),
    authenticationStrengths: guids('grantControls.authenticationStrength.id'),
    servicePrincipals: guids('conditions.clientApplications.includeServicePrincipals', 'conditions.clientApplications.excludeServicePrincipals'),
    tenants: guids(`${u}.includeGuestsOrExternalUsers.externalTenants.members`, `${u}.excludeGuestsOrExternalUsers.externalTenants.members`),
  };
}
