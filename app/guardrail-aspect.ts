import { PerimeterError, type Problem } from '../core/problems';
import type { StackJson } from '../core/terraform-json';
import type { Environment } from '../environment/environment';
import { evaluateGuardrails, findingLine, findingProblem, findingWhere, type GuardrailReport } from '../guardrails/evaluate';
import { Annotations, TerraformResource, TerraformStack, type IAspect, type IConstruct } from './cdktf';

interface PackMember {
  readonly stack: TerraformStack;
  readonly environment: Environment;
}

/**
 * The guardrail pack, applied to every stack as a cdktf Aspect: the only part of the
 * guardrails that touches cdktf. Rules see the stack as `toTerraform()` returns it before
 * `app.synth()`, so no Aspect added after this one may change what they judge. It evaluates all rules over
 * every stack's synthesized JSON once (rules may compare environments), records warnings and
 * suppressed findings as annotations (so they land in the synth output and manifest), and
 * registers the errors as stack validations so `cdktf synth` fails on them.
 *
 * `assertClean()` runs the same evaluation before anything is written: synth stops with every
 * error of every environment, and no stack is half-written.
 */
export class GuardrailPack implements IAspect {
  private readonly members: PackMember[] = [];
  private report?: GuardrailReport;
  private readonly annotated = new Set<TerraformStack>();
  private readonly json = new Map<TerraformStack, StackJson>();

  add(stack: TerraformStack, environment: Environment): void {
    this.members.push({ stack, environment });
    this.report = undefined;
    this.json.clear();
  }

  evaluate(): GuardrailReport {
    this.report ??= evaluateGuardrails(this.members.map((m) => ({ environment: m.environment, tf: this.synthesized(m.stack) })));
    return this.report;
  }

  /** The stack's Terraform JSON as the rules saw it (computed once; treat it as read-only). */
  synthesized(stack: TerraformStack): StackJson {
    let json = this.json.get(stack);
    if (!json) {
      json = stack.toTerraform() as StackJson;
      this.json.set(stack, json);
    }
    return json;
  }

  /** Every blocking problem: bad suppressions (input mistakes) and guardrail errors (findings). */
  errors(environmentName?: string): { readonly input: Problem[]; readonly findings: Problem[] } {
    const r = this.evaluate();
    const inScope = (env: string) => environmentName === undefined || env === environmentName;
    return {
      input: r.suppressionProblems.filter((p) => this.members.some((m) => m.environment.file === p.file && inScope(m.environment.name))),
      findings: r.findings.filter((f) => f.severity === 'error' && !f.suppressedBy && inScope(f.environment)).map(findingProblem),
    };
  }

  assertClean(): void {
    const { input, findings } = this.errors();
    if (input.length || findings.length) {
      throw new PerimeterError([...input, ...findings], 'perimeter: guardrails stopped synth', findings.length ? 'finding' : 'input');
    }
  }

  visit(node: IConstruct): void {
    if (!TerraformStack.isStack(node) || this.annotated.has(node)) return;
    const member = this.members.find((m) => m.stack === node);
    if (!member) return;
    this.annotated.add(node);
    const r = this.evaluate();
    const name = member.environment.name;
    for (const f of r.findings.filter((x) => x.environment === name)) {
      const target = constructAt(node, f.address);
      if (f.suppressedBy) {
        Annotations.of(target).addInfo(`suppressed ${findingLine(f)} (reason: ${f.suppressedBy.reason})`);
      } else if (f.severity === 'warning') {
        Annotations.of(target).addWarning(`${findingLine(f)} (${findingWhere(f)}). Fix: ${f.rule.fix}`);
      }
    }
    for (const u of r.unusedSuppressions.filter((x) => x.environment.name === name)) {
      Annotations.of(node).addWarning(
        `${u.environment.file}: suppressions[${u.suppression.index}] (${u.suppression.rule} on ${u.suppression.target}) matched no finding; remove it`,
      );
    }
    node.node.addValidation({
      validate: () => {
        const { input, findings } = this.errors(name);
        return [...input, ...findings].map((p) => p.message);
      },
    });
  }
}

/** The resource construct behind a Terraform address, or the stack for environment-wide findings. */
function constructAt(stack: TerraformStack, address: string): IConstruct {
  const [type, name] = address.split('.');
  const found = stack.node
    .findAll()
    .find((c): c is TerraformResource => c instanceof TerraformResource && c.terraformResourceType === type && c.friendlyUniqueId === name);
  return found ?? stack;
}
