import { AzurermProvider } from '@cdktf/provider-azurerm/lib/provider';
import { TerraformStack, type IConstruct } from './cdktf';

/**
 * The stack's default azurerm provider, created the first time a component asks for it.
 * Azure resources carry their full scope, so one provider serves every subscription and
 * management group; `subscriptionId` only tells azurerm where to authenticate.
 */
export function azurermProvider(scope: IConstruct, subscriptionId: string): AzurermProvider {
  const stack = TerraformStack.of(scope);
  const existing = stack.node.children.find((c): c is AzurermProvider => c instanceof AzurermProvider && c.alias === undefined);
  if (existing) return existing;
  return new AzurermProvider(stack, 'azurerm', {
    features: [{}],
    subscriptionId,
    useOidc: true,
    // The deploy identity holds access-management rights, not */register/action; registering
    // resource providers at plan time would fail for it.
    resourceProviderRegistrations: 'none',
  });
}
