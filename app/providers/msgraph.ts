/**
 * A hand-written, typed binding for the `microsoft/msgraph` Terraform provider: there is no
 * prebuilt cdktf package and `cdktf get` cannot reach the registry. Only the few resources
 * perimeter needs, with their arguments as the provider documents them. Keep exactly one
 * binding: App Proxy and PIM access reviews both use this file.
 */
import type { GraphBody } from '../../core/graph-json';
import { TerraformDataSource, TerraformProvider, TerraformResource, TerraformStack, Token, type Construct, type ITerraformDependable, type TerraformResourceLifecycle } from '../cdktf';

export const MSGRAPH_PROVIDER_SOURCE = 'microsoft/msgraph';
/** Pinned exactly: the binding is written against this version's schema. */
export const MSGRAPH_PROVIDER_VERSION = '0.3.0';

export type GraphApiVersion = 'v1.0' | 'beta';


export interface MsgraphProviderConfig {
  readonly tenantId?: string;
  /** Application (client) id of the deploy identity; usually from ARM_CLIENT_ID. */
  readonly clientId?: string;
  /** @default true - deploys authenticate with OIDC (workload identity federation) */
  readonly useOidc?: boolean;
  /** @default - the provider's default (Azure CLI allowed) */
  readonly useCli?: boolean;
  /** Provider alias, for a second configuration (e.g. delegated user auth). */
  readonly alias?: string;
}

export class MsgraphProvider extends TerraformProvider {
  // TerraformProvider's own alias accessors store nothing (generated providers override
  // them); without these a resource's `provider` would name the default configuration.
  private aliasValue?: string;

  override get alias(): string | undefined {
    return this.aliasValue;
  }

  override set alias(value: string | undefined) {
    this.aliasValue = value;
  }

  constructor(scope: Construct, id: string, private readonly config: MsgraphProviderConfig = {}) {
    super(scope, id, {
      terraformResourceType: 'msgraph',
      terraformProviderSource: MSGRAPH_PROVIDER_SOURCE,
      terraformGeneratorMetadata: { providerName: 'msgraph', providerVersion: MSGRAPH_PROVIDER_VERSION },
    });
    if (config.alias !== undefined) this.alias = config.alias;
  }

  protected override synthesizeAttributes(): Record<string, unknown> {
    const c = this.config;
    return compact({
      tenant_id: c.tenantId,
      client_id: c.clientId,
      use_oidc: c.useOidc ?? true,
      use_cli: c.useCli,
    });
  }
}

/** Construct id (under the stack) of the stack's default msgraph provider. */
const DEFAULT_PROVIDER_ID = 'msgraph';
/** Terraform alias of the provider configuration that acts as a signed-in user. */
export const DELEGATED_PROVIDER_ALIAS = 'delegated';

function providerOnce(scope: Construct, id: string, config: MsgraphProviderConfig): MsgraphProvider {
  const stack = TerraformStack.of(scope);
  const existing = stack.node.tryFindChild(id);
  if (existing instanceof MsgraphProvider) return existing;
  if (existing) throw new Error(`${id} under ${stack.node.id} is not an msgraph provider`);
  return new MsgraphProvider(stack, id, config);
}

/**
 * The stack's msgraph provider, authenticating as the deploy identity (OIDC, application
 * permissions). One per stack: every component that calls Graph asks for it here.
 */
export function msgraphProvider(scope: Construct, config: { readonly tenantId: string }): MsgraphProvider {
  return providerOnce(scope, DEFAULT_PROVIDER_ID, { tenantId: config.tenantId, useOidc: true });
}

/**
 * `msgraph.delegated`: the same tenant through the Azure CLI login of whoever runs the
 * deploy, for the few Graph calls Microsoft supports only with delegated (user)
 * permissions, such as assigning an Application Proxy connector group. Terraform configures
 * it only when a resource in the plan uses it.
 */
