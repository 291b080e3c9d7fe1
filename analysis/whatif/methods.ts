/**
 * Which authentication methods a stack enables, for whom, read back from its settings documents
 * (analysis/model/settings.ts): what the strength guardrail and the break-glass lockout proof
 * compare with the strengths Conditional Access demands. A target is `all_users`, a lower-case
 * object id, or the address of a group the stack creates (`azuread_group.break_glass_exclusion`).
 */
import { SETTINGS, TERRAFORM_REFERENCE } from '../../core/addresses';
import { ALL_USERS_TARGET, METHOD_CONFIGURATIONS, methodOfOdataType, methodRank, type MethodName } from '../../core/microsoft/authentication-methods';
import { settingsIn } from '../model/settings';
import type { EnvironmentModel } from '../model/types';

export interface EnabledMethod {
  readonly method: MethodName;
  readonly name: string;
  /** The strongest built-in strength it satisfies (1 MFA, 2 passwordless, 3 phishing-resistant, 0 none). */
  readonly rank: number;
  readonly targets: readonly string[];
  readonly stage: 'report-only' | 'enabled';
}

/** The methods policy as the stack declares it; undefined when the stack does not manage it. */
export interface MethodsInStack {
  readonly managed: true;
  readonly enabled: readonly EnabledMethod[];
}

const PREFIX = SETTINGS.authenticationMethod('');

function targetId(id: unknown): string | undefined {
  if (typeof id !== 'string') return undefined;
  const ref = TERRAFORM_REFERENCE.exec(id);
  return ref ? `${ref[1]}.${ref[2]}` : id.toLowerCase();
}

export function methodsInStack(model: EnvironmentModel): MethodsInStack | undefined {
  const docs = settingsIn(model, PREFIX);
  if (!docs.length) return undefined;
  const enabled: EnabledMethod[] = [];
  for (const d of docs) {
    const method = methodOfOdataType(d.declared['@odata.type']) ?? methodOfId(d.key);
    if (!method || d.declared.state !== 'enabled') continue;
    const includes = Array.isArray(d.declared.includeTargets) ? (d.declared.includeTargets as Record<string, unknown>[]) : [];
    const modes = includes.flatMap((t) => (typeof t.authenticationMode === 'string' ? [t.authenticationMode] : []));
    enabled.push({
      method,
      name: METHOD_CONFIGURATIONS[method].name,
      rank: methodRank(method, modes),
      targets: includes.flatMap((t) => targetId(t.id) ?? []),
      stage: d.stage,
    });
  }
  return { managed: true, enabled };
}

function methodOfId(key: string): MethodName | undefined {
  return (Object.keys(METHOD_CONFIGURATIONS) as MethodName[]).find((m) => SETTINGS.authenticationMethod(METHOD_CONFIGURATIONS[m].id) === key);
}

/** The strongest rank any enabled method gives someone who is in `memberOf` (their own id, groups they belong to). */
export function strongestFor(methods: MethodsInStack, memberOf: ReadonlySet<string>): number {
  let best = 0;
  for (const m of methods.enabled) {
    if (m.targets.some((t) => t === ALL_USERS_TARGET || memberOf.has(t))) best = Math.max(best, m.rank);
  }
  return best;
}
