/**
 * `authorization:`: what ordinary users and guests may do in the tenant (the authorization
 * policy) and how a user asks for an app an admin must consent to (the admin consent request
 * policy). ScubaGear MS.AAD.5.1-5.3, 8.1-8.2; Maester EIDSCA.AP*.
 */
import { z } from 'zod';
import { SETTINGS } from '../../core/addresses';
import type { GraphBody } from '../../core/graph-json';
import { stageSchema } from '../../core/schema';
import type { Stage } from '../../core/stages';
import { principals, type PrincipalRef } from '../pim/schema';
import type { Section } from '../section';
import { stagedSetting, type SettingsDocument } from '../../core/settings';
import { AUTHORIZATION_RULES } from './guardrails';
import { AUTHORIZATION_REPORT } from './report';
import { GUEST_ROLES, INVITERS, LOW_RISK_CONSENT_POLICY, OWNED_RESOURCE_PREFIX } from './graph';

const STAGE = 'off, report-only or enabled; default the file\'s top-level stage';

const shape = {
  authorization: z
    .strictObject({
      stage: stageSchema.optional().describe(STAGE),
      usersCanRegisterApps: z.boolean().optional().describe('members may register applications (MS.AAD.5.1 wants false); default false'),
      usersCanCreateSecurityGroups: z.boolean().optional().describe('members may create security groups; default true (Entra\'s default)'),
      usersCanCreateTenants: z.boolean().optional().describe('members may create new tenants; default false'),
      usersCanReadOwnBitlockerKeys: z.boolean().optional().describe('members may read the BitLocker keys of devices they own; default true'),
      userConsent: z
        .enum(['none', 'low-risk-from-verified-publishers'])
        .optional()
        .describe('what users may consent to themselves: none (MS.AAD.5.2), or low-impact permissions of apps from verified publishers; default none'),
      keepOwnedResourceConsent: z
        .array(z.string().regex(/^[A-Za-z0-9-]+$/, { message: 'must be a permission grant policy id such as microsoft-dynamically-managed-permissions-for-team' }))
        .optional()
        .describe('permission grant policies for resources users own (Teams, chats) to keep assigned; the write replaces the whole list; default none'),
      guestAccess: z.enum(['restricted', 'limited']).optional().describe('what guests may see of the directory (MS.AAD.8.1): restricted or limited; default restricted'),
      guestInvites: z
        .enum(['admins-and-guest-inviters', 'nobody'])
        .optional()
        .describe('who may invite guests (MS.AAD.8.2 wants admins-and-guest-inviters); default admins-and-guest-inviters'),
      adminSelfServicePasswordReset: z.boolean().describe('administrators may reset their own password with SSPR (allowedToUseSSPR)'),
      blockMsolPowerShell: z.boolean().optional().describe('block the legacy MSOnline PowerShell module and its endpoint; default true'),
      adminConsent: z
        .strictObject({
          reviewers: principals.min(1).describe('who reviews requests: user object ids, {user: <id>} or {group: <id>}'),
          requestDurationInDays: z.number().int().min(1).max(30).optional().describe('how long a request stays open; default 30'),
          remindersEnabled: z.boolean().optional().describe('remind reviewers before a request expires; default true'),
        })
        .optional()
        .describe('the admin consent workflow (MS.AAD.5.3): users ask, reviewers decide; without it users who cannot consent have nowhere to ask'),
    })
    .optional()
    .describe('the authorization and admin consent policies: app registration, user consent, guests, invitations (components/authorization/README.md)'),
};

export interface AuthorizationSpec {
  readonly stage: Stage;
  readonly usersCanRegisterApps: boolean;
  readonly usersCanCreateSecurityGroups: boolean;
  readonly usersCanCreateTenants: boolean;
  readonly usersCanReadOwnBitlockerKeys: boolean;
  readonly userConsent: 'none' | 'low-risk-from-verified-publishers';
  readonly keepOwnedResourceConsent: readonly string[];
  readonly guestAccess: 'restricted' | 'limited';
  readonly guestInvites: keyof typeof INVITERS;
  readonly adminSelfServicePasswordReset: boolean;
  readonly blockMsolPowerShell: boolean;
  readonly adminConsent?: { readonly reviewers: readonly PrincipalRef[]; readonly requestDurationInDays: number; readonly remindersEnabled: boolean };
}

export const AUTHORIZATION_WORDS: Readonly<Record<string, string>> = {
  allowInvitesFrom: 'who may invite guests',
  allowedToUseSSPR: 'self-service password reset for administrators',
  blockMsolPowerShell: 'MSOnline PowerShell blocked',
  guestUserRoleId: 'the guest user role',
  'defaultUserRolePermissions.allowedToCreateApps': 'members may register applications',
  'defaultUserRolePermissions.allowedToCreateSecurityGroups': 'members may create security groups',
  'defaultUserRolePermissions.allowedToCreateTenants': 'members may create tenants',
  'defaultUserRolePermissions.allowedToReadBitlockerKeysForOwnedDevice': 'members may read their devices\' BitLocker keys',
  'defaultUserRolePermissions.allowedToReadOtherUsers': 'members may read other users',
  'defaultUserRolePermissions.permissionGrantPoliciesAssigned': 'what users may consent to',
  isEnabled: 'the admin consent workflow',
  notifyReviewers: 'reviewers are notified',
  remindersEnabled: 'reviewers are reminded',
  requestDurationInDays: 'days a request stays open',
  reviewers: 'the reviewers',
};

