import { TerraformStack, type IConstruct } from '../cdktf';
import { MsgraphProvider } from './index';

/** The stack's default msgraph provider, created the first time a component asks for it. */
export function msgraphProvider(scope: IConstruct, tenantId: string): MsgraphProvider {
  const stack = TerraformStack.of(scope);
  const existing = stack.node.children.find((c): c is MsgraphProvider => c instanceof MsgraphProvider && c.alias === undefined);
  if (existing) return existing;
  return new MsgraphProvider(stack, 'msgraph', { tenantId });
}
