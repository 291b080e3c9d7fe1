/**
 * `authenticationContexts:`: the tenant's authentication context class references (`c1` to
 * `c25`) and, for each, the Conditional Access policy that decides what asking for it costs.
 * PIM (or an app) asks for a context; only a policy that targets it makes that a step-up.
 */
import { z } from 'zod';
import { AUTHENTICATION_CONTEXT_ID_PATTERN, contextPolicyId } from '../../core/ids';
import { BUILT_IN_STRENGTHS, type AuthenticationStrength } from '../../core/microsoft/well-known';
import type { PathProblem } from '../../core/problems';
import { stageSchema } from '../../core/schema';
import type { Stage, StagedItem } from '../../core/stages';
import type { PimSettings } from '../pim/schema';
import type { Section } from '../section';
import { AUTHENTICATION_CONTEXT_RULES } from './guardrails';
import { AUTHENTICATION_CONTEXT_REPORT } from './report';

/** The policy that targets one context: who it applies to is everyone but the break-glass accounts. */
export interface ContextPolicySpec {
  /** `AC001` for `c1`: the Terraform name and the first word of the display name. */
  readonly id: string;
  readonly displayName: string;
  readonly stage: Stage;
  /** A built-in strength the step-up requires. */
  readonly authenticationStrength?: AuthenticationStrength;
  /** The step-up also requires a device Intune marks compliant. */
  readonly compliantDevice: boolean;
}

export interface AuthenticationContextSpec {
  /** `c1` */
  readonly id: string;
  readonly name: string;
  readonly description?: string;
  /** Published to apps and PIM: only an available context can be asked for. */
  readonly isAvailable: boolean;
  readonly policy?: ContextPolicySpec;
}

/** In context-number order. */
export type AuthenticationContextsSpec = readonly AuthenticationContextSpec[];

/** The longest context name perimeter accepts: it is part of the policy's display name, which Entra caps at 256. */
const MAX_CONTEXT_NAME = 100;
const STRENGTHS = Object.keys(BUILT_IN_STRENGTHS) as [AuthenticationStrength, ...AuthenticationStrength[]];

const contextPolicy = z
  .strictObject({
    stage: stageSchema.optional().describe("off | report-only | enabled; default the environment's stage"),
    authenticationStrength: z
      .enum(STRENGTHS)
      .optional()
      .describe(`the built-in authentication strength the step-up requires: ${STRENGTHS.join(' | ')}`),
    compliantDevice: z.boolean().optional().describe('default false: true also requires a device Intune marks compliant (both are required)'),
  })
  .describe('the Conditional Access policy (AC and the context number, c1 -> AC001) that targets this context: every user but the break-glass accounts');

const context = z
  .strictObject({
    name: z.string().trim().min(1, { message: 'must not be empty' }).max(MAX_CONTEXT_NAME, { message: `is longer than ${MAX_CONTEXT_NAME} characters` }).describe('the name admins see in PIM and in Conditional Access (Graph displayName)'),
    description: z.string().trim().min(1).max(1024).optional().describe('what the context protects (Graph description)'),
    isAvailable: z.boolean().optional().describe('default true: published to apps and PIM, which may then ask for it; false keeps it for policy authoring only'),
    policy: contextPolicy.optional(),
  })
  .describe('one authentication context');

const shape = {
  authenticationContexts: z
    .record(z.string().regex(AUTHENTICATION_CONTEXT_ID_PATTERN, { message: 'must be an authentication context id: c1 to c25' }), context)
    .optional()
    .describe('authentication contexts by id (c1 to c25), each with the policy that targets it (components/authentication-contexts/README.md)'),
};

const strengthWords = (s: AuthenticationStrength) => BUILT_IN_STRENGTHS[s].name;

/** `AC001 c1 Privileged action: phishing-resistant MFA and a compliant device`. */
export function contextPolicyDisplayName(id: string, name: string, strength: AuthenticationStrength | undefined, compliantDevice: boolean): string {
  const parts = [...(strength ? [strengthWords(strength)] : []), ...(compliantDevice ? ['a compliant device'] : [])];
  return `${contextPolicyId(id)} ${id} ${name}: require ${parts.join(' and ')}`;
}

