/**
 * Tenant settings as a synthesized stack holds them (docs/tenant-settings.md): an `enabled`
 * document is an `msgraph_update_resource` whose body is written (plus, for values perimeter
 * only asserts, a check); a `report-only` document is a `check` whose declared values are the
 * `locals` entry of the same name. Both read back to one declared object, so rules and the
 * report see what the environment declares whatever its stage, and know the stage.
 */
import { TF } from '../../core/addresses';
import type { EnvironmentModel } from './types';

type Json = Record<string, unknown>;

export interface SettingInStack {
  readonly key: string;
  /** `off` documents are not synthesized, so they never show here. */
  readonly stage: 'report-only' | 'enabled';
  /** The write's address, or the check's name. */
  readonly address: string;
  /** Everything declared: the written body merged with the asserted values. */
  readonly declared: Json;
  /** What a deploy writes (enabled only). */
  readonly written?: Json;
  /** Values compared at plan time (all of them at report-only, the asserted ones at enabled). */
  readonly compared?: Json;
}

const isObject = (v: unknown): v is Json => v !== null && typeof v === 'object' && !Array.isArray(v);

function merge(a: Json, b: Json | undefined): Json {
  if (!b) return a;
  const out: Json = { ...a };
  for (const [k, v] of Object.entries(b)) out[k] = isObject(out[k]) && isObject(v) ? merge(out[k] as Json, v) : v;
  return out;
}

/** The settings document `key` as synthesized, or undefined when it is off (not managed). */
export function settingIn(model: EnvironmentModel, key: string): SettingInStack | undefined {
  const write = model.resources.find((r) => r.type === TF.msgraphUpdateResource && r.name === key);
  const local = model.checks.has(key) && isObject(model.locals[key]) ? (model.locals[key] as Json) : undefined;
  if (write) {
    const body = isObject(write.config.body) ? write.config.body : {};
    return { key, stage: 'enabled', address: write.address, declared: merge(body, local), written: body, ...(local ? { compared: local } : {}) };
  }
  if (local) return { key, stage: 'report-only', address: `check.${key}`, declared: local, compared: local };
  return undefined;
}

/** Every settings document whose key starts with `prefix`, in key order. */
export function settingsIn(model: EnvironmentModel, prefix: string): SettingInStack[] {
  const keys = new Set<string>();
  for (const r of model.resources) if (r.type === TF.msgraphUpdateResource && r.name.startsWith(prefix)) keys.add(r.name);
  for (const name of model.checks.keys()) if (name.startsWith(prefix)) keys.add(name);
  return [...keys].sort().flatMap((k) => settingIn(model, k) ?? []);
}

/** A value at a dotted path of a declared object. */
export function valueAt(json: Json | undefined, path: string): unknown {
  let v: unknown = json;
  for (const part of path.split('.')) v = isObject(v) ? v[part] : undefined;
  return v;
}
