/**
 * Every object of a plan named as an identity engineer names it: a policy by its id and
 * display name, a named location by its key, display name and whether it is trusted, a group
 * by its display name, a PIM policy by its role, an analytics rule by its display name, and
 * anything else by a short type word, its name and its display name. An object id is shown by
 * its label wherever the stack or the environment file names it. Pure.
 */
import { appKeyOfPublishing, authenticationContextNames, authenticationContextOfResource, protectedObject, TERRAFORM_REFERENCE, TF } from '../../core/addresses';
import { CONTEXT_POLICY_ID_PATTERN, guidsInText, isGuid } from '../../core/ids';
import type { EnvironmentModel, SynthesizedResource } from '../model/types';
import { stageOfPolicy } from '../report/describe';

export interface ObjectName {
  /** `policy`, `named location`, `PIM group`, `analytics rule`, ... */
  readonly kind: string;
  /** The whole name, kind first: `named location corp-egress "Meridian corporate egress" (trusted IP ranges)`. */
  readonly text: string;
  /** Report order: policies first, then locations, groups, role assignments, PIM, App Proxy, telemetry, the rest. */
  readonly rank: number;
  /** What a `retire:` entry names, for a protected object (core/addresses.ts). */
  readonly target?: string;
}

/** The categories of a review, in report order. */
export const CATEGORIES = ['policies', 'named locations', 'groups', 'role assignments', 'PIM', 'App Proxy', 'telemetry', 'other'] as const;

const PIM_TYPES: ReadonlySet<string> = new Set([
  TF.groupRoleManagementPolicy,
  TF.groupEligibilitySchedule,
  TF.groupAssignmentSchedule,
  TF.azureRoleManagementPolicy,
  TF.azureEligibleAssignment,
]);

