/**
 * Tenant settings as perimeter manages them: one Graph singleton (or one object of a
 * singleton's collection) per document, promoted off -> report-only -> enabled like a policy.
 *
 * - `off`: not managed; nothing is synthesized.
 * - `report-only`: a Terraform `check` reads the live object at plan time and warns about every
 *   declared value that differs; nothing is written.
 * - `enabled`: `write` is applied (msgraph_update_resource); `asserted` is still only checked.
 *
 * `asserted` holds what the tenant must already have but perimeter must never write: the
 * values Entra Connect or Cloud Sync own (`passwordSyncEnabled`, writeback flags).
 */
import type { Comparison, PathStep } from './check-expressions';
import type { GraphBody, GraphValue } from './graph-json';
import type { Stage, StagedItem } from './stages';

export interface SettingsDocument {
  /** The Terraform name of the resource, the check and the local: `settings_<...>` (core/addresses.ts settingsName). */
  readonly key: string;
  /** Identity words for messages and the report: `Authorization policy`. */
  readonly title: string;
  /** The item URL, relative to the API version: `policies/authorizationPolicy`. */
  readonly url: string;
  /** @default 'v1.0' */
  readonly apiVersion?: 'v1.0' | 'beta';
  /** @default 'PATCH' - Graph updates a few singletons only by PUT (the provider then merges the live object) */
  readonly updateMethod?: 'PATCH' | 'PUT';
  readonly stage: Stage;
  /** Applied at `enabled`, compared at `report-only`. */
  readonly write: GraphBody;
  /** Compared at every stage past `off`, never written. */
  readonly asserted?: GraphBody;
  /** Graph allows the call only for a signed-in user: read and write through `msgraph.delegated`. */
  readonly delegated?: boolean;
  /** Plain words for a declared property, by its dotted path (`defaultUserRolePermissions.allowedToCreateApps`). */
  readonly words?: Readonly<Record<string, string>>;
  /** Arrays whose elements are matched by `id` and compared property by property (PIM `rules`). */
  readonly keyedArrays?: readonly string[];
  /** Properties written but not compared: Graph echoes them in another spelling (`All` / `all`) or as lists no field identifies. */
  readonly notCompared?: readonly string[];
  /** Where the live object is read when not at `url` (a PIM role policy is found through its assignment). */
  readonly read?: {
    readonly url: string;
    readonly queryParameters: Readonly<Record<string, readonly string[]>>;
    /** The path to the object inside the response. */
    readonly path: readonly PathStep[];
  };
}

/** One declared value a check compares with the live object. */
export interface Expectation {
  readonly path: readonly PathStep[];
  /** `a.b` or `rules[Approval_EndUser_Assignment].setting.isApprovalRequired`. */
  readonly dotted: string;
  readonly comparison: Comparison;
  readonly words: string;
}

const isObject = (v: GraphValue): v is { readonly [key: string]: GraphValue } => v !== null && typeof v === 'object' && !Array.isArray(v);

/**
 * Every leaf a check compares: scalars by value, lists of strings as sets, lists of objects by
 * their ids (targets), keyed arrays element by element. `@odata.type` annotations are sent, not compared.
 */
export function expectationsOf(body: GraphBody, doc: Pick<SettingsDocument, 'words' | 'keyedArrays' | 'notCompared'>): Expectation[] {
  const out: Expectation[] = [];
  const walk = (value: GraphValue, path: PathStep[], dotted: string) => {
    const push = (comparison: Comparison): void => void out.push({ path, dotted, comparison, words: doc.words?.[dotted] ?? doc.words?.[dotted.replace(/\[[^\]]*\]/g, '')] ?? dotted });
    if (Array.isArray(value)) {
      const last = path[path.length - 1];
      if (typeof last === 'string' && doc.keyedArrays?.includes(last)) {
        for (const element of value) {
          if (!isObject(element) || typeof element.id !== 'string') throw new Error(`${dotted}: a keyed array element needs a string id`);
          const id = element.id;
          for (const k of Object.keys(element).sort()) {
            if (k === 'id' || k.startsWith('@') || doc.notCompared?.includes(k)) continue;
            walk(element[k]!, [...path, { id }, k], `${dotted}[${id}].${k}`);
          }
        }
        return;
      }
      // Graph returns targets as objects: an empty list of them is still compared by id.
      if (value.length === 0 && typeof last === 'string' && /Targets$/.test(last)) return push({ by: 'id' });
      if (value.every((v) => typeof v === 'string')) return push('set');
      const objects = value.filter(isObject);
      const by = ['id', 'query'].find((f) => objects.length === value.length && objects.every((o) => typeof o[f] === 'string'));
      if (!by) throw new Error(`${dotted}: perimeter compares a list of objects by their id or query; these have neither`);
      push({ by });
      return;
    }
    if (isObject(value)) {
      for (const k of Object.keys(value).sort()) {
        if (k.startsWith('@') || doc.notCompared?.includes(k)) continue;
        walk(value[k]!, [...path, k], dotted ? `${dotted}.${k}` : k);
      }
      return;
    }
    push('value');
  };
  walk(body, [], '');
  return out;
}

/** The staged item of a settings block, for the ring rule and the brake. */
export function stagedSetting(id: string, stage: Stage, path: string): StagedItem {
  return { id, stage, path, kind: 'setting' };
}
