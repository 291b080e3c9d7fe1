import { SETTINGS } from '../../../core/addresses';
import { settingIn, valueAt } from '../../../analysis/model/settings';
import type { GuardrailRule } from '../../../guardrails/rule';

export const syncTakeoverBlocked: GuardrailRule = {
  id: 'PRM-SET006',
  severity: 'warning',
  trigger: 'In the highest ring, directory sync may still soft-match or hard-match an on-premises object onto an existing cloud account.',
  explanation:
    'Whoever controls on-premises AD can create a user whose UPN, proxy address or immutable id matches a cloud-only account, a Global Administrator included, and sync will take the cloud account over. blockSoftMatchEnabled and blockCloudObjectTakeoverThroughHardMatchEnabled stop that; soft matching is needed only while migrating accounts.',
  fix: 'Set directorySync.features.blockSoftMatch and blockCloudObjectTakeoverThroughHardMatch to true (turn soft match on only for a planned migration).',
  check({ model, isHighestRing }) {
    const s = settingIn(model, SETTINGS.directorySyncFeatures);
    if (!s || !isHighestRing) return [];
    const open = ['blockSoftMatchEnabled', 'blockCloudObjectTakeoverThroughHardMatchEnabled'].filter((f) => valueAt(s.declared, `features.${f}`) !== true);
    return open.length ? [{ address: s.address, target: 'directorySync.features', message: `${open.join(' and ')} ${open.length === 1 ? 'is' : 'are'} not declared true: a synced object can take over a cloud account` }] : [];
  },
};
