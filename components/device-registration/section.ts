/**
 * `deviceRegistration:`: the tenant's device registration policy, so the tenant-wide "require
 * MFA to register or join devices" never competes with CA012, the Conditional Access policy on
 * the Register or join devices user action (Maester MT.1061). Graph updates the policy only by
 * PUT with every updatable property; the provider's PUT sends the live object with the
 * declared values merged in, and `userDeviceQuota` is always declared because a PUT without it
 * resets it to 0 (nobody could join a device).
 */
import { z } from 'zod';
import { SETTINGS } from '../../core/addresses';
import { stageSchema } from '../../core/schema';
import type { Stage } from '../../core/stages';
import type { Section } from '../section';
import { stagedSetting, type SettingsDocument } from '../../core/settings';
import { DEVICE_REGISTRATION_RULES } from './guardrails';
import { DEVICE_REGISTRATION_REPORT } from './report';

const shape = {
  deviceRegistration: z
    .strictObject({
      stage: stageSchema.optional().describe("off, report-only or enabled; default the file's top-level stage"),
      requireMfaToJoin: z.boolean().describe('the tenant-wide MFA requirement to register or join devices; false when CA012 asks for MFA instead (Maester MT.1061)'),
      userDeviceQuota: z.number().int().min(0).max(2147483647).optional().describe('devices one user may register or join; default 50 (Entra\'s default)'),
    })
    .optional()
    .describe('the device registration policy: its multifactor setting and the per-user device quota (components/device-registration/README.md)'),
};

export interface DeviceRegistrationSpec {
  readonly stage: Stage;
  readonly requireMfaToJoin: boolean;
  readonly userDeviceQuota: number;
}

const STAGED = (stage: Stage) => stagedSetting('deviceRegistration', stage, 'deviceRegistration.stage');

export function deviceRegistrationDocuments(spec: DeviceRegistrationSpec | undefined): SettingsDocument[] {
  if (!spec) return [];
  return [
    {
      key: SETTINGS.deviceRegistrationPolicy,
      title: 'Device registration policy',
      url: 'policies/deviceRegistrationPolicy',
      updateMethod: 'PUT',
      stage: spec.stage,
      write: { multiFactorAuthConfiguration: spec.requireMfaToJoin ? 'required' : 'notRequired', userDeviceQuota: spec.userDeviceQuota },
      words: { multiFactorAuthConfiguration: 'MFA required to register or join devices', userDeviceQuota: 'devices per user' },
    },
  ];
}

export const deviceRegistrationSection: Section<'deviceRegistration', typeof shape, DeviceRegistrationSpec | undefined> = {
  key: 'deviceRegistration',
  shape,
  needs: [],
  resolve({ deviceRegistration: d }, context) {
    if (!d) return { spec: undefined, problems: [], warnings: [] };
    return { spec: { stage: d.stage ?? context.defaultStage, requireMfaToJoin: d.requireMfaToJoin, userDeviceQuota: d.userDeviceQuota ?? 50 }, problems: [], warnings: [] };
  },
  stagedItems: (spec) => (spec ? [STAGED(spec.stage)] : []),
  withStages: (spec, stageOf) => (spec ? { ...spec, stage: stageOf(STAGED(spec.stage)) } : spec),
  suppressionTargets: (spec) => (spec ? ['deviceRegistration'] : []),
  rules: DEVICE_REGISTRATION_RULES,
  reportSections: DEVICE_REGISTRATION_REPORT,
};
