/** One exported Conditional Access policy as perimeter adopts it. */
import type { GraphBody } from '../../core/graph-json';
import type { PolicyState } from '../../core/stages';
import { declarability } from './declarable';
import { identityOf, rawKeyPath } from './identity';
import type { JsonObject } from './json';
import { normalise } from './normalise';
import { at, dropPaths, stringsAt, textAt } from './paths';
import { POLICY_SCHEMA } from './schema';
import type { ImportedPolicy, ImportSource } from './types';

export interface PolicyRead {
  /** Present when the policy has no problem of its own. */
  readonly policy?: ImportedPolicy;
  readonly id?: string;
  readonly displayName?: string;
  readonly graph?: GraphBody;
  readonly problems: readonly { path: string; message: string }[];
  /** Every group id in includeGroups / excludeGroups, with where it stands in the file. */
  readonly groupRefs: readonly { id: string; rawPath: string }[];
}

const GROUP_LISTS = new Set(['conditions.users.includeGroups', 'conditions.users.excludeGroups']);

export function readPolicy(raw: JsonObject, source: ImportSource, prefix: string): PolicyRead {
  const n = normalise(raw, POLICY_SCHEMA, prefix);
  const problems = [...n.problems];
  const graph = n.graph ?? {};
  const { id, displayName } = identityOf(n.graph, raw, prefix, 'Conditional Access policy', problems);
  const statePath = rawKeyPath(raw, prefix, 'state');
  const state = textAt(graph, 'state') as PolicyState | undefined;
  if (state === undefined && !problems.some((p) => p.path === statePath)) {
    problems.push({ path: statePath, message: 'is missing: a policy is enabled, disabled or enabledForReportingButNotEnforced' });
  }
  const groupRefs = n.listItems.filter((i) => GROUP_LISTS.has(i.normPath)).map((i) => ({ id: i.value, rawPath: i.rawPath }));
  const base = { ...(id ? { id } : {}), ...(displayName !== undefined ? { displayName } : {}), graph, problems, groupRefs };
  if (problems.length || !id || displayName === undefined || !state) return base;

  const unexpressible = [...n.unexpressible, ...valueDependent(graph)];
  const verdict = declarability(dropPaths(graph, unexpressible), unexpressible);
  const policy: ImportedPolicy = {
    source,
    originalId: id,
    displayName,
    state,
    graph,
    unexpressible,
    notes: notesOf(graph),
    declarable: verdict.declarable,
    ...(verdict.declarable ? {} : { whyNot: verdict.whyNot }),
  };
  return { ...base, policy };
}

/** Fields azuread has an argument for, but not for this value. */
function valueDependent(g: GraphBody): string[] {
  const out: string[] = [];
  // insider_risk_levels is one string; Graph's type is a flags enum.
  if ((textAt(g, 'conditions.insiderRiskLevels') ?? '').includes(',')) out.push('conditions.insiderRiskLevels');
  // The provider accepts authenticationTransfer and deviceCodeFlow only.
  if (stringsAt(g, 'conditions.authenticationFlows.transferMethods').includes('none')) out.push('conditions.authenticationFlows.transferMethods');
  // With an every-time sign-in frequency the provider does not send these two (#1225).
  if (textAt(g, 'sessionControls.signInFrequency.frequencyInterval') === 'everyTime' && at(g, 'sessionControls.signInFrequency.isEnabled') !== false) {
    if (at(g, 'sessionControls.applicationEnforcedRestrictions.isEnabled') === true) out.push('sessionControls.applicationEnforcedRestrictions.isEnabled');
    if (at(g, 'sessionControls.disableResilienceDefaults') === true) out.push('sessionControls.disableResilienceDefaults');
  }
  return out;
}

function notesOf(g: GraphBody): string[] {
  const notes: string[] = [];
  const template = textAt(g, 'templateId');
  if (template) {
    notes.push(`created from the Microsoft template ${template}: templateId is read-only, so Terraform keeps it only while it manages this very policy, and it is lost if the policy is ever created again`);
  }
  const deleted = at(g, 'deletedDateTime');
  if (typeof deleted === 'string') notes.push(`deleted at ${deleted}: the export holds a soft-deleted policy, which adopting would bring back as a live one`);
  return notes;
}