const stagedPolicy = (c: AuthenticationContextSpec, p: ContextPolicySpec): StagedItem => ({
  id: p.id,
  stage: p.stage,
  path: `authenticationContexts.${c.id}.policy.stage`,
  kind: 'policy',
});

/** Every context a PIM role or Azure role asks for at activation, with the key path that asks. */
function pimRequirements(pim: PimSettings | undefined): { context: string; path: PropertyKey[] }[] {
  if (!pim) return [];
  return [
    ...pim.roles.flatMap((r) => (r.authenticationContext ? [{ context: r.authenticationContext, path: ['pim', 'roles', r.name, 'authenticationContext'] }] : [])),
    ...pim.azureRoles.flatMap((r, i) => (r.authenticationContext ? [{ context: r.authenticationContext, path: ['pim', 'azureRoles', i, 'authenticationContext'] }] : [])),
  ];
}

export const authenticationContextsSection: Section<'authenticationContexts', typeof shape, AuthenticationContextsSpec, { pim: PimSettings | undefined }> = {
  key: 'authenticationContexts',
  shape,
  needs: ['pim'],
  resolve({ authenticationContexts }, context, { pim }) {
    const problems: PathProblem[] = [];
    const spec: AuthenticationContextSpec[] = Object.entries(authenticationContexts ?? {})
      .sort(([a], [b]) => Number(a.slice(1)) - Number(b.slice(1)))
      .map(([id, c]) => {
        const p = c.policy;
        if (p && !p.authenticationStrength && !p.compliantDevice) {
          problems.push({ path: ['authenticationContexts', id, 'policy'], message: 'requires nothing: set authenticationStrength, compliantDevice: true, or both (a step-up that asks for nothing is no step-up)' });
        }
        const compliantDevice = p?.compliantDevice ?? false;
        return {
          id,
          name: c.name,
          ...(c.description !== undefined ? { description: c.description } : {}),
          isAvailable: c.isAvailable ?? true,
          ...(p
            ? {
                policy: {
                  id: contextPolicyId(id),
                  displayName: contextPolicyDisplayName(id, c.name, p.authenticationStrength, compliantDevice),
                  stage: p.stage ?? context.defaultStage,
                  ...(p.authenticationStrength ? { authenticationStrength: p.authenticationStrength } : {}),
                  compliantDevice,
                },
              }
            : {}),
        };
      });
    // Checked at load for the key path; PRM-CTX001 re-checks the synthesized JSON (stages included).
    const declared = new Map(spec.map((c) => [c.id, c]));
    for (const { context: id, path } of pimRequirements(pim)) {
      const c = declared.get(id);
      if (!c) {
        const known = [...declared.keys()];
        problems.push({
          path,
          message: `asks for authentication context ${id}, which authenticationContexts does not declare (${known.length ? `declared: ${known.join(', ')}` : 'none are declared'}); declare it with a policy, or the activation has no step-up at all`,
        });
      } else if (!c.policy) {
        problems.push({ path, message: `asks for authentication context ${id} (${c.name}), but authenticationContexts.${id} has no policy; without one the activation has no step-up at all` });
      }
    }
    return { spec, problems, warnings: [] };
  },
  protectedTargets: (spec) => spec.flatMap((c) => (c.policy ? [c.policy.id] : [])),
  suppressionTargets: (spec) => spec.flatMap((c) => [c.id, ...(c.policy ? [c.policy.id] : [])]),
  stagedItems: (spec) => spec.flatMap((c) => (c.policy ? [stagedPolicy(c, c.policy)] : [])),
  withStages: (spec, stageOf) =>
    spec.map((c) => {
      if (!c.policy) return c;
      const stage = stageOf(stagedPolicy(c, c.policy));
      return stage === c.policy.stage ? c : { ...c, policy: { ...c.policy, stage } };
    }),
  rules: AUTHENTICATION_CONTEXT_RULES,
  reportSections: AUTHENTICATION_CONTEXT_REPORT,
};
