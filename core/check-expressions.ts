/**
 * The Terraform expressions of perimeter's `check` blocks (report-only tenant settings): the
 * one place besides references where synthesized JSON holds a template Terraform evaluates.
 * They are built here from code constants only (property names and rule ids); every value an
 * environment file gave stays in a `locals` entry, escaped like any other string. The safety
 * net in app/app.ts accepts a template in a check only when `isCheckExpression` accepts it.
 *
 * Shapes (checked with Terraform 1.11.4, docs/tenant-settings.md):
 *   value: `jsonencode(try(<a>, null)) == jsonencode(try(<b>, null))`
 *   set:   `jsonencode(sort(try(<a>, []))) == jsonencode(sort(try(<b>, [])))`
 *   by:    `jsonencode(sort([for t in try(<a>, []) : lower(t.<field>)])) == ...` (targets by id, reviewers by query)
 * A path step `{ id }` picks the element of an array whose `id` is that value, case-insensitively.
 */

/** One step into a Graph object: a property name, the element of an array with this `id`, or the only element of the array property `only`. */
export type PathStep = string | { readonly id: string } | { readonly only: string };

/** How a declared value is compared with the live one: as is, as a set of strings, or as the set of one string field of its elements. */
export type Comparison = 'value' | 'set' | { readonly by: string };

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

export function selector(root: string, path: readonly PathStep[]): string {
  let out = root;
  for (const step of path) {
    if (typeof step === 'string') {
      if (!IDENTIFIER.test(step)) throw new Error(`check path step ${JSON.stringify(step)} is not a plain property name`);
      out += `.${step}`;
    } else if ('only' in step) {
      if (!IDENTIFIER.test(step.only)) throw new Error(`check path step ${JSON.stringify(step.only)} is not a plain property name`);
      out = `one(${out}.${step.only})`;
    } else {
      if (!IDENTIFIER.test(step.id)) throw new Error(`check path id ${JSON.stringify(step.id)} is not a plain rule id`);
      out = `one([for r in ${out} : r if lower(r.id) == "${step.id.toLowerCase()}"])`;
    }
  }
  return out;
}

/** The value at `path` under `root`, as JSON text, for a comparison or a message. */
export function checkOperand(root: string, path: readonly PathStep[], comparison: Comparison): string {
  const s = selector(root, path);
  switch (comparison) {
    case 'value':
      return `jsonencode(try(${s}, null))`;
    case 'set':
      return `jsonencode(sort(try(${s}, [])))`;
    default:
      if (!IDENTIFIER.test(comparison.by)) throw new Error(`check comparison field ${JSON.stringify(comparison.by)} is not a plain property name`);
      return `jsonencode(sort([for t in try(${s}, []) : lower(t.${comparison.by})]))`;
  }
}

/** `${<live> == <declared>}`: true when the live value matches the declared one. */
export function checkCondition(live: string, declared: string, path: readonly PathStep[], comparison: Comparison): string {
  return `\${${checkOperand(live, path, comparison)} == ${checkOperand(declared, path, comparison)}}`;
}

const FUNCTIONS = new Set(['jsonencode', 'try', 'sort', 'one', 'lower']);
const KEYWORDS = new Set(['for', 'in', 'if', 'null']);
const ROOTS = new Set(['data', 'local', 't', 'r']);
const TOKEN = /\s+|==|"[a-z0-9_]*"|[A-Za-z_][A-Za-z0-9_]*|[()[\]:,.]/y;

/** True when a template's expression uses only the grammar above: no other function, variable or root. */
function isAllowedExpression(expression: string): boolean {
  const tokens: string[] = [];
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < expression.length) {
    const at = TOKEN.lastIndex;
    const m = TOKEN.exec(expression);
    if (!m || m.index !== at) return false;
    if (m[0].trim()) tokens.push(m[0]);
  }
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    if (!IDENTIFIER.test(token)) continue;
    const previous = tokens[i - 1];
    if (tokens[i + 1] === '(') {
      if (!FUNCTIONS.has(token)) return false;
    } else if (previous !== '.' && !KEYWORDS.has(token) && !ROOTS.has(token)) {
      return false;
    }
    if (token === 'data' && previous !== '.' && tokens[i + 2] !== 'msgraph_resource') return false;
  }
  return true;
}

/** True when every template sequence in a check's condition or message is one of the shapes above. */
export function isCheckExpression(text: string): boolean {
  for (let i = 0; i < text.length - 1; i++) {
    const c = text[i];
    if (c !== '$' && c !== '%') continue;
    if (text[i + 1] === c && text[i + 2] === '{') {
      i += 2;
      continue;
    }
    if (text[i + 1] !== '{') continue;
    if (c === '%') return false;
    let depth = 0;
    let end = -1;
    for (let j = i + 2; j < text.length; j++) {
      if (text[j] === '"') {
        const close = text.indexOf('"', j + 1);
        if (close < 0) return false;
        j = close;
      } else if (text[j] === '{') depth++;
      else if (text[j] === '}') {
        if (depth === 0) {
          end = j;
          break;
        }
        depth--;
      }
    }
    if (end < 0 || !isAllowedExpression(text.slice(i + 2, end))) return false;
    i = end;
  }
  return true;
}
