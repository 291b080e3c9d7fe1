/**
 * What the assessment files (ScubaGear, Maester) share: the objects a policy excludes, each
 * with the reason the environment has for it, and the object ids of the groups the stack
 * creates, which exist only after the first deploy (the model names them by Terraform
 * address until then). Pure: the caller reads files and passes their contents in.
 */
import { BREAK_GLASS_GROUP, TERRAFORM_REFERENCE, TF } from '../../core/addresses';
import { isGuid } from '../../core/ids';
import { formatKeyPath, quote } from '../../core/problems';
import type { EnvironmentModel, GroupModel, PolicyExclusionFact, PolicyModel, Ref } from '../model/types';

/** Object ids of groups the stack creates, by group key (`break_glass_exclusion`, `pim_global_administrator`). */
export type GroupObjectIds = Readonly<Record<string, string>>;

/** One `policies.<id>.exclude` of the environment file (the reason is only in the file). */
export type DeclaredExclusion = PolicyExclusionFact;

export type ObjectKind = 'user' | 'group' | 'application';

/** One object a configuration lists, or would list once its id is known. */
export interface ListedObject {
  /** What the tool compares: a lower-case GUID or a named app (`Office365`); absent while a stack-created object has no id yet. */
  readonly id?: string;
  /** Why it is there, in one line. */
  readonly reason: string;
  /** For a group the stack creates whose id is not known yet: its key (`break_glass_exclusion`). */
  readonly pendingGroup?: string;
}

/** One line of text for a YAML comment or a message: no line breaks, single spaces. */
export function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** The key of a group the stack creates, when `ref` names one (`azuread_group.<key>`). */
export function stackGroupKey(ref: Ref): string | undefined {
  return ref.terraform?.type === TF.group ? ref.terraform.name : undefined;
}

/** The stack-created group with this key, if the stack has one. */
function stackGroup(model: EnvironmentModel, key: string): GroupModel | undefined {
  return model.groups.find((g) => g.managedByStack && g.key === key);
}

/** How a person recognises a group the stack creates: `break-glass exclusion group`, `PIM group "PIM: Global Administrator"`. */
export function stackGroupName(model: EnvironmentModel, key: string): string {
  if (key === BREAK_GLASS_GROUP) return 'break-glass exclusion group';
  const displayName = stackGroup(model, key)?.displayName ?? key;
  return key.startsWith('pim_') ? `PIM group "${displayName}"` : `group "${displayName}"`;
}

/** The Terraform outputs of the stack whose value is the object id of the stack group `key`. */
export function outputsOfGroup(model: EnvironmentModel, key: string): string[] {
  return Object.entries(model.outputs)
    .filter(([, o]) => typeof o.value === 'string' && o.value === `\${${TF.group}.${key}.object_id}`)
    .map(([name]) => name)
    .sort();
}

/** Where the object id of a stack group comes from after the first deploy, in a few words. */
export function groupIdSource(model: EnvironmentModel, key: string): string {
  const [output] = outputsOfGroup(model, key);
  return output !== undefined
    ? `Terraform output ${output}`
    : `the stack has no output for it: add "${key}": "<object id>" to the outputs file (terraform -chdir=cdktf.out/stacks/${model.name} state show ${TF.group}.${key} prints its object_id)`;
}

/** A reference's id as a tool compares it: lower-case GUIDs, other values as they are. */
function comparable(ref: Ref, groupIds: GroupObjectIds): { id?: string; pendingGroup?: string } {
  const key = stackGroupKey(ref);
  if (key !== undefined) {
    const known = groupIds[key];
    return known !== undefined ? { id: known.toLowerCase() } : { pendingGroup: key };
  }
  if (ref.terraform) return {};
  return { id: isGuid(ref.id) ? ref.id.toLowerCase() : ref.id };
}

/** Why `ref` is excluded from `policies`, in the environment's words. */
function reasonOf(model: EnvironmentModel, kind: ObjectKind, ref: Ref, policies: readonly PolicyModel[], declared: readonly DeclaredExclusion[]): string {
  const facts = model.declared;
  const ids = policies.map((p) => p.id).join(', ');
  if (kind === 'user') {
    const breakGlass = facts?.breakGlassAccounts.indexOf(ref.id) ?? -1;
    if (breakGlass >= 0) return `break-glass account ${breakGlass + 1}`;
    const sync = facts?.directorySync?.accounts.indexOf(ref.id) ?? -1;
    if (sync >= 0) return `directory-sync account ${sync + 1}`;
  }
  const groupKey = stackGroupKey(ref);
  if (kind === 'group' && groupKey === BREAK_GLASS_GROUP) return 'break-glass exclusion group';
  if (kind === 'group' && facts?.waves?.some((w) => w.groupId === ref.id)) {
    return `${model.labelOf(ref.id)}, excluded from ${ids} while its wave twin enforces ${ids} for the wave (docs/waves.md); the exclusion goes when the pilot finishes`;
  }
  if (kind === 'group' && groupKey !== undefined) return `${stackGroupName(model, groupKey)}, excluded from ${ids}`;
  const reasons = declared.filter((d) => policies.some((p) => p.id === d.policy) && (kind === 'user' ? d.users : kind === 'group' ? d.groups : []).includes(ref.id));
  const known = model.labelOf(ref.id);
  const label = known !== ref.id ? known : kind === 'application' ? 'an application' : `a ${kind}`;
  if (reasons.length) return `${label}, excluded from ${reasons.map((d) => `${d.policy}: ${oneLine(d.reason)}`).join('; ')}`;
  const where = facts ? ` (${facts.file}: ${policies.map((p) => `policies.${p.id}.exclude`).join(', ')})` : '';
  return kind === 'application' ? `${label}, excluded from ${ids}` : `${label}, excluded from ${ids}${where}`;
}

