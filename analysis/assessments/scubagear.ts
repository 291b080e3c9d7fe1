/**
 * The ScubaGear (CISA, v1.8.0) configuration of one environment: for every Entra ID control
 * whose check reads Conditional Access exclusions or permanent role assignments, exactly what
 * the environment excludes or assigns on purpose, each with its reason as a YAML comment.
 *
 * ScubaGear passes a Conditional Access control when at least one enabled policy does what
 * the control asks and everything that policy excludes (users, groups, applications, guest
 * types) is listed under the control's `CapExclusions`; for MS.AAD.7.4v1 every principal with
 * a permanent active assignment of a highly privileged role must be under `RoleExclusions`.
 * Which policies implement a control is decided from what they do (the model's conditions
 * and grant controls), never from their ids, so custom policies map the same way.
 *
 * Pure: a model (and, after the first deploy, the stack's group ids) in, the file's text out.
 */
import { BUILT_IN_STRENGTHS, GUEST_OR_EXTERNAL_USER_TYPES, USER_ACTIONS } from '../../core/microsoft/well-known';
import { DIRECTORY_ROLES, type DirectoryRoleName } from '../../core/microsoft/directory-roles';
import { TF } from '../../core/addresses';
import { isGuid } from '../../core/ids';
import { includesAllApps, includesAllUsers, includesP2Group, isBlock, narrowingConditions, resourcesOf } from '../model/queries';
import type { EnvironmentModel, PolicyModel } from '../model/types';
import {
  excludedObjects,
  groupIdSource,
  oneLine,
  principalOf,
  stackGroupName,
  type DeclaredExclusion,
  type GroupObjectIds,
  type ListedObject,
} from './exclusions';
import { maesterConfig } from './maester';

/** The roles ScubaGear v1.8.0 treats as highly privileged by default (`privilegedRoles` in its defaults). */
export const HIGHLY_PRIVILEGED_ROLES: readonly DirectoryRoleName[] = [
  'Global Administrator',
  'Privileged Role Administrator',
  'User Administrator',
  'SharePoint Administrator',
  'Exchange Administrator',
  'Hybrid Identity Administrator',
  'Application Administrator',
  'Cloud Application Administrator',
];

const HIGHLY_PRIVILEGED_IDS: ReadonlySet<string> = new Set(HIGHLY_PRIVILEGED_ROLES.map((r) => DIRECTORY_ROLES[r]));
const ROLE_NAMES: ReadonlyMap<string, string> = new Map(Object.entries(DIRECTORY_ROLES).map(([name, id]) => [id, name]));

export interface ScubaGearControl {
  /** `MS.AAD.1.1v1` */
  readonly id: string;
  /** The control as ScubaGear's baseline states it. */
  readonly statement: string;
  /**
   * What a policy must do to implement the control, for the mapping table and the file's
   * comments. Every check also wants no excluded role (and, in ScubaGear, an enabled policy).
   */
  readonly looksFor: string;
  readonly implementedBy: (p: PolicyModel) => boolean;
  /**
   * Policies for the same condition that respond with something the check does not count,
   * worth a note (`CA010` answers high user risk with a password change, not a block).
   */
  readonly sameCondition?: { readonly matches: (p: PolicyModel) => boolean; readonly asks: string };
  /** The check does not read excluded applications (MS.AAD.3.8v1 targets a user action). */
  readonly noApplications?: boolean;
}

/** Who and what ScubaGear's Conditional Access checks start from: all users, all resources, no role excluded. */
const everyone = (p: PolicyModel) => includesAllUsers(p) && includesAllApps(p) && p.conditions.users.excludeRoles.length === 0;
const always = (p: PolicyModel) => narrowingConditions(p).length === 0;
const controls = (p: PolicyModel): readonly string[] => p.grantControls?.builtInControls ?? [];
const phishingResistant = (p: PolicyModel) => p.grantControls?.authenticationStrength?.id === BUILT_IN_STRENGTHS['phishing-resistant'].id;
const requiresMfa = (p: PolicyModel) => controls(p).includes('mfa') || p.grantControls?.authenticationStrength !== undefined;
const managedDeviceOnly = (p: PolicyModel) =>
  p.grantControls?.operator === 'OR' && controls(p).length === 2 && controls(p).includes('compliantDevice') && controls(p).includes('domainJoinedDevice');
