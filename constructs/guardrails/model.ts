/**
 * The guardrail pack's vocabulary. A rule is a pure function over what synth produced for
 * one environment (its Terraform JSON), the environment it came from, and its peers (for
 * rules across environments such as ring order). Rules never import cdktf.
 */
import type { Environment } from '../../config/environment';

/** The Terraform JSON of one stack, as written to cdktf.out/stacks/<env>/cdk.tf.json. */
export interface StackJson {
  readonly resource?: Readonly<Record<string, Readonly<Record<string, Record<string, unknown>>>>>;
  readonly data?: Readonly<Record<string, Readonly<Record<string, Record<string, unknown>>>>>;
  readonly terraform?: Readonly<Record<string, unknown>>;
  readonly provider?: Readonly<Record<string, unknown>>;
  readonly output?: Readonly<Record<string, unknown>>;
}

export interface RuleContext {
  readonly environment: Environment;
  readonly tf: StackJson;
  /** Every environment of the app (this one included), for rules across environments. */
  readonly peers: readonly { readonly environment: Environment; readonly tf: StackJson }[];
  /** True when no peer has a higher ring: the environment that must carry the whole baseline. */
  readonly isHighestRing: boolean;
}

export type Severity = 'error' | 'warning';

export interface Finding {
  /** The Terraform address (`azuread_conditional_access_policy.CA006`) or, for an environment-wide finding, the environment file. */
  readonly address: string;
  /** What a suppression names: a policy id, location key, app key, role name, rule id, or the environment name. */
  readonly target: string;
  /** The one-line trigger for this occurrence, with the offending values. */
  readonly message: string;
  /** Overrides the rule's severity for this finding (e.g. a completeness rule is an error only in the highest ring). */
  readonly severity?: Severity;
}

export interface GuardrailRule {
  /** `PRM-<AREA><nnn>`; stable forever, suppressions name it. */
  readonly id: string;
  readonly severity: Severity;
  /** The area heading in RULES.md. */
  readonly area: 'Break-glass' | 'Lockout' | 'Baseline completeness' | 'Stages' | 'Named locations' | 'Tenant limits' | 'Policy shape' | 'PIM' | 'App Proxy' | 'Telemetry';
  /** One line: what triggers the rule. */
  readonly trigger: string;
  /** One paragraph: why it matters. */
  readonly explanation: string;
  /** How to fix a finding. */
  readonly fix: string;
  /**
   * Where the rule is evaluated. `synth` rules run in every synth; a `diff` rule compares two
   * syntheses and is evaluated by `npm run diff`, but is listed and suppressible like the others.
   * @default 'synth'
   */
  readonly phase?: 'synth' | 'diff';
  check?(ctx: RuleContext): readonly Finding[];
}

/** Resources of one type in a stack's JSON, by name. */
export function resourcesOfType(tf: StackJson, type: string): ReadonlyArray<[string, Record<string, unknown>]> {
  return Object.entries(tf.resource?.[type] ?? {});
}
