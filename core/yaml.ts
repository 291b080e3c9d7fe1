/**
 * The one way perimeter reads YAML: a strict subset, so what a reviewer reads is exactly what
 * loads. Anchors, aliases, merge keys, tags and directives are refused (each can make a file
 * mean something other than what it shows: `*k : enabled` can enable every policy through an
 * alias a reviewer never expands). Duplicate keys are found in linear time and named by key
 * path. Size, depth, list, key and string limits keep a hostile file from hanging a command.
 * Every string is checked for control and bidi-override characters, lone surrogates and
 * credentials (core/secrets.ts).
 *
 * Pure: it takes the file's bytes or text; the command line reads the file.
 */
import { isAlias, isMap, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node as YamlNode } from 'yaml';
import { formatKeyPath, type Problem } from './problems';
import { secretIn } from './secrets';
import { textProblem } from './text';

/** The limits of one YAML file. Environment files are a few kilobytes; these are far above any real one. */
export const YAML_LIMITS = {
  /** Bytes of the file. */
  maxBytes: 512 * 1024,
  /** Nesting of mappings and lists. */
  maxDepth: 24,
  /** Entries of one list (Entra allows 2,000 IP ranges in one named location). */
  maxListLength: 2000,
  /** Keys of one mapping. */
  maxMapKeys: 2000,
  /** Mappings, lists and scalars in the whole file. */
  maxNodes: 50_000,
  /** Characters of one string. */
  maxStringLength: 4096,
} as const;

/** A problem found while reading: where (a key path, a line when known) and what. */
export interface YamlProblem {
  readonly path: readonly PropertyKey[];
  readonly message: string;
  readonly line?: number;
  readonly column?: number;
}

export interface StrictYaml {
  /** The plain data: mappings are plain objects, lists arrays, scalars strings, numbers, booleans or null. */
  readonly data: unknown;
  /** The 1-based line of the value at `path` (or of its key, with `onKey`), or of the nearest parent the file has. */
  lineOf(path: readonly PropertyKey[], onKey?: boolean): number | undefined;
}

export type StrictYamlResult = { readonly ok: true; readonly yaml: StrictYaml } | { readonly ok: false; readonly problems: readonly YamlProblem[] };

const fail = (problems: readonly YamlProblem[]): StrictYamlResult => ({ ok: false, problems });

/**
 * The text of a YAML file from its bytes: UTF-8 only (a UTF-8 byte-order mark is dropped).
 * UTF-16 and UTF-32, invalid UTF-8, NUL bytes and carriage returns without a line feed get a
 * message that says what the file is and how to save it.
 */
export function decodeYaml(input: string | Uint8Array): { readonly text: string } | { readonly problem: YamlProblem } {
  const problem = (message: string, line?: number): { problem: YamlProblem } => ({ problem: { path: [], message, ...(line ? { line } : {}) } });
  let text: string;
  if (typeof input === 'string') {
    if (input.length > YAML_LIMITS.maxBytes) return problem(`is ${input.length} characters long; an environment or scenario file may have at most ${YAML_LIMITS.maxBytes} bytes`);
    text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  } else {
    if (input.length > YAML_LIMITS.maxBytes) return problem(`is ${input.length} bytes long; an environment or scenario file may have at most ${YAML_LIMITS.maxBytes} bytes`);
    const [a, b, c, d] = input;
    if (a === 0xff && b === 0xfe && c === 0 && d === 0) return problem('is UTF-32 (little-endian byte-order mark); save it as UTF-8');
    if (a === 0 && b === 0 && c === 0xfe && d === 0xff) return problem('is UTF-32 (big-endian byte-order mark); save it as UTF-8');
    if (a === 0xff && b === 0xfe) return problem('is UTF-16 (little-endian byte-order mark); save it as UTF-8');
    if (a === 0xfe && b === 0xff) return problem('is UTF-16 (big-endian byte-order mark); save it as UTF-8');
    const nul = input.indexOf(0);
    if (nul >= 0) return problem(`holds a NUL byte at offset ${nul}: it is UTF-16 without a byte-order mark, or not text; save it as UTF-8`);
    try {
      text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(input);
    } catch {
      return problem('is not valid UTF-8; save it as UTF-8');
    }
  }
  const cr = text.search(/\r(?!\n)/);
  if (cr >= 0) {
    const line = text.slice(0, cr).split('\n').length;
    return text.includes('\n')
      ? problem('has a carriage return without a line feed; use LF or CRLF line endings throughout', line)
      : problem('uses carriage returns alone as line endings (classic Mac OS); save it with LF or CRLF line endings', line);
  }
  return { text };
}