const legacyClients = (p: PolicyModel) => p.conditions.clientAppTypes.includes('exchangeActiveSync') && p.conditions.clientAppTypes.includes('other');
const highUserRisk = (p: PolicyModel) => p.conditions.userRiskLevels.includes('high');
const highSignInRisk = (p: PolicyModel) => p.conditions.signInRiskLevels.includes('high');
const includesHighlyPrivilegedRoles = (p: PolicyModel) => {
  const roles = new Set(p.conditions.users.includeRoles.map((r) => r.id));
  return [...HIGHLY_PRIVILEGED_IDS].every((id) => roles.has(id));
};

/** The controls whose checks read `CapExclusions`, in ScubaGear's order (schema metadata `policyExclusionMappings`). */
export const CAP_EXCLUSION_CONTROLS: readonly ScubaGearControl[] = [
  {
    id: 'MS.AAD.1.1v1',
    statement: 'Legacy authentication SHALL be blocked.',
    looksFor: 'all users, all resources, client apps exchangeActiveSync and other, grant block',
    implementedBy: (p) => everyone(p) && legacyClients(p) && isBlock(p),
    sameCondition: { matches: (p) => everyone(p) && legacyClients(p) && !isBlock(p), asks: 'a block' },
  },
  {
    id: 'MS.AAD.2.1v1',
    statement: 'Users detected as high risk SHALL be blocked.',
    looksFor: 'all users, all resources, user risk high, grant block',
    implementedBy: (p) => everyone(p) && highUserRisk(p) && isBlock(p),
    sameCondition: { matches: (p) => everyone(p) && highUserRisk(p) && !isBlock(p), asks: 'a block' },
  },
  {
    id: 'MS.AAD.2.3v1',
    statement: 'Sign-ins detected as high risk SHALL be blocked.',
    looksFor: 'all users, all resources, sign-in risk high, grant block',
    implementedBy: (p) => everyone(p) && highSignInRisk(p) && isBlock(p),
    sameCondition: { matches: (p) => everyone(p) && highSignInRisk(p) && !isBlock(p), asks: 'a block' },
  },
  {
    id: 'MS.AAD.3.1v1',
    statement: 'Phishing-resistant MFA SHALL be enforced for all users.',
    looksFor: 'all users, all resources, no other condition, authentication strength phishing-resistant',
    implementedBy: (p) => everyone(p) && always(p) && phishingResistant(p),
  },
  {
    id: 'MS.AAD.3.2v1',
    statement: 'If phishing-resistant MFA has not been enforced, an alternative MFA method SHALL be enforced for all users.',
    looksFor: 'all users, all resources, no other condition, grant mfa or an authentication strength',
    implementedBy: (p) => everyone(p) && always(p) && requiresMfa(p),
  },
  {
    id: 'MS.AAD.3.6v1',
    statement: 'Phishing-resistant MFA SHALL be required for highly privileged roles.',
    looksFor: 'every highly privileged role, all resources, no other condition, authentication strength phishing-resistant',
    implementedBy: (p) =>
      includesHighlyPrivilegedRoles(p) && includesAllApps(p) && p.conditions.users.excludeRoles.length === 0 && always(p) && phishingResistant(p),
  },
  {
    id: 'MS.AAD.3.7v1',
    statement: 'Managed devices SHOULD be required for authentication.',
    looksFor: 'all users, all resources, no other condition, grant compliant device OR hybrid-joined device (those two only)',
    implementedBy: (p) => everyone(p) && always(p) && managedDeviceOnly(p),
  },
  {
    id: 'MS.AAD.3.8v1',
    statement: 'Managed Devices SHOULD be required to register MFA.',
    looksFor: 'all users, user action register security info, grant compliant device or hybrid-joined device',
    implementedBy: (p) =>
      includesAllUsers(p) &&
      p.conditions.users.excludeRoles.length === 0 &&
      p.conditions.applications.includeUserActions.includes(USER_ACTIONS.registerSecurityInfo) &&
      (controls(p).includes('compliantDevice') || controls(p).includes('domainJoinedDevice')),
    noApplications: true,
  },
  {
    id: 'MS.AAD.3.9v1',
    statement: 'Device code authentication SHOULD be blocked.',
    looksFor: 'all users, all resources, authentication flows device code flow (alone), grant block',
    implementedBy: (p) => {
      const methods = p.conditions.authenticationFlows?.transferMethods ?? [];
      return everyone(p) && methods.length === 1 && methods[0] === 'deviceCodeFlow' && isBlock(p);
    },
  },
];

