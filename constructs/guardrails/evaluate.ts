/**
 * Runs every rule over every environment and applies the environment's suppressions.
 * Pure: the Aspect in pack.ts is what attaches the results to the construct tree.
 */
import type { Environment, Suppression } from '../../config/environment';
import type { Problem } from '../../config/errors';
import type { GuardrailRule, RuleContext, Severity, StackJson } from './model';
import { RULES } from './rules';

export interface EvaluatedFinding {
  readonly rule: GuardrailRule;
  readonly environment: string;
  readonly file: string;
  readonly address: string;
  readonly target: string;
  readonly message: string;
  readonly severity: Severity;
  /** Set when a suppression in the environment YAML accepted the finding. */
  readonly suppressedBy?: Suppression;
}

export interface GuardrailReport {
  readonly findings: readonly EvaluatedFinding[];
  /** Problems with the suppressions themselves (unknown rule, unknown target). */
  readonly suppressionProblems: readonly Problem[];
  /** Suppressions that matched nothing: warnings. */
  readonly unusedSuppressions: readonly { readonly environment: Environment; readonly suppression: Suppression }[];
}

/** Everything a suppression may name in this environment. */
export function knownTargets(env: Environment): Set<string> {
  return new Set<string>([
    env.name,
    ...env.policies.map((p) => p.definition.id),
    ...Object.keys(env.namedLocations),
    ...Object.keys(env.apps),
    ...Object.keys(env.groups),
    ...(env.telemetry?.rules ?? []).map((r) => r.id),
    ...(env.pim?.roles ?? []).map((r) => r.name),
    ...(env.pim?.azureRoles ?? []).map((r) => r.key),
    ...(env.breakGlass.assignGlobalAdmin ? ['Global Administrator'] : []),
    ...Object.keys(env.appProxy?.apps ?? {}),
    'break_glass_exclusion',
    ...(env.telemetry ? ['telemetry'] : []),
  ]);
}

export function evaluateGuardrails(
  inputs: readonly { readonly environment: Environment; readonly tf: StackJson }[],
  rules: readonly GuardrailRule[] = RULES,
): GuardrailReport {
  const highestRing = Math.max(...inputs.map((i) => i.environment.ring));
  const findings: EvaluatedFinding[] = [];
  const suppressionProblems: Problem[] = [];
  const unusedSuppressions: { environment: Environment; suppression: Suppression }[] = [];

  for (const input of inputs) {
    const env = input.environment;
    const ctx: RuleContext = { environment: env, tf: input.tf, peers: inputs, isHighestRing: env.ring === highestRing };
    const targets = knownTargets(env);
    const valid: Suppression[] = [];
    for (const s of env.suppressions) {
      const rule = rules.find((r) => r.id === s.rule);
      if (!rule) {
        suppressionProblems.push({
          file: env.file,
          path: `suppressions[${s.index}].rule`,
          message: `unknown rule ${JSON.stringify(s.rule)}; the rules are listed in RULES.md (${rules.map((r) => r.id).join(', ')})`,
        });
      } else if (!targets.has(s.target)) {
        suppressionProblems.push({
          file: env.file,
          path: `suppressions[${s.index}].target`,
          message: `unknown target ${JSON.stringify(s.target)}; name a policy id, named location, app, group, role or the environment (${env.name}) of this file`,
        });
      } else {
        valid.push(s);
      }
    }
    const used = new Set<Suppression>();
    for (const rule of rules) {
      if (!rule.check || (rule.phase ?? 'synth') !== 'synth') continue;
      for (const f of rule.check(ctx)) {
        const suppressedBy = valid.find((s) => s.rule === rule.id && s.target === f.target);
        if (suppressedBy) used.add(suppressedBy);
        findings.push({
          rule,
          environment: env.name,
          file: env.file,
          address: f.address,
          target: f.target,
          message: f.message,
          severity: f.severity ?? rule.severity,
          ...(suppressedBy ? { suppressedBy } : {}),
        });
      }
    }
    for (const s of valid) {
      const rule = rules.find((r) => r.id === s.rule);
      if (!used.has(s) && rule?.phase !== 'diff') unusedSuppressions.push({ environment: env, suppression: s });
    }
  }
  return { findings, suppressionProblems, unusedSuppressions };
}

/** One line: `PRM-LOC002 [prod] azuread_named_location.corp-egress: <message>`. */
export function findingLine(f: EvaluatedFinding): string {
  const where = f.address === f.file ? '' : ` ${f.address}`;
  return `${f.rule.id} [${f.environment}]${where}: ${f.message}`;
}

/** The blocking form: the finding, why it matters and how to fix it. */
export function findingProblem(f: EvaluatedFinding): Problem {
  return {
    file: f.file,
    path: '',
    message: `${findingLine(f)}\n      why: ${f.rule.explanation}\n      fix: ${f.rule.fix}`,
  };
}
