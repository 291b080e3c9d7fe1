/**
 * An authentication context and its policy as Graph bodies, given the environment's
 * break-glass bindings. Pure: no constructs are created here.
 */
import type { GraphBody } from '../../core/graph-json';
import { BUILT_IN_STRENGTHS } from '../../core/microsoft/well-known';
import { toPolicyState } from '../../core/stages';
import type { AuthenticationContextSpec, ContextPolicySpec } from './section';

export interface ContextPolicyBindings {
  /** Object ids of the break-glass accounts. */
  readonly breakGlassAccountIds: readonly string[];
  /** The exclusion group's object id (a Terraform token). */
  readonly breakGlassGroupObjectId: string;
}

/** The PATCH body of `authenticationContextClassReferences/<id>`: Graph's three writable properties. */
export function contextBody(c: AuthenticationContextSpec): GraphBody {
  return {
    displayName: c.name,
    ...(c.description !== undefined ? { description: c.description } : {}),
    isAvailable: c.isAvailable,
  };
}

/**
 * The conditionalAccessPolicy a context's policy is (Graph v1.0 shape): every user but the
 * break-glass accounts and their group, the context as its only target resource, and the
 * step-up as grant controls (all of them required).
 */
export function contextPolicyBody(contextId: string, p: ContextPolicySpec, bindings: ContextPolicyBindings): GraphBody {
  // A context policy targets no user action, so report-only is honoured as asked.
  const { state } = toPolicyState(p.stage, { targetsUserAction: false });
  const builtInControls = p.compliantDevice ? ['compliantDevice'] : [];
  const controls = builtInControls.length + (p.authenticationStrength ? 1 : 0);
  return {
    displayName: p.displayName,
    state,
    conditions: {
      clientAppTypes: ['all'],
      applications: { includeAuthenticationContextClassReferences: [contextId] },
      users: {
        includeUsers: ['All'],
        excludeUsers: [...bindings.breakGlassAccountIds],
        excludeGroups: [bindings.breakGlassGroupObjectId],
      },
    },
    grantControls: {
      operator: controls > 1 ? 'AND' : 'OR',
      builtInControls,
      ...(p.authenticationStrength ? { authenticationStrength: { id: BUILT_IN_STRENGTHS[p.authenticationStrength].id } } : {}),
    },
  };
}