/** A JavaScript-reserved key that plain objects cannot hold as data. */
const RESERVED_KEY = '__proto__';

interface Walk {
  readonly counter: LineCounter;
  readonly problems: YamlProblem[];
  nodes: number;
}

function lineAt(walk: Walk, node: { range?: [number, number, number] | null } | null | undefined): number | undefined {
  const start = node?.range?.[0];
  return start === undefined ? undefined : walk.counter.linePos(start).line;
}

function report(walk: Walk, path: readonly PropertyKey[], node: { range?: [number, number, number] | null } | null | undefined, message: string): void {
  const line = lineAt(walk, node);
  walk.problems.push({ path, message, ...(line ? { line } : {}) });
}

function checkString(walk: Walk, path: readonly PropertyKey[], node: YamlNode, text: string, what: 'value' | 'key'): void {
  if (text.length > YAML_LIMITS.maxStringLength) {
    report(walk, path, node, `the ${what} is ${text.length} characters long; at most ${YAML_LIMITS.maxStringLength} are allowed`);
    return;
  }
  const bad = textProblem(text);
  if (bad) report(walk, path, node, `the ${what} ${bad}`);
  else if (what === 'value') {
    const secret = secretIn(text);
    if (secret) report(walk, path, node, `looks like ${secret}. perimeter never takes a secret: deploys sign in with OIDC, and nothing in an environment file may be a credential (it would reach cdk.tf.json, the PR comment and the git history). Remove it, and rotate it if it was ever committed`);
  }
}

/** Depth-first over the document, with the key path of every node. Recursion is bounded by maxDepth. */
function walkNode(walk: Walk, node: unknown, path: PropertyKey[], depth: number): void {
  if (++walk.nodes > YAML_LIMITS.maxNodes) {
    if (walk.nodes === YAML_LIMITS.maxNodes + 1) report(walk, path, node as YamlNode, `the file has more than ${YAML_LIMITS.maxNodes} values; split it or remove what it repeats`);
    return;
  }
  if (node === null || node === undefined) return;
  if (isAlias(node)) {
    report(walk, path, node, `uses the alias *${node.source}; anchors and aliases are not allowed, because a reviewer reading the file would not see the value it stands for. Write the value out`);
    return;
  }
  const n = node as YamlNode;
  if (n.anchor) report(walk, path, n, `defines the anchor &${n.anchor}; anchors and aliases are not allowed, because a reviewer reading the file would not see where the value is reused. Write each value out`);
  if (n.tag) report(walk, path, n, `uses the tag ${n.tag}; ${TAG_MESSAGE}`);
  if (depth > YAML_LIMITS.maxDepth) {
    report(walk, path, n, `nests more than ${YAML_LIMITS.maxDepth} levels deep`);
    return;
  }
  if (isMap(n)) {
    if (n.items.length > YAML_LIMITS.maxMapKeys) report(walk, path, n, `has ${n.items.length} keys; a mapping may have at most ${YAML_LIMITS.maxMapKeys}`);
    const seen = new Map<string, number | undefined>();
    for (const pair of n.items) {
      const keyNode = pair.key as YamlNode | null;
      if (!isScalar(keyNode) || keyNode.value === null || typeof keyNode.value === 'object') {
        report(walk, path, keyNode ?? n, isAlias(keyNode) ? `uses the alias *${keyNode.source} as a key; anchors and aliases are not allowed. Write the key out` : 'has a key that is not plain text (an empty, list or mapping key); every key is a name');
        continue;
      }
      if (keyNode.anchor || keyNode.tag) walkNode(walk, keyNode, path, depth + 1);
      const key = String(keyNode.value);
      const keyPath = [...path, key];
      if (key === '<<') {
        report(walk, keyPath, keyNode, 'is a merge key (<<); merge keys are not allowed, because the merged values are not visible where they take effect. Write the keys out');
        continue;
      }
      if (key === RESERVED_KEY) {
        report(walk, keyPath, keyNode, `the key ${RESERVED_KEY} is not allowed: JavaScript reserves it`);
        continue;
      }
      checkString(walk, keyPath, keyNode, key, 'key');
      const first = seen.get(key);
      if (seen.has(key)) {
        report(walk, keyPath, keyNode, `is given twice in this mapping${first ? ` (first on line ${first})` : ''}; each key may appear once`);
        continue;
      }
      seen.set(key, lineAt(walk, keyNode));
      walkNode(walk, pair.value, keyPath, depth + 1);
    }
    return;
  }
  if (isSeq(n)) {
    if (n.items.length > YAML_LIMITS.maxListLength) report(walk, path, n, `has ${n.items.length} entries; a list may have at most ${YAML_LIMITS.maxListLength}`);
    n.items.forEach((item, i) => walkNode(walk, item, [...path, i], depth + 1));
    return;
  }
  if (isScalar(n) && typeof n.value === 'string') checkString(walk, path, n, n.value, 'value');
}