/**
 * What `policies` exclude, of one kind, each object once, in policy order then the order the
 * policy names them: the union a configuration must list for a check over those policies.
 */
export function excludedObjects(
  model: EnvironmentModel,
  policies: readonly PolicyModel[],
  kind: ObjectKind,
  groupIds: GroupObjectIds,
  declared: readonly DeclaredExclusion[],
): ListedObject[] {
  const refsOf = (p: PolicyModel): readonly Ref[] =>
    kind === 'user' ? p.conditions.users.excludeUsers : kind === 'group' ? p.conditions.users.excludeGroups : p.conditions.applications.excludeApplications;
  const seen = new Map<string, Ref>();
  for (const p of policies) for (const ref of refsOf(p)) if (!seen.has(ref.id)) seen.set(ref.id, ref);
  return [...seen.values()].map((ref) => {
    const excluding = policies.filter((p) => refsOf(p).some((r) => r.id === ref.id));
    return { ...comparable(ref, groupIds), reason: oneLine(reasonOf(model, kind, ref, excluding, declared)) };
  });
}

export interface OutputsReading {
  /** Object ids by group key, lower-case. */
  readonly groupIds: Record<string, string>;
  /** Problems with the outputs file, by key path inside it. */
  readonly problems: readonly { readonly path: string; readonly message: string }[];
}

const EXAMPLE_GUID = '3f2504e0-4f89-41d3-9a0c-0305e82c3301';

/**
 * The object ids of the stack's groups from what `terraform output -json` printed for a
 * deployed stack (`{ "<name>": { "value": ..., "type": ..., "sensitive": ... } }`). A group is
 * found under every output whose value is its object id (`break_glass_exclusion_group_object_id`),
 * else under its own key (`pim_global_administrator`), as `{ "value": "<id>" }` or a plain string.
 * An output the stack declares must be there; a key the stack has no output for is optional.
 */
export function groupIdsFromOutputs(outputs: unknown, model: EnvironmentModel): OutputsReading {
  if (outputs === null || typeof outputs !== 'object' || Array.isArray(outputs)) {
    return { groupIds: {}, problems: [{ path: '', message: 'is not the JSON object `terraform output -json` prints (an object of outputs by name)' }] };
  }
  const entries = outputs as Record<string, unknown>;
  const groupIds: Record<string, string> = {};
  const problems: { path: string; message: string }[] = [];
  const present = Object.keys(entries).sort();
  for (const group of model.groups.filter((g) => g.managedByStack)) {
    const declaredOutputs = outputsOfGroup(model, group.key);
    const name = [...declaredOutputs, group.key].find((n) => Object.hasOwn(entries, n));
    if (name === undefined) {
      if (declaredOutputs.length) {
        const has = present.length ? `it has ${present.join(', ')}` : 'it has no outputs';
        problems.push({
          path: formatKeyPath([declaredOutputs[0]!]),
          message: `is missing (the object id of the ${stackGroupName(model, group.key)}); the file must be what \`terraform -chdir=cdktf.out/stacks/${model.name} output -json\` prints after a deploy of ${model.name}; ${has}`,
        });
      }
      continue;
    }
    const entry = entries[name];
    const wrapped = entry !== null && typeof entry === 'object' && !Array.isArray(entry);
    const value = wrapped ? (entry as Record<string, unknown>).value : entry;
    const path = formatKeyPath(wrapped ? [name, 'value'] : [name]);
    if (typeof value !== 'string' || !isGuid(value)) {
      problems.push({ path, message: `${quote(value)} is not an object id; expected a GUID such as ${EXAMPLE_GUID}` });
      continue;
    }
    groupIds[group.key] = value.toLowerCase();
  }
  return { groupIds, problems };
}

/** The principal of a synthesized role assignment: a GUID, or the stack group a reference names. */
export function principalOf(value: unknown): { id: string } | { group: string } | undefined {
  if (typeof value !== 'string') return undefined;
  const m = TERRAFORM_REFERENCE.exec(value);
  if (m) return m[1] === TF.group && m[3] === 'object_id' ? { group: m[2]! } : undefined;
  return isGuid(value) ? { id: value.toLowerCase() } : undefined;
}
