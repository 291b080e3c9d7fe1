/**
 * The "filter for devices" rule language (concept-condition-filters-for-devices, which reuses
 * the dynamic-membership rule syntax): `device.<property> <operator> <value>` combined with
 * `-and`, `-or`, `-not` and parentheses. Precedence, highest first: comparison, `-not`, `-and`,
 * `-or`. Operators, property names and string comparisons are case-insensitive.
 *
 * Evaluation is three-valued: `true`, `false`, or `undefined` when a property the rule needs
 * is not known for the sign-in. Null semantics follow Microsoft's table: on an unregistered
 * device every property is null; a positive operator (`-eq -startsWith -endsWith -contains
 * -in`) on null is false, a negative one (`-ne -notStartsWith -notEndsWith -notContains
 * -notIn`) is true. extensionAttribute1-15 are visible only on compliant or hybrid-joined
 * devices; elsewhere they are null.
 */

export type Operator =
  | '-eq'
  | '-ne'
  | '-startsWith'
  | '-notStartsWith'
  | '-endsWith'
  | '-notEndsWith'
  | '-contains'
  | '-notContains'
  | '-in'
  | '-notIn';

const OPERATORS: readonly Operator[] = ['-eq', '-ne', '-startsWith', '-notStartsWith', '-endsWith', '-notEndsWith', '-contains', '-notContains', '-in', '-notIn'];
const NEGATIVE: ReadonlySet<Operator> = new Set(['-ne', '-notStartsWith', '-notEndsWith', '-notContains', '-notIn']);

const STRING_OPS: readonly Operator[] = OPERATORS;
const ID_OPS: readonly Operator[] = ['-eq', '-ne', '-in', '-notIn'];
const EQ_OPS: readonly Operator[] = ['-eq', '-ne'];
const COLLECTION_OPS: readonly Operator[] = ['-contains', '-notContains'];

/** Canonical property name -> the operators Conditional Access accepts for it (DEVF table). */
export const DEVICE_PROPERTIES: Readonly<Record<string, readonly Operator[]>> = {
  deviceId: ID_OPS,
  mdmAppId: ID_OPS,
  displayName: STRING_OPS,
  enrollmentProfileName: STRING_OPS,
  manufacturer: STRING_OPS,
  model: STRING_OPS,
  operatingSystem: STRING_OPS,
  operatingSystemVersion: STRING_OPS,
  ...Object.fromEntries(Array.from({ length: 15 }, (_, i) => [`extensionAttribute${i + 1}`, STRING_OPS])),
  deviceOwnership: EQ_OPS,
  isCompliant: EQ_OPS,
  profileType: EQ_OPS,
  trustType: EQ_OPS,
  physicalIds: COLLECTION_OPS,
  systemLabels: COLLECTION_OPS,
};

const CANONICAL_PROPERTY = new Map(Object.keys(DEVICE_PROPERTIES).map((p) => [p.toLowerCase(), p]));
const CANONICAL_OPERATOR = new Map(OPERATORS.map((o) => [o.toLowerCase(), o]));
const COLLECTIONS: ReadonlySet<string> = new Set(['physicalIds', 'systemLabels']);

/** Canonical spelling of a device property, or undefined when Conditional Access has no such property. */
export function canonicalDeviceProperty(name: string): string | undefined {
  return CANONICAL_PROPERTY.get(name.toLowerCase());
}

export type FilterNode =
  | { readonly kind: 'cmp'; readonly property: string; readonly operator: Operator; readonly values: readonly string[] }
  | { readonly kind: 'not'; readonly operand: FilterNode }
  | { readonly kind: 'and' | 'or'; readonly operands: readonly FilterNode[] };

export class DeviceFilterError extends Error {
  constructor(
    readonly rule: string,
    readonly position: number,
    readonly reason: string,
  ) {
    super(`device filter rule, at character ${position + 1}: ${reason}`);
    this.name = 'DeviceFilterError';
  }
}

type Token =
  | { kind: 'op'; text: string; pos: number }
  | { kind: 'prop'; text: string; pos: number }
  | { kind: 'str'; text: string; pos: number }
  | { kind: 'word'; text: string; pos: number }
  | { kind: '(' | ')' | '[' | ']' | ','; pos: number }
  | { kind: 'end'; pos: number };

