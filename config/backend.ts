/**
 * Where an environment keeps its Terraform state. Without `backend:` the state stays in a
 * local file (fine for a laptop, useless for CI); with it, an Azure Storage blob reached by
 * OIDC and Entra ID authentication, so no storage key or SAS token exists anywhere.
 */
import { z } from 'zod';
import type { Problem } from './errors';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

// Azure's own naming rules, checked here so a typo fails at synth instead of at `terraform init`.
export const backendSchema = z.strictObject({
  storageAccountName: z
    .string()
    .regex(/^[a-z0-9]{3,24}$/, { message: 'must be a storage account name: 3 to 24 lower-case letters and digits' }),
  containerName: z.string().regex(/^(?=.{3,63}$)[a-z0-9]+(-[a-z0-9]+)*$/, {
    message: 'must be a blob container name: 3 to 63 lower-case letters, digits and single hyphens, starting and ending with a letter or digit',
  }),
  key: z
    .string()
    .regex(/^[^/\\][^\\]{0,1023}$/, { message: 'must be a blob name of at most 1024 characters, without backslashes or a leading slash' })
    .optional(),
  resourceGroupName: z
    .string()
    .regex(/^[-\w.()]{0,89}[-\w()]$/, {
      message: 'must be a resource group name: 1 to 90 letters, digits, underscores, hyphens, periods and parentheses, not ending in a period',
    })
    .optional(),
  subscriptionId: z.string().regex(GUID, { message: 'must be the subscription id written as a GUID (8-4-4-4-12 hex digits)' }).optional(),
  tenantId: z.string().regex(GUID, { message: 'must be the tenant id written as a GUID (8-4-4-4-12 hex digits)' }).optional(),
});

export type BackendInput = z.infer<typeof backendSchema>;

/** The resolved remote-state location of one environment. Carries no credential of any kind. */
export interface RemoteStateSpec {
  readonly storageAccountName: string;
  readonly containerName: string;
  readonly key: string;
  readonly resourceGroupName?: string;
  readonly subscriptionId?: string;
  /** The tenant the storage account's subscription trusts; the environment's tenant unless set. */
  readonly tenantId: string;
}

/**
 * @param input the `backend:` section, if any
 * @returns `{}` without a section, so the caller can spread it into the Environment
 */
export function resolveBackend(
  envName: string,
  envTenantId: string,
  input: BackendInput | undefined,
): { backend?: RemoteStateSpec } {
  if (!input) return {};
  return {
    backend: {
      storageAccountName: input.storageAccountName,
      containerName: input.containerName,
      key: input.key ?? `${envName}.tfstate`,
      ...(input.resourceGroupName !== undefined ? { resourceGroupName: input.resourceGroupName } : {}),
      ...(input.subscriptionId !== undefined ? { subscriptionId: input.subscriptionId } : {}),
      tenantId: input.tenantId ?? envTenantId,
    },
  };
}

/**
 * Two environments writing the same blob would overwrite each other's state: the second
 * deploy would plan to destroy everything the first created.
 */
export function checkBackendsDistinct(
  environments: readonly { readonly name: string; readonly file: string; readonly backend?: RemoteStateSpec }[],
): Problem[] {
  const problems: Problem[] = [];
  const seen = new Map<string, { name: string; file: string }>();
  for (const env of environments) {
    if (!env.backend) continue;
    const b = env.backend;
    const where = `${b.storageAccountName}/${b.containerName}/${b.key}`;
    const other = seen.get(where);
    if (other) {
      problems.push({
        file: env.file,
        path: 'backend.key',
        message: `state blob ${JSON.stringify(where)} is also used by ${other.name} (${other.file}); every environment needs its own key, e.g. ${env.name}.tfstate`,
      });
    } else {
      seen.set(where, { name: env.name, file: env.file });
    }
  }
  return problems;
}
