/**
 * Plain words for what a synthesized stack says, shared by the report (one row per policy)
 * and the semantic diff (one line per changed field), so both speak the same language.
 * Every id is shown by its label when the model knows one.
 */
import { guidsInText } from '../../core/ids';
import { STAGE_CEILING_OUTPUT, stageOfState, type Stage } from '../../core/stages';
import type { EnvironmentModel, GuestsOrExternalUsers, PolicyModel, Ref, SynthesizedResource } from '../model/types';

/** One policy as named facts; every value is a list of plain-word items (a set when `set`). */
export interface PolicyFacts {
  readonly stage: Stage | string;
  readonly fields: readonly PolicyField[];
}

export interface PolicyField {
  /** Plain words: `excluded users`, `grant controls`. */
  readonly name: string;
  /** Which report column the field belongs to. */
  readonly column: 'name' | 'included' | 'excluded' | 'apps' | 'conditions' | 'grant' | 'session';
  readonly items: readonly string[];
  /** What identifies each item (an object id, a Terraform address, or the text itself); parallel to items. */
  readonly keys: readonly string[];
  /** Items are a set: order carries no meaning, the diff lists what was added and removed. */
  readonly set: boolean;
}

const CONTROL_WORDS: Readonly<Record<string, string>> = {
  block: 'block access',
  mfa: 'require MFA',
  compliantDevice: 'require a compliant device',
  domainJoinedDevice: 'require a hybrid-joined device',
  approvedApplication: 'require an approved client app',
  compliantApplication: 'require an app protection policy',
  passwordChange: 'require a password change',
};

type Item = string | { readonly key: string; readonly text: string };

function label(ref: Ref, context: 'users' | 'apps' | 'locations'): Item {
  if (ref.id === 'All') return { key: ref.id, text: context === 'users' ? 'all users' : context === 'apps' ? 'all resources' : 'any location' };
  if (ref.id === 'None') return { key: ref.id, text: 'nobody' };
  return { key: ref.id, text: ref.label };
}

function guests(g: GuestsOrExternalUsers | undefined): string[] {
  if (!g) return [];
  const tenants = g.externalTenants.membershipKind === 'all' ? 'any tenant' : `tenants ${g.externalTenants.members.join(', ')}`;
  return [`guests and external users (${g.guestOrExternalUserTypes.join(', ')}) from ${tenants}`];
}

/** The stage a policy's state stands for: `off`, `report-only`, `enabled` (or the state itself, were it none of them). */
export function stageOfPolicy(policy: PolicyModel): Stage | string {
  return stageOfState(policy.state) ?? policy.state;
}

export function describePolicy(policy: PolicyModel): PolicyFacts {
  const c = policy.conditions;
  const u = c.users;
  const a = c.applications;
  const fields: PolicyField[] = [];
  const add = (name: string, column: PolicyField['column'], items: readonly Item[], set = true) => {
    if (!items.length) return;
    const texts = items.map((i) => (typeof i === 'string' ? i : i.text));
    const keys = items.map((i) => (typeof i === 'string' ? i : i.key));
    fields.push({ name, column, items: texts, keys, set });
  };
  add('display name', 'name', [policy.displayName], false);
  add(
    'included users',
    'included',
    [
      ...u.includeUsers.map((r) => label(r, 'users')),
      ...u.includeGroups.map((r) => label(r, 'users')),
      ...u.includeRoles.map((r) => label(r, 'users')),
      ...guests(u.includeGuestsOrExternalUsers),
    ],
  );
  add(
    'excluded users',
    'excluded',
    [
      ...u.excludeUsers.map((r) => label(r, 'users')),
      ...u.excludeGroups.map((r) => label(r, 'users')),
      ...u.excludeRoles.map((r) => label(r, 'users')),
      ...guests(u.excludeGuestsOrExternalUsers),
    ],
  );
  add('target resources', 'apps', a.includeApplications.map((r) => label(r, 'apps')));
  add('excluded resources', 'apps', a.excludeApplications.map((r) => label(r, 'apps')));
  add('user actions', 'apps', a.includeUserActions.map((urn) => urn.replace(/^urn:user:/, '')));
  add('authentication contexts', 'apps', (a.includeAuthenticationContexts ?? []).map((r) => ({ text: r.label, key: r.id })));
  if (!(c.clientAppTypes.length === 1 && c.clientAppTypes[0] === 'all')) add('client apps', 'conditions', c.clientAppTypes);
  if (c.platforms) {
    add('platforms', 'conditions', c.platforms.includePlatforms);
    add('excluded platforms', 'conditions', c.platforms.excludePlatforms);
  }
  if (c.locations) {
    add('locations', 'conditions', c.locations.includeLocations.map((r) => label(r, 'locations')));
    add('excluded locations', 'conditions', c.locations.excludeLocations.map((r) => label(r, 'locations')));
  }
  add('sign-in risk', 'conditions', c.signInRiskLevels);
  add('user risk', 'conditions', c.userRiskLevels);
  add('service principal risk', 'conditions', c.servicePrincipalRiskLevels);
  add('authentication flows', 'conditions', c.authenticationFlows?.transferMethods ?? []);
  if (c.devices) add('device filter', 'conditions', [`${c.devices.deviceFilter.mode} devices where ${c.devices.deviceFilter.rule}`], false);
  if (c.clientApplications) {
    add('service principals', 'conditions', c.clientApplications.includeServicePrincipals);
    add('excluded service principals', 'conditions', c.clientApplications.excludeServicePrincipals);
  }
  const g = policy.grantControls;
  if (g) {
    const controls = [
      ...g.builtInControls.map((b) => CONTROL_WORDS[b] ?? b),
      ...(g.authenticationStrength ? [`require ${g.authenticationStrength.label}`] : []),
      ...g.termsOfUse.map((t) => `accept terms of use ${t}`),
      ...g.customAuthenticationFactors.map((f) => `custom factor ${f}`),
    ];
    add('grant controls', 'grant', controls.length > 1 ? [controls.join(` ${g.operator} `)] : controls, false);
  }
  const s = policy.sessionControls;
  if (s) {
    const f = s.signInFrequency;
    if (f) add('sign-in frequency', 'session', [f.frequencyInterval === 'everyTime' ? 'every time' : `every ${f.value ?? '?'} ${f.type ?? 'hours'}`], false);
    if (s.persistentBrowser) add('persistent browser', 'session', [s.persistentBrowser.mode], false);
    if (s.applicationEnforcedRestrictions) add('app-enforced restrictions', 'session', ['on'], false);
    if (s.cloudAppSecurity) add('Defender for Cloud Apps', 'session', [s.cloudAppSecurity.cloudAppSecurityType], false);
    if (s.disableResilienceDefaults) add('resilience defaults', 'session', ['disabled'], false);
  }
  return { stage: stageOfPolicy(policy), fields };
}