/** The two Graph documents of the section. */
export function authorizationDocuments(spec: AuthorizationSpec | undefined): SettingsDocument[] {
  if (!spec) return [];
  const grants = [...(spec.userConsent === 'none' ? [] : [LOW_RISK_CONSENT_POLICY]), ...spec.keepOwnedResourceConsent.map((id) => OWNED_RESOURCE_PREFIX + id)];
  const policy: GraphBody = {
    allowInvitesFrom: INVITERS[spec.guestInvites],
    allowedToUseSSPR: spec.adminSelfServicePasswordReset,
    blockMsolPowerShell: spec.blockMsolPowerShell,
    guestUserRoleId: GUEST_ROLES[spec.guestAccess],
    defaultUserRolePermissions: {
      allowedToCreateApps: spec.usersCanRegisterApps,
      allowedToCreateSecurityGroups: spec.usersCanCreateSecurityGroups,
      allowedToCreateTenants: spec.usersCanCreateTenants,
      allowedToReadBitlockerKeysForOwnedDevice: spec.usersCanReadOwnBitlockerKeys,
      // Graph: "DO NOT SET THIS VALUE TO false"; the whole complex value is sent.
      allowedToReadOtherUsers: true,
      permissionGrantPoliciesAssigned: grants,
    },
  };
  const docs: SettingsDocument[] = [
    { key: SETTINGS.authorizationPolicy, title: 'Authorization policy', url: 'policies/authorizationPolicy', stage: spec.stage, write: policy, words: AUTHORIZATION_WORDS },
  ];
  if (spec.adminConsent) {
    const c = spec.adminConsent;
    docs.push({
      key: SETTINGS.adminConsentRequestPolicy,
      title: 'Admin consent workflow',
      url: 'policies/adminConsentRequestPolicy',
      // Graph updates this policy only by PUT with the whole object.
      updateMethod: 'PUT',
      stage: spec.stage,
      write: {
        isEnabled: true,
        notifyReviewers: true,
        remindersEnabled: c.remindersEnabled,
        requestDurationInDays: c.requestDurationInDays,
        reviewers: c.reviewers.map((r) => ({
          query: r.kind === 'user' ? `/users/${r.objectId}` : `/groups/${r.objectId}/transitiveMembers`,
          queryType: 'MicrosoftGraph',
        })),
      },
      words: AUTHORIZATION_WORDS,
    });
  }
  return docs;
}

export const authorizationSection: Section<'authorization', typeof shape, AuthorizationSpec | undefined> = {
  key: 'authorization',
  shape,
  needs: [],
  resolve({ authorization: a }, context) {
    if (!a) return { spec: undefined, problems: [], warnings: [] };
    const warnings: string[] = [];
    const userConsent = a.userConsent ?? 'none';
    if (userConsent === 'none' && !a.adminConsent) {
      warnings.push('authorization.userConsent is none but there is no authorization.adminConsent: users who need an app have no way to ask an admin (MS.AAD.5.3)');
    }
    return {
      spec: {
        stage: a.stage ?? context.defaultStage,
        usersCanRegisterApps: a.usersCanRegisterApps ?? false,
        usersCanCreateSecurityGroups: a.usersCanCreateSecurityGroups ?? true,
        usersCanCreateTenants: a.usersCanCreateTenants ?? false,
        usersCanReadOwnBitlockerKeys: a.usersCanReadOwnBitlockerKeys ?? true,
        userConsent,
        keepOwnedResourceConsent: a.keepOwnedResourceConsent ?? [],
        guestAccess: a.guestAccess ?? 'restricted',
        guestInvites: a.guestInvites ?? 'admins-and-guest-inviters',
        adminSelfServicePasswordReset: a.adminSelfServicePasswordReset,
        blockMsolPowerShell: a.blockMsolPowerShell ?? true,
        ...(a.adminConsent
          ? { adminConsent: { reviewers: a.adminConsent.reviewers, requestDurationInDays: a.adminConsent.requestDurationInDays ?? 30, remindersEnabled: a.adminConsent.remindersEnabled ?? true } }
          : {}),
      },
      problems: [],
      warnings,
    };
  },
  stagedItems: (spec) => (spec ? [stagedSetting('authorization', spec.stage, 'authorization.stage')] : []),
  withStages: (spec, stageOf) => (spec ? { ...spec, stage: stageOf(stagedSetting('authorization', spec.stage, 'authorization.stage')) } : spec),
  suppressionTargets: (spec) => (spec ? ['authorization'] : []),
  rules: AUTHORIZATION_RULES,
  reportSections: AUTHORIZATION_REPORT,
};
