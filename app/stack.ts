import { AzureadProvider } from '@cdktf/provider-azuread/lib/provider';
import { BREAK_GLASS_GROUP_OUTPUT } from '../core/addresses';
import type { BoundLocationRef } from '../baseline/model';
import { ApplicationProxyApps } from '../components/app-proxy/construct';
import { AuthenticationContexts } from '../components/authentication-contexts/construct';
import { BreakGlassExclusion } from '../components/break-glass/construct';
import { ConditionalAccessBaseline } from '../components/conditional-access/construct';
import { NamedLocations } from '../components/named-locations/construct';
import { PrivilegedAccess } from '../components/pim/construct';
import { addStateBackend } from '../components/state-backend/construct';
import { authenticationMethodsDocuments } from '../components/authentication-methods/section';
import { authorizationDocuments } from '../components/authorization/section';
import { deviceRegistrationDocuments } from '../components/device-registration/section';
import { DirectoryRolePolicyLookups } from '../components/directory-role-policies/construct';
import { directoryRolePolicyDocuments } from '../components/directory-role-policies/construct/rules';
import { directorySyncFeaturesDocuments } from '../components/directory-sync/features';
import { TenantSettings } from './settings';
import { IdentityTelemetry } from '../components/telemetry/construct';
import { RolloutWaves } from '../components/waves/construct';
import type { Environment } from '../environment/environment';
import { isGuid } from '../core/ids';
import { DIRECTORY_ROLES, type DirectoryRoleName } from '../core/microsoft/directory-roles';
import { markStageCeiling } from './brake';
import { emitImports } from './adopt';
import { protectDestroys } from './protect';
import { Annotations, TerraformOutput, TerraformStack, type Construct } from './cdktf';

export interface IdentityPlaneStackProps {
  readonly environment: Environment;
  /**
   * The run cannot act as a signed-in user: App Proxy connector-group assignments and delegated
   * tenant settings (directorySync.features) are left out, with a warning.
   * @default false - see ApplicationProxyAppsProps.skipConnectorGroupAssignment
   */
  readonly skipConnectorGroupAssignment?: boolean;
}

/**
 * Everything downstream of directory sync for one environment (one tenant binding). The
 * composition is explicit on purpose: construction order and the bindings between
 * components (named locations and App Proxy client ids into Conditional Access, policy
 * object ids into telemetry) are what a registry would hide.
 */
export class IdentityPlaneStack extends TerraformStack {
  readonly environment: Environment;
  readonly breakGlass: BreakGlassExclusion;
  readonly namedLocations: NamedLocations;
  readonly conditionalAccess: ConditionalAccessBaseline;
  readonly telemetry?: IdentityTelemetry;
  /** Present when the environment has a `pim:` section or `breakGlass.assignGlobalAdmin`. */
  readonly privilegedAccess?: PrivilegedAccess;
  readonly appProxy?: ApplicationProxyApps;
  /** Present when the environment declares `authenticationContexts:`. */
  readonly authenticationContexts?: AuthenticationContexts;
  readonly tenantSettings: TenantSettings;
  /** Present when the environment has `waves:`. */
  readonly waves?: RolloutWaves;

