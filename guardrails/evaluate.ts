/**
 * Runs every rule over every environment and applies the environment's suppressions. Pure:
 * the Aspect in app/guardrail-aspect.ts is what attaches the results to the construct tree.
 */
import type { Problem } from '../core/problems';
import type { StackJson } from '../core/terraform-json';
import { readSynthesizedStack } from '../analysis/model/read';
import type { DeclaredModel } from '../analysis/model/types';
import { declaredFacts } from '../environment/declared';
import type { Environment, Suppression } from '../environment/environment';
import { RULES } from './index';
import type { Finding, GuardrailRule, RuleContext, Severity } from './rule';
import { knownTargets } from './suppressions';
import { didYouMean, didYouMeanId } from '../core/text';

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
  /** The line of the environment file that declares the finding's target, when it has one. */
  readonly line?: number;
}

export interface GuardrailReport {
  readonly findings: readonly EvaluatedFinding[];
  /** Problems with the suppressions themselves (unknown rule, unknown target). */
  readonly suppressionProblems: readonly Problem[];
  /** Suppressions that matched nothing: warnings. */
  readonly unusedSuppressions: readonly { readonly environment: Environment; readonly suppression: Suppression }[];
}

/** The model a rule sees: the synthesized JSON read once, with the environment file's declared facts. */
function ruleModel(environment: Environment, tf: StackJson): DeclaredModel {
  const declared = declaredFacts(environment);
  return readSynthesizedStack(tf, { declared, name: environment.name }) as DeclaredModel;
}

/** What each rule sees for each environment: its model, every peer's, and whether it is the highest ring. */
export function ruleContexts(inputs: readonly { readonly environment: Environment; readonly tf: StackJson }[]): RuleContext[] {
  const highestRing = Math.max(...inputs.map((i) => i.environment.ring));
  const models = inputs.map((i) => ruleModel(i.environment, i.tf));
  return models.map((model) => ({ model, peers: models, isHighestRing: model.declared.ring === highestRing }));
}

/**
 * A rule that throws is a bug in the rule or a synthesized stack it does not expect; it is
 * reported as a finding of that rule (as cdk-nag does), never as a crash of synth.
 */
function runRule(rule: GuardrailRule, ctx: RuleContext): readonly Finding[] {
  try {
    return rule.check?.(ctx) ?? [];
  } catch (e) {
    return [{ address: ctx.model.declared.file, target: ctx.model.declared.name, message: `the rule failed to run (${e instanceof Error ? e.message : String(e)}); this is a bug in perimeter, please report it`, severity: 'error' }];
  }
}

function checkSuppressions(env: Environment, rules: readonly GuardrailRule[], problems: Problem[]): Suppression[] {
  const targets = knownTargets(env);
  const valid: Suppression[] = [];
  for (const s of env.suppressions) {
    const rule = rules.find((r) => r.id === s.rule);
    if (!rule) {
      problems.push({
        file: env.file,
        path: `suppressions[${s.index}].rule`,
        message: `unknown rule ${JSON.stringify(s.rule)}${didYouMeanId(s.rule, rules.map((r) => r.id))}; the rules are listed in RULES.md (${rules.map((r) => r.id).join(', ')})`,
      });
    } else if (!targets.has(s.target)) {
      problems.push({
        file: env.file,
        path: `suppressions[${s.index}].target`,
        message: `unknown target ${JSON.stringify(s.target)}${didYouMean(s.target, [...targets])}; name a policy id, named location, app, group, role or the environment (${env.name}) of this file`,
      });
    } else {
      valid.push(s);
    }
  }
  return valid;
}

export function evaluateGuardrails(
  inputs: readonly { readonly environment: Environment; readonly tf: StackJson }[],
  rules: readonly GuardrailRule[] = RULES,
): GuardrailReport {
  const contexts = ruleContexts(inputs);
  const findings: EvaluatedFinding[] = [];
  const suppressionProblems: Problem[] = [];
  const unusedSuppressions: { environment: Environment; suppression: Suppression }[] = [];

  inputs.forEach((input, index) => {
    const env = input.environment;
    const ctx = contexts[index]!;
    const valid = checkSuppressions(env, rules, suppressionProblems);
    const used = new Set<Suppression>();
    for (const rule of rules) {
      if (!rule.check || (rule.phase ?? 'synth') !== 'synth') continue;
      for (const f of runRule(rule, ctx)) {
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
          ...(f.target !== env.name && env.targetLines && Object.hasOwn(env.targetLines, f.target) ? { line: env.targetLines[f.target]! } : {}),
        });
      }
    }
    for (const s of valid) {
      const rule = rules.find((r) => r.id === s.rule);
      if (!used.has(s) && rule?.phase !== 'diff') unusedSuppressions.push({ environment: env, suppression: s });
    }
  });
  return { findings, suppressionProblems, unusedSuppressions };
}

/** Where a finding's target is declared, as editors read it: `environments/prod.yaml:48`. */
export function findingWhere(f: EvaluatedFinding): string {
  return f.line !== undefined ? `${f.file}:${f.line}` : f.file;
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
    ...(f.line !== undefined ? { line: f.line } : {}),
    message: `${findingLine(f)}\n      why: ${f.rule.explanation}\n      fix: ${f.rule.fix}`,
  };
}
