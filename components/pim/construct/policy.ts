/**
 * The settings of a PIM role management policy, shared by PIM for Groups
 * (azuread_group_role_management_policy) and Azure resource roles
 * (azurerm_role_management_policy): both providers use the same block shapes and value sets,
 * and differ only in how an approver's type is spelled.
 */
import type { ActivationSettings, PrincipalRef } from '../schema';

export interface PolicyApprover {
  readonly objectId: string;
  readonly type: string;
}

export interface ActivationRulesConfig {
  readonly maximumDuration: string;
  readonly requireApproval: boolean;
  readonly approvalStage?: { readonly primaryApprover: PolicyApprover[] };
  readonly requireMultifactorAuthentication?: boolean;
  readonly requiredConditionalAccessAuthenticationContext?: string;
  readonly requireJustification: boolean;
  readonly requireTicketInfo: boolean;
}

export interface ActiveAssignmentRulesConfig {
  readonly expirationRequired: boolean;
  readonly expireAfter?: string;
  readonly requireMultifactorAuthentication: boolean;
  readonly requireJustification: boolean;
  readonly requireTicketInfo: boolean;
}

interface NotificationSettingsConfig {
  readonly notificationLevel: 'All';
  readonly defaultRecipients: boolean;
  readonly additionalRecipients: string[];
}

export interface NotificationRulesConfig {
  readonly eligibleAssignments: { readonly adminNotifications: NotificationSettingsConfig };
  readonly activeAssignments: { readonly adminNotifications: NotificationSettingsConfig };
  readonly eligibleActivations: { readonly adminNotifications: NotificationSettingsConfig };
}

export interface PolicyRulesConfig {
  readonly activationRules: ActivationRulesConfig;
  readonly eligibleAssignmentRules: { readonly expirationRequired: true; readonly expireAfter: string };
  readonly activeAssignmentRules: ActiveAssignmentRulesConfig;
  readonly notificationRules: NotificationRulesConfig;
}

/** azuread (PIM for Groups) spells approver types `singleUser` / `groupMembers`. */
export const GROUP_POLICY_APPROVER_TYPES: Readonly<Record<PrincipalRef['kind'], string>> = { user: 'singleUser', group: 'groupMembers' };
/** azurerm (Azure roles) spells them `User` / `Group`. */
export const AZURE_POLICY_APPROVER_TYPES: Readonly<Record<PrincipalRef['kind'], string>> = { user: 'User', group: 'Group' };

/**
 * Every rule is written out, none left to the tenant's defaults: the policies pre-exist and
 * the provider only adopts them, so an omitted rule would keep whatever someone clicked.
 */
export function policyRules(
  settings: ActivationSettings,
  securityMailbox: string,
  approverTypes: Readonly<Record<PrincipalRef['kind'], string>>,
): PolicyRulesConfig {
  const approval = settings.approvers.length > 0;
  // MFA and an authentication context conflict in both providers: exactly one is sent.
  const strongAuth =
    settings.authenticationContext !== undefined
      ? { requiredConditionalAccessAuthenticationContext: settings.authenticationContext }
      : { requireMultifactorAuthentication: true };
  const toMailbox: NotificationSettingsConfig = { notificationLevel: 'All', defaultRecipients: true, additionalRecipients: [securityMailbox] };
  const permanentActive = settings.activeAssignmentExpiresAfter === 'permanent';
  return {
    activationRules: {
      maximumDuration: settings.maxActivation,
      requireApproval: approval,
      ...(approval
        ? { approvalStage: { primaryApprover: settings.approvers.map((a) => ({ objectId: a.objectId, type: approverTypes[a.kind] })) } }
        : {}),
      ...strongAuth,
      requireJustification: true,
      requireTicketInfo: settings.requireTicket,
    },
    eligibleAssignmentRules: { expirationRequired: true, expireAfter: settings.eligibilityExpiresAfter },
    activeAssignmentRules: {
      expirationRequired: !permanentActive,
      ...(permanentActive ? {} : { expireAfter: settings.activeAssignmentExpiresAfter }),
      requireMultifactorAuthentication: true,
      requireJustification: true,
      requireTicketInfo: settings.requireTicket,
    },
    notificationRules: {
      eligibleAssignments: { adminNotifications: toMailbox },
      activeAssignments: { adminNotifications: toMailbox },
      eligibleActivations: { adminNotifications: toMailbox },
    },
  };
}
