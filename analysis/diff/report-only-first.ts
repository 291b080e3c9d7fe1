/**
 * "Every new policy ships in report-only, is validated against real sign-in logs, then is
 * enforced." In any environment, a policy may not go from absent or off straight to enabled
 * in one change, unless the environment file suppresses the rule for that policy with a reason.
 */
import { policyIdOf } from '../model/queries';
import type { EnvironmentModel, PolicyModel } from '../model/types';
import { stageOfPolicy } from '../report/describe';

export const REPORT_ONLY_FIRST_RULE = 'PRM-STG002';

export interface Suppression {
  readonly rule: string;
  readonly target: string;
  readonly reason: string;
}

export interface RuleFinding {
  readonly env: string;
  readonly policyId: string;
  readonly displayName: string;
  /** `absent` or `off`. */
  readonly from: string;
  /** For a wave twin: the waves that go from `from` straight to enabled. */
  readonly waves?: readonly string[];
}

/**
 * Where each wave of a twin stood in the base: in the base's twin if it covered the wave,
 * else in the main policy (whose scope held every wave before the pilot reached it).
 */
function waveStagesBefore(twin: PolicyModel & { wave: NonNullable<PolicyModel['wave']> }, base: EnvironmentModel | undefined): Map<string, string> {
  const out = new Map<string, string>();
  const baseTwin = base?.policy(twin.id);
  const baseMain = base?.policy(twin.wave.of);
  for (const w of twin.wave.waves) {
    const holder = baseTwin?.wave?.waves.includes(w) ? baseTwin : baseMain;
    out.set(w, holder ? stageOfPolicy(holder) : 'absent');
  }
  return out;
}

export interface ReportOnlyFirstResult {
  readonly violations: readonly RuleFinding[];
  readonly suppressed: readonly (RuleFinding & { readonly reason: string })[];
  /** Policies that target a user action: Entra has no report-only for them, so off -> enabled is the only path. */
  readonly exempt: readonly RuleFinding[];
  /** Policies adopted in place (an import block): enabled in the tenant already, so the deploy changes no sign-in. */
  readonly adopted: readonly RuleFinding[];
  /** Suppressions of this rule that matched nothing in this change. */
  readonly unusedSuppressions: readonly Suppression[];
}

export function checkReportOnlyFirst(
  env: string,
  base: EnvironmentModel | undefined,
  head: EnvironmentModel | undefined,
  suppressions: readonly Suppression[] = [],
): ReportOnlyFirstResult {
  const mine = suppressions.filter((s) => s.rule === REPORT_ONLY_FIRST_RULE);
  const used = new Set<Suppression>();
  const violations: RuleFinding[] = [];
  const suppressed: (RuleFinding & { reason: string })[] = [];
  const exempt: RuleFinding[] = [];
  const adopted: RuleFinding[] = [];
  for (const p of head?.policies ?? []) {
    if (p.state !== 'enabled') continue;
    let finding: RuleFinding;
    if (p.wave) {
      // Per wave: each wave the twin enforces must have been report-only (in the twin or the main policy) before.
      const stages = waveStagesBefore({ ...p, wave: p.wave }, base);
      const skipped = p.wave.waves.filter((w) => stages.get(w) === 'absent' || stages.get(w) === 'off');
      if (!skipped.length) continue;
      const from = skipped.some((w) => stages.get(w) === 'off') ? 'off' : 'absent';
      finding = { env, policyId: policyIdOf(p), displayName: p.displayName, from, waves: skipped };
    } else {
      const before = base?.policy(p.id);
      const from = before ? stageOfPolicy(before) : 'absent';
      if (from !== 'absent' && from !== 'off') continue;
      finding = { env, policyId: p.id, displayName: p.displayName, from };
    }
    if (p.conditions.applications.includeUserActions.length) {
      exempt.push(finding);
      continue;
    }
    // Newly adopted: the deploy takes the tenant's policy over as it is, so no sign-in changes.
    if (head?.imports.has(p.address) && !base?.imports.has(p.address)) {
      adopted.push(finding);
      continue;
    }
    const suppression = mine.find((s) => s.target === finding.policyId);
    if (suppression) {
      used.add(suppression);
      suppressed.push({ ...finding, reason: suppression.reason });
    } else {
      violations.push(finding);
    }
  }
  return { violations, suppressed, exempt, adopted, unusedSuppressions: mine.filter((s) => !used.has(s)) };
}

export function violationMessage(v: RuleFinding, file: string): string {
  return (
    `${REPORT_ONLY_FIRST_RULE}: ${v.displayName}: ${v.from} -> enabled in one change${v.waves ? ` for wave${v.waves.length > 1 ? 's' : ''} ${v.waves.join(', ')}` : ''} (${v.env}). ` +
    `Ship it as report-only first and validate it against sign-in logs, then enable it in a later change; ` +
    `or, if it must be enforced now, add to ${file}: suppressions: [{ rule: ${REPORT_ONLY_FIRST_RULE}, target: ${v.policyId}, reason: <why, at least 10 characters> }]`
  );
}
