/**
 * A directory role's PIM settings as Graph role management policy rules (v1.0
 * unifiedRoleManagementPolicy rule ids), from the same settings the PIM groups use: the
 * provider-neutral policyRules() of components/pim/construct/policy.ts, mapped rule by rule.
 * Every rule perimeter manages is sent with its `@odata.type` and target, as Graph requires.
 */
import type { GraphBody, GraphValue } from '../../../core/graph-json';
import { GROUP_POLICY_APPROVER_TYPES, policyRules } from '../../pim/construct/policy';
import type { SettingsDocument } from '../../../core/settings';
import type { DirectoryRolePoliciesSpec, DirectoryRolePolicy } from '../section';

const T = '#microsoft.graph.unifiedRoleManagementPolicy';

function target(caller: 'Admin' | 'EndUser', level: 'Eligibility' | 'Assignment'): GraphValue {
  return { '@odata.type': 'microsoft.graph.unifiedRoleManagementPolicyRuleTarget', caller, operations: ['All'], level, inheritableSettings: [], enforcedSettings: [] };
}

const notification = (id: string, level: 'Eligibility' | 'Assignment', caller: 'Admin' | 'EndUser', mailbox: string): GraphBody => ({
  '@odata.type': `${T}NotificationRule`,
  id,
  notificationType: 'Email',
  recipientType: 'Admin',
  notificationLevel: 'All',
  isDefaultRecipientsEnabled: true,
  notificationRecipients: [mailbox],
  target: target(caller, level),
});

/** The rules of one role's policy, in Graph's rule-id order. */
export function roleRules(role: DirectoryRolePolicy, mailbox: string): GraphBody[] {
  const r = policyRules(role, mailbox, GROUP_POLICY_APPROVER_TYPES);
  const a = r.activationRules;
  const enduser = [
    'Justification',
    ...(a.requireMultifactorAuthentication ? ['MultiFactorAuthentication'] : []),
    ...(a.requireTicketInfo ? ['Ticketing'] : []),
  ];
  const active = r.activeAssignmentRules;
  const stages: GraphValue[] = a.approvalStage
    ? [
        {
          '@odata.type': 'microsoft.graph.unifiedApprovalStage',
          approvalStageTimeOutInDays: 1,
          isApproverJustificationRequired: true,
          escalationTimeInMinutes: 0,
          isEscalationEnabled: false,
          primaryApprovers: a.approvalStage.primaryApprover.map((p): GraphValue =>
            p.type === 'groupMembers' ? { '@odata.type': '#microsoft.graph.groupMembers', groupId: p.objectId } : { '@odata.type': '#microsoft.graph.singleUser', userId: p.objectId },
          ),
          escalationApprovers: [],
        },
      ]
    : [];
  return [
    { '@odata.type': `${T}ExpirationRule`, id: 'Expiration_Admin_Eligibility', isExpirationRequired: true, maximumDuration: r.eligibleAssignmentRules.expireAfter, target: target('Admin', 'Eligibility') },
    notification('Notification_Admin_Admin_Eligibility', 'Eligibility', 'Admin', mailbox),
    {
      '@odata.type': `${T}ExpirationRule`,
      id: 'Expiration_Admin_Assignment',
      isExpirationRequired: active.expirationRequired,
      ...(active.expireAfter ? { maximumDuration: active.expireAfter } : {}),
      target: target('Admin', 'Assignment'),
    },
    {
      '@odata.type': `${T}EnablementRule`,
      id: 'Enablement_Admin_Assignment',
      enabledRules: ['MultiFactorAuthentication', 'Justification', ...(active.requireTicketInfo ? ['Ticketing'] : [])],
      target: target('Admin', 'Assignment'),
    },
    notification('Notification_Admin_Admin_Assignment', 'Assignment', 'Admin', mailbox),
    { '@odata.type': `${T}ExpirationRule`, id: 'Expiration_EndUser_Assignment', isExpirationRequired: true, maximumDuration: a.maximumDuration, target: target('EndUser', 'Assignment') },
    { '@odata.type': `${T}EnablementRule`, id: 'Enablement_EndUser_Assignment', enabledRules: enduser, target: target('EndUser', 'Assignment') },
    {
      '@odata.type': `${T}ApprovalRule`,
      id: 'Approval_EndUser_Assignment',
      setting: {
        '@odata.type': 'microsoft.graph.approvalSettings',
        isApprovalRequired: a.requireApproval,
        isApprovalRequiredForExtension: false,
        isRequestorJustificationRequired: true,
        approvalMode: 'SingleStage',
        approvalStages: stages,
      },
      target: target('EndUser', 'Assignment'),
    },
    {
      '@odata.type': `${T}AuthenticationContextRule`,
      id: 'AuthenticationContext_EndUser_Assignment',
      isEnabled: a.requiredConditionalAccessAuthenticationContext !== undefined,
      ...(a.requiredConditionalAccessAuthenticationContext ? { claimValue: a.requiredConditionalAccessAuthenticationContext } : {}),
      target: target('EndUser', 'Assignment'),
    },
    notification('Notification_Admin_EndUser_Assignment', 'Assignment', 'EndUser', mailbox),
  ];
}

/** The filter that finds a directory role's policy through its assignment. */
export function policyAssignmentQuery(templateId: string): Readonly<Record<string, readonly string[]>> {
  return { $filter: [`scopeId eq '/' and scopeType eq 'DirectoryRole' and roleDefinitionId eq '${templateId}'`], $expand: ['policy($expand=rules)'] };
}

export const ROLE_POLICY_WORDS: Readonly<Record<string, string>> = {
  'rules.maximumDuration': 'maximum duration',
  'rules.isExpirationRequired': 'expiry required',
  'rules.enabledRules': 'requirements',
  'rules.setting.isApprovalRequired': 'approval required',
  'rules.setting.isRequestorJustificationRequired': 'justification required',
  'rules.notificationRecipients': 'notification recipients',
  'rules.isDefaultRecipientsEnabled': 'default recipients notified',
  'rules.isEnabled': 'authentication context required',
  'rules.claimValue': 'authentication context',
};

/** One document per role: the whole policy PATCHed with its rules (the route Graph documents for application permissions). */
export function directoryRolePolicyDocuments(spec: DirectoryRolePoliciesSpec | undefined, policyIdOf: (role: DirectoryRolePolicy) => string): SettingsDocument[] {
  if (!spec) return [];
  return spec.roles.map((role) => ({
    key: role.key,
    title: `PIM settings of ${role.name}`,
    url: spec.stage === 'enabled' ? `policies/roleManagementPolicies/${policyIdOf(role)}` : 'policies/roleManagementPolicies',
    stage: spec.stage,
    write: { rules: roleRules(role, spec.securityMailbox) },
    keyedArrays: ['rules'],
    notCompared: ['target', 'approvalStages', 'notificationType', 'recipientType', 'notificationLevel'],
    read: { url: 'policies/roleManagementPolicyAssignments', queryParameters: policyAssignmentQuery(role.templateId), path: [{ only: 'value' }, 'policy'] },
    words: ROLE_POLICY_WORDS,
  }));
}
