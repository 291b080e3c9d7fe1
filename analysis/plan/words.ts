/**
 * Why Terraform wants to replace or remove something, in words: `action_reason` and
 * `replace_paths` as a Conditional Access engineer reads them. Pure.
 */
import { TF } from '../../core/addresses';
import type { PlannedChange } from './read';

/** Attribute words per resource type; an attribute not listed is shown as its name in words (`assignable to role`). */
const FIELD_WORDS: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  [TF.conditionalAccessPolicy]: {
    display_name: 'display name',
    state: 'state',
    'conditions.users.included_users': 'included users',
    'conditions.users.excluded_users': 'excluded users',
    'conditions.users.included_groups': 'included groups',
    'conditions.users.excluded_groups': 'excluded groups',
    'conditions.users.included_roles': 'included roles',
    'conditions.users.excluded_roles': 'excluded roles',
    'conditions.applications': 'target resources',
    'conditions.locations': 'locations',
    'conditions.platforms': 'platforms',
    'conditions.client_app_types': 'client apps',
    'conditions.devices': 'device filter',
    grant_controls: 'grant controls',
    session_controls: 'session controls',
  },
  [TF.namedLocation]: { display_name: 'display name', ip: 'IP ranges', country: 'countries' },
  [TF.group]: {
    display_name: 'display name',
    assignable_to_role: 'whether it can be assigned to roles',
    security_enabled: 'whether it is a security group',
    mail_enabled: 'whether it is mail-enabled',
    mail_nickname: 'mail nickname',
    types: 'group type',
    onpremises_group_type: 'on-premises group type',
    members: 'members',
    owners: 'owners',
  },
  [TF.applicationFromTemplate]: { template_id: 'gallery template', display_name: 'display name' },
  [TF.directoryRoleAssignment]: { role_id: 'role', principal_object_id: 'who holds it', directory_scope_id: 'scope', app_scope_id: 'app scope' },
  [TF.groupRoleManagementPolicy]: { group_id: 'PIM group', role_id: 'member or owner settings' },
  [TF.groupEligibilitySchedule]: { group_id: 'PIM group', principal_id: 'eligible principal', assignment_type: 'member or owner' },
  [TF.groupAssignmentSchedule]: { group_id: 'PIM group', principal_id: 'assigned principal', assignment_type: 'member or owner' },
  [TF.appRoleAssignment]: { app_role_id: 'app role', principal_object_id: 'assigned group or user', resource_object_id: 'app' },
  [TF.workspace]: { name: 'workspace name', location: 'region', resource_group_name: 'resource group' },
  [TF.nrtRule]: { name: 'rule name (derived from its id)', log_analytics_workspace_id: 'workspace' },
  [TF.scheduledRule]: { name: 'rule name (derived from its id)', log_analytics_workspace_id: 'workspace' },
  azurerm_log_analytics_saved_search: { name: 'search name (derived from the policy id)', log_analytics_workspace_id: 'workspace', category: 'category' },
  azurerm_resource_group: { name: 'resource group name', location: 'region' },
};

/** `["conditions", 0, "users", 0, "excluded_groups"]` -> `excluded groups`. */
export function fieldWords(type: string, path: readonly (string | number)[]): string {
  const names = path.filter((s): s is string => typeof s === 'string' && !/^\d+$/.test(s));
  const words = FIELD_WORDS[type] ?? {};
  for (let n = names.length; n > 0; n--) {
    const known = words[names.slice(0, n).join('.')];
    if (known) return known;
  }
  return names.map((s) => s.replace(/_/g, ' ')).join(' › ') || 'the whole object';
}

function list(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

const hasBlock = (value: unknown, block: string): boolean => {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const b = (value as Record<string, unknown>)[block];
  return Array.isArray(b) ? b.length > 0 : b !== null && b !== undefined;
};

/** `Terraform cannot change the IP ranges in place`, with what a named location turning into another kind means. */
function cannotUpdate(c: PlannedChange): string {
  if (c.type === TF.namedLocation) {
    if (hasBlock(c.before, 'ip') && hasBlock(c.after, 'country')) return 'Terraform cannot change an IP-range location into a country location in place';
    if (hasBlock(c.before, 'country') && hasBlock(c.after, 'ip')) return 'Terraform cannot change a country location into an IP-range location in place';
  }
  const fields = [...new Set(c.replacePaths.map((p) => fieldWords(c.type, p)))];
  return fields.length ? `Terraform cannot change ${list(fields)} in place` : 'Terraform cannot make this change in place';
}

/**
 * Why a replace, destroy or forget happens, as one clause: `it is no longer in the
 * configuration: it was removed from the YAML`. An action_reason this version does not know
 * is quoted as Terraform wrote it.
 */
export function reasonWords(c: PlannedChange): string {
  switch (c.reason) {
    case 'replace_because_cannot_update':
      return cannotUpdate(c);
    case 'replace_because_tainted':
      return 'it is tainted (an earlier apply failed part-way through creating it, or someone ran terraform taint)';
    case 'replace_by_request':
      return `-replace was requested (terraform plan -replace=${c.address})`;
    case 'replace_by_triggers':
      return 'something its replace_triggered_by names changes';
    case 'delete_because_no_resource_config':
      return c.action === 'forget'
        ? 'it is no longer in the configuration, and a removed block keeps it in the tenant (lifecycle destroy = false)'
        : 'it is no longer in the configuration: it was removed from the YAML';
    case 'delete_because_wrong_repetition':
      return 'the configuration changed between one instance and count or for_each';
    case 'delete_because_count_index':
      return 'its count index is no longer in the configuration';
    case 'delete_because_each_key':
      return 'its for_each key is no longer in the configuration';
    case 'delete_because_no_module':
      return 'its module is no longer in the configuration';
    case 'delete_because_no_move_target':
      return 'a moved block moves it to an address that is not in the configuration';
    case undefined:
      if (c.action === 'replace') return c.replacePaths.length ? cannotUpdate(c) : 'Terraform gives no reason';
      if (c.deposed) return 'it is an old copy left by a replacement that stopped half-way';
      return 'Terraform gives no reason (a plan made with -destroy gives none)';
    default:
      return `Terraform's reason: ${c.reason}`;
  }
}
