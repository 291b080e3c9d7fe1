import { SETTINGS } from '../../../core/addresses';
import { settingIn } from '../../../analysis/model/settings';
import type { Finding, GuardrailRule } from '../../../guardrails/rule';

type Rule = Record<string, unknown>;

export const globalAdminActivationApproved: GuardrailRule = {
  id: 'PRM-PIM005',
  severity: 'error',
  trigger: "The Global Administrator role's own PIM settings let an activation through without approval, or send no notice to a mailbox.",
  explanation:
    'A direct eligible assignment to Global Administrator bypasses the PIM groups, and with them their approval. The role\'s own settings are the last place an activation can be stopped (MS.AAD.7.6) and noticed (MS.AAD.7.7-7.8: assignment, eligibility and activation notices must reach someone beyond the default recipients).',
  fix: 'Give directoryRolePolicies.roles.Global Administrator approvers, and a securityMailbox.',
  check({ model }) {
    const s = settingIn(model, SETTINGS.directoryRolePolicy('Global Administrator'));
    if (!s) return [];
    const rules = (Array.isArray(s.declared.rules) ? s.declared.rules : []) as Rule[];
    const rule = (id: string) => rules.find((r) => r.id === id);
    const findings: Finding[] = [];
    const approval = rule('Approval_EndUser_Assignment')?.setting as Rule | undefined;
    if (approval?.isApprovalRequired !== true) findings.push({ address: s.address, target: 'Global Administrator', message: 'Global Administrator activation does not need approval (MS.AAD.7.6)' });
    for (const id of ['Notification_Admin_Admin_Eligibility', 'Notification_Admin_Admin_Assignment', 'Notification_Admin_EndUser_Assignment']) {
      const recipients = rule(id)?.notificationRecipients;
      if (!Array.isArray(recipients) || recipients.length === 0) findings.push({ address: s.address, target: 'Global Administrator', message: `${id} notifies no mailbox beyond the default recipients (MS.AAD.7.7-7.8)` });
    }
    return findings;
  },
};