function tokenize(rule: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < rule.length) {
    const ch = rule[i]!;
    if (/\s/.test(ch)) {
      i++;
      continue;
    }
    if (ch === '(' || ch === ')' || ch === '[' || ch === ']' || ch === ',') {
      out.push({ kind: ch, pos: i });
      i++;
      continue;
    }
    if (ch === '"') {
      let j = i + 1;
      let text = '';
      // Dynamic rules escape a quote inside a string with a backtick.
      while (j < rule.length && rule[j] !== '"') {
        if (rule[j] === '`' && rule[j + 1] === '"') {
          text += '"';
          j += 2;
          continue;
        }
        text += rule[j];
        j++;
      }
      if (j >= rule.length) throw new DeviceFilterError(rule, i, 'the string that starts here is not closed with "');
      out.push({ kind: 'str', text, pos: i });
      i = j + 1;
      continue;
    }
    const m = /^-?[A-Za-z0-9_.]+/.exec(rule.slice(i));
    if (!m) throw new DeviceFilterError(rule, i, `unexpected character ${JSON.stringify(ch)}`);
    const text = m[0];
    if (text.startsWith('-')) out.push({ kind: 'op', text, pos: i });
    else if (/^device\./i.test(text)) out.push({ kind: 'prop', text: text.slice('device.'.length), pos: i });
    else out.push({ kind: 'word', text, pos: i });
    i += text.length;
  }
  out.push({ kind: 'end', pos: rule.length });
  return out;
}

/** Parses a rule; throws DeviceFilterError naming the position and what was expected. */
export function parseDeviceFilter(rule: string): FilterNode {
  if (rule.length > 3072) throw new DeviceFilterError(rule, 3072, `the rule is ${rule.length} characters long; Conditional Access allows 3072`);
  const tokens = tokenize(rule);
  let k = 0;
  const peek = () => tokens[k]!;
  const isOp = (t: Token, name: string) => t.kind === 'op' && t.text.toLowerCase() === name;
  const describe = (t: Token) =>
    t.kind === 'end' ? 'the end of the rule' : t.kind === 'prop' ? JSON.stringify(`device.${t.text}`) : 'text' in t ? JSON.stringify(t.text) : JSON.stringify(t.kind);

  const parseOr = (): FilterNode => {
    const operands = [parseAnd()];
    while (isOp(peek(), '-or')) {
      k++;
      operands.push(parseAnd());
    }
    return operands.length === 1 ? operands[0]! : { kind: 'or', operands };
  };
  const parseAnd = (): FilterNode => {
    const operands = [parseNot()];
    while (isOp(peek(), '-and')) {
      k++;
      operands.push(parseNot());
    }
    return operands.length === 1 ? operands[0]! : { kind: 'and', operands };
  };
  const parseNot = (): FilterNode => {
    if (isOp(peek(), '-not')) {
      k++;
      return { kind: 'not', operand: parseNot() };
    }
    return parsePrimary();
  };
  const parseValue = (): string => {
    const t = peek();
    if (t.kind === 'str' || t.kind === 'word') {
      k++;
      return t.text;
    }
    throw new DeviceFilterError(rule, t.pos, `expected a value ("text", True or False), found ${describe(t)}`);
  };
  const parsePrimary = (): FilterNode => {
    const t = peek();
    if (t.kind === '(') {
      k++;
      const inner = parseOr();
      const close = peek();
      if (close.kind !== ')') throw new DeviceFilterError(rule, close.pos, `expected ")" to close the "(" at character ${t.pos + 1}, found ${describe(close)}`);
      k++;
      return inner;
    }
    if (t.kind !== 'prop') {
      throw new DeviceFilterError(rule, t.pos, `expected device.<property>, "(" or -not, found ${describe(t)}`);
    }
    const property = canonicalDeviceProperty(t.text);
    if (!property) {
      throw new DeviceFilterError(rule, t.pos, `device.${t.text} is not a device property filters can use; use one of: ${Object.keys(DEVICE_PROPERTIES).filter((p) => !/^extensionAttribute([2-9]|1[0-5])$/.test(p)).join(', ')} (extensionAttribute1 to 15)`);
    }
    k++;
    const opToken = peek();
    const operator = opToken.kind === 'op' ? CANONICAL_OPERATOR.get(opToken.text.toLowerCase()) : undefined;
    if (!operator) {
      throw new DeviceFilterError(rule, opToken.pos, `expected an operator after device.${property}, found ${describe(opToken)}; use one of: ${OPERATORS.join(' ')}`);
    }
    const allowed = DEVICE_PROPERTIES[property]!;
    if (!allowed.includes(operator)) {
      throw new DeviceFilterError(rule, opToken.pos, `device.${property} does not support ${operator}; it supports ${allowed.join(' ')}`);
    }
    k++;
    let values: string[];
    if (operator === '-in' || operator === '-notIn') {
      const open = peek();
      if (open.kind !== '[') throw new DeviceFilterError(rule, open.pos, `${operator} needs a list such as ["a", "b"], found ${describe(open)}`);
      k++;
      values = [parseValue()];
      while (peek().kind === ',') {
        k++;
        values.push(parseValue());
      }
      const close = peek();
      if (close.kind !== ']') throw new DeviceFilterError(rule, close.pos, `expected "," or "]" in the list, found ${describe(close)}`);
      k++;
    } else {
      values = [parseValue()];
    }
    return { kind: 'cmp', property, operator, values };
  };

  const node = parseOr();
  const rest = peek();
  if (rest.kind !== 'end') {
    throw new DeviceFilterError(rule, rest.pos, `expected -and, -or or the end of the rule, found ${describe(rest)}`);
  }
  return node;
}

