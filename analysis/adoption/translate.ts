/**
 * An imported policy as a custom policy file (policies/custom/<id>.yaml): the Graph JSON in
 * the custom policy schema's terms, with the environment's logical names where the import
 * binds them (groups, apps, named locations) and ids elsewhere. Pure: the command writes it.
 */
import { isGuid } from '../../core/ids';
import { DIRECTORY_ROLES, type DirectoryRoleName } from '../../core/microsoft/directory-roles';
import { builtInStrength, BUILT_IN_STRENGTHS, USER_ACTIONS } from '../../core/microsoft/well-known';
import type { GraphBody, GraphValue } from '../../core/graph-json';
import type { ImportedPolicy } from './types';
import { dropPaths, objectAt, stringsAt, textAt } from './paths';

/** How the import names the objects a policy refers to: a key of the environment, or undefined to keep the id. */
export interface ImportNames {
  groupKey(objectId: string): string | undefined;
  appKey(appId: string): string | undefined;
  locationKey(objectId: string): string | undefined;
}

const ROLE_BY_ID = new Map<string, DirectoryRoleName>((Object.entries(DIRECTORY_ROLES) as [DirectoryRoleName, string][]).map(([name, id]) => [id, name]));
const ACTION_BY_URN = new Map<string, string>(Object.entries(USER_ACTIONS).map(([name, urn]) => [urn, name]));
const STRENGTH_NAME_BY_ID = new Map<string, string>(Object.entries(BUILT_IN_STRENGTHS).map(([name, s]) => [s.id, name]));
const SPECIAL_APPS = new Set(['All', 'None', 'Office365', 'MicrosoftAdminPortals']);

type Yaml = Record<string, unknown>;

const flags = (value: string | undefined): string[] => (value ?? '').split(',').map((s) => s.trim()).filter(Boolean);
const nonEmpty = (key: string, list: readonly unknown[]): Yaml => (list.length ? { [key]: [...list] } : {});
const withKeys = (ids: readonly string[], keyOf: (id: string) => string | undefined) => ids.map((id) => (isGuid(id) ? (keyOf(id.toLowerCase()) ?? id.toLowerCase()) : id));

function usersOf(e: GraphBody, side: 'include' | 'exclude', names: ImportNames): Yaml | undefined {
  const cap = side === 'include' ? 'include' : 'exclude';
  const u = 'conditions.users';
  const guests = objectAt(e, `${u}.${cap}GuestsOrExternalUsers`);
  const tenants = guests ? objectAt(e, `${u}.${cap}GuestsOrExternalUsers.externalTenants`) : undefined;
  const out: Yaml = {
    ...nonEmpty('users', stringsAt(e, `${u}.${cap}Users`).map((x) => (isGuid(x) ? x.toLowerCase() : x))),
    ...nonEmpty('groups', withKeys(stringsAt(e, `${u}.${cap}Groups`), (id) => names.groupKey(id))),
    ...nonEmpty('roles', stringsAt(e, `${u}.${cap}Roles`).map((r) => ROLE_BY_ID.get(r.toLowerCase()) ?? r.toLowerCase())),
    ...(guests
      ? {
          guests: {
            types: flags(textAt(e, `${u}.${cap}GuestsOrExternalUsers.guestOrExternalUserTypes`)),
            tenants: tenants && textAt(e, `${u}.${cap}GuestsOrExternalUsers.externalTenants.membershipKind`) === 'enumerated'
              ? stringsAt(e, `${u}.${cap}GuestsOrExternalUsers.externalTenants.members`).map((t) => t.toLowerCase())
              : 'all',
          },
        }
      : {}),
  };
  return Object.keys(out).length ? out : undefined;
}

function filterOf(o: { readonly [key: string]: GraphValue } | undefined): Yaml | undefined {
  if (!o || typeof o.rule !== 'string') return undefined;
  return { mode: o.mode === 'exclude' ? 'exclude' : 'include', rule: o.rule };
}

