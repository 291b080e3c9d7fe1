/**
 * A strict JSON reader (RFC 8259) for exported files. `JSON.parse` says neither where a file
 * fails on Node 20 nor that a key appears twice (it keeps the last one silently, and a policy
 * with two `state` keys means whatever the reader picks), so exports are read with this one:
 * every failure is a line and column, and a repeated key is refused.
 */

export type JsonValue = null | boolean | number | string | JsonValue[] | JsonObject;
export interface JsonObject {
  [key: string]: JsonValue;
}

export type Parsed =
  | { readonly ok: true; readonly value: JsonValue }
  | { readonly ok: false; readonly message: string; readonly line: number; readonly column: number; readonly path: string };

/** Deeper nesting is refused before it can exhaust the stack. */
const MAX_DEPTH = 256;

class Failure {
  constructor(
    readonly message: string,
    readonly at: number,
    readonly path: string,
  ) {}
}

export function parseJson(text: string): Parsed {
  const reader = new Reader(text);
  try {
    reader.skipSpace();
    const value = reader.value(0, '');
    reader.skipSpace();
    if (reader.pos < text.length) {
      throw new Failure('has more after the JSON value ends: a file holds one JSON value (put several objects in a list)', reader.pos, '');
    }
    return { ok: true, value };
  } catch (e) {
    if (!(e instanceof Failure)) throw e;
    const { line, column } = lineAndColumn(text, e.at);
    return { ok: false, message: e.message, line, column, path: e.path };
  }
}

/** 1-based line and column of a character offset (CRLF is one line end). */
function lineAndColumn(text: string, at: number): { line: number; column: number } {
  let line = 1;
  let start = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < at; i = text.indexOf('\n', i + 1)) {
    line++;
    start = i + 1;
  }
  return { line, column: at - start + 1 };
}

const keyPath = (path: string, key: string) => (path === '' ? key : `${path}.${key}`);

