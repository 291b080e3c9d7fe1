/**
 * The zod building blocks every section's schema uses, so a GUID, a key or a "listed twice"
 * check reads and reports the same everywhere.
 */
import { z } from 'zod';
import { GUID_PATTERN, KEY_PATTERN, NIL_GUID } from './ids';
import { STAGES } from './stages';

/**
 * A GUID, normalised to lower case as it loads (so `ABC…` and `abc…` are one id everywhere
 * after), never the nil GUID: each names an object, tenant or subscription that must exist.
 */
export const guid = (what: string) =>
  z
    .string()
    .regex(GUID_PATTERN, { message: `must be ${what} written as a GUID (8-4-4-4-12 hex digits)` })
    .refine((v) => v !== NIL_GUID, { message: 'is the nil GUID (all zeros), which no object, tenant or subscription has' })
    .toLowerCase();

export const objectId = guid('an object id');

export const key = (what: string) =>
  z.string().regex(KEY_PATTERN, { message: `must be ${/^[aeiou]/.test(what) ? 'an' : 'a'} ${what} key: lower-case letters, digits and hyphens, starting with a letter` });

/**
 * A list in which every entry appears once. `sameAs` says when two entries are the same:
 * object ids are compared without regard to case.
 */
export const uniqueList = <T extends z.ZodType>(item: T, sameAs: (value: z.output<T>) => unknown = (v) => v) =>
  z.array(item).superRefine((list, ctx) => {
    const seen = new Set<unknown>();
    list.forEach((v, i) => {
      const k = sameAs(v);
      if (seen.has(k)) ctx.addIssue({ code: 'custom', path: [i], message: `${JSON.stringify(v)} is listed twice` });
      seen.add(k);
    });
  });

/** Object ids, each once (they are lower case once loaded). */
export const uniqueObjectIds = () => uniqueList(objectId);

export const stageSchema = z.enum(STAGES);

/** The longest display name Entra accepts for a group, policy, named location or application. */
export const MAX_DISPLAY_NAME = 256;

/** A name Entra shows: not empty, at most 256 characters (control and bidi characters are refused when the YAML is read). */
export const displayName = (what: string) =>
  z
    .string()
    .trim()
    .min(1, { message: 'must not be empty' })
    .max(MAX_DISPLAY_NAME, { message: `is longer than ${MAX_DISPLAY_NAME} characters, the most Entra allows for ${what}` });

/** Azure's resource group naming rule: 1 to 90 letters, digits, `-_.()`, not ending in a period. */
const RESOURCE_GROUP_NAME = /^[-\w.()]{0,89}[-\w()]$/;

export const resourceGroupName = () =>
  z.string().superRefine((name, ctx) => {
    if (!RESOURCE_GROUP_NAME.test(name)) {
      ctx.addIssue({
        code: 'custom',
        message: `${JSON.stringify(name)} is not a valid resource group name: use 1 to 90 letters, digits, hyphens, underscores, periods and parentheses, not ending with a period`,
      });
    }
  });

/** The keys a strict object at `path` of `root` allows, for "unknown key" messages (optional, default, nullable and pipe wrappers looked through). */
export function allowedKeysAt(root: z.ZodType, path: readonly PropertyKey[]): string[] {
  let schema: z.ZodType = root;
  for (const part of [...path, undefined]) {
    for (;;) {
      const def = (schema as unknown as { _zod: { def: Record<string, unknown> & { type: string } } })._zod.def;
      if (def.type === 'optional' || def.type === 'default' || def.type === 'nullable') schema = def.innerType as z.ZodType;
      else if (def.type === 'pipe') schema = def.in as z.ZodType;
      else break;
    }
    if (part === undefined) break;
    const def = (schema as unknown as { _zod: { def: Record<string, unknown> & { type: string } } })._zod.def;
    if (def.type === 'object') schema = (def.shape as Record<string, z.ZodType>)[String(part)] as z.ZodType;
    else if (def.type === 'record') schema = def.valueType as z.ZodType;
    else if (def.type === 'array') schema = def.element as z.ZodType;
    else return [];
    if (!schema) return [];
  }
  const def = (schema as unknown as { _zod: { def: Record<string, unknown> & { type: string } } })._zod.def;
  return def.type === 'object' ? Object.keys(def.shape as object) : [];
}