/** The one control whose check reads `RoleExclusions`. */
export const ROLE_EXCLUSION_CONTROL = {
  id: 'MS.AAD.7.4v1',
  statement: 'Permanent active role assignments SHALL NOT be allowed for highly privileged roles.',
  looksFor: 'the permanent active assignments of a highly privileged role the stack makes (azuread_directory_role_assignment)',
} as const;

/** Which policies of the model implement each `CapExclusions` control, in control then policy order. */
export function controlMapping(model: EnvironmentModel): { readonly control: ScubaGearControl; readonly policies: readonly PolicyModel[] }[] {
  return CAP_EXCLUSION_CONTROLS.map((control) => ({ control, policies: model.policies.filter(control.implementedBy) }));
}

/** What ScubaGear sees of a policy's state, for the comment that names it. */
function stateNote(p: PolicyModel): string {
  switch (p.state) {
    case 'enabled':
      return 'enabled';
    case 'enabledForReportingButNotEnforced':
      return 'report-only: ScubaGear counts it once it is enabled';
    case 'disabled':
      return 'off: ScubaGear counts it once it is enabled';
  }
}

function grantWords(p: PolicyModel): string {
  const g = p.grantControls;
  if (!g) return 'no grant control';
  const parts = [...g.builtInControls, ...(g.authenticationStrength ? [g.authenticationStrength.label] : [])];
  return parts.join(` ${g.operator} `) || 'no grant control';
}

const GUEST_TYPES: ReadonlySet<string> = new Set(GUEST_OR_EXTERNAL_USER_TYPES);
const isNamedApp = (id: string) => /^[A-Za-z0-9]+$/.test(id);
/** GUIDs and guest types as they are; anything else quoted, so a named app can never read as a boolean or null. */
const plainScalar = (id: string) => (isGuid(id) || GUEST_TYPES.has(id) ? id : JSON.stringify(id));

class Writer {
  readonly lines: string[] = [];
  /** Stack groups an exclusion names whose object id is not known yet, in first-seen order. */
  readonly pending: string[] = [];

  comment(indent: number, text: string): void {
    this.lines.push(`${' '.repeat(indent)}# ${oneLine(text)}`);
  }

  /** One list of a CapExclusions or RoleExclusions block; nothing when there is nothing to list or explain. */
  list(indent: number, key: string, items: readonly ListedObject[], accepts: (id: string) => boolean): void {
    const listed = items.filter((i): i is ListedObject & { id: string } => i.id !== undefined && accepts(i.id));
    const unlisted = items.filter((i) => i.id === undefined || !accepts(i.id));
    for (const item of unlisted) {
      if (item.pendingGroup !== undefined) {
        if (!this.pending.includes(item.pendingGroup)) this.pending.push(item.pendingGroup);
        this.comment(indent, `Not in ${key} until the first deploy gives its object id (see the top of the file): ${TF.group}.${item.pendingGroup}, ${item.reason}`);
      } else {
        this.comment(indent, `Not in ${key}: ${item.reason}: ${item.id === undefined ? 'a value known only after deploy' : JSON.stringify(item.id)} is not an id ScubaGear accepts here; list it by hand`);
      }
    }
    if (!listed.length) {
      if (unlisted.length) this.lines.push(`${' '.repeat(indent)}${key}: []`);
      return;
    }
    this.lines.push(`${' '.repeat(indent)}${key}:`);
    for (const item of listed) this.lines.push(`${' '.repeat(indent + 2)}- ${plainScalar(item.id)} # ${oneLine(item.reason)}`);
  }
}

