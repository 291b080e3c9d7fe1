/**
 * The guardrail vocabulary. A rule is a pure function over one environment's analysis model
 * (its synthesized JSON plus what its file declares) and its peers (for rules across
 * environments, such as ring order). Rules import only core/ and analysis/model; they never
 * import cdktf or a construct.
 *
 * Why some invariants are checked twice: a section refuses a bad value when the file is
 * loaded, with the file, line and key path; the matching rule re-checks the synthesized JSON,
 * which catches a construct bug or an escape hatch that YAML alone cannot show. Both halves
 * share their constants.
 */
import type { DeclaredModel } from '../analysis/model/types';

export type Severity = 'error' | 'warning';

export interface RuleContext {
  /** The environment as synthesized, and as its file declares it (`model.declared`). */
  readonly model: DeclaredModel;
  /** Every environment of the app (this one included), for rules across environments. */
  readonly peers: readonly DeclaredModel[];
  /** True when no peer has a higher ring: the environment that must carry the whole baseline. */
  readonly isHighestRing: boolean;
}

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

/** `PRM-<AREA><nnn>`; stable forever, suppressions name it. The area prefix decides its heading in RULES.md. */
export type RuleId = `PRM-${string}`;

export interface GuardrailRule {
  readonly id: RuleId;
  readonly severity: Severity;
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

/** RULES.md headings, in the order the document lists them, by rule id prefix. */
export const AREA_BY_PREFIX = {
  BG: 'Break-glass',
  LCK: 'Lockout',
  BAS: 'Baseline completeness',
  STG: 'Stages',
  LOC: 'Named locations',
  TEN: 'Tenant limits',
  SHP: 'Policy shape',
  PIM: 'PIM',
  CTX: 'Authentication contexts',
  LIC: 'Licences',
  APP: 'App Proxy',
  TEL: 'Telemetry',
  SET: 'Tenant settings',
  CHG: 'Dangerous changes',
  COV: 'Coverage',
  EVD: 'Evidence-gated promotion',
} as const;

export type Area = (typeof AREA_BY_PREFIX)[keyof typeof AREA_BY_PREFIX];

const RULE_ID = /^PRM-([A-Z]+)(\d{3})$/;

/** The area of a rule id; an id whose prefix has no area is a programming error. */
export function areaOf(id: string): Area {
  const prefix = RULE_ID.exec(id)?.[1];
  const area = prefix !== undefined && Object.hasOwn(AREA_BY_PREFIX, prefix) ? AREA_BY_PREFIX[prefix as keyof typeof AREA_BY_PREFIX] : undefined;
  if (area === undefined) throw new Error(`rule id ${id} has no area in AREA_BY_PREFIX`);
  return area;
}

/** RULES.md order: by area, then by id. */
export function compareRules(a: GuardrailRule, b: GuardrailRule): number {
  const areas = Object.values(AREA_BY_PREFIX) as string[];
  return areas.indexOf(areaOf(a.id)) - areas.indexOf(areaOf(b.id)) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}
