import { Construct } from '../../../app/cdktf';
import { azurermProvider } from '../../../app/providers/azurerm';
import { msgraphProvider } from '../../../app/providers/msgraph';
import { pimMemberNames } from '../../../core/addresses';
import { BreakGlassGlobalAdmin } from '../../break-glass/construct';
import type { PimSettings } from '../schema';
import { PimAccessReview } from './access-review';
import { AzurePimRole } from './azure-role';
import { PimRoleGroup } from './role-group';

export interface PrivilegedAccessProps {
  readonly tenantId: string;
  /** The environment (stack) name, recorded in every assignment justification. */
  readonly environmentName: string;
  /** @default - no PIM groups, Azure roles or access reviews */
  readonly pim?: PimSettings;
  readonly breakGlass: { readonly accountIds: readonly string[]; readonly assignGlobalAdmin: boolean };
}

/**
 * No standing privilege: directory roles through PIM-governed role-assignable groups, Azure
 * roles through PIM eligibility, quarterly reviews of who is eligible, and the break-glass
 * accounts as the only permanent Global Administrators (when the environment asks for it).
 */
export class PrivilegedAccess extends Construct {
  readonly roles: readonly PimRoleGroup[];
  readonly azureRoles: readonly AzurePimRole[];
  readonly accessReviews: readonly PimAccessReview[];
  readonly breakGlassGlobalAdmin?: BreakGlassGlobalAdmin;

  constructor(scope: Construct, id: string, props: PrivilegedAccessProps) {
    super(scope, id);
    const pim = props.pim;

    const roles = pim?.roles ?? [];
    this.roles = roles.map((role) => new PimRoleGroup(this, role.key, { role, securityMailbox: pim!.securityMailbox, environmentName: props.environmentName }));

    if (pim && pim.azureRoles.length > 0) {
      if (pim.azureSubscriptionId === undefined) throw new Error('azureRoles without azureSubscriptionId: resolvePim must have reported this');
      azurermProvider(this, pim.azureSubscriptionId);
    }
    this.azureRoles = (pim?.azureRoles ?? []).map(
      (role) => new AzurePimRole(this, role.key, { role, securityMailbox: pim!.securityMailbox, environmentName: props.environmentName }),
    );

    const reviews = pim?.accessReviews;
    if (reviews && roles.length > 0) msgraphProvider(this, { tenantId: props.tenantId });
    this.accessReviews = reviews
      ? roles.map(
          (role, i) =>
            new PimAccessReview(this, `${role.key}-access-review`, {
              settings: reviews,
              groupObjectId: this.roles[i]!.groupObjectId,
              groupDisplayName: role.groupDisplayName,
              roleName: role.name,
              key: pimMemberNames.accessReview(role.key),
            }),
        )
      : [];

    if (props.breakGlass.assignGlobalAdmin) {
      this.breakGlassGlobalAdmin = new BreakGlassGlobalAdmin(this, 'break-glass-global-admin', { accountIds: props.breakGlass.accountIds });
    }
  }
}
