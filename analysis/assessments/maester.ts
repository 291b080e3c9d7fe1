/**
 * The Maester (2.2.0) configuration of one environment: `GlobalSettings.EmergencyAccessAccounts`,
 * the break-glass accounts and, once its object id is known, the break-glass exclusion group.
 *
 * Maester's MT.1005 reads the setting the other way round from ScubaGear: every Conditional
 * Access policy (except those for workload identities) must exclude every configured user
 * and every configured group. So an account or group is listed only when every such policy of
 * the model excludes it; listing more would turn MT.1005 red for a tenant that is right.
 *
 * Pure: a model (and, after the first deploy, the stack's group ids) in, the file's text out.
 * JSON has no comments: docs/assessments.md explains the file, and `notes` says what was left out.
 */
import { BREAK_GLASS_GROUP } from '../../core/addresses';
import { excludesBreakGlassGroup } from '../model/queries';
import type { EnvironmentModel, PolicyModel } from '../model/types';
import { groupIdSource, type GroupObjectIds } from './exclusions';

export interface EmergencyAccessAccount {
  readonly Id: string;
  readonly Type: 'User' | 'Group';
}

export interface MaesterConfig {
  readonly content: string;
  readonly accounts: readonly EmergencyAccessAccount[];
  /** What could not be listed, and why, for the command to print. */
  readonly notes: readonly string[];
}

/** The policies MT.1005 checks: all of them but those that target service principals. */
function checkedPolicies(model: EnvironmentModel): PolicyModel[] {
  return model.policies.filter((p) => !(p.conditions.clientApplications?.includeServicePrincipals.length ?? 0));
}

const notExcludedBy = (policies: readonly string[]) => `${policies.join(', ')} ${policies.length === 1 ? 'does' : 'do'} not exclude it, and Maester wants every policy to`;

/** The Maester configuration of one environment; `groupIds` adds the break-glass exclusion group once it exists. */
export function maesterConfig(model: EnvironmentModel, groupIds: GroupObjectIds = {}): MaesterConfig {
  const policies = checkedPolicies(model);
  const accounts: EmergencyAccessAccount[] = [];
  const notes: string[] = [];
  const missing = (excluded: (p: PolicyModel) => boolean) => policies.filter((p) => !excluded(p)).map((p) => p.id);
  if (!model.declared) notes.push(`no break-glass accounts are listed: the environment file of ${model.name} was not read`);
  (model.declared?.breakGlassAccounts ?? []).forEach((id, i) => {
    const notExcluding = missing((p) => p.conditions.users.excludeUsers.some((u) => u.id === id));
    if (notExcluding.length) notes.push(`break-glass account ${i + 1} (${id}) is not listed: ${notExcludedBy(notExcluding)}`);
    else accounts.push({ Id: id, Type: 'User' });
  });
  const groupId = groupIds[BREAK_GLASS_GROUP]?.toLowerCase();
  const notExcluding = missing(excludesBreakGlassGroup);
  if (model.groups.some((g) => g.managedByStack && g.key === BREAK_GLASS_GROUP)) {
    if (groupId === undefined) notes.push(`the break-glass exclusion group is not listed yet: its object id exists after the first deploy (${groupIdSource(model, BREAK_GLASS_GROUP)})`);
    else if (notExcluding.length) notes.push(`the break-glass exclusion group is not listed: ${notExcludedBy(notExcluding)}`);
    else accounts.push({ Id: groupId, Type: 'Group' });
  }
  const content = `${JSON.stringify({ GlobalSettings: { EmergencyAccessAccounts: accounts } }, null, 2)}\n`;
  return { content, accounts, notes };
}
