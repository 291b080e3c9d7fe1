import { SETTINGS } from '../../core/addresses';
import { settingIn } from '../../analysis/model/settings';
import type { EnvironmentModel } from '../../analysis/model/types';
import type { ReportRow, ResourceSection } from '../../analysis/report/sections';
import { stageLine } from '../../analysis/report/settings';

function rows(model: EnvironmentModel): ReportRow[] {
  const s = settingIn(model, SETTINGS.deviceRegistrationPolicy);
  if (!s) return [];
  const cap = model.policies.filter((p) => p.conditions.applications.includeUserActions.includes('urn:user:registerdevice')).map((p) => `${p.id} (${p.state})`);
  return [
    [
      [s.address, 'Device registration policy'],
      [
        stageLine(s),
        `tenant-wide MFA to register or join devices: ${s.declared.multiFactorAuthConfiguration === 'required' ? 'required' : 'not required'}${cap.length ? `; Conditional Access asks instead: ${cap.join(', ')}` : ''}`,
        `devices per user: ${String(s.declared.userDeviceQuota)}`,
      ],
    ],
  ];
}

export const DEVICE_REGISTRATION_REPORT: readonly ResourceSection[] = [
  {
    title: 'Device registration',
    note: 'Who must do MFA to register or join a device: the tenant setting or CA012, never both (Maester MT.1061).',
    matches: (r) => r.type === 'msgraph_update_resource' && r.name === SETTINGS.deviceRegistrationPolicy,
    rows,
  },
];
