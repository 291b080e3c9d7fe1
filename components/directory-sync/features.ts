/**
 * `directorySync.features`: the tenant's on-premises synchronization settings
 * (`/directory/onPremisesSynchronization/{tenant id}`, Graph v1.0). Graph allows this call only
 * for a signed-in Global Administrator (no application permission exists), so the check and
 * the write go through `msgraph.delegated`. Flags Entra Connect or Cloud Sync own are asserted,
 * never written: a write would fight the sync client, or is unsupported
 * (`passwordWritebackEnabled` is "not in use" in Graph; writeback is configured in the client).
 */
import { z } from 'zod';
import { SETTINGS } from '../../core/addresses';
import type { GraphBody } from '../../core/graph-json';
import { stageSchema } from '../../core/schema';
import type { Stage } from '../../core/stages';
import { stagedSetting, type SettingsDocument } from '../../core/settings';

/** YAML key -> Graph feature flag, for flags perimeter writes. */
export const WRITTEN_FLAGS = {
  blockSoftMatch: 'blockSoftMatchEnabled',
  blockCloudObjectTakeoverThroughHardMatch: 'blockCloudObjectTakeoverThroughHardMatchEnabled',
  cloudPasswordPolicyForPasswordSyncedUsers: 'cloudPasswordPolicyForPasswordSyncedUsersEnabled',
  userForcePasswordChangeOnLogon: 'userForcePasswordChangeOnLogonEnabled',
} as const;

/** YAML key -> Graph feature flag, for flags the sync client owns: compared, never written. */
export const ASSERTED_FLAGS = {
  passwordSync: 'passwordSyncEnabled',
  passwordWriteback: 'passwordWritebackEnabled',
  deviceWriteback: 'deviceWritebackEnabled',
  groupWriteback: 'groupWriteBackEnabled',
  unifiedGroupWriteback: 'unifiedGroupWritebackEnabled',
  userWriteback: 'userWritebackEnabled',
  softMatchOnUpn: 'softMatchOnUpnEnabled',
  synchronizeUpnForManagedUsers: 'synchronizeUpnForManagedUsersEnabled',
} as const;

const written = Object.fromEntries(
  (Object.keys(WRITTEN_FLAGS) as (keyof typeof WRITTEN_FLAGS)[]).map((k) => [k, z.boolean().optional().describe(`${WRITTEN_FLAGS[k]}; written at enabled`)]),
) as Record<keyof typeof WRITTEN_FLAGS, z.ZodOptional<z.ZodBoolean>>;

const asserted = Object.fromEntries(
  (Object.keys(ASSERTED_FLAGS) as (keyof typeof ASSERTED_FLAGS)[])
    .filter((k) => k !== 'passwordSync')
    .map((k) => [k, z.boolean().optional().describe(`${ASSERTED_FLAGS[k]}: owned by the sync client; compared, never written`)]),
) as Record<Exclude<keyof typeof ASSERTED_FLAGS, 'passwordSync'>, z.ZodOptional<z.ZodBoolean>>;

export const featuresSchema = z
  .strictObject({
    stage: stageSchema.optional().describe("off, report-only or enabled; default the file's top-level stage"),
    ...written,
    accidentalDeletion: z
      .strictObject({
        mode: z.enum(['count', 'percent']).describe('the threshold counts objects, or a percentage of them'),
        threshold: z.number().int().min(1).describe('a sync export deleting more than this stops for review'),
      })
      .optional()
      .describe('accidental-deletion prevention (configuration.accidentalDeletionPrevention); written at enabled'),
    asserted: z
      .strictObject({
        passwordSync: z.boolean().refine((v) => v, { message: 'must be true: password hash sync is the fallback every cloud sign-in relies on when on-premises is down' }).describe('password hash sync is on (the fallback); always asserted true'),
        ...asserted,
      })
      .describe('values Entra Connect or Cloud Sync own: compared at plan time, never written'),
  })
  .describe('the tenant\'s sync settings: soft- and hard-match takeover blocks, deletion threshold, and the asserted client-owned flags');

export type FeaturesInput = z.output<typeof featuresSchema>;

