/**
 * Rules across environment files, about names that two environments must not share: copying
 * dev.yaml to make a new environment passes every per-file check, and then fails at deploy
 * (or worse, has two stacks manage one object) because the copy kept dev's names.
 */
import { TF, appKeyOfPublishing } from '../core/addresses';
import { resourcesOf } from '../analysis/model/queries';
import type { DeclaredModel, SynthesizedResource } from '../analysis/model/types';
import type { Finding, GuardrailRule } from './rule';

/** One name that must be unique within a scope (a subscription, a tenant, or everywhere). */
interface UniqueName {
  /** What it is, in words: `resource group`, `App Proxy external URL`. */
  readonly kind: string;
  readonly name: string;
  /** Where it must be unique: `subscription <id>`, `tenant <id>`, or `Azure` for global names. */
  readonly scope: string;
  readonly address: string;
  /** What the environment file sets, for the fix. */
  readonly key: string;
}

const ARM_RESOURCE_GROUP = 'azurerm_resource_group';

function subscriptionOf(model: DeclaredModel, r: SynthesizedResource): string | undefined {
  const provider = typeof r.config['provider'] === 'string' ? (r.config['provider'] as string).replace(/^\$\{|\}$/g, '') : 'azurerm';
  return model.providerSubscriptions[provider];
}

function uniqueNames(model: DeclaredModel): UniqueName[] {
  const names: UniqueName[] = [];
  for (const r of resourcesOf(model, ARM_RESOURCE_GROUP)) {
    const sub = subscriptionOf(model, r);
    if (sub && typeof r.config['name'] === 'string') names.push({ kind: 'resource group', name: (r.config['name'] as string).toLowerCase(), scope: `subscription ${sub}`, address: r.address, key: 'telemetry.workspace.resourceGroup' });
  }
  for (const r of resourcesOf(model, TF.workspace)) {
    const sub = subscriptionOf(model, r);
    if (sub && typeof r.config['name'] === 'string') names.push({ kind: 'Log Analytics workspace', name: (r.config['name'] as string).toLowerCase(), scope: `subscription ${sub}`, address: r.address, key: 'telemetry.workspace.name' });
  }
  for (const r of resourcesOf(model, TF.msgraphUpdateResource)) {
    const app = appKeyOfPublishing(r.name);
    const body = r.config['body'] as { onPremisesPublishing?: { externalUrl?: unknown } } | undefined;
    const url = body?.onPremisesPublishing?.externalUrl;
    if (app && typeof url === 'string') names.push({ kind: 'App Proxy external URL', name: url.toLowerCase(), scope: 'Azure (external URLs are unique across every tenant)', address: r.address, key: `appProxy.apps.${app}.externalUrl` });
  }
  for (const r of resourcesOf(model, TF.group)) {
    if (typeof r.config['display_name'] === 'string') names.push({ kind: 'group', name: r.config['display_name'] as string, scope: `tenant ${model.declared.tenantId}`, address: r.address, key: r.name === 'break_glass_exclusion' ? 'breakGlass.exclusionGroupName' : 'pim.roles.<role>.groupDisplayName' });
  }
  return names;
}

/** Whether `a` comes before `b` in the order findings are reported: ring, then file. */
const before = (a: DeclaredModel, b: DeclaredModel) => a.declared.ring < b.declared.ring || (a.declared.ring === b.declared.ring && a.declared.file < b.declared.file);

export const uniqueNamesAcrossEnvironments: GuardrailRule = {
  id: 'PRM-TEN004',
  severity: 'error',
  trigger:
    'Two environment files use a name that must be unique: a resource group or Log Analytics workspace in one subscription, a group display name in one tenant, or an App Proxy external URL anywhere.',
  explanation:
    'Each environment is its own Terraform stack. Two stacks that name the same resource group or workspace both manage it, and each deploy undoes the other (destroying one environment destroys the other\'s telemetry). App Proxy external URLs are unique across all of Azure, so a copied one fails at deploy. Copying dev.yaml to start an environment keeps every one of these names.',
  fix: 'Give the later environment its own name for it (the key the message names), e.g. with the environment name in it.',
  check({ model, peers }) {
    const findings: Finding[] = [];
    const mine = uniqueNames(model);
    for (const peer of peers) {
      if (peer === model || !before(peer, model)) continue;
      const theirs = uniqueNames(peer);
      for (const n of mine) {
        const clash = theirs.find((t) => t.kind === n.kind && t.scope === n.scope && t.name === n.name);
        if (!clash) continue;
        findings.push({
          address: n.address,
          target: model.declared.name,
          message: `${model.declared.file} and ${peer.declared.file} both use the ${n.kind} ${JSON.stringify(n.name)} in ${n.scope}; give ${model.declared.name} its own (${n.key})`,
        });
      }
    }
    return findings;
  },
};

export const CROSS_ENVIRONMENT_RULES: readonly GuardrailRule[] = [uniqueNamesAcrossEnvironments];