function describe(text: string, at: number): string {
  if (at >= text.length) return 'the end of the file';
  const c = text[at]!;
  if (c === "'") return "' (JSON strings use double quotes)";
  if (c === '/' && (text[at + 1] === '/' || text[at + 1] === '*')) return 'a comment (JSON has no comments)';
  const code = c.charCodeAt(0);
  if (code < 0x20) return `the control character U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
  return JSON.stringify(c);
}

class Reader {
  pos = 0;
  constructor(private readonly text: string) {}

  skipSpace(): void {
    const t = this.text;
    while (this.pos < t.length) {
      const c = t.charCodeAt(this.pos);
      if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) this.pos++;
      else break;
    }
  }

  private fail(expected: string, path: string): never {
    throw new Failure(`expected ${expected}, found ${describe(this.text, this.pos)}`, this.pos, path);
  }

  value(depth: number, path: string): JsonValue {
    if (depth > MAX_DEPTH) throw new Failure(`nests deeper than ${MAX_DEPTH} levels`, this.pos, '');
    const c = this.text[this.pos];
    switch (c) {
      case '{':
        return this.object(depth, path);
      case '[':
        return this.array(depth, path);
      case '"':
        return this.string(path);
      case 't':
        return this.word('true', true, path);
      case 'f':
        return this.word('false', false, path);
      case 'n':
        return this.word('null', null, path);
      default:
        if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) return this.number(path);
        return this.fail('a JSON value (an object, a list, a string, a number, true, false or null)', path);
    }
  }

  private word<T extends boolean | null>(word: string, value: T, path: string): T {
    if (this.text.startsWith(word, this.pos)) {
      this.pos += word.length;
      return value;
    }
    return this.fail('a JSON value (an object, a list, a string, a number, true, false or null)', path);
  }

  private object(depth: number, path: string): JsonObject {
    this.pos++;
    const out: JsonObject = {};
    const seenAt = new Map<string, number>();
    this.skipSpace();
    if (this.text[this.pos] === '}') {
      this.pos++;
      return out;
    }
    for (;;) {
      this.skipSpace();
      if (this.text[this.pos] !== '"') {
        const trailing = this.text[this.pos] === '}' ? ' (JSON allows no comma before })' : '';
        return this.fail(`a property name in double quotes${trailing}`, path);
      }
      const keyAt = this.pos;
      const key = this.string(path);
      const first = seenAt.get(key);
      if (first !== undefined) {
        const a = lineAndColumn(this.text, first).line;
        const b = lineAndColumn(this.text, keyAt).line;
        throw new Failure(
          `has the key ${JSON.stringify(key)} twice (lines ${a} and ${b}); JSON readers disagree about which one counts: keep one`,
          keyAt,
          path,
        );
      }
      seenAt.set(key, keyAt);
      this.skipSpace();
      if (this.text[this.pos] !== ':') return this.fail(`: after the property name ${JSON.stringify(key)}`, path);
      this.pos++;
      this.skipSpace();
      const value = this.value(depth + 1, keyPath(path, key));
      // defineProperty, not assignment: a key named __proto__ is data, never the prototype.
      Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
      this.skipSpace();
      const c = this.text[this.pos];
      if (c === ',') {
        this.pos++;
        continue;
      }
      if (c === '}') {
        this.pos++;
        return out;
      }
      return this.fail(', or } after a property value', path);
    }
  }

  private array(depth: number, path: string): JsonValue[] {
    this.pos++;
    const out: JsonValue[] = [];
    this.skipSpace();
    if (this.text[this.pos] === ']') {
      this.pos++;
      return out;
    }
    for (;;) {
      this.skipSpace();
      if (this.text[this.pos] === ']') return this.fail('a list element (JSON allows no comma before ])', path);
      out.push(this.value(depth + 1, `${path}[${out.length}]`));
      this.skipSpace();
      const c = this.text[this.pos];
      if (c === ',') {
        this.pos++;
        continue;
      }
      if (c === ']') {
        this.pos++;
        return out;
      }
      return this.fail(', or ] after a list element', path);
    }
  }

  private string(path: string): string {
    const t = this.text;
    const start = this.pos;
    this.pos++;
    let out = '';
    let chunk = this.pos;
    for (;;) {
      if (this.pos >= t.length) throw new Failure('has a string that is not closed before the end of the file', start, path);
      const c = t.charCodeAt(this.pos);
      if (c === 0x22) {
        out += t.slice(chunk, this.pos);
        this.pos++;
        return out;
      }
      if (c < 0x20) {
        throw new Failure(
          `has the control character U+${c.toString(16).toUpperCase().padStart(4, '0')} inside a string; write it as an escape (\\n, \\t, \\u00XX)`,
          this.pos,
          path,
        );
      }
      if (c === 0x5c) {
        out += t.slice(chunk, this.pos);
        out += this.escape(path);
        chunk = this.pos;
        continue;
      }
      this.pos++;
    }
  }

  private escape(path: string): string {
    const t = this.text;
    const e = t[this.pos + 1];
    const simple: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };
    if (e !== undefined && e in simple) {
      this.pos += 2;
      return simple[e]!;
    }
    if (e === 'u') {
      const hex = t.slice(this.pos + 2, this.pos + 6);
      if (/^[0-9a-fA-F]{4}$/.test(hex)) {
        this.pos += 6;
        return String.fromCharCode(parseInt(hex, 16));
      }
    }
    throw new Failure(`has the escape ${JSON.stringify(t.slice(this.pos, this.pos + 2))}, which JSON does not define (\\" \\\\ \\/ \\b \\f \\n \\r \\t, or \\u and four hex digits)`, this.pos, path);
  }

  private number(path: string): number {
    const m = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
    m.lastIndex = this.pos;
    const found = m.exec(this.text);
    if (!found || found[0] === '-') return this.fail('a number', path);
    const next = this.text[this.pos + found[0].length];
    if (next !== undefined && /[0-9A-Za-z.+-]/.test(next)) {
      throw new Failure(`has ${JSON.stringify(this.text.slice(this.pos, this.pos + found[0].length + 1))}, which is not a JSON number`, this.pos, path);
    }
    this.pos += found[0].length;
    return Number(found[0]);
  }
}