export function delegatedMsgraphProvider(scope: Construct, config: { readonly tenantId: string }): MsgraphProvider {
  return providerOnce(scope, DEFAULT_PROVIDER_ID + '-' + DELEGATED_PROVIDER_ALIAS, {
    tenantId: config.tenantId,
    alias: DELEGATED_PROVIDER_ALIAS,
    useOidc: false,
    useCli: true,
  });
}

/** The meta-arguments perimeter uses on msgraph resources. */
export interface MsgraphMetaArguments {
  readonly dependsOn?: ITerraformDependable[];
  readonly provider?: TerraformProvider;
  readonly lifecycle?: TerraformResourceLifecycle;
}

export interface MsgraphRetry {
  /** Regular expressions over error messages that make the provider retry. */
  readonly errorMessageRegex: readonly string[];
}

interface CommonGraphArguments extends MsgraphMetaArguments {
  /** @default 'v1.0' */
  readonly apiVersion?: GraphApiVersion;
  /** Values to export from the response, name -> JMESPath-style path; read them with `output(name)`. */
  readonly responseExportValues?: Readonly<Record<string, string>>;
  readonly retry?: MsgraphRetry;
}

/** The write arguments `msgraph_resource` and `msgraph_update_resource` share. */
interface GraphWriteArguments extends CommonGraphArguments {
  readonly body: GraphBody;
  /** @default 'PATCH' */
  readonly updateMethod?: 'PATCH' | 'PUT';
  /** @default true - properties Graph does not return are not treated as drift */
  readonly ignoreMissingProperty?: boolean;
  /** Needed for properties a plain GET does not return, e.g. `$select=onPremisesPublishing`. */
  readonly readQueryParameters?: Readonly<Record<string, readonly string[]>>;
}

export interface MsgraphResourceConfig extends GraphWriteArguments {
  /** Collection URL, relative to the API version, e.g. `identityGovernance/accessReviews/definitions`. */
  readonly url: string;
}

export interface MsgraphUpdateResourceConfig extends GraphWriteArguments {
  /** Item URL to PATCH, e.g. `applications/<object id>`. Destroying the resource changes nothing in Graph. */
  readonly url: string;
}

export interface MsgraphResourceActionConfig extends CommonGraphArguments {
  /** The resource the action is on, e.g. `applications/<object id>`. */
  readonly resourceUrl: string;
  /** Path appended to resourceUrl, e.g. `connectorGroup/$ref`. */
  readonly action?: string;
  readonly method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  readonly body?: GraphBody;
  readonly headers?: Readonly<Record<string, string>>;
  readonly queryParameters?: Readonly<Record<string, readonly string[]>>;
}

function compact(o: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
}

function commonAttributes(c: CommonGraphArguments): Record<string, unknown> {
  return compact({
    api_version: c.apiVersion,
    response_export_values: c.responseExportValues,
    retry: c.retry ? { error_message_regex: [...c.retry.errorMessageRegex] } : undefined,
  });
}

/** `msgraph_resource` and `msgraph_update_resource` share their write arguments. */
function writeAttributes(c: MsgraphResourceConfig | MsgraphUpdateResourceConfig): Record<string, unknown> {
  return compact({
    url: c.url,
    body: c.body,
    update_method: c.updateMethod,
    ignore_missing_property: c.ignoreMissingProperty,
    read_query_parameters: c.readQueryParameters,
    ...commonAttributes(c),
  });
}

function meta(c: MsgraphMetaArguments) {
  return compact({ dependsOn: c.dependsOn, provider: c.provider, lifecycle: c.lifecycle });
}

abstract class MsgraphBaseResource extends TerraformResource {
  protected constructor(scope: Construct, id: string, terraformResourceType: string, config: MsgraphMetaArguments) {
    super(scope, id, {
      terraformResourceType,
      terraformGeneratorMetadata: { providerName: 'msgraph', providerVersion: MSGRAPH_PROVIDER_VERSION },
      ...meta(config),
    });
  }

  /** The Graph id of the object (for msgraph_resource) or of the call. */
  get id(): string {
    return this.getStringAttribute('id');
  }