function guestTypes(policies: readonly PolicyModel[]): ListedObject[] {
  const out: ListedObject[] = [];
  for (const type of GUEST_OR_EXTERNAL_USER_TYPES) {
    const excluding = policies.filter((p) => p.conditions.users.excludeGuestsOrExternalUsers?.guestOrExternalUserTypes.includes(type));
    if (!excluding.length) continue;
    const ids = excluding.map((p) => p.id).join(', ');
    const deviceOnly = excluding.every((p) => controls(p).length > 0 && controls(p).every((c) => c === 'compliantDevice' || c === 'domainJoinedDevice'));
    const leaves = excluding.length === 1 ? 'leaves' : 'leave';
    out.push({ id: type, reason: deviceOnly ? `no device this tenant manages, so ${ids} ${leaves} guests and external users out` : `excluded from ${ids}` });
  }
  const other = new Set(policies.flatMap((p) => p.conditions.users.excludeGuestsOrExternalUsers?.guestOrExternalUserTypes ?? []).filter((t) => t !== 'none' && !GUEST_TYPES.has(t)));
  for (const type of [...other].sort()) out.push({ id: type, reason: 'a guest or external user type ScubaGear does not know' });
  return out;
}

function writeCapControl(w: Writer, model: EnvironmentModel, control: ScubaGearControl, policies: readonly PolicyModel[], groupIds: GroupObjectIds, declared: readonly DeclaredExclusion[]): void {
  w.comment(2, `${control.id}: ${control.statement}`);
  if (!policies.length) {
    w.comment(2, `No policy of this environment does this (${control.looksFor}), so there is nothing to exclude.`);
    if (control.sameCondition) {
      const { matches, asks } = control.sameCondition;
      for (const p of model.policies.filter(matches)) {
        w.comment(2, `ScubaGear does not count ${p.displayName}: it answers the same condition with ${grantWords(p)}, and the control asks for ${asks}.`);
      }
    }
    // licensing.p2Group: a risk policy that would implement the control if it targeted all users.
    const group = model.declared?.licensing?.p2Group;
    for (const p of group ? model.policies.filter((x) => includesP2Group(x, model.declared) && control.implementedBy(forAllUsers(x))) : []) {
      w.comment(2, `ScubaGear does not count ${p.displayName}: it targets the Entra ID P2 holders (licensing.p2Group ${group!.key}), and the control asks for all users.`);
    }
    return;
  }
  w.comment(2, `Implemented by ${policies.map((p) => `${p.displayName} (${stateNote(p)})`).join('; ')}.`);
  const users = excludedObjects(model, policies, 'user', groupIds, declared);
  const groups = excludedObjects(model, policies, 'group', groupIds, declared);
  const apps = control.noApplications ? [] : excludedObjects(model, policies, 'application', groupIds, declared);
  const guests = guestTypes(policies);
  w.lines.push(`  ${control.id}:`);
  if (!users.length && !groups.length && !apps.length && !guests.length) {
    w.lines.push('    CapExclusions: {}');
    return;
  }
  w.lines.push('    CapExclusions:');
  w.list(6, 'Users', users, isGuid);
  w.list(6, 'Groups', groups, isGuid);
  w.list(6, 'Applications', apps, (id) => isGuid(id) || isNamedApp(id));
  w.list(6, 'GuestUserTypes', guests, (id) => GUEST_TYPES.has(id));
}