/**
 * A property value as the filter sees it: a string, a string collection, `null` (the
 * device has no value: unregistered, or an invisible extension attribute), or `undefined`
 * (not known for this sign-in: the answer may depend on it).
 */
export type PropertyValue = string | readonly string[] | null | undefined;
export type DeviceView = (property: string) => PropertyValue;

/** Three-valued result: undefined means "depends on a property the sign-in did not give". */
export type Tri = boolean | undefined;
export type CompiledFilter = (device: DeviceView) => Tri;

/** Case-insensitive equality without copying strings of different lengths (the common miss). */
function equalsIgnoringCase(value: string, lower: string): boolean {
  return value.length === lower.length && (value === lower || value.toLowerCase() === lower);
}

function compare(op: Operator, value: PropertyValue, operands: readonly string[], collection: boolean): Tri {
  if (value === undefined) return undefined;
  if (value === null) return NEGATIVE.has(op);
  if (collection || typeof value !== 'string') {
    const list = typeof value === 'string' ? [value] : value;
    const hit = list.some((v) => equalsIgnoringCase(v, operands[0]!));
    return op === '-contains' ? hit : !hit;
  }
  const x = operands[0]!;
  switch (op) {
    case '-eq':
      return equalsIgnoringCase(value, x);
    case '-ne':
      return !equalsIgnoringCase(value, x);
    case '-in':
      return operands.some((o) => equalsIgnoringCase(value, o));
    case '-notIn':
      return !operands.some((o) => equalsIgnoringCase(value, o));
  }
  const v = value.toLowerCase();
  switch (op) {
    case '-startsWith':
      return v.startsWith(x);
    case '-notStartsWith':
      return !v.startsWith(x);
    case '-endsWith':
      return v.endsWith(x);
    case '-notEndsWith':
      return !v.endsWith(x);
    case '-contains':
      return v.includes(x);
    case '-notContains':
      return !v.includes(x);
  }
}

/** Compiles a parsed rule into a fast three-valued predicate. */
export function compileDeviceFilter(node: FilterNode): CompiledFilter {
  switch (node.kind) {
    case 'cmp': {
      const operands = node.values.map((v) => v.toLowerCase());
      const { property, operator } = node;
      const collection = COLLECTIONS.has(property);
      return (d) => compare(operator, d(property), operands, collection);
    }
    case 'not': {
      const inner = compileDeviceFilter(node.operand);
      return (d) => {
        const r = inner(d);
        return r === undefined ? undefined : !r;
      };
    }
    case 'and': {
      const parts = node.operands.map(compileDeviceFilter);
      return (d) => {
        let unknown = false;
        for (const p of parts) {
          const r = p(d);
          if (r === false) return false;
          if (r === undefined) unknown = true;
        }
        return unknown ? undefined : true;
      };
    }
    case 'or': {
      const parts = node.operands.map(compileDeviceFilter);
      return (d) => {
        let unknown = false;
        for (const p of parts) {
          const r = p(d);
          if (r === true) return true;
          if (r === undefined) unknown = true;
        }
        return unknown ? undefined : false;
      };
    }
  }
}

/** Every comparison in a rule, for building witness devices. */
export function comparisonsOf(node: FilterNode): Extract<FilterNode, { kind: 'cmp' }>[] {
  switch (node.kind) {
    case 'cmp':
      return [node];
    case 'not':
      return comparisonsOf(node.operand);
    case 'and':
    case 'or':
      return node.operands.flatMap(comparisonsOf);
  }
}
