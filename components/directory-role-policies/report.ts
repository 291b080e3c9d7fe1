import { SETTINGS } from '../../core/addresses';
import { DIRECTORY_ROLES } from '../../core/microsoft/directory-roles';
import { settingsIn } from '../../analysis/model/settings';
import type { EnvironmentModel } from '../../analysis/model/types';
import type { ReportRow, ResourceSection } from '../../analysis/report/sections';
import { stageLine } from '../../analysis/report/settings';

type Rule = Record<string, unknown>;

function rows(model: EnvironmentModel): ReportRow[] {
  return settingsIn(model, SETTINGS.directoryRolePolicy('')).map((s): ReportRow => {
    const rules = (Array.isArray(s.declared.rules) ? s.declared.rules : []) as Rule[];
    const rule = (id: string) => rules.find((r) => r.id === id) ?? {};
    const approval = (rule('Approval_EndUser_Assignment').setting ?? {}) as Rule;
    const stages = (Array.isArray(approval.approvalStages) ? approval.approvalStages : []) as Rule[];
    const approvers = stages.flatMap((st) => (Array.isArray(st.primaryApprovers) ? (st.primaryApprovers as Rule[]) : [])).map((p) =>
      typeof p.groupId === 'string' ? `members of ${model.labelOf(p.groupId)}` : model.labelOf(String(p.userId)),
    );
    const context = rule('AuthenticationContext_EndUser_Assignment');
    const requirements = (rule('Enablement_EndUser_Assignment').enabledRules as string[] | undefined) ?? [];
    const active = rule('Expiration_Admin_Assignment');
    const name = (Object.keys(DIRECTORY_ROLES) as string[]).find((n) => SETTINGS.directoryRolePolicy(n) === s.key) ?? s.key;
    return [
      [s.address, name],
      [
        stageLine(s),
        `activation lasts at most ${String(rule('Expiration_EndUser_Assignment').maximumDuration)}; needs ${[
          ...requirements.map((r) => (r === 'MultiFactorAuthentication' ? 'MFA' : r === 'Justification' ? 'a justification' : 'a ticket')),
          ...(context.isEnabled === true ? [`authentication context ${String(context.claimValue)}`] : []),
        ].join(', ')}`,
        approval.isApprovalRequired === true ? `approval by ${approvers.join('; ')}` : 'no approval',
        `direct eligible assignments expire after ${String(rule('Expiration_Admin_Eligibility').maximumDuration)}; active ones ${active.isExpirationRequired === true ? `after ${String(active.maximumDuration)}` : 'never'}`,
        `assignment, eligibility and activation notices to ${((rule('Notification_Admin_EndUser_Assignment').notificationRecipients as string[] | undefined) ?? []).join(', ')}`,
      ],
    ];
  });
}

export const DIRECTORY_ROLE_POLICY_REPORT: readonly ResourceSection[] = [
  {
    title: "Directory roles' own PIM settings",
    note: 'What a direct assignment to a role (not through its PIM group) must go through: approval, activation requirements, expiry and notices (ScubaGear MS.AAD.7.6-7.9).',
    matches: (r) => r.type === 'msgraph_update_resource' && r.name.startsWith(SETTINGS.directoryRolePolicy('')),
    rows,
  },
];