interface PermanentAssignment {
  readonly principal: { readonly id: string } | { readonly group: string } | undefined;
  readonly role: string;
  readonly address: string;
  readonly value: unknown;
}

/** Permanent active assignments of highly privileged roles the stack makes, in address order. */
function permanentAssignments(model: EnvironmentModel): PermanentAssignment[] {
  return resourcesOf(model, TF.directoryRoleAssignment).flatMap((r) => {
    const roleId = typeof r.config.role_id === 'string' ? r.config.role_id.toLowerCase() : '';
    if (!HIGHLY_PRIVILEGED_IDS.has(roleId)) return [];
    return [{ principal: principalOf(r.config.principal_object_id), role: ROLE_NAMES.get(roleId) ?? roleId, address: r.address, value: r.config.principal_object_id }];
  });
}

function writeRoleControl(w: Writer, model: EnvironmentModel, groupIds: GroupObjectIds): void {
  const control = ROLE_EXCLUSION_CONTROL;
  w.comment(2, `${control.id}: ${control.statement}`);
  const assignments = permanentAssignments(model);
  if (!assignments.length) {
    w.comment(2, 'The stack assigns no highly privileged role permanently, so there is nothing to exclude.');
    return;
  }
  w.comment(2, 'The stack assigns these roles permanently on purpose (azuread_directory_role_assignment is always permanent and active).');
  const byPrincipal = <T>(pick: (a: PermanentAssignment) => string | undefined, make: (key: string, roles: string) => T): T[] => {
    const roles = new Map<string, string[]>();
    for (const a of assignments) {
      const key = pick(a);
      if (key !== undefined) roles.set(key, [...(roles.get(key) ?? []), a.role]);
    }
    return [...roles.entries()].map(([key, names]) => make(key, [...new Set(names)].join(', ')));
  };
  const breakGlass = model.declared?.breakGlassAccounts ?? [];
  const users = byPrincipal<ListedObject>(
    (a) => (a.principal && 'id' in a.principal ? a.principal.id : undefined),
    (id, roles) => {
      const n = breakGlass.indexOf(id);
      return {
        id,
        reason: n >= 0 ? `break-glass account ${n + 1}: permanent active ${roles}, outside PIM, as Microsoft advises for emergency access` : `${model.labelOf(id)}: permanent active ${roles}`,
      };
    },
  ).sort((a, b) => rank(breakGlass, a.id!) - rank(breakGlass, b.id!));
  const groups = byPrincipal<ListedObject>(
    (a) => (a.principal && 'group' in a.principal ? a.principal.group : undefined),
    (key, roles) => {
      const id = groupIds[key]?.toLowerCase();
      const name = stackGroupName(model, key);
      const reason = key.startsWith('pim_') ? `${name}: holds ${roles} permanently by design; its members are eligible and activate through PIM` : `${name}: holds ${roles} permanently`;
      return id !== undefined ? { id, reason } : { reason, pendingGroup: key };
    },
  );
  w.lines.push(`  ${control.id}:`);
  for (const a of assignments.filter((x) => x.principal === undefined)) {
    w.comment(4, `Not listed: ${a.address} assigns ${a.role} to ${JSON.stringify(a.value)}, which is neither an object id nor a group of this stack; list its object id by hand`);
  }
  w.lines.push('    RoleExclusions:');
  w.list(6, 'Users', users, isGuid);
  w.list(6, 'Groups', groups, isGuid);
}

function rank(order: readonly string[], id: string): number {
  const i = order.indexOf(id);
  return i < 0 ? order.length : i;
}

export interface ScubaGearConfig {
  readonly content: string;
  /** Keys of the stack groups the file needs whose object id was not given: complete once this is empty. */
  readonly pendingGroups: readonly string[];
}

/** The environment file a model was read with, as the file's header names it. */
function sourceFile(model: EnvironmentModel): string {
  return (model.declared?.file ?? `environments/${model.name}.yaml`).replace(/\\/g, '/');
}

