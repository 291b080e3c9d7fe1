import { SETTINGS } from '../../core/addresses';
import { settingIn, valueAt } from '../../analysis/model/settings';
import type { EnvironmentModel } from '../../analysis/model/types';
import type { ReportRow, ResourceSection } from '../../analysis/report/sections';
import { stageLine, yesNo } from '../../analysis/report/settings';
import { ASSERTED_FLAGS, FLAG_WORDS, WRITTEN_FLAGS } from './features';

function rows(model: EnvironmentModel): ReportRow[] {
  const s = settingIn(model, SETTINGS.directorySyncFeatures);
  if (!s) return [];
  const flag = (k: string, graph: string, body: Record<string, unknown> | undefined) =>
    valueAt(body, `features.${graph}`) === undefined ? [] : [`${k}: ${yesNo(valueAt(body, `features.${graph}`))}`];
  const declaredWrites = s.stage === 'enabled' ? s.written : s.declared;
  const deletion = valueAt(s.declared, 'configuration.accidentalDeletionPrevention') as Record<string, unknown> | undefined;
  return [
    [
      [s.address, 'Directory sync settings'],
      [
        stageLine(s),
        'read and written as a signed-in Global Administrator (msgraph.delegated): Graph has no application permission for it',
        ...Object.entries(WRITTEN_FLAGS).flatMap(([k, g]) => flag(FLAG_WORDS[k as keyof typeof FLAG_WORDS], g, declaredWrites)),
        ...(deletion
          ? [`accidental deletion: an export deleting more than ${String(deletion.alertThreshold)}${deletion.synchronizationPreventionType === 'enabledForPercentage' ? '%' : ''} objects stops for review`]
          : []),
        ...Object.entries(ASSERTED_FLAGS).flatMap(([k, g]) => flag(`${FLAG_WORDS[k as keyof typeof FLAG_WORDS]} (owned by the sync client, asserted)`, g, s.compared)),
      ],
    ],
  ];
}

export const DIRECTORY_SYNC_REPORT: readonly ResourceSection[] = [
  {
    title: 'Directory sync settings',
    note: 'How on-premises objects may match cloud accounts, the accidental-deletion stop, and the client-owned flags a plan checks (password hash sync is the cloud sign-in fallback).',
    matches: (r) => r.type === 'msgraph_update_resource' && r.name === SETTINGS.directorySyncFeatures,
    rows,
  },
];