  /** A value named in responseExportValues. */
  output(name: string): string {
    return Token.asString(this.interpolationForAttribute(`output.${name}`));
  }
}

/** `msgraph_resource`: a Graph object created by POST to a collection and owned by Terraform. */
export class MsgraphResource extends MsgraphBaseResource {
  static readonly tfResourceType = 'msgraph_resource';

  constructor(scope: Construct, id: string, private readonly config: MsgraphResourceConfig) {
    super(scope, id, MsgraphResource.tfResourceType, config);
  }

  get resourceUrl(): string {
    return this.getStringAttribute('resource_url');
  }

  protected override synthesizeAttributes(): Record<string, unknown> {
    return writeAttributes(this.config);
  }
}

/** `msgraph_update_resource`: PATCHes properties of an object that something else created. */
export class MsgraphUpdateResource extends MsgraphBaseResource {
  static readonly tfResourceType = 'msgraph_update_resource';

  constructor(scope: Construct, id: string, private readonly config: MsgraphUpdateResourceConfig) {
    super(scope, id, MsgraphUpdateResource.tfResourceType, config);
  }

  protected override synthesizeAttributes(): Record<string, unknown> {
    return writeAttributes(this.config);
  }
}

/** `msgraph_resource_action`: one Graph call (e.g. `PUT .../connectorGroup/$ref`) made on create. */
export class MsgraphResourceAction extends MsgraphBaseResource {
  static readonly tfResourceType = 'msgraph_resource_action';

  constructor(scope: Construct, id: string, private readonly config: MsgraphResourceActionConfig) {
    super(scope, id, MsgraphResourceAction.tfResourceType, config);
  }

  protected override synthesizeAttributes(): Record<string, unknown> {
    const c = this.config;
    return compact({
      resource_url: c.resourceUrl,
      action: c.action,
      method: c.method,
      body: c.body,
      headers: c.headers,
      query_parameters: c.queryParameters,
      ...commonAttributes(c),
    });
  }
}

/**
 * `data "msgraph_resource"` (provider 0.3.0, docs/data-sources/resource.md): a GET at plan time.
 * `url` is a collection or item URL; `output` holds what responseExportValues names.
 */
export interface DataMsgraphResourceConfig extends CommonGraphArguments {
  readonly url: string;
  /** Map of list of string, e.g. `{ $filter: ["scopeId eq '/'"] }`. */
  readonly queryParameters?: Readonly<Record<string, readonly string[]>>;
  readonly headers?: Readonly<Record<string, string>>;
}

/** The data source's arguments as Terraform JSON: for a data source scoped inside a `check` block, which has no construct. */
export function dataMsgraphResourceArguments(c: DataMsgraphResourceConfig, provider?: MsgraphProvider): Record<string, unknown> {
  return compact({
    url: c.url,
    query_parameters: c.queryParameters,
    headers: c.headers,
    ...commonAttributes(c),
    provider: provider?.alias !== undefined ? `msgraph.${provider.alias}` : undefined,
  });
}

/** `data "msgraph_resource"` at the top level: a value the plan needs before it can write (a PIM policy id). */
export class DataMsgraphResource extends TerraformDataSource {
  static readonly tfResourceType = 'msgraph_resource';

  constructor(scope: Construct, id: string, private readonly config: DataMsgraphResourceConfig) {
    super(scope, id, {
      terraformResourceType: DataMsgraphResource.tfResourceType,
      terraformGeneratorMetadata: { providerName: 'msgraph', providerVersion: MSGRAPH_PROVIDER_VERSION },
      ...meta(config),
    });
  }

  /** A value named in responseExportValues. */
  output(name: string): string {
    return Token.asString(this.interpolationForAttribute(`output.${name}`));
  }

  protected override synthesizeAttributes(): Record<string, unknown> {
    const c = this.config;
    return compact({ url: c.url, query_parameters: c.queryParameters, headers: c.headers, ...commonAttributes(c) });
  }
}
