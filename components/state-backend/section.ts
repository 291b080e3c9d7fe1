/**
 * Where an environment keeps its Terraform state. Without `backend:` the state stays in a
 * local file (fine for a laptop, useless for CI); with it, an Azure Storage blob reached by
 * OIDC and Entra ID authentication, so no storage key or SAS token exists anywhere.
 */
import { z } from 'zod';
import type { Problem } from '../../core/problems';
import { guid, resourceGroupName } from '../../core/schema';
import type { Section } from '../section';

// Azure's own naming rules, checked here so a typo fails at synth instead of at `terraform init`.
const backendSchema = z.strictObject({
  storageAccountName: z
    .string()
    .regex(/^[a-z0-9]{3,24}$/, { message: 'must be a storage account name: 3 to 24 lower-case letters and digits' })
    .describe('the storage account that holds the state blob'),
  containerName: z
    .string()
    .regex(/^(?=.{3,63}$)[a-z0-9]+(-[a-z0-9]+)*$/, {
      message: 'must be a blob container name: 3 to 63 lower-case letters, digits and single hyphens, starting and ending with a letter or digit',
    })
    .describe('the blob container'),
  key: z
    .string()
    .refine((k) => !/[?#&]/.test(k), {
      message: 'holds a query string (?, & or #): a state key is a blob name, and a SAS token never belongs in perimeter; the backend signs in with OIDC (use_azuread_auth)',
    })
    .regex(/^[^/\\][^\\]{0,1023}$/, { message: 'must be a blob name of at most 1024 characters, without backslashes or a leading slash' })
    .optional()
    .describe('the state blob; default <env>.tfstate; unique per environment'),
  resourceGroupName: resourceGroupName().optional().describe('the storage account\'s resource group'),
  subscriptionId: guid('the subscription id').optional().describe('the storage account\'s subscription'),
  tenantId: guid('the tenant id').optional().describe('the tenant the storage account trusts; default the environment\'s tenantId'),
});

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

const shape = {
  backend: backendSchema.optional().describe('remote state in an Azure Storage blob, reached by OIDC; default a local state file (a laptop only)'),
};

export const stateBackendSection: Section<'backend', typeof shape, RemoteStateSpec | undefined> = {
  key: 'backend',
  shape,
  needs: [],
  resolve({ backend }, { name, tenantId }) {
    if (!backend) return { spec: undefined, problems: [], warnings: [] };
    return {
      spec: {
        storageAccountName: backend.storageAccountName,
        containerName: backend.containerName,
        key: backend.key ?? `${name}.tfstate`,
        ...(backend.resourceGroupName !== undefined ? { resourceGroupName: backend.resourceGroupName } : {}),
        ...(backend.subscriptionId !== undefined ? { subscriptionId: backend.subscriptionId } : {}),
        tenantId: backend.tenantId ?? tenantId,
      },
      problems: [],
      warnings: [],
    };
  },
};

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