function lineOf(doc: Document, counter: LineCounter, path: readonly PropertyKey[], onKey: boolean): number | undefined {
  for (let depth = path.length; depth >= 0; depth--) {
    const prefix = path.slice(0, depth);
    if (onKey && depth === path.length && depth > 0) {
      const parent = prefix.length > 1 ? doc.getIn(prefix.slice(0, -1), true) : doc.contents;
      if (isMap(parent)) {
        const pair = parent.items.find((p) => isScalar(p.key) && String(p.key.value) === String(prefix[prefix.length - 1]));
        const range = pair && isScalar(pair.key) ? pair.key.range : undefined;
        if (range) return counter.linePos(range[0]).line;
      }
    }
    const node = prefix.length ? doc.getIn(prefix, true) : doc.contents;
    const range = (node as { range?: [number, number, number] } | null | undefined)?.range;
    if (range) return counter.linePos(range[0]).line;
  }
  return undefined;
}

/** The words of the yaml library's error codes, for a syntax error a person can fix. */
function syntaxMessage(code: string, message: string): string {
  const first = message.split('\n', 1)[0]!.replace(/ at line \d+, column \d+:?$/, '');
  if (code === 'MULTIPLE_DOCS') return 'holds more than one YAML document (a second ---); keep one document per file';
  return first;
}

/**
 * The key path of the deepest mapping entry whose source holds `offset`, as far as the parser
 * got: where a syntax error is, in the words of the file (`policies.CA001`).
 */
function keyPathAt(node: unknown, offset: number, path: PropertyKey[] = []): PropertyKey[] {
  if (isMap(node)) {
    for (const pair of node.items) {
      const key = isScalar(pair.key) ? pair.key : undefined;
      const start = key?.range?.[0];
      const value = pair.value as { range?: [number, number, number] } | null;
      const end = value?.range?.[2] ?? key?.range?.[2];
      if (key && start !== undefined && end !== undefined && offset >= start && offset <= end) return keyPathAt(pair.value, offset, [...path, String(key.value)]);
    }
  }
  return path;
}

/** The text at fault: the token that starts at the error (up to the next space), or the rest of its line. */
function tokenAt(text: string, offset: number): string {
  const rest = text.slice(offset).split(/\r?\n/, 1)[0]!;
  const token = /^\S+/.exec(rest)?.[0] ?? rest.trim();
  if (token) return token.length > 40 ? `${token.slice(0, 40)}...` : token;
  // An error at the end of a line or of the file (an unclosed bracket or quote): show the last line written before it.
  const before = text.slice(0, offset).split(/\r?\n/).map((l) => l.trim()).filter(Boolean);
  const line = before[before.length - 1] ?? '';
  return line.length > 40 ? `...${line.slice(-40)}` : line;
}

