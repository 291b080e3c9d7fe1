/**
 * A plan's values in the words of the synthesized stack, so the model reader and the semantic
 * diff can read them: object ids the stack refers to become the references it wrote
 * (`6f3c...` -> `${azuread_group.break_glass_exclusion.object_id}`, labelled from the stack),
 * values known only after apply are taken from the stack's configuration where it says them,
 * and sensitive values never leave this file. Pure.
 */
import { TF } from '../../core/addresses';
import { guidsInText, isGuid } from '../../core/ids';
import { mapStrings, terraformLiteral } from '../../core/terraform-json';
import type { EnvironmentModel } from '../model/types';
import type { TerraformPlan } from './read';

/** What a review shows for a value Terraform knows only after apply. */
export const KNOWN_AFTER_APPLY = '(known after apply)';
/** What a review shows for a sensitive value: never the value. */
export const SENSITIVE = '(sensitive value)';

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => v !== null && typeof v === 'object' && !Array.isArray(v);

const REFERENCES = /\$\{((?:data\.)?[a-z][a-z0-9_]*\.[A-Za-z0-9_-]+)\.([a-z][a-z0-9_]*)\}/g;
/** Values shorter than this are too common (`westeurope`, `true`) to stand for one object. */
const MIN_REFERENCE_VALUE = 8;

/** Object ids and other values the stack refers to, by value, with the reference the stack wrote for each. */
export type ReferenceIndex = ReadonlyMap<string, string>;

const key = (value: string) => (isGuid(value) ? value.toLowerCase() : value);

export function referenceIndex(plan: TerraformPlan, model: EnvironmentModel): ReferenceIndex {
  const wanted = new Map<string, Set<string>>();
  for (const r of model.resources) {
    for (const text of stringsOf(r.config)) {
      if (!text.includes('${')) continue;
      for (const m of text.matchAll(REFERENCES)) {
        const [, address = '', attribute = ''] = m;
        if (!wanted.has(address)) wanted.set(address, new Set());
        wanted.get(address)!.add(attribute);
      }
    }
  }
  const index = new Map<string, string>();
  for (const r of [...plan.priorResources, ...plan.plannedResources]) {
    const attributes = wanted.get(r.address);
    if (!attributes) continue;
    for (const attribute of [...attributes].sort()) {
      const v = r.values[attribute];
      if (typeof v !== 'string' || v.length < MIN_REFERENCE_VALUE || index.has(key(v))) continue;
      index.set(key(v), `\${${r.address}.${attribute}}`);
    }
  }
  return index;
}

function* stringsOf(value: unknown): Generator<string> {
  if (typeof value === 'string') yield value;
  else if (Array.isArray(value)) for (const v of value) yield* stringsOf(v);
  else if (isObject(value)) for (const v of Object.values(value)) yield* stringsOf(v);
}

/** `value` with every leaf the mask marks `true` replaced by SENSITIVE. */
export function masked(value: unknown, mask: unknown): unknown {
  if (mask === true) return value === null || value === undefined ? value : SENSITIVE;
  if (Array.isArray(value)) return value.map((v, i) => masked(v, Array.isArray(mask) ? mask[i] : undefined));
  if (isObject(value)) {
    const out: Json = {};
    for (const [k, v] of Object.entries(value)) out[k] = masked(v, isObject(mask) ? mask[k] : undefined);
    return out;
  }
  return value;
}

/**
 * A plan value (as Terraform applies it) written as the stack writes configuration: literal
 * text escaped, and every object id the stack refers to as that reference.
 */
export function asConfiguration(value: unknown, refs: ReferenceIndex): unknown {
  return mapStrings(value, (text) => {
    const whole = refs.get(key(text));
    if (whole !== undefined) return whole;
    const escaped = terraformLiteral(text);
    return escaped.replace(guidsInText(), (id) => refs.get(id.toLowerCase()) ?? id);
  });
}

/** Synthesized configuration (strings as the model holds them: applied) written back as cdk.tf.json writes it. */
export function escapedConfiguration(config: unknown): unknown {
  return mapStrings(config, (text) => (/^\$\{[^}]+\}$/.test(text) ? text : terraformLiteral(text)));
}

/** The stack's configuration at the same place as a plan value's path: Terraform writes a block as a list, the stack as an object. */
function configChild(config: unknown, step: string | number): unknown {
  if (typeof step === 'number') {
    if (Array.isArray(config)) return config[step];
    return isObject(config) && step === 0 ? config : undefined;
  }
  if (Array.isArray(config)) return isObject(config[0]) ? config[0][step] : undefined;
  return isObject(config) ? config[step] : undefined;
}

/**
 * `after` with each value Terraform knows only after apply taken from the stack's
 * configuration (references such as `${azuread_group.x.object_id}`, which the model labels),
 * or KNOWN_AFTER_APPLY where the configuration does not say it (computed attributes).
 */
export function withUnknowns(after: unknown, unknown: unknown, config: unknown): unknown {
  if (unknown === true) return config !== undefined && config !== null ? config : KNOWN_AFTER_APPLY;
  if (Array.isArray(after) || Array.isArray(unknown)) {
    const a = Array.isArray(after) ? after : [];
    const u = Array.isArray(unknown) ? unknown : [];
    return Array.from({ length: Math.max(a.length, u.length) }, (_, i) => withUnknowns(a[i], u[i], configChild(config, i)));
  }
  if (isObject(after) || isObject(unknown)) {
    const a = isObject(after) ? after : {};
    const u = isObject(unknown) ? unknown : {};
    const out: Json = {};
    for (const k of [...new Set([...Object.keys(a), ...Object.keys(u)])]) out[k] = withUnknowns(a[k], u[k], configChild(config, k));
    return out;
  }
  return after;
}

/** Only the arguments the stack sets, so computed attributes (ids, timestamps, etags) are not changes a reviewer reads. */
export function onlyConfigured(value: unknown, config: Readonly<Record<string, unknown>> | undefined): unknown {
  if (!isObject(value) || !config) return value;
  const out: Json = {};
  for (const k of Object.keys(value)) if (k in config) out[k] = value[k];
  return out;
}

/** Resource types the model needs beside the one read, for labels: groups, named locations, App Proxy apps. */
const LABEL_TYPES: readonly string[] = [TF.group, TF.namedLocation, TF.applicationFromTemplate];

/**
 * A stack of one resource (`value` in configuration form; absent: none), with the stack's
 * groups, named locations and App Proxy apps beside it so its references get their labels.
 */
export function stackWith(model: EnvironmentModel, type: string, name: string, value: unknown): { resource: Record<string, Record<string, unknown>> } {
  const resource: Record<string, Record<string, unknown>> = {};
  for (const r of model.resources) {
    if (!LABEL_TYPES.includes(r.type) || (r.type === type && r.name === name)) continue;
    (resource[r.type] ??= {})[r.name] = escapedConfiguration(r.config);
  }
  if (value !== undefined && value !== null) (resource[type] ??= {})[name] = value;
  return { resource };
}
