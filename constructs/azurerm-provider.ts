import { AzurermProvider } from '@cdktf/provider-azurerm/lib/provider';
import type { TerraformStack } from './cdktf';

const PROVIDER_ID = 'azurerm';

/**
 * The stack's one azurerm provider, created by whichever component needs it first. Several
 * components deploy Azure resources into the same subscription; a second provider block
 * without an alias would be a Terraform error, so they all come through here.
 */
export function azurermProvider(stack: TerraformStack, subscriptionId: string): AzurermProvider {
  const existing = stack.node.tryFindChild(PROVIDER_ID);
  if (existing instanceof AzurermProvider) {
    if (existing.subscriptionId !== subscriptionId) {
      throw new Error(
        `${stack.node.id}: the azurerm provider is already bound to subscription ${String(existing.subscriptionId)}, not ${subscriptionId}`,
      );
    }
    return existing;
  }
  // Deploys authenticate with OIDC; no secret ever reaches the configuration.
  return new AzurermProvider(stack, PROVIDER_ID, { features: [{}], subscriptionId, useOidc: true });
}