/**
 * The ScubaGear configuration of one environment. `groupIds` fills in the stack's groups
 * (from `terraform output -json` after the first deploy); without them the file lists every
 * id that is known and names each stack group in a comment where its id belongs.
 * `declared` gives the reasons of the environment's own per-policy exclusions (by default
 * what the model's declared facts hold).
 */
export function scubaGearConfig(model: EnvironmentModel, groupIds: GroupObjectIds = {}, declared: readonly DeclaredExclusion[] = model.declared?.policyExclusions ?? []): ScubaGearConfig {
  const body = new Writer();
  body.lines.push(`OrgName: ${JSON.stringify(model.name)}`);
  const tenant = model.declared?.tenantId ?? model.tenantId;
  body.lines.push(
    `Description: ${JSON.stringify(oneLine(`Conditional Access exclusions and permanent role assignments that ${sourceFile(model)} declares${tenant ? ` (tenant ${tenant})` : ''}, generated by perimeter.`))}`,
  );
  body.lines.push('ProductNames:', '  - aad', 'M365Environment: commercial', 'Aad:');
  for (const { control, policies } of controlMapping(model)) writeCapControl(body, model, control, policies, groupIds, declared);
  writeRoleControl(body, model, groupIds);

  const env = model.name;
  const header = new Writer();
  header.comment(0, `ScubaGear configuration of the ${env} environment: the Conditional Access exclusions and permanent role assignments`);
  header.comment(0, `${sourceFile(model)} declares, so ScubaGear reports them as intended instead of as failures.`);
  header.comment(0, `Generated by perimeter (npm run assessments -- --env ${env}); change the environment file, not this file.`);
  header.lines.push('#');
  header.comment(0, 'Run it after the deploy, in Windows PowerShell 5.1:');
  header.lines.push('#   Install-Module -Name ScubaGear', '#   Initialize-SCuBA', '#   Invoke-SCuBA -ConfigFilePath .\\scubagear.yaml');
  header.lines.push('#');
  if (body.pending.length) {
    header.comment(0, `Not complete: ${body.pending.length === 1 ? 'one group' : `${body.pending.length} groups`} the stack creates get their object ids at the first deploy; until then`);
    header.comment(0, 'each is named in a comment where its id belongs:');
    for (const key of body.pending) header.comment(0, `  - ${stackGroupName(model, key)} (${TF.group}.${key}): ${groupIdSource(model, key)}`);
    header.comment(0, 'After the deploy, complete the file:');
    header.lines.push(`#   terraform -chdir=cdktf.out/stacks/${env} output -json > outputs.json`, `#   npm run assessments -- --env ${env} --outputs outputs.json`);
  } else {
    header.comment(0, 'Complete: every object id it needs is known.');
  }
  return { content: `${[...header.lines, ...body.lines].join('\n')}\n`, pendingGroups: body.pending };
}

export interface AssessmentFile {
  readonly name: 'scubagear.yaml' | 'maester-config.json';
  readonly content: string;
}

/**
 * Both assessment files of one environment, to be written next to its stack
 * (`cdktf.out/stacks/<env>/`) or wherever `npm run assessments` is told.
 */
export function assessmentFiles(model: EnvironmentModel, groupIds: GroupObjectIds = {}, declared: readonly DeclaredExclusion[] = model.declared?.policyExclusions ?? []): AssessmentFile[] {
  return [
    { name: 'scubagear.yaml', content: scubaGearConfig(model, groupIds, declared).content },
    { name: 'maester-config.json', content: maesterConfig(model, groupIds).content },
  ];
}

/** The policy as it would be for all users (what a licensing.p2Group narrowed). */
function forAllUsers(p: PolicyModel): PolicyModel {
  const users = p.conditions.users;
  return { ...p, conditions: { ...p.conditions, users: { ...users, includeUsers: [{ id: 'All', label: 'all users' }], includeGroups: [] } } };
}
