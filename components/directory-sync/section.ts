/**
 * `directorySync:`: the Entra Connect / Cloud Sync service accounts and the one place they may
 * sign in from. They are exempt from the MFA and device policies (they can satisfy neither),
 * and CA019 blocks them everywhere but `allowedLocation`.
 */
import { z } from 'zod';
import { key, objectId, uniqueList } from '../../core/schema';
import type { PathProblem } from '../../core/problems';
import type { BreakGlassSpec } from '../break-glass/section';
import { locationReferenceProblem, type NamedLocationsSpec } from '../named-locations/section';
import type { Section } from '../section';
import { featuresSchema, resolveFeatures, stagedFeatures, type DirectorySyncFeaturesSpec } from './features';
import { DIRECTORY_SYNC_RULES } from './guardrails';
import { DIRECTORY_SYNC_REPORT } from './report';

export interface DirectorySyncSpec {
  /** Object ids of the sync service accounts. */
  readonly accounts: readonly string[];
  /** The tenant's sync settings. @default - not managed */
  readonly features?: DirectorySyncFeaturesSpec;
  /** Key of the IP named location of the sync servers' egress. @default - none: CA019 is not part of the environment */
  readonly allowedLocation?: string;
}

const shape = {
  directorySync: z
    .strictObject({
      accounts: uniqueList(objectId).min(1).describe('object ids of the Entra Connect / Cloud Sync service accounts'),
      allowedLocation: key('named location').optional().describe('an IP named location: the sync servers\' egress; enables CA019'),
      features: featuresSchema.optional(),
    })
    .optional()
    .describe('the directory-sync service accounts (hybrid identity)'),
};

export const directorySyncSection: Section<
  'directorySync',
  typeof shape,
  DirectorySyncSpec | undefined,
  { breakGlass: BreakGlassSpec; namedLocations: NamedLocationsSpec }
> = {
  key: 'directorySync',
  shape,
  needs: ['breakGlass', 'namedLocations'],
  resolve({ directorySync }, context, { breakGlass, namedLocations }) {
    if (!directorySync) return { spec: undefined, problems: [], warnings: [] };
    const problems: PathProblem[] = [];
    const warnings: string[] = [];
    if (directorySync.allowedLocation !== undefined) {
      const message = locationReferenceProblem(namedLocations, directorySync.allowedLocation, 'ip');
      if (message) problems.push({ path: ['directorySync', 'allowedLocation'], message });
    } else {
      warnings.push(
        'directorySync.accounts are exempt from the MFA and device policies, but no directorySync.allowedLocation confines them to the sync servers; set it so CA019 can block them everywhere else',
      );
    }
    const breakGlassAccounts = new Set(breakGlass.accounts);
    directorySync.accounts.forEach((id, i) => {
      if (breakGlassAccounts.has(id)) {
        problems.push({ path: ['directorySync', 'accounts', i], message: `${id} is a break-glass account; a sync account must be a different account` });
      }
    });
    const { features, ...rest } = directorySync;
    return { spec: { ...rest, ...(features ? { features: resolveFeatures(features, context.defaultStage) } : {}) }, problems, warnings };
  },
  stagedItems: (spec) => (spec?.features ? [stagedFeatures(spec.features.stage)] : []),
  withStages: (spec, stageOf) => (spec?.features ? { ...spec, features: { ...spec.features, stage: stageOf(stagedFeatures(spec.features.stage)) } } : spec),
  suppressionTargets: (spec) => (spec?.features ? ['directorySync.features'] : []),
  rules: DIRECTORY_SYNC_RULES,
  reportSections: DIRECTORY_SYNC_REPORT,
};