function rankOf(type: string, name: string): number {
  // Authentication context policies and their contexts are Conditional Access too.
  if (type === TF.conditionalAccessPolicy || (type === TF.msgraphResource && CONTEXT_POLICY_ID_PATTERN.test(name))) return 0;
  if (type === TF.msgraphUpdateResource && name.startsWith(authenticationContextNames.context(''))) return 0;
  if (type === TF.namedLocation) return 1;
  if (type === TF.group) return 2;
  if (type === TF.directoryRoleAssignment) return 3;
  if (PIM_TYPES.has(type) || (type === TF.msgraphResource && name.endsWith('_access_review'))) return 4;
  if (type === TF.applicationFromTemplate || type === TF.appRoleAssignment || type === TF.application || type.startsWith('msgraph_')) return 5;
  if (type.startsWith('azurerm_')) return 6;
  return 7;
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

/** `azurerm_log_analytics_workspace` -> `log analytics workspace`. */
export function typeWords(type: string): string {
  return type.replace(/^(azuread|azurerm|msgraph)_/, '').replace(/_/g, ' ');
}

/** Who a principal id or reference is: its label (`group hr-staff`, `break-glass account 1`), else `principal <id>`. */
function principal(model: EnvironmentModel, value: unknown): string {
  const v = str(value);
  if (!v) return 'an unknown principal';
  const m = TERRAFORM_REFERENCE.exec(v);
  if (m) return model.labelOf(`${m[1]}.${m[2]}`);
  const label = model.labelOf(v.toLowerCase());
  return label !== v.toLowerCase() ? label : `principal ${v}`;
}

/** `/subscriptions/<id>` -> `subscription <id>`; a management group by its name. */
function scopeWords(scope: unknown): string {
  const s = str(scope) ?? '';
  const sub = /^\/subscriptions\/([^/]+)$/.exec(s);
  if (sub) return `subscription ${sub[1]}`;
  const mg = /^\/providers\/Microsoft\.Management\/managementGroups\/([^/]+)$/.exec(s);
  if (mg) return `management group ${mg[1]}`;
  return s === '/' ? 'the whole directory' : s || 'an unknown scope';
}

/** The directory role a PIM group stands for: the role its own assignment (same name) holds. */
function roleOfPimGroup(main: EnvironmentModel, key: string): string | undefined {
  const assignment = main.resources.find((r) => r.type === TF.directoryRoleAssignment && r.name === key);
  const role = str(assignment?.config.role_id);
  if (role) return main.labelOf(role.toLowerCase());
  const group = main.groups.find((g) => g.key === key);
  return group ? `group "${group.displayName}"` : undefined;
}

function groupKeyOfRef(value: unknown): string | undefined {
  const m = TERRAFORM_REFERENCE.exec(str(value) ?? '');
  return m && m[1] === TF.group ? m[2] : undefined;
}

/** `App Proxy app hr-portal "HR Portal"` (without the kind words: `hr-portal "HR Portal"`). */
function appProxyApp(main: EnvironmentModel, own: EnvironmentModel, key: string, kindWords = true): string {
  const app = [...main.resources, ...own.resources].find((r) => r.type === TF.applicationFromTemplate && r.name === key);
  const display = str(app?.config.display_name);
  return `${kindWords ? 'App Proxy app ' : ''}${key}${display ? ` "${display}"` : ''}`;
}

const withDisplay = (words: string, name: string, r: SynthesizedResource | undefined) => {
  const display = str(r?.config.display_name) ?? str(r?.config.name);
  return `${words} ${name}${display && display !== name ? ` "${display}"` : ''}`;
};

/** An id inside a resource name, shown with its label where one is known (never a bare GUID when a name is known). */
function labelledName(model: EnvironmentModel, name: string): string {
  return name.replace(guidsInText(), (id) => {
    const label = model.labelOf(id.toLowerCase());
    return label !== id.toLowerCase() ? `${id} (${label})` : id;
  });
}

/**
 * The name of `type.name`. `own` is a model holding the resource (the stack, or for an object
 * the stack no longer has, a model of its values before the change); `main` is the stack, for
 * what other resources say about it.
 */
export function nameObject(type: string, name: string, own: EnvironmentModel, main: EnvironmentModel): ObjectName {
  const protectedAs = protectedObject(type, name);
  const rank = rankOf(type, name);
  const done = (kind: string, text: string): ObjectName => ({ kind, text, rank, ...(protectedAs ? { target: protectedAs.target } : {}) });
  const r = own.resources.find((x) => x.type === type && x.name === name);
  const c = r?.config ?? {};
  switch (type) {
    case TF.conditionalAccessPolicy: {
      const p = own.policy(name);
      const display = p?.displayName ?? str(c.display_name);
      const stage = p ? ` (${stageOfPolicy(p)})` : '';
      if (!display || display === name) return done('policy', `policy ${name}${stage}`);
      return done('policy', `policy ${display.startsWith(`${name} `) ? display : `${name} "${display}"`}${stage}`);
    }
    case TF.namedLocation: {
      const l = own.namedLocations.find((x) => x.key === name);
      if (!l) return done('named location', withDisplay('named location', name, r));
      const how = l.kind === 'ip' ? (l.isTrusted ? 'trusted IP ranges' : 'IP ranges, not trusted') : 'countries';
      return done('named location', `named location ${name} "${l.displayName}" (${how})`);
    }
    case TF.group: {
      const kind = protectedAs?.kind ?? 'group';
      const display = str(c.display_name) ?? own.groups.find((g) => g.key === name)?.displayName;
      return done(kind, display ? `${kind} "${display}"` : `${kind} ${name}`);
    }
    case TF.applicationFromTemplate:
      return done('App Proxy app', appProxyApp(main, own, name));
    case TF.directoryRoleAssignment: {
      const role = str(c.role_id) ? own.labelOf(String(c.role_id).toLowerCase()) : 'a directory role';
      const who = principal(own, c.principal_object_id);
      if (protectedAs) return done(protectedAs.kind, `permanent ${role.replace(/^role /, '')} assignment of ${who}`);
      return done('role assignment', `${role} assigned to ${who}${str(c.directory_scope_id) && c.directory_scope_id !== '/' ? ` at ${scopeWords(c.directory_scope_id)}` : ''}`);
    }
    case TF.groupRoleManagementPolicy: {
      const key = groupKeyOfRef(c.group_id) ?? name;
      const role = roleOfPimGroup(main, key) ?? `group ${key}`;
      return done('PIM policy', `PIM policy for ${role}${c.role_id === 'owner' ? ' (owners)' : ''}`);
    }
    case TF.groupEligibilitySchedule:
    case TF.groupAssignmentSchedule: {
      const key = groupKeyOfRef(c.group_id);
      const role = (key && roleOfPimGroup(main, key)) ?? 'a PIM group';
      const what = type === TF.groupEligibilitySchedule ? 'PIM eligibility' : 'PIM active assignment';
      return done(what, `${what} of ${principal(own, c.principal_id)} for ${role}${c.assignment_type === 'owner' ? ' (owner)' : ''}`);
    }
    case TF.azureRoleManagementPolicy:
    case TF.azureEligibleAssignment: {
      const roleId = (str(c.role_definition_id) ?? '').split('/').pop() ?? '';
      const role = isGuid(roleId) ? own.labelOf(roleId.toLowerCase()) : 'an Azure role';
      const at = scopeWords(c.scope);
      if (type === TF.azureRoleManagementPolicy) return done('PIM policy', `PIM policy for ${role} at ${at}`);
      return done('Azure PIM eligibility', `Azure PIM eligibility of ${principal(own, c.principal_id)} for ${role} at ${at}`);
    }
    case TF.appRoleAssignment: {
      const m = TERRAFORM_REFERENCE.exec(str(c.resource_object_id) ?? '');
      const app = m && m[1] === TF.applicationFromTemplate ? appProxyApp(main, own, m[2]!) : 'an app';
      return done('app assignment', `access to ${app} for ${principal(own, c.principal_object_id)}`);
    }
    case TF.msgraphUpdateResource:
    case TF.msgraphResourceAction: {
      const context = authenticationContextOfResource(type, c);
      if (context !== undefined) {
        const body = c.body !== null && typeof c.body === 'object' ? (c.body as Record<string, unknown>) : {};
        const display = str(body.displayName);
        return done('authentication context', `authentication context ${context}${display ? ` "${display}"` : ''}`);
      }
      const parts: readonly [string, string][] = [
        ['_publishing', 'App Proxy publishing of'],
        ['_urls', 'App Proxy URLs of'],
        ['_assignment_required', 'App Proxy assignment requirement of'],
        ['_connector_group', 'App Proxy connector group of'],
      ];
      for (const [suffix, words] of parts) {
        const key = suffix === '_publishing' ? appKeyOfPublishing(name) : name.endsWith(suffix) ? name.slice(0, -suffix.length) : undefined;
        if (key) return done('App Proxy setting', `${words} ${appProxyApp(main, own, key, false)}`);
      }
      return done('Graph update', `Graph update ${name}`);
    }
    case TF.msgraphResource: {
      // An authentication context policy: named like every policy, by its id, display name and stage.
      const policy = CONTEXT_POLICY_ID_PATTERN.test(name) ? own.policies.find((p) => p.address === `${type}.${name}`) : undefined;
      if (policy) return done('policy', `policy ${policy.displayName} (${stageOfPolicy(policy)})`);
      const body = c.body !== null && typeof c.body === 'object' ? (c.body as Record<string, unknown>) : {};
      const display = str(body.displayName);
      const isReview = name.endsWith('_access_review') || String(c.url ?? '').includes('accessReviews');
      const kind = isReview ? 'access review' : 'Graph object';
      return done(kind, display ? `${kind} "${display}"` : `${kind} ${name}`);
    }
    case TF.nrtRule:
    case TF.scheduledRule:
      return done('analytics rule', str(c.display_name) ? `analytics rule "${String(c.display_name)}"` : `analytics rule ${name}`);
    case 'azurerm_log_analytics_saved_search':
      return done('saved search', str(c.display_name) ? `saved search "${String(c.display_name)}"` : `saved search ${name}`);
    case TF.workspace:
      return done('Log Analytics workspace', withDisplay('Log Analytics workspace', name, r));
    case TF.diagnosticSetting:
      return done('Entra diagnostic setting', withDisplay('Entra diagnostic setting', name, r));
    case 'azurerm_sentinel_log_analytics_workspace_onboarding':
      return done('Sentinel onboarding', `Sentinel onboarding of workspace ${name}`);
    default: {
      const words = typeWords(type);
      return done(words, withDisplay(words, labelledName(own, name), r));
    }
  }
}