/** The custom policy file of an imported policy, as plain data for the YAML writer. */
export function customPolicyFile(p: ImportedPolicy, id: string, names: ImportNames): Yaml {
  const e = dropPaths(p.graph, p.unexpressible);
  const at = (path: string) => stringsAt(e, path);
  const include = usersOf(e, 'include', names) ?? { users: ['None'] };
  const exclude = usersOf(e, 'exclude', names);
  const actions = at('conditions.applications.includeUserActions');
  const apps = (path: string) => withKeys(at(path).filter((a) => SPECIAL_APPS.has(a) || isGuid(a)), (appId) => names.appKey(appId));
  const locations = (path: string) => at(path).map((l) => (l === 'All' || l === 'AllTrusted' ? l : isGuid(l) ? (names.locationKey(l.toLowerCase()) ?? l.toLowerCase()) : l));
  const risk = (path: string) => at(path);
  const c = 'conditions';
  const deviceFilter = filterOf(objectAt(e, `${c}.devices.deviceFilter`));
  const clientApps = objectAt(e, `${c}.clientApplications`);
  const conditions: Yaml = {
    ...nonEmpty('clientAppTypes', at(`${c}.clientAppTypes`)),
    ...(objectAt(e, `${c}.platforms`)
      ? { platforms: { include: at(`${c}.platforms.includePlatforms`), ...nonEmpty('exclude', at(`${c}.platforms.excludePlatforms`)) } }
      : {}),
    ...(objectAt(e, `${c}.locations`)
      ? { locations: { include: locations(`${c}.locations.includeLocations`), ...nonEmpty('exclude', locations(`${c}.locations.excludeLocations`)) } }
      : {}),
    ...nonEmpty('signInRiskLevels', risk(`${c}.signInRiskLevels`)),
    ...nonEmpty('userRiskLevels', risk(`${c}.userRiskLevels`)),
    ...nonEmpty('servicePrincipalRiskLevels', risk(`${c}.servicePrincipalRiskLevels`)),
    ...(textAt(e, `${c}.insiderRiskLevels`) ? { insiderRiskLevel: textAt(e, `${c}.insiderRiskLevels`) } : {}),
    ...nonEmpty('authenticationFlows', flags(textAt(e, `${c}.authenticationFlows.transferMethods`))),
    ...(deviceFilter ? { deviceFilter } : {}),
    ...(clientApps
      ? {
          clientApplications: {
            include: at(`${c}.clientApplications.includeServicePrincipals`),
            ...nonEmpty('exclude', at(`${c}.clientApplications.excludeServicePrincipals`)),
            ...(filterOf(objectAt(e, `${c}.clientApplications.servicePrincipalFilter`))
              ? { filter: filterOf(objectAt(e, `${c}.clientApplications.servicePrincipalFilter`)) }
              : {}),
          },
        }
      : {}),
  };
  const g = objectAt(e, 'grantControls');
  const strengthId = textAt(e, 'grantControls.authenticationStrength.id')?.toLowerCase();
  const grant: Yaml | undefined = g
    ? {
        operator: textAt(e, 'grantControls.operator') === 'AND' ? 'AND' : 'OR',
        ...nonEmpty('controls', at('grantControls.builtInControls')),
        ...(strengthId ? { authenticationStrength: builtInStrength(strengthId) ? STRENGTH_NAME_BY_ID.get(strengthId)! : strengthId } : {}),
        ...nonEmpty('termsOfUse', at('grantControls.termsOfUse').map((t) => t.toLowerCase())),
        ...nonEmpty('customAuthenticationFactors', at('grantControls.customAuthenticationFactors')),
      }
    : undefined;
  const s = 'sessionControls';
  const frequency = objectAt(e, `${s}.signInFrequency`);
  const frequencyOn = frequency && frequency.isEnabled !== false;
  const everyTime = frequencyOn && frequency.frequencyInterval === 'everyTime';
  const authenticationType = frequencyOn ? textAt(e, `${s}.signInFrequency.authenticationType`) : undefined;
  const browser = objectAt(e, `${s}.persistentBrowser`);
  const mcas = objectAt(e, `${s}.cloudAppSecurity`);
  const session: Yaml = {
    ...(everyTime ? { signInFrequency: 'everyTime' } : frequencyOn && typeof frequency.value === 'number' ? { signInFrequency: { value: frequency.value, unit: frequency.type === 'days' ? 'days' : 'hours' } } : {}),
    ...(authenticationType === 'secondaryAuthentication' ? { signInFrequencyAuthenticationType: 'secondaryAuthentication' } : {}),
    ...(browser && browser.isEnabled !== false && (browser.mode === 'always' || browser.mode === 'never') ? { persistentBrowser: browser.mode } : {}),
    ...(objectAt(e, `${s}.applicationEnforcedRestrictions`)?.isEnabled === true ? { applicationEnforcedRestrictions: true } : {}),
    ...(mcas && mcas.isEnabled !== false && typeof mcas.cloudAppSecurityType === 'string' ? { cloudAppSecurity: mcas.cloudAppSecurityType } : {}),
    ...(objectAt(e, s)?.disableResilienceDefaults === true ? { disableResilienceDefaults: true } : {}),
  };
  const action = actions.map((a) => ACTION_BY_URN.get(a.toLowerCase())).find((a) => a !== undefined);
  return {
    id,
    title: p.displayName,
    description: `Imported from the tenant's policy ${JSON.stringify(p.displayName)} (${p.originalId}).`,
    users: { include, ...(exclude ? { exclude } : {}) },
    ...(action ? { userAction: action } : { applications: { include: apps('conditions.applications.includeApplications'), ...nonEmpty('exclude', apps('conditions.applications.excludeApplications')) } }),
    ...(Object.keys(conditions).length ? { conditions } : {}),
    ...(grant ? { grant } : {}),
    ...(Object.keys(session).length ? { session } : {}),
  };
}
