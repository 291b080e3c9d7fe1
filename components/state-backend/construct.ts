import { AzurermBackend, LocalBackend, type TerraformStack } from '../../app/cdktf';
import type { RemoteStateSpec } from './section';

/**
 * The state backend of one environment stack.
 *
 * Remote state is reached only through the workload identity: OIDC for the token
 * (`use_oidc`) and Entra ID data-plane authorisation for the blob (`use_azuread_auth`), so
 * no storage key, SAS token or client secret is ever needed. The client id comes from
 * `ARM_CLIENT_ID` at deploy time, never from this repository.
 *
 * @param remote @default - a local state file in the repository root
 */
export function addStateBackend(stack: TerraformStack, envName: string, remote: RemoteStateSpec | undefined): void {
  if (!remote) {
    // Relative to cdktf.out/stacks/<env>: the state file lands in the repository root, never
    // under an absolute path of whoever ran synth.
    new LocalBackend(stack, { path: `../../../terraform.${envName}.tfstate` });
    return;
  }
  const backend = new AzurermBackend(stack, {
    storageAccountName: remote.storageAccountName,
    containerName: remote.containerName,
    key: remote.key,
    tenantId: remote.tenantId,
    ...(remote.resourceGroupName !== undefined ? { resourceGroupName: remote.resourceGroupName } : {}),
    ...(remote.subscriptionId !== undefined ? { subscriptionId: remote.subscriptionId } : {}),
    useOidc: true,
    useAzureadAuth: true,
  });
  // Not in cdktf's typed config. Without it Terraform silently falls back to a developer's
  // `az login` session; a deploy must use the pipeline identity or fail.
  backend.addOverride('use_cli', false);
}
