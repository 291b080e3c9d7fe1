/**
 * Synthesizes settings documents (./document.ts) at their stages. `enabled` writes with
 * `msgraph_update_resource` (destroying it changes nothing in Graph); whatever is only compared
 * (everything at `report-only`, the asserted values at `enabled`) becomes a Terraform `check`
 * block: a scoped `data "msgraph_resource"` reads the live object during plan, one assertion
 * per declared value warns when they differ. cdktf 0.21 has no check construct, so the block
 * goes into the stack's JSON through `addOverride`; the declared values sit in a `locals`
 * entry of the same name, so no value from an environment file is ever part of an expression.
 */
import { checkCondition, checkOperand, selector } from '../core/check-expressions';
import type { GraphBody, GraphValue } from '../core/graph-json';
import { Construct, TerraformStack } from './cdktf';
import { dataMsgraphResourceArguments, delegatedMsgraphProvider, msgraphProvider, MsgraphUpdateResource } from './providers/msgraph';
import { expectationsOf, type SettingsDocument } from '../core/settings';

export interface TenantSettingsProps {
  readonly tenantId: string;
  readonly documents: readonly SettingsDocument[];
}

/** Deep merge of two Graph bodies; `extra` wins on a scalar. */
function merged(base: GraphBody, extra: GraphBody | undefined): GraphBody {
  if (!extra) return base;
  const out: Record<string, GraphValue> = { ...base };
  for (const [k, v] of Object.entries(extra)) {
    const b = out[k];
    const isObj = (x: GraphValue | undefined): x is GraphBody => x !== null && x !== undefined && typeof x === 'object' && !Array.isArray(x);
    out[k] = isObj(b) && isObj(v) ? merged(b, v) : v;
  }
  return out;
}

/** The values a check compares at a stage; empty when there is nothing to compare. */
export function comparedAt(doc: SettingsDocument): GraphBody {
  if (doc.stage === 'off') return {};
  return doc.stage === 'enabled' ? (doc.asserted ?? {}) : merged(doc.write, doc.asserted);
}

export class TenantSettings extends Construct {
  /** The write of each enabled document, by key. */
  readonly writes = new Map<string, MsgraphUpdateResource>();

  constructor(scope: Construct, id: string, props: TenantSettingsProps) {
    super(scope, id);
    const stack = TerraformStack.of(this);
    for (const doc of props.documents) {
      if (doc.stage === 'off') continue;
      const provider = doc.delegated ? delegatedMsgraphProvider(this, { tenantId: props.tenantId }) : msgraphProvider(this, { tenantId: props.tenantId });
      if (doc.stage === 'enabled') {
        const write = new MsgraphUpdateResource(this, doc.key, {
          url: doc.url,
          ...(doc.apiVersion ? { apiVersion: doc.apiVersion } : {}),
          body: doc.write,
          ...(doc.updateMethod ? { updateMethod: doc.updateMethod } : {}),
          provider,
        });
        write.overrideLogicalId(doc.key);
        this.writes.set(doc.key, write);
      }
      const compared = comparedAt(doc);
      if (Object.keys(compared).length === 0) continue;
      const declared = `local.${doc.key}`;
      const live = selector(`data.msgraph_resource.${doc.key}.output.live`, doc.read?.path ?? []);
      stack.addOverride(`locals.${doc.key}`, compared);
      stack.addOverride(`check.${doc.key}`, {
        data: {
          msgraph_resource: {
            [doc.key]: dataMsgraphResourceArguments(
              {
                url: doc.read?.url ?? doc.url,
                ...(doc.apiVersion ? { apiVersion: doc.apiVersion } : {}),
                ...(doc.read ? { queryParameters: doc.read.queryParameters } : {}),
                responseExportValues: { live: '@' },
              },
              provider,
            ),
          },
        },
        assert: expectationsOf(compared, doc).map((e) => ({
          condition: checkCondition(live, declared, e.path, e.comparison),
          error_message: `${doc.title}: ${e.words} is \${${checkOperand(live, e.path, e.comparison)}}; the environment declares \${${checkOperand(declared, e.path, e.comparison)}}`,
        })),
      });
    }
  }
}