  constructor(scope: Construct, id: string, props: IdentityPlaneStackProps) {
    super(scope, id);
    const env = props.environment;
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

    if (env.waves.length) this.waves = new RolloutWaves(this, 'waves', { waves: env.waves });

    const locations = this.namedLocations;
    const ca = env.conditionalAccess;
    const boundLocation: Readonly<Record<BoundLocationRef, string | undefined>> = {
      'directory-sync-location': env.directorySync?.allowedLocation,
      'country-access-location': ca.countryAccess?.location,
    };
    this.conditionalAccess = new ConditionalAccessBaseline(this, 'conditional-access', {
      policies: ca.policies,
      groupObjectIds: Object.fromEntries(Object.entries(env.groups).map(([k, g]) => [k, g.objectId])),
      ...(this.waves ? { waveGroupObjectIds: this.waves.groupObjectIds } : {}),
      bindings: {
        breakGlassAccountIds: this.breakGlass.accountIds,
        breakGlassGroupObjectId: this.breakGlass.groupObjectId,
        directorySyncAccountIds: env.directorySync?.accounts ?? [],
        sensitiveAppIds: ca.sensitiveAppIds,
        guestAllowedApps: ca.guestAllowedApps,
        appProxyAppIds: [...(this.appProxy?.clientIds.values() ?? [])],
        locationObjectId(ref) {
          const key = boundLocation[ref];
          if (key === undefined) throw new Error(`${ref} is not bound in ${env.name}`);
          return locations.objectIdOf(key);
        },
        // Custom policies' names were checked when the file loaded; an id stands for itself.
        groupObjectId: (keyOrId) => (isGuid(keyOrId) ? keyOrId : bound(env.groups, keyOrId, 'group').objectId),
        appId: (keyOrId) => (isGuid(keyOrId) ? keyOrId : bound(env.apps, keyOrId, 'app')),
        namedLocationObjectId: (keyOrId) => (isGuid(keyOrId) ? keyOrId : locations.objectIdOf(keyOrId)),
        roleTemplateId: (nameOrId) => (isGuid(nameOrId) ? nameOrId : DIRECTORY_ROLES[nameOrId as DirectoryRoleName]),
      },
    });

    if (env.authenticationContexts.length) {
      this.authenticationContexts = new AuthenticationContexts(this, 'authentication-contexts', {
        tenantId: env.tenantId,
        contexts: env.authenticationContexts,
        bindings: { breakGlassAccountIds: this.breakGlass.accountIds, breakGlassGroupObjectId: this.breakGlass.groupObjectId },
      });
    }

    if (env.telemetry) {
      this.telemetry = new IdentityTelemetry(this, 'telemetry', {
        telemetry: env.telemetry,
        breakGlassAccountIds: env.breakGlass.accounts,
        directorySyncAccountIds: env.directorySync?.accounts ?? [],
        policies: ca.policies.map(({ definition }) => ({
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

    // Tenant settings (docs/tenant-settings.md): each block at its stage, written or only checked.
    const rolePolicies = new DirectoryRolePolicyLookups(this, 'directory-role-policies', {
      tenantId: env.tenantId,
      ...(env.directoryRolePolicies ? { spec: env.directoryRolePolicies } : {}),
    });
    const documents = [
        ...authenticationMethodsDocuments(env.authenticationMethods, { breakGlassGroupObjectId: this.breakGlass.groupObjectId }),
        ...authorizationDocuments(env.authorization),
        ...directorySyncFeaturesDocuments(env.directorySync?.features, env.tenantId),
        ...deviceRegistrationDocuments(env.deviceRegistration),
        ...directoryRolePolicyDocuments(env.directoryRolePolicies, (role) => rolePolicies.policyIdOf(role)),
    ];
    // A run that cannot act as a signed-in user (the pipeline) leaves out what only one can read
    // or write, as it does the App Proxy connector-group assignment, and says so.
    const skipped = props.skipConnectorGroupAssignment ? documents.filter((d) => d.delegated && d.stage !== 'off') : [];
    for (const d of skipped) {
      Annotations.of(this).addWarning(
        `${env.file}: ${d.title} not ${d.stage === 'enabled' ? 'written' : 'checked'} by this run (PERIMETER_SKIP_CONNECTOR_GROUP_ASSIGNMENT: no signed-in user); Graph allows it only for a signed-in Global Administrator, who runs the plan or deploy locally`,
      );
    }
    this.tenantSettings = new TenantSettings(this, 'tenant-settings', {
      tenantId: env.tenantId,
      documents: documents.filter((d) => !skipped.includes(d)),
    });

    new TerraformOutput(this, BREAK_GLASS_GROUP_OUTPUT, {
      value: this.breakGlass.groupObjectId,
      description: 'The role-assignable group every Conditional Access policy excludes.',
    });

    for (const warning of env.warnings) Annotations.of(this).addWarning(`${env.file}: ${warning}`);
    markStageCeiling(this, env.name, env.stageCeiling);
    protectDestroys(this, new Set(env.retired.map((r) => r.target)));
    emitImports(this, ca.policies, env.namedLocations);
  }

  /** The stack's Terraform JSON, resolved once: what the guardrails judge is byte for byte what synth writes. */
  private resolved?: ReturnType<TerraformStack['toTerraform']>;

  /**
   * Resolved once. The construct tree is complete when the constructor returns (no Aspect
   * adds or changes a resource), so every later call would resolve the same tokens again:
   * cdktf resolves each stack three times in one synth otherwise.
   */
  override toTerraform(): ReturnType<TerraformStack['toTerraform']> {
    this.resolved ??= super.toTerraform();
    return this.resolved;
  }

  /**
   * cdktf's preparing resolve run exists to add the outputs and remote-state reads of
   * cross-stack references. Environments never reference each other (one stack, one tenant),
   * so once the stack is resolved it has nothing to add.
   */
  override prepareStack(): void {
    if (!this.resolved) super.prepareStack();
  }
}

function bound<T>(names: Readonly<Record<string, T>>, key: string, what: string): T {
  if (!Object.hasOwn(names, key)) throw new Error(`${what} ${key} has no binding`);
  return names[key]!;
}
