import { Construct } from '../../app/cdktf';
import { MsgraphResource, MsgraphUpdateResource, msgraphProvider } from '../../app/providers/msgraph';
import { authenticationContextNames, GRAPH_AUTHENTICATION_CONTEXTS_URL, GRAPH_POLICIES_URL } from '../../core/addresses';
import { contextBody, contextPolicyBody, type ContextPolicyBindings } from './compile';
import type { AuthenticationContextsSpec } from './section';

export interface AuthenticationContextsProps {
  readonly tenantId: string;
  readonly contexts: AuthenticationContextsSpec;
  readonly bindings: ContextPolicyBindings;
}

/**
 * `msgraph_update_resource.authentication_context_<id>` for every context (Graph creates a
 * context by PATCH on its id: an upsert), and `msgraph_resource.AC<nnn>` for the policy that
 * targets it (azuread 3.7.0 cannot target a context). The addresses derive from the context id.
 */
export class AuthenticationContexts extends Construct {
  /** Policy id -> its msgraph resource; `id` is the policy's object id once created. */
  readonly policies: ReadonlyMap<string, MsgraphResource>;

  constructor(scope: Construct, id: string, props: AuthenticationContextsProps) {
    super(scope, id);
    const policies = new Map<string, MsgraphResource>();
    if (props.contexts.length) msgraphProvider(this, { tenantId: props.tenantId });
    for (const c of props.contexts) {
      const context = new MsgraphUpdateResource(this, c.id, {
        url: `${GRAPH_AUTHENTICATION_CONTEXTS_URL}/${c.id}`,
        body: contextBody(c),
      });
      context.overrideLogicalId(authenticationContextNames.context(c.id));
      if (!c.policy) continue;
      const policy = new MsgraphResource(this, c.policy.id, {
        url: GRAPH_POLICIES_URL,
        body: contextPolicyBody(c.id, c.policy, props.bindings),
        // A policy may name only a context that exists.
        dependsOn: [context],
      });
      policy.overrideLogicalId(c.policy.id);
      policies.set(c.policy.id, policy);
    }
    this.policies = policies;
  }
}
