/**
 * PIM in the report and the diff, in identity terms: a policy reads "activation lasts at most
 * 4 hours, needs approval by group identity-security-leads", an assignment "group pim_global_administrator
 * holds Global Administrator", never `activation_rules.require_approval: true`.
 */
import { TF } from '../../core/addresses';
import type { EnvironmentModel, SynthesizedResource } from '../../analysis/model/types';
import { blockOf } from '../../analysis/report/describe';
import type { ResourceDescription, ResourceSection } from '../../analysis/report/sections';
import { durationWords } from '../../core/text';

type Config = Readonly<Record<string, unknown>>;

const list = (v: unknown): readonly unknown[] => (Array.isArray(v) ? v : v === undefined || v === null ? [] : [v]);

/** `${azuread_group.pim_global_administrator.object_id}` or a GUID, by the name the environment gives it. */
function named(model: EnvironmentModel, v: unknown): string {
  const text = String(v ?? '');
  const ref = /^\$\{([a-zA-Z0-9_]+)\.([a-zA-Z0-9_-]+)(?:\.[a-zA-Z0-9_]+)?\}$/.exec(text);
  if (ref) return model.labelOf(`${ref[1]}.${ref[2]}`);
  const label = model.labelOf(text.toLowerCase());
  return label === text.toLowerCase() ? text : label;
}

const requirements = (rules: Config, context = true) =>
  [
    rules.require_multifactor_authentication === true ? 'MFA' : undefined,
    context && typeof rules.required_conditional_access_authentication_context === 'string' ? `authentication context ${rules.required_conditional_access_authentication_context}` : undefined,
    rules.require_justification === true ? 'a justification' : undefined,
    rules.require_ticket_info === true ? 'a ticket number' : undefined,
  ].filter((x): x is string => x !== undefined);

const NOTIFIED: Readonly<Record<string, string>> = {
  eligible_activations: 'activations',
  eligible_assignments: 'eligible assignments',
  active_assignments: 'active assignments',
};

/** What a PIM policy (for a group's membership or an Azure role) requires, one sentence per setting. */
function describePolicy(r: SynthesizedResource, model: EnvironmentModel): ResourceDescription {
  const c = r.config;
  const subject =
    r.type === TF.groupRoleManagementPolicy
      ? `PIM policy for ${c.role_id === 'owner' ? 'ownership' : 'membership'} of ${named(model, c.group_id)}`
      : `PIM policy for ${named(model, String(c.role_definition_id ?? '').split('/').pop())} at ${String(c.scope ?? '')}`;
  const facts = new Map<string, { text: string; raw?: string }>();
  const activation = blockOf(c.activation_rules);
  facts.set('activation lasts at most', { text: durationWords(activation.maximum_duration) });
  const approvers = list(blockOf(activation.approval_stage).primary_approver).map((a) => {
    const label = named(model, blockOf(a).object_id);
    const kind = /group/i.test(String(blockOf(a).type)) ? 'group' : 'user';
    return label === String(blockOf(a).object_id) ? `${kind} ${label}` : label;
  });
  facts.set('activation needs approval', {
    text: activation.require_approval === true ? `yes, by ${approvers.join(', ') || 'nobody named'}` : 'no',
    raw: JSON.stringify([activation.require_approval === true, list(blockOf(activation.approval_stage).primary_approver).map((a) => blockOf(a).object_id)]),
  });
  facts.set('activation requires', { text: requirements(activation).join(', ') || 'nothing more' });
  const eligible = blockOf(c.eligible_assignment_rules);
  facts.set('eligibility expires after', { text: eligible.expiration_required === true ? durationWords(eligible.expire_after) : 'never (permanent eligibility)' });
  const active = blockOf(c.active_assignment_rules);
  facts.set('active assignments expire after', { text: active.expiration_required === true ? durationWords(active.expire_after) : 'never (permanent assignments)' });
  facts.set('an active assignment requires', { text: requirements(active, false).join(', ') || 'nothing more' });
  const notified = Object.entries(blockOf(c.notification_rules)).flatMap(([kind, rules]) => {
    const admin = blockOf(blockOf(rules).admin_notifications);
    const to = list(admin.additional_recipients).map(String);
    return to.length ? [`${NOTIFIED[kind] ?? kind} to ${to.join(', ')}${admin.notification_level === 'Critical' ? ' (critical only)' : ''}`] : [];
  });
  facts.set('administrators are told of', { text: notified.join('; ') || 'nothing beyond the default recipients' });
  return { subject, facts };
}

/** Who holds or may activate what, and for how long. */
function describeAssignment(r: SynthesizedResource, model: EnvironmentModel): ResourceDescription {
  const c = r.config;
  const facts = new Map<string, { text: string; raw?: string }>();
  if (r.type === TF.directoryRoleAssignment) {
    facts.set('kind', { text: `active, permanent, at ${String(c.directory_scope_id ?? '/') === '/' ? 'the whole directory' : String(c.directory_scope_id)}` });
    return { subject: `${named(model, c.principal_object_id)} holds ${named(model, c.role_id)}`, facts };
  }
  if (r.type.startsWith('azuread_privileged_access_group_')) {
    const eligible = r.type.includes('eligibility');
    facts.set('kind', { text: `${eligible ? 'eligible' : 'active'} ${String(c.assignment_type ?? 'member')}` });
    facts.set('for', { text: c.duration ? durationWords(c.duration) : c.expiration_date ? `until ${String(c.expiration_date)}` : 'no end date' });
    return { subject: `${named(model, c.principal_id)} ${eligible ? 'may activate' : 'holds'} ${String(c.assignment_type ?? 'member')}ship of ${named(model, c.group_id)}`, facts };
  }
  const days = blockOf(blockOf(blockOf(c.schedule).expiration)).duration_days;
  facts.set('kind', { text: r.type.includes('eligible') ? 'eligible' : 'active' });
  facts.set('for', { text: days !== undefined ? `${String(days)} days` : 'no end date' });
  return { subject: `${named(model, c.principal_id)} may activate Azure role ${named(model, String(c.role_definition_id ?? '').split('/').pop())} at ${String(c.scope ?? '')}`, facts };
}

export const PIM_REPORT: readonly ResourceSection[] = [
  {
    title: 'PIM policies',
    matches: (r) =>
      r.type === TF.groupRoleManagementPolicy ||
      r.type === TF.azureRoleManagementPolicy ||
      (r.type.startsWith('msgraph_') && String(r.config.url ?? '').includes('roleManagementPolicies') && !r.name.startsWith('settings_')),
    describe: (r, model) => (r.type === TF.groupRoleManagementPolicy || r.type === TF.azureRoleManagementPolicy ? describePolicy(r, model) : undefined),
  },
  {
    title: 'PIM assignments',
    matches: (r) =>
      r.type.startsWith('azuread_privileged_access_group_') || r.type.startsWith('azuread_directory_role_') || r.type.startsWith('azurerm_pim_'),
    describe: describeAssignment,
  },
  { title: 'Access reviews', matches: (r) => r.type.startsWith('msgraph_') && String(r.config.url ?? '').includes('accessReviews') },
];
