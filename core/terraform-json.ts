/** The shape of a synthesized stack, `cdktf.out/stacks/<env>/cdk.tf.json`, as Terraform JSON. */
export interface StackJson {
  readonly resource?: Readonly<Record<string, Readonly<Record<string, Record<string, unknown>>>>>;
  readonly data?: Readonly<Record<string, Readonly<Record<string, Record<string, unknown>>>>>;
  readonly terraform?: Readonly<Record<string, unknown>>;
  readonly provider?: Readonly<Record<string, unknown>>;
  readonly output?: Readonly<Record<string, unknown>>;
}

/**
 * A string Terraform must take literally: `${` and `%{` start template sequences in every
 * Terraform string, so they are doubled (`$${`, `%%{`). Terraform then applies exactly the
 * text that was written (a test applies it with the Terraform binary).
 */
export function terraformLiteral(text: string): string {
  return text.includes('{') ? text.replace(/([$%])\{/g, '$1$1{') : text;
}

/** What Terraform applies for a literal written by terraformLiteral: the inverse. */
export function appliedLiteral(text: string): string {
  return text.includes('{') ? text.replace(/([$%])\1\{/g, '$1{') : text;
}

/**
 * A Terraform reference to another object (`${type.name.attribute}`, `${data.type.name.attribute}`,
 * or one exported value of it, `${data.msgraph_resource.name.output.policy_id}`): the only
 * template sequence perimeter writes outside check blocks.
 */
const REFERENCE = /\$\{(?:data\.)?[a-z][a-z0-9_]*\.[A-Za-z0-9_-]+\.[a-z][a-z0-9_]*(?:\.[a-z][a-z0-9_]*)?(?:\[\d+\])?\}/y;

/**
 * The template sequences in a synthesized string that Terraform would evaluate and that are not
 * references: a function call, a variable, a `%{` directive. Escaped sequences (`$${`, `%%{`)
 * are literal text and never returned. Scans as Terraform does: left to right, an escape
 * first.
 */
export function unexpectedTemplates(text: string): string[] {
  if (!text.includes('{')) return [];
  const found: string[] = [];
  for (let i = 0; i < text.length - 1; i++) {
    const c = text[i];
    if (c !== '$' && c !== '%') continue;
    if (text[i + 1] === c && text[i + 2] === '{') {
      i += 2;
      continue;
    }
    if (text[i + 1] !== '{') continue;
    REFERENCE.lastIndex = i;
    if (c === '$' && REFERENCE.test(text)) i = REFERENCE.lastIndex - 1;
    else found.push(text.slice(i, i + 40));
  }
  return found;
}

/** Every string leaf of a JSON value with its path, for checks over a whole stack. */
export function* stringLeaves(value: unknown, path = ''): Generator<{ readonly path: string; readonly text: string }> {
  if (typeof value === 'string') yield { path, text: value };
  else if (Array.isArray(value)) for (let i = 0; i < value.length; i++) yield* stringLeaves(value[i], `${path}[${i}]`);
  else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) yield* stringLeaves(v, path ? `${path}.${k}` : k);
  }
}

/** A deep copy with every string of plain data mapped by `f`; anything but plain objects, arrays and scalars is kept as it is. */
export function mapStrings<T>(value: T, f: (text: string) => string): T {
  if (typeof value === 'string') return f(value) as T;
  if (Array.isArray(value)) return value.map((v: unknown) => mapStrings(v, f)) as T;
  if (value !== null && typeof value === 'object') {
    const proto: unknown = Object.getPrototypeOf(value);
    if (proto !== Object.prototype && proto !== null) return value;
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = mapStrings(v, f);
    return out as T;
  }
  return value;
}