/** What the emergency-brake marker in a stack says, if the stack was synthesized under one. */
export interface StageCeilingMarker {
  readonly ceiling: string;
  /** Policy or rule id -> the stage its YAML asks for. */
  readonly lowered: Readonly<Record<string, string>>;
}

export function stageCeilingOf(model: EnvironmentModel): StageCeilingMarker | undefined {
  const value = model.outputs[STAGE_CEILING_OUTPUT]?.value;
  if (value === null || typeof value !== 'object') return undefined;
  const v = value as { ceiling?: unknown; lowered?: unknown };
  if (typeof v.ceiling !== 'string') return undefined;
  const lowered: Record<string, string> = {};
  if (v.lowered !== null && typeof v.lowered === 'object') {
    for (const [id, stage] of Object.entries(v.lowered)) if (typeof stage === 'string') lowered[id] = stage;
  }
  return { ceiling: v.ceiling, lowered };
}

/** Where the stack keeps its state, in one line. */
export function describeBackend(model: EnvironmentModel): string {
  const b = model.backend;
  if (!b) return 'none declared';
  const c = b.config;
  if (b.type === 'local') return `local file ${String(c.path)}`;
  if (b.type === 'azurerm') {
    const auth = [c.use_oidc === true ? 'OIDC' : undefined, c.use_azuread_auth === true ? 'Entra ID data-plane auth' : undefined].filter(Boolean);
    return `Azure Storage ${String(c.storage_account_name)}/${String(c.container_name)}/${String(c.key)}${auth.length ? ` (${auth.join(', ')})` : ''}`;
  }
  return b.type;
}

const SKIPPED_KEYS = new Set(['//', 'depends_on', 'lifecycle', 'provider', 'count', 'for_each', 'timeouts']);
const REFERENCE = /\$\{([a-zA-Z0-9_]+)\.([a-zA-Z0-9_-]+)(?:\.[a-zA-Z0-9_]+)?\}/g;
const GUID = guidsInText();
const LONG = 160;

function labelText(model: EnvironmentModel, text: string): string {
  return text
    .replace(REFERENCE, (whole, type: string, name: string) => {
      const l = model.labelOf(`${type}.${name}`);
      return l === `${type}.${name}` ? whole : l;
    })
    .replace(GUID, (id) => {
      const l = model.labelOf(id.toLowerCase());
      return l === id.toLowerCase() ? id : l;
    });
}

function scalarText(model: EnvironmentModel, v: unknown): string {
  if (typeof v === 'string') {
    if (v.length <= LONG && !v.includes('\n')) return labelText(model, v);
    const lines = v.split('\n');
    return `${labelText(model, lines[0]!.slice(0, 80))}… (${lines.length} line${lines.length === 1 ? '' : 's'}, ${v.length} characters)`;
  }
  return JSON.stringify(v);
}

/** Every argument of a resource as `path -> value` text, labelled, in key order: what the report shows for resource types it has no table for. */
export function describeResource(model: EnvironmentModel, r: SynthesizedResource): Map<string, string> {
  return new Map([...resourceFacts(model, r)].map(([k, v]) => [k, v.text]));
}

/** The same facts with the raw value next to the text, so the diff compares values, not names. */
export function resourceFacts(model: EnvironmentModel, r: SynthesizedResource): Map<string, { text: string; raw: string }> {
  const out = new Map<string, { text: string; raw: string }>();
  const walk = (value: unknown, path: string) => {
    if (Array.isArray(value)) {
      if (value.every((v) => v === null || typeof v !== 'object')) {
        out.set(path, { text: value.map((v) => scalarText(model, v)).join(', '), raw: JSON.stringify(value) });
        return;
      }
      value.forEach((v, i) => walk(v, value.length === 1 ? path : `${path}[${i}]`));
      return;
    }
    if (value !== null && typeof value === 'object') {
      for (const key of Object.keys(value).sort()) {
        if (SKIPPED_KEYS.has(key)) continue;
        walk((value as Record<string, unknown>)[key], path ? `${path}.${key}` : key);
      }
      return;
    }
    out.set(path, { text: scalarText(model, value), raw: JSON.stringify(value) });
  };
  walk(r.config, '');
  return out;
}

/** A nested block of a synthesized resource as a mapping: Terraform JSON writes one as an object or as a list of one; anything else is empty. */
export function blockOf(v: unknown): Readonly<Record<string, unknown>> {
  if (Array.isArray(v)) return blockOf(v[0]);
  return v !== null && typeof v === 'object' ? (v as Record<string, unknown>) : {};
}