export interface DirectorySyncFeaturesSpec {
  readonly stage: Stage;
  readonly written: Readonly<Partial<Record<keyof typeof WRITTEN_FLAGS, boolean>>>;
  readonly accidentalDeletion?: { readonly mode: 'count' | 'percent'; readonly threshold: number };
  readonly asserted: Readonly<Partial<Record<keyof typeof ASSERTED_FLAGS, boolean>>>;
}

export const stagedFeatures = (stage: Stage) => stagedSetting('directorySync.features', stage, 'directorySync.features.stage');

export function resolveFeatures(input: FeaturesInput, defaultStage: Stage): DirectorySyncFeaturesSpec {
  const flags: Readonly<Record<string, unknown>> = input;
  const pick = <K extends string>(keys: readonly K[]) =>
    Object.fromEntries(keys.flatMap((k) => (typeof flags[k] === 'boolean' ? [[k, flags[k]]] : []))) as Partial<Record<K, boolean>>;
  const { asserted: a } = input;
  return {
    stage: input.stage ?? defaultStage,
    written: pick(Object.keys(WRITTEN_FLAGS) as (keyof typeof WRITTEN_FLAGS)[]),
    ...(input.accidentalDeletion ? { accidentalDeletion: input.accidentalDeletion } : {}),
    asserted: Object.fromEntries(Object.entries(a).filter(([, v]) => v !== undefined)) as DirectorySyncFeaturesSpec['asserted'],
  };
}

/** Plain words for every flag, by YAML key: what messages and the report say. */
export const FLAG_WORDS: Readonly<Record<keyof typeof WRITTEN_FLAGS | keyof typeof ASSERTED_FLAGS, string>> = {
  blockSoftMatch: 'soft matching onto cloud accounts blocked',
  blockCloudObjectTakeoverThroughHardMatch: 'hard-match takeover of cloud accounts blocked',
  cloudPasswordPolicyForPasswordSyncedUsers: 'cloud password policy for password-synced users',
  userForcePasswordChangeOnLogon: 'on-premises "change password at next logon" synced',
  passwordSync: 'password hash sync',
  passwordWriteback: 'password writeback',
  deviceWriteback: 'device writeback',
  groupWriteback: 'group writeback',
  unifiedGroupWriteback: 'Microsoft 365 group writeback',
  userWriteback: 'user writeback',
  softMatchOnUpn: 'soft match on UPN',
  synchronizeUpnForManagedUsers: 'UPN changes synced for managed users',
};

export const SYNC_WORDS: Readonly<Record<string, string>> = {
  ...Object.fromEntries(Object.entries({ ...WRITTEN_FLAGS, ...ASSERTED_FLAGS }).map(([k, v]) => [`features.${v}`, FLAG_WORDS[k as keyof typeof FLAG_WORDS]])),
  'configuration.accidentalDeletionPrevention.synchronizationPreventionType': 'accidental-deletion prevention',
  'configuration.accidentalDeletionPrevention.alertThreshold': 'accidental-deletion threshold',
};

export function directorySyncFeaturesDocuments(spec: DirectorySyncFeaturesSpec | undefined, tenantId: string): SettingsDocument[] {
  if (!spec) return [];
  const features = Object.fromEntries(Object.entries(spec.written).map(([k, v]) => [WRITTEN_FLAGS[k as keyof typeof WRITTEN_FLAGS], v]));
  const write: GraphBody = {
    ...(Object.keys(features).length ? { features } : {}),
    ...(spec.accidentalDeletion
      ? {
          configuration: {
            accidentalDeletionPrevention: {
              synchronizationPreventionType: spec.accidentalDeletion.mode === 'count' ? 'enabledForCount' : 'enabledForPercentage',
              alertThreshold: spec.accidentalDeletion.threshold,
            },
          },
        }
      : {}),
  };
  return [
    {
      key: SETTINGS.directorySyncFeatures,
      title: 'Directory sync settings',
      url: `directory/onPremisesSynchronization/${tenantId}`,
      stage: spec.stage,
      write,
      asserted: { features: Object.fromEntries(Object.entries(spec.asserted).map(([k, v]) => [ASSERTED_FLAGS[k as keyof typeof ASSERTED_FLAGS], v])) },
      delegated: true,
      words: SYNC_WORDS,
    },
  ];
}
