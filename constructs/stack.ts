import { AzureadProvider } from '@cdktf/provider-azuread/lib/provider';
import { Annotations, TerraformOutput, TerraformStack, type Construct } from './cdktf';
import type { Environment } from '../config/environment';
import { ApplicationProxyApps } from './app-proxy';
import { BreakGlassExclusion } from './break-glass';
import { ConditionalAccessBaseline } from './conditional-access';
import { NamedLocations } from './named-locations';
import { addStateBackend } from './state-backend';
import { markStageCeiling } from './stage-ceiling';
import { IdentityTelemetry } from './telemetry';
import { PrivilegedAccess } from './pim';

export interface IdentityPlaneStackProps {
  readonly environment: Environment;
  /** @default false - see ApplicationProxyAppsProps.skipConnectorGroupAssignment */
  readonly skipConnectorGroupAssignment?: boolean;
}

/** Everything downstream of directory sync for one environment (one tenant binding). */
export class IdentityPlaneStack extends TerraformStack {
  readonly environment: Environment;
  readonly breakGlass: BreakGlassExclusion;
  readonly namedLocations: NamedLocations;
  readonly conditionalAccess: ConditionalAccessBaseline;
  readonly telemetry?: IdentityTelemetry;
  /** Present when the environment has a `pim:` section or `breakGlass.assignGlobalAdmin`. */
  readonly privilegedAccess?: PrivilegedAccess;
  readonly appProxy?: ApplicationProxyApps;

  constructor(scope: Construct, props: IdentityPlaneStackProps) {
    const env = props.environment;
    super(scope, env.name);
    this.environment = env;

    addStateBackend(this, env.name, env.backend);
    new AzureadProvider(this, 'azuread', { tenantId: env.tenantId, useOidc: true });

    this.breakGlass = new BreakGlassExclusion(this, 'break-glass', {
      accountIds: env.breakGlass.accounts,
      groupDisplayName: env.breakGlass.exclusionGroupName,
    });
    this.namedLocations = new NamedLocations(this, 'named-locations', { locations: env.namedLocations });

    if (env.appProxy) {
      this.appProxy = new ApplicationProxyApps(this, 'app-proxy', {
        tenantId: env.tenantId,
        spec: env.appProxy,
        file: env.file,
        skipConnectorGroupAssignment: props.skipConnectorGroupAssignment ?? false,
      });
    }

    const locations = this.namedLocations;
    this.conditionalAccess = new ConditionalAccessBaseline(this, 'conditional-access', {
      policies: env.policies,
      groupObjectIds: Object.fromEntries(Object.entries(env.groups).map(([k, g]) => [k, g.objectId])),
      bindings: {
        breakGlassAccountIds: this.breakGlass.accountIds,
        breakGlassGroupObjectId: this.breakGlass.groupObjectId,
        directorySyncAccountIds: env.directorySync?.accounts ?? [],
        sensitiveAppIds: env.sensitiveAppIds,
        guestAllowedApps: env.guestAllowedApps,
        appProxyAppIds: [...(this.appProxy?.clientIds.values() ?? [])],
        locationObjectId(ref) {
          const key = ref === 'directory-sync-location' ? env.directorySync?.allowedLocation : env.countryAccess?.location;
          if (key === undefined) throw new Error(`${ref} is not bound in ${env.name}`);
          return locations.objectIdOf(key);
        },
      },
    });

    if (env.telemetry) {
      this.telemetry = new IdentityTelemetry(this, 'telemetry', {
        telemetry: env.telemetry,
        breakGlassAccountIds: env.breakGlass.accounts,
        directorySyncAccountIds: env.directorySync?.accounts ?? [],
        policies: env.policies.map(({ definition }) => ({
          id: definition.id,
          displayName: definition.displayName,
          objectId: this.conditionalAccess.policies.get(definition.id)!.objectId,
        })),
      });
    }

    if (env.pim || env.breakGlass.assignGlobalAdmin) {
      this.privilegedAccess = new PrivilegedAccess(this, 'pim', {
        tenantId: env.tenantId,
        environmentName: env.name,
        ...(env.pim ? { pim: env.pim } : {}),
        breakGlass: { accountIds: env.breakGlass.accounts, assignGlobalAdmin: env.breakGlass.assignGlobalAdmin },
      });
    }

    new TerraformOutput(this, 'break_glass_exclusion_group_object_id', {
      value: this.breakGlass.groupObjectId,
      description: 'The role-assignable group every Conditional Access policy excludes.',
    });

    for (const warning of env.warnings) Annotations.of(this).addWarning(`${env.file}: ${warning}`);
    markStageCeiling(this, env.name, env.stageCeiling);
  }
}
