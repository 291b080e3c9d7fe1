import { AzurermProvider } from '@cdktf/provider-azurerm/lib/provider';
import { TerraformStack, type IConstruct } from '../cdktf';

export interface AzurermProviderOptions {
  /**
   * The caller creates resources in the provider's subscription (a resource group, a
   * workspace), so the provider must be bound to exactly `subscriptionId`. Callers whose
   * resources carry their full scope (PIM role assignments and policies) work with any.
   * @default false
   */
  readonly placesResources?: boolean;
}

/**
 * The stack's one default azurerm provider, created by whichever component needs it first.
 * A second provider block without an alias would be a Terraform error, so every component
 * comes through here. Deploys authenticate with OIDC; no secret reaches the configuration.
 */
export function azurermProvider(scope: IConstruct, subscriptionId: string, options: AzurermProviderOptions = {}): AzurermProvider {
  const stack = TerraformStack.of(scope);
  const existing = stack.node.children.find((c): c is AzurermProvider => c instanceof AzurermProvider && c.alias === undefined);
  if (existing) {
    if (options.placesResources && existing.subscriptionId !== subscriptionId) {
      throw new Error(
        `${stack.node.id}: the azurerm provider is already bound to subscription ${String(existing.subscriptionId)}, not ${subscriptionId}`,
      );
    }
    return existing;
  }
  return new AzurermProvider(stack, 'azurerm', {
    features: [{}],
    subscriptionId,
    useOidc: true,
    // The deploy identity holds access-management rights, not */register/action: registering
    // resource providers at plan time would fail for it. Register them once beforehand.
    resourceProviderRegistrations: 'none',
  });
}
