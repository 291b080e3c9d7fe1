import { SETTINGS } from '../../../core/addresses';
import { settingIn, valueAt } from '../../../analysis/model/settings';
import type { GuardrailRule } from '../../../guardrails/rule';

export const passwordHashSyncAsserted: GuardrailRule = {
  id: 'PRM-SET005',
  severity: 'error',
  trigger: 'directorySync.features is managed but does not assert password hash sync on, or writes a flag the sync client owns.',
  explanation:
    'Password hash sync is the fallback the whole hybrid design relies on: when the domain controllers, the sync servers or a federation service are down, cloud sign-in still works, and Identity Protection sees leaked credentials. It is owned by Entra Connect or Cloud Sync, so perimeter asserts it at every plan and never writes it; writing a flag the client owns would fight it on every sync cycle.',
  fix: 'Keep directorySync.features.asserted.passwordSync: true; declare client-owned flags under asserted, never as written flags.',
  check({ model }) {
    const s = settingIn(model, SETTINGS.directorySyncFeatures);
    if (!s) return [];
    const findings = [];
    if (valueAt(s.compared, 'features.passwordSyncEnabled') !== true) {
      findings.push({ address: s.address, target: 'directorySync.features', message: 'password hash sync (passwordSyncEnabled) is not asserted on: nothing warns when the cloud sign-in fallback is gone' });
    }
    const writes = Object.keys((valueAt(s.written, 'features') as Record<string, unknown> | undefined) ?? {});
    const owned = writes.filter((f) => ['passwordSyncEnabled', 'passwordWritebackEnabled', 'softMatchOnUpnEnabled'].includes(f) || /Write[Bb]ackEnabled$/.test(f));
    if (owned.length) findings.push({ address: s.address, target: 'directorySync.features', message: `writes ${owned.join(', ')}, which the sync client owns` });
    return findings;
  },
};
