import { App, Aspects } from './cdktf';
import { parseStageCeiling, withStageCeiling } from '../config/ceiling';
import { loadEnvironments } from '../config/load';
import { GuardrailPack } from './guardrails/pack';
import { IdentityPlaneStack } from './stack';

export interface BuildAppOptions {
  /** @default 'environments' */
  readonly environmentsDir?: string;
  /** @default 'cdktf.out' (or what the cdktf CLI passes in) */
  readonly outdir?: string;
  /**
   * The emergency brake, as written in PERIMETER_STAGE_CEILING: `off` or `report-only` caps
   * every policy and analytics rule of every stack. An invalid value is a PerimeterError.
   * @default - no ceiling: every policy at its YAML stage
   */
  readonly stageCeiling?: string;
  /**
   * Leave Application Proxy connector-group assignments out of this run (Graph allows that
   * call only for a signed-in user, not for the pipeline's service principal).
   * @default - true when the environment variable PERIMETER_SKIP_CONNECTOR_GROUP_ASSIGNMENT is 1 or true
   */
  readonly skipConnectorGroupAssignment?: boolean;
}

/** The one place the deploy-run flag is read; everything below takes it as a prop. */
function skipConnectorGroupAssignmentFromEnv(): boolean {
  const value = process.env['PERIMETER_SKIP_CONNECTOR_GROUP_ASSIGNMENT']?.trim().toLowerCase();
  return value === '1' || value === 'true';
}

/**
 * Every environment file becomes one stack, checked by the guardrail pack. Throws a
 * PerimeterError before anything is written when any file is wrong or any guardrail fails
 * in any environment: nothing is half-written.
 */
export function buildApp(options: BuildAppOptions = {}): { app: App; stacks: IdentityPlaneStack[]; guardrails: GuardrailPack } {
  const ceiling = parseStageCeiling(options.stageCeiling);
  const environments = loadEnvironments(options.environmentsDir ?? 'environments');
  // Stack traces would put absolute paths of the checkout into manifest.json.
  const app = new App({ stackTraces: false, ...(options.outdir ? { outdir: options.outdir } : {}) });
  const guardrails = new GuardrailPack();
  const skipConnectorGroupAssignment = options.skipConnectorGroupAssignment ?? skipConnectorGroupAssignmentFromEnv();
  const stacks = environments.map((environment) => {
    const stack = new IdentityPlaneStack(app, { environment: withStageCeiling(environment, ceiling), skipConnectorGroupAssignment });
    // Guardrails judge the YAML as written: ring order holds before the ceiling (a uniform
    // cap could only hide a violation), and the brake must never be needed to pass synth.
    guardrails.add(stack, environment);
    Aspects.of(stack).add(guardrails);
    return stack;
  });
  guardrails.assertClean();
  return { app, stacks, guardrails };
}
