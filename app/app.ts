import { isCheckExpression } from '../core/check-expressions';
import type { StageCeiling } from '../core/stages';
import { mapStrings, stringLeaves, terraformLiteral, unexpectedTemplates } from '../core/terraform-json';
import { withStageCeiling } from '../environment/brake';
import type { Environment } from '../environment/environment';
import { App, Aspects } from './cdktf';
import { GuardrailPack } from './guardrail-aspect';
import { IdentityPlaneStack } from './stack';

export interface BuildAppOptions {
  /** @default 'cdktf.out' (or what the cdktf CLI passes in) */
  readonly outdir?: string;
  /**
   * The emergency brake: `off` or `report-only` caps every policy and analytics rule of every stack.
   * @default - no ceiling: every policy at its YAML stage
   */
  readonly stageCeiling?: StageCeiling;
  /**
   * Leave Application Proxy connector-group assignments out of this run (Graph allows that
   * call only for a signed-in user, not for the pipeline's service principal), and the tenant
   * settings Graph reads and writes only for a signed-in user (directorySync.features).
   * @default false
   */
  readonly skipConnectorGroupAssignment?: boolean;
  /**
   * Throw when a guardrail fails. An import turns this off to report what the environments it
   * would write make of the guardrails (`guardrails.errors()`); nothing it builds is written.
   * @default true
   */
  readonly stopOnGuardrailErrors?: boolean;
}

/**
 * Every environment becomes one stack, checked by the guardrail pack. Throws a
 * PerimeterError before anything is written when any guardrail fails in any environment:
 * nothing is half-written. Reads no file and no environment variable (cli/synth.ts does).
 */
export function buildApp(environments: readonly Environment[], options: BuildAppOptions = {}): { app: App; stacks: IdentityPlaneStack[]; guardrails: GuardrailPack } {
  // Stack traces would put absolute paths of the checkout into manifest.json.
  const app = new App({ stackTraces: false, ...(options.outdir ? { outdir: options.outdir } : {}) });
  const guardrails = new GuardrailPack();
  const stacks = environments.map((environment) => {
    const stack = new IdentityPlaneStack(app, environment.name, {
      // Every string the environment file gave becomes a Terraform literal here, once: nothing
      // from YAML is ever evaluated by Terraform (a `${file(...)}` display name stays that text).
      environment: mapStrings(withStageCeiling(environment, options.stageCeiling), terraformLiteral),
      skipConnectorGroupAssignment: options.skipConnectorGroupAssignment ?? false,
    });
    // Guardrails judge the YAML as written: ring order holds before the ceiling (a uniform
    // cap could only hide a violation), and the brake must never be needed to pass synth.
    guardrails.add(stack, environment);
    Aspects.of(stack).add(guardrails);
    return stack;
  });
  if (options.stopOnGuardrailErrors ?? true) guardrails.assertClean();
  for (const stack of stacks) assertOnlyReferences(stack.node.id, guardrails.synthesized(stack));
  return { app, stacks, guardrails };
}

const CHECK_EXPRESSION_PATH = /^check\.[a-z0-9_]+\.assert\[\d+\]\.(condition|error_message)$/;

/**
 * The safety net under the escaping: the only template sequences a stack may hold are
 * references between its own objects. Anything else (a function call, a `%{` directive) means
 * a string reached the JSON without passing through terraformLiteral: a bug, never written.
 */
function assertOnlyReferences(stackName: string, json: unknown): void {
  for (const { path, text } of stringLeaves(json)) {
    // A report-only setting's assertions are expressions built by core/check-expressions.ts
    // from code constants; they pass only in that grammar (values from YAML stay in locals).
    if (CHECK_EXPRESSION_PATH.test(path)) {
      if (!isCheckExpression(text)) throw new Error(`stack ${stackName}: ${path} holds a check expression outside perimeter's grammar; refusing to write it`);
      continue;
    }
    const found = unexpectedTemplates(text);
    if (found.length) {
      throw new Error(`stack ${stackName}: ${path} holds a Terraform template that is not a reference (${JSON.stringify(found[0])}); refusing to write it`);
    }
  }
}