const TAG_MESSAGE = 'tags are not allowed: every value is plain text, a number, true/false, a list or a mapping, and a tag could change how it is read';

/** Parses one file's text as strict YAML: either plain data with a way to find lines, or every problem found. */
export function parseStrictYaml(text: string): StrictYamlResult {
  const directive = /^%[A-Za-z]+/m.exec(text);
  const counter = new LineCounter();
  if (directive) {
    const line = text.slice(0, directive.index).split('\n').length;
    return fail([{ path: [], line, message: `uses the directive ${directive[0]}; YAML directives are not allowed` }]);
  }
  let doc: Document;
  try {
    doc = parseDocument(text, { lineCounter: counter, uniqueKeys: false, merge: false, strict: true, prettyErrors: false, schema: 'core' });
  } catch (e) {
    // The parser is recursive on nesting; a file nested thousands of levels deep is refused, not a crash.
    if (e instanceof RangeError) return fail([{ path: [], message: `nests too deeply to read; at most ${YAML_LIMITS.maxDepth} levels are allowed` }]);
    throw e;
  }
  if (doc.errors.length || doc.warnings.length) {
    // The parser reports one mistake several ways at the same place; the first says it best.
    const seen = new Set<string>();
    const errors = [...doc.errors, ...doc.warnings].filter((err) => {
      const at = err.pos ? String(err.pos[0]) : err.message;
      if (seen.has(at)) return false;
      seen.add(at);
      return true;
    });
    return fail(
      errors.map((err) => {
        const pos = err.linePos?.[0] ?? (err.pos ? counter.linePos(err.pos[0]) : undefined);
        const tag = err.code === 'TAG_RESOLVE_FAILED' ? /tag: (\S+)/.exec(err.message)?.[1] : undefined;
        if (tag) return { path: [], message: `uses the tag ${tag}; ${TAG_MESSAGE}`, ...(pos ? { line: pos.line } : {}) };
        const offset = err.pos?.[0];
        const token = offset !== undefined && err.code !== 'MULTIPLE_DOCS' ? tokenAt(text, offset) : '';
        return {
          path: offset !== undefined && err.code !== 'MULTIPLE_DOCS' ? keyPathAt(doc.contents, offset) : [],
          message: `YAML syntax error: ${syntaxMessage(err.code, err.message)}${token ? ` (at ${JSON.stringify(token)})` : ''}`,
          ...(pos ? { line: pos.line, column: pos.col } : {}),
        };
      }),
    );
  }
  const walk: Walk = { counter, problems: [], nodes: 0 };
  walkNode(walk, doc.contents, [], 0);
  if (walk.problems.length) return fail(walk.problems);
  const data: unknown = doc.toJS({ maxAliasCount: 0 });
  return { ok: true, yaml: { data, lineOf: (path, onKey = false) => lineOf(doc, counter, path, onKey) } };
}

/** A file's problems in the form every command prints (`<file>:<line>: <key path>: <message>`). */
export function yamlProblems(file: string, problems: readonly YamlProblem[]): Problem[] {
  return problems.map((p) => ({ file, path: formatKeyPath(p.path), message: p.message, ...(p.line ? { line: p.line } : {}), ...(p.line && p.column ? { column: p.column } : {}) }));
}

/** Decodes and parses one file: its strict YAML, or every problem named by file, line and key path. */
export function readStrictYaml(file: string, input: string | Uint8Array): { readonly ok: true; readonly yaml: StrictYaml } | { readonly ok: false; readonly problems: Problem[] } {
  const decoded = decodeYaml(input);
  if ('problem' in decoded) return { ok: false, problems: yamlProblems(file, [decoded.problem]) };
  const read = parseStrictYaml(decoded.text);
  return read.ok ? read : { ok: false, problems: yamlProblems(file, read.problems) };
}
