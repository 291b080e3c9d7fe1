/**
 * The changes a reviewer must not miss even when every stage is unchanged: retargeting (the
 * environment moves to another tenant or subscription), and removals and renames of the
 * objects whose loss hurts (core/addresses.ts `protectedObject`): Terraform destroys them.
 * Each is not promotable unless the YAML acknowledges it: a suppression of PRM-CHG001 for a
 * retarget, a `retire:` entry for a removal or rename. Pure over two models.
 */
import { isGraphPolicyResource, protectedObject, type ProtectedObject } from '../../core/addresses';
import type { EnvironmentModel, SynthesizedResource } from '../model/types';
import { stageOfPolicy } from '../report/describe';

export const RETARGET_RULE = 'PRM-CHG001';
export const REMOVAL_RULE = 'PRM-CHG002';

export interface DangerousChange {
  readonly env: string;
  readonly rule: typeof RETARGET_RULE | typeof REMOVAL_RULE;
  /** What happens, in a reviewer's words. */
  readonly message: string;
  /** What acknowledges it: the suppression target or the `retire:` target. */
  readonly target: string;
  /** How to acknowledge it, as YAML to add. */
  readonly acknowledge: string;
  /** Why the YAML accepts it, when it does. */
  readonly reason?: string;
  /** A removal the acknowledgement cannot cover (an enforced policy must be turned off first). */
  readonly blocked?: string;
}

export interface DangerousResult {
  readonly changes: readonly DangerousChange[];
  /** `retire:` entries that matched nothing in this change. */
  readonly unusedRetirements: readonly string[];
}

interface Acknowledgements {
  readonly suppressions: readonly { readonly rule: string; readonly target: string; readonly reason: string }[];
  readonly retired: readonly { readonly target: string; readonly reason: string }[];
}

/** The configuration of a resource as Terraform compares it, without its name and labels. */
function shape(r: SynthesizedResource): string {
  const { display_name: _d, '//': _m, ...rest } = r.config as Record<string, unknown>;
  return JSON.stringify(rest);
}

const protectedResources = (m: EnvironmentModel) =>
  new Map(m.resources.flatMap((r) => {
    const p = protectedObject(r.type, r.name);
    return p ? [[r.address, { resource: r, object: p }] as const] : [];
  }));

function describe(m: EnvironmentModel, r: SynthesizedResource, o: ProtectedObject): string {
  const name = typeof r.config['display_name'] === 'string' ? ` "${r.config['display_name'] as string}"` : '';
  if (r.type === 'azuread_conditional_access_policy' || isGraphPolicyResource(r.type, r.config)) {
    const p = m.policies.find((x) => x.address === r.address);
    return `policy ${p?.displayName ?? r.name}${p ? ` (${stageOfPolicy(p)})` : ''}`;
  }
  if (o.kind === 'break-glass Global Administrator assignment') return `the permanent Global Administrator assignment of break-glass account ${m.labelOf(o.target)}`;
  return `${o.kind} ${o.target}${name}`;
}

function retarget(env: string, base: EnvironmentModel, head: EnvironmentModel): { message: string }[] {
  const out: { message: string }[] = [];
  if (base.tenantId && head.tenantId && base.tenantId.toLowerCase() !== head.tenantId.toLowerCase()) {
    out.push({
      message: `${env} moves from tenant ${base.tenantId} to tenant ${head.tenantId}: the next deploy creates every object in the new tenant, and the old tenant keeps its policies, unmanaged`,
    });
  }
  const b = base.subscriptions.join(', ');
  const h = head.subscriptions.join(', ');
  if (b && h && b !== h) {
    out.push({ message: `${env} moves from subscription ${b} to ${h}: the workspace, the rules and the PIM Azure role settings are created again there, and the old ones stay, unmanaged` });
  }
  return out;
}

export function dangerousChanges(env: string, base: EnvironmentModel | undefined, head: EnvironmentModel | undefined, ack: Acknowledgements): DangerousResult {
  const changes: DangerousChange[] = [];
  const usedRetirements = new Set<string>();
  if (!base || !head) return { changes, unusedRetirements: ack.retired.map((r) => r.target) };

  for (const { message } of retarget(env, base, head)) {
    const s = ack.suppressions.find((x) => x.rule === RETARGET_RULE && x.target === env);
    changes.push({
      env,
      rule: RETARGET_RULE,
      message,
      target: env,
      acknowledge: `suppressions: [{ rule: ${RETARGET_RULE}, target: ${env}, reason: <why, at least 10 characters> }]`,
      ...(s ? { reason: s.reason } : {}),
    });
  }

  const before = protectedResources(base);
  const after = protectedResources(head);
  const added = [...after.entries()].filter(([address]) => !before.has(address));
  for (const [address, { resource, object }] of before) {
    if (after.has(address)) continue;
    const renamedTo = added.find(([, a]) => a.resource.type === resource.type && shape(a.resource) === shape(resource));
    const what = describe(base, resource, object);
    const message = renamedTo
      ? `${what} is renamed to ${renamedTo[1].object.target}: Terraform destroys it and creates a new one, which loses its history (sign-in log references, report-only evidence)`
      : `${what} is removed: the next deploy destroys it`;
    const retirement = ack.retired.find((r) => r.target === object.target);
    if (retirement) usedRetirements.add(retirement.target);
    // An azuread policy or one declared through msgraph (an authentication context policy).
    const policy = base.policies.find((p) => p.address === address);
    const enforced = policy && stageOfPolicy(policy) !== 'off';
    changes.push({
      env,
      rule: REMOVAL_RULE,
      message,
      target: object.target,
      acknowledge: `retire: [{ target: ${object.target}, reason: <why, at least 10 characters> }]`,
      ...(retirement ? { reason: retirement.reason } : {}),
      ...(enforced ? { blocked: `${policy.displayName} is ${stageOfPolicy(policy)}; take it to off in one change and retire it in a later one, so nobody's sign-in changes by surprise` } : {}),
    });
  }
  return { changes, unusedRetirements: ack.retired.map((r) => r.target).filter((t) => !usedRetirements.has(t)) };
}

/** True when the change is accepted: acknowledged in the YAML, and not blocked. */
export const isAcknowledged = (c: DangerousChange) => c.reason !== undefined && c.blocked === undefined;

/** One line for a reviewer: what happens and what the YAML says about it. */
export function dangerousLine(c: DangerousChange, file: string): string {
  if (c.blocked) return `${c.rule}: ${c.message} (${c.env}). Not promotable: ${c.blocked}`;
  if (c.reason !== undefined) return `${c.rule}: ${c.message} (${c.env}); acknowledged: ${c.reason}`;
  return `${c.rule}: ${c.message} (${c.env}). If this is intended, add to ${file}: ${c.acknowledge}`;
}
