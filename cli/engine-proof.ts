/**
 * `npm run engine-proof`: proves the way off the archived CDK for Terraform. A scratch copy of
 * the project is switched to CDK Terrain (`"cdktf": "npm:cdktn@<version>"`, a constructs
 * version the fork accepts, npm overrides so the prebuilt @cdktf provider bindings take the
 * alias), both copies synthesize every environment, and the two cdktf.out trees are compared
 * file by file and byte by byte. Every difference is printed in words and must be of a known,
 * explained kind; the provider bindings must have loaded the fork, and every package the fork
 * synth loaded must be what the switched package-lock.json pins.
 *
 * Exit 0: every difference is explained. Exit 1: a difference that is not, a binding that
 * loaded something else, a switch that does not resolve or a fork that does not synthesize.
 * Exit 2: the proof could not run (no npm registry, no node_modules, the project's own synth
 * fails, a bad flag).
 *
 * The install is fast by default: npm resolves the switched lockfile for the whole project
 * (`npm install --package-lock-only`, which proves the switch resolves), installs only what
 * changes (cdktn and constructs, exactly as that lockfile pins them), and links every other
 * package from the project's node_modules. Node resolves a symlink to its real path, which
 * would make a linked binding load the project's real cdktf, so the fork synth runs with
 * --preserve-symlinks; the probe shows what each binding really loaded. `--full-install` runs
 * the plain `npm install` a team would run instead (slower, same result).
 *
 * The scratch directory is removed at the end, also on failure; a run killed with Ctrl-C
 * (synchronous, so its finally never runs) leaves it, and a later run removes it after a day.
 * docs/engine.md says what the proof shows and how to make the switch.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, renameSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { PerimeterError } from '../core/problems';
import { STAGE_CEILING_VARIABLE } from '../core/stages';
import { parseCommand } from './args';
import { codeFingerprint } from './fingerprint';
import { EXIT, type CommandResult } from './run';
import { ENVIRONMENTS_DIR_VARIABLE, OUTDIR_VARIABLE, SKIP_CONNECTOR_GROUP_VARIABLE } from './synth';

const VERSION = /^\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?$/;
const DEFAULT_CDKTN = '0.24.0';
/** cdktn 0.24.0 accepts constructs >=10.6.0 <10.8.0; 10.6.0 is what it is built and tested with and what cdktn-cli 0.24.0 pins. */
const DEFAULT_CONSTRUCTS = '10.6.0';

const ENGINE_PROOF = {
  command: 'engine-proof',
  summary: 'synthesizes every environment with CDK Terrain (cdktn, the maintained fork of cdktf) in a scratch copy and proves the output equals cdktf\'s, byte for byte up to explained differences',
  options: {
    cdktn: { type: 'string', value: 'version', help: `the cdktn version to prove (default ${DEFAULT_CDKTN})` },
    constructs: { type: 'string', value: 'version', help: `the constructs version the switched copy uses (default ${DEFAULT_CONSTRUCTS}; cdktn 0.24.0 accepts 10.6.x and 10.7.x)` },
    'full-install': { type: 'boolean', help: 'install the whole switched project with npm install (what a team would run; slower) instead of only what changes' },
    keep: { type: 'boolean', help: 'keep the scratch directory (the switched copy, both cdktf.out trees) and print where it is' },
  },
} as const;

// ---------------------------------------------------------------------------------------------
// The pure part: the switch, the comparison, the classification, what was loaded.
// ---------------------------------------------------------------------------------------------

export type JsonPath = readonly (string | number)[];

/** `["//", "metadata", "version"]` -> `"//".metadata.version`; `provider.azurerm[0].features[0]`. */
export function formatJsonPath(path: JsonPath): string {
  if (!path.length) return '(the whole file)';
  return path
    .map((p, i) => {
      if (typeof p === 'number') return `[${p}]`;
      const name = /^[A-Za-z_$][\w$-]*$/.test(p) ? p : JSON.stringify(p);
      return i === 0 ? name : `.${name}`;
    })
    .join('');
}

interface PackageJson {
  dependencies?: Record<string, string>;
  overrides?: Record<string, unknown>;
  [key: string]: unknown;
}

/** The project's package.json switched to the fork: the alias, the constructs version, an override per prebuilt binding. */
export function switchedPackageJson(pkg: PackageJson, versions: { readonly cdktn: string; readonly constructs: string }): PackageJson {
  const dependencies = { ...(pkg.dependencies ?? {}) };
  dependencies.cdktf = `npm:cdktn@${versions.cdktn}`;
  dependencies.constructs = versions.constructs;
  const bindings = Object.keys(dependencies).filter((d) => d.startsWith('@cdktf/provider-')).sort();
  const overrides: Record<string, unknown> = { ...(pkg.overrides ?? {}) };
  for (const b of bindings) overrides[b] = { ...((overrides[b] as Record<string, unknown> | undefined) ?? {}), cdktf: '$cdktf' };
  return { ...pkg, dependencies, overrides };
}

interface LockEntry {
  readonly name?: string;
  readonly version?: string;
  readonly dependencies?: Readonly<Record<string, string>>;
  readonly optionalDependencies?: Readonly<Record<string, string>>;
  readonly peerDependencies?: Readonly<Record<string, string>>;
  readonly peerDependenciesMeta?: Readonly<Record<string, { readonly optional?: boolean }>>;
  readonly [key: string]: unknown;
}

export interface Lockfile {
  readonly lockfileVersion?: number;
  readonly packages: Readonly<Record<string, LockEntry>>;
  readonly [key: string]: unknown;
}

/** Where Node would find `name` from the package at lock key `from`: its own node_modules first, then each parent's. */
function resolveInLock(lock: Lockfile, from: string, name: string): string | undefined {
  let base = from;
  for (;;) {
    const candidate = base ? `${base}/node_modules/${name}` : `node_modules/${name}`;
    if (lock.packages[candidate]) return candidate;
    if (!base) return undefined;
    const i = base.lastIndexOf('/node_modules/');
    base = i < 0 ? '' : base.slice(0, i);
  }
}

/**
 * A lockfile for only the given top-level dependencies of a full lockfile, with everything they
 * need at the same paths: `npm ci` of it installs exactly what the full lockfile pins for them.
 */
export function partialLockfile(lock: Lockfile, dependencies: Readonly<Record<string, string>>): Lockfile {
  const keep = new Set<string>();
  const visit = (key: string) => {
    if (keep.has(key)) return;
    keep.add(key);
    const entry = lock.packages[key]!;
    const peers = Object.keys(entry.peerDependencies ?? {}).filter((p) => !entry.peerDependenciesMeta?.[p]?.optional);
    for (const dep of [...Object.keys(entry.dependencies ?? {}), ...Object.keys(entry.optionalDependencies ?? {}), ...peers]) {
      const found = resolveInLock(lock, key, dep);
      if (found) visit(found);
    }
    // Bundled dependencies sit under the package without being listed anywhere else.
    for (const k of Object.keys(lock.packages)) if (k.startsWith(`${key}/node_modules/`) && lock.packages[k]!.inBundle) visit(k);
  };
  for (const name of Object.keys(dependencies)) {
    if (!lock.packages[`node_modules/${name}`]) throw new Error(`the lockfile has no node_modules/${name}`);
    visit(`node_modules/${name}`);
  }
  const packages: Record<string, LockEntry> = { '': { name: 'perimeter-engine-proof', version: '0.0.0', dependencies: { ...dependencies } } };
  for (const k of [...keep].sort()) packages[k] = lock.packages[k]!;
  return { name: 'perimeter-engine-proof', version: '0.0.0', lockfileVersion: lock.lockfileVersion ?? 3, requires: true, packages };
}

export type NpmFailureKind = 'network' | 'not-found' | 'resolve' | 'other';

/** What a failed npm run means, from what it printed: its error code and its own lines, without stack frames. */
export function npmFailure(output: string): { readonly kind: NpmFailureKind; readonly code: string; readonly lines: readonly string[] } {
  const code = /npm (?:error|ERR!) code (\S+)/.exec(output)?.[1] ?? /\bcode: '([A-Z0-9_]+)'/.exec(output)?.[1] ?? '';
  const lines = output
    .split('\n')
    .map((l) => l.replace(/^npm (?:error|ERR!) ?/, '').trimEnd())
    .filter((l) => l.trim() && !/^\s+at /.test(l) && !/^\s*[{}]\s*$/.test(l) && !/^\s+[a-zA-Z]+: /.test(l) && !/complete log of this run/.test(l) && !/^npm warn/.test(l) && !/^\d{3}\s*$/.test(l))
    .slice(0, 14);
  const network = /^(ECONNREFUSED|ECONNRESET|ENOTFOUND|EAI_AGAIN|ETIMEDOUT|ESOCKETTIMEDOUT|ERR_SOCKET_TIMEOUT|ENETUNREACH|ENETDOWN|EHOSTUNREACH|EPROTO|ECONNABORTED|E50[0-4]|EPROXY|UNABLE_TO_GET_ISSUER_CERT_LOCALLY|SELF_SIGNED_CERT_IN_CHAIN|CERT_HAS_EXPIRED)$/;
  const kind: NpmFailureKind = network.test(code) || /network request to .* failed|request to .* failed, reason:/.test(output)
    ? 'network'
    : code === 'E404' || code === 'ETARGET'
      ? 'not-found'
      : code === 'ERESOLVE'
        ? 'resolve'
        : 'other';
  return { kind, code, lines };
}

export type DifferenceKind = 'engine-version' | 'empty-container-whitespace' | 'stack-fingerprint' | 'code-fingerprint' | 'unexplained';

export interface Difference {
  /** Path of the file inside cdktf.out, with `/`. */
  readonly file: string;
  /** The JSON path in words (formatJsonPath), or `(the whole file)`. */
  readonly path: string;
  /** 1-based line in the cdktf 0.21.0 file, where there is one. */
  readonly line?: number;
  readonly before: string;
  readonly after: string;
  readonly kind: DifferenceKind;
  readonly why: string;
}

export interface CompareContext {
  /** The engine versions the two sides ran, which each writes into what it synthesizes. */
  readonly engine: { readonly before: string; readonly after: string };
  /**
   * The code fingerprint of each copy as recomputed after synth, and whether the copies' code
   * differs only in package-lock.json (recomputed with the project's lockfile put back).
   */
  readonly code?: { readonly before: string; readonly after: string; readonly lockfileOnly: boolean };
}

export interface TreeComparison {
  readonly files: readonly string[];
  readonly identical: readonly string[];
  readonly differences: readonly Difference[];
  /** True when every difference is of a known, explained kind. */
  readonly explained: boolean;
}

type Tree = ReadonlyMap<string, string>;

interface Token {
  readonly kind: '{' | '}' | '[' | ']' | ':' | ',' | 'key' | 'value' | 'end';
  readonly text: string;
  /** The whitespace before the token. */
  readonly gap: string;
  readonly line: number;
  /** A value's or a container's own path; a key's object path plus the key. */
  readonly path: JsonPath;
}

type Frame = { kind: 'object'; path: JsonPath; key: string; expectKey: boolean } | { kind: 'array'; path: JsonPath; index: number };

/** The tokens of a valid JSON text, each with the whitespace before it and its JSON path. */
function tokenize(text: string): Token[] {
  const re = /([ \t\n\r]*)([{}[\]:,]|"(?:[^"\\]|\\.)*"|[^ \t\n\r{}[\]:,"]+)/y;
  const tokens: Token[] = [];
  const frames: Frame[] = [];
  const here = (): JsonPath => {
    const top = frames[frames.length - 1];
    if (!top) return [];
    return top.kind === 'object' ? [...top.path, top.key] : [...top.path, top.index];
  };
  let line = 1;
  let pos = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const [, gap = '', t = ''] = m;
    line += gap.split('\n').length - 1;
    pos = re.lastIndex;
    const top = frames[frames.length - 1];
    if (t === '{' || t === '[') {
      const path = here();
      frames.push(t === '{' ? { kind: 'object', path, key: '', expectKey: true } : { kind: 'array', path, index: 0 });
      tokens.push({ kind: t, text: t, gap, line, path });
    } else if (t === '}' || t === ']') {
      const frame = frames.pop();
      tokens.push({ kind: t, text: t, gap, line, path: frame?.path ?? [] });
    } else if (t === ':') {
      if (top?.kind === 'object') top.expectKey = false;
      tokens.push({ kind: ':', text: t, gap, line, path: here() });
    } else if (t === ',') {
      if (top?.kind === 'array') top.index++;
      else if (top) top.expectKey = true;
      tokens.push({ kind: ',', text: t, gap, line, path: top?.path ?? [] });
    } else if (top?.kind === 'object' && top.expectKey) {
      top.key = JSON.parse(t) as string;
      tokens.push({ kind: 'key', text: t, gap, line, path: [...top.path, top.key] });
    } else {
      tokens.push({ kind: 'value', text: t, gap, line, path: here() });
    }
    line += t.split('\n').length - 1;
  }
  const rest = text.slice(pos);
  tokens.push({ kind: 'end', text: '', gap: rest, line: line + rest.split('\n').length - 1, path: [] });
  return tokens;
}

const isStackFile = (file: string) => /^stacks\/[^/]+\/cdk\.tf\.json$/.test(file);
const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');
const short = (raw: string) => (/^"[0-9a-f]{64}"$/.test(raw) ? `${raw.slice(0, 13)}…"` : raw.length > 100 ? `${raw.slice(0, 80)}…" (${raw.length} characters)` : raw);
const samePath = (a: JsonPath, b: JsonPath) => a.length === b.length && a.every((p, i) => p === b[i]);

const WHY = {
  stackVersion: (c: CompareContext) =>
    `engine version: every stack records the version of the engine that wrote it (cdktf ${c.engine.before} -> cdktn ${c.engine.after}); Terraform ignores the "//" block`,
  manifestVersion: (c: CompareContext) => `engine version: the manifest records the engine that wrote it (${c.engine.before} -> ${c.engine.after}); only the cdktf CLI reads it`,
  whitespace:
    'same value, printed differently: cdktf 0.21.0 writes its JSON with json-stable-stringify, which breaks an empty object or array over two lines; cdktn writes it with safe-stable-stringify, which prints {} and []; Terraform reads the same value',
  stackFingerprint: (env: string) =>
    `stack fingerprint: the sha256 of stacks/${env}/cdk.tf.json that npm run synth records (cli/synth.ts); each side's value is the hash of its own file, whose bytes differ as listed`,
  code: 'code fingerprint: it covers package-lock.json (cli/fingerprint.ts), which the switch rewrites; with the project\'s lockfile put back, the switched copy\'s fingerprint equals the project\'s, so no other code file differs',
} as const;

/** What explains one value that differs, given both trees: a known kind, or unexplained with the reason. */
function classifyValue(file: string, path: JsonPath, before: string, after: string, context: CompareContext, trees: { before: Tree; after: Tree }): { kind: DifferenceKind; why: string } {
  const b = JSON.parse(before) as unknown;
  const a = JSON.parse(after) as unknown;
  const versions = b === context.engine.before && a === context.engine.after;
  if (isStackFile(file) && samePath(path, ['//', 'metadata', 'version'])) {
    return versions ? { kind: 'engine-version', why: WHY.stackVersion(context) } : { kind: 'unexplained', why: `the stack metadata version should go from ${context.engine.before} to ${context.engine.after}` };
  }
  if (file === 'manifest.json' && samePath(path, ['version'])) {
    return versions ? { kind: 'engine-version', why: WHY.manifestVersion(context) } : { kind: 'unexplained', why: `the manifest version should go from ${context.engine.before} to ${context.engine.after}` };
  }
  if (file === 'manifest.json' && path.length === 3 && path[0] === 'perimeter' && path[1] === 'stacks' && typeof path[2] === 'string') {
    const env = path[2];
    const stack = `stacks/${env}/cdk.tf.json`;
    const beforeStack = trees.before.get(stack);
    const afterStack = trees.after.get(stack);
    if (beforeStack === undefined || afterStack === undefined) return { kind: 'unexplained', why: `a fingerprint of ${stack}, which is not on both sides` };
    if (b !== sha256(beforeStack) || a !== sha256(afterStack)) return { kind: 'unexplained', why: `the recorded sha256 is not the hash of ${stack} as it is on that side: the manifest and the stack disagree` };
    return { kind: 'stack-fingerprint', why: WHY.stackFingerprint(env) };
  }
  if (file === 'manifest.json' && samePath(path, ['perimeter', 'code'])) {
    const code = context.code;
    if (!code || b !== code.before || a !== code.after) return { kind: 'unexplained', why: 'the recorded code fingerprint is not the code of that copy as it is now' };
    if (!code.lockfileOnly) return { kind: 'unexplained', why: 'code files other than package-lock.json differ between the two copies' };
    return { kind: 'code-fingerprint', why: WHY.code };
  }
  return { kind: 'unexplained', why: isStackFile(file) ? 'not a known engine difference: the fork changed what this stack declares' : 'not a known engine difference' };
}

/** Differences of two parsed values that do not line up token by token: every path where they differ. */
function valueDifferences(b: unknown, a: unknown, path: JsonPath, out: { path: JsonPath; before: string; after: string }[]): void {
  const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
  if (Array.isArray(b) && Array.isArray(a)) {
    for (let i = 0; i < Math.max(b.length, a.length); i++) {
      if (i >= b.length) out.push({ path: [...path, i], before: 'nothing', after: JSON.stringify(a[i]) });
      else if (i >= a.length) out.push({ path: [...path, i], before: JSON.stringify(b[i]), after: 'nothing' });
      else valueDifferences(b[i], a[i], [...path, i], out);
    }
    return;
  }
  if (isObject(b) && isObject(a)) {
    for (const k of [...new Set([...Object.keys(b), ...Object.keys(a)])].sort()) {
      if (!(k in a)) out.push({ path: [...path, k], before: JSON.stringify(b[k]), after: 'nothing' });
      else if (!(k in b)) out.push({ path: [...path, k], before: 'nothing', after: JSON.stringify(a[k]) });
      else valueDifferences(b[k], a[k], [...path, k], out);
    }
    return;
  }
  if (JSON.stringify(b) !== JSON.stringify(a)) out.push({ path, before: JSON.stringify(b), after: JSON.stringify(a) });
}

function firstLineDifference(file: string, before: string, after: string, why: string): Difference {
  const b = before.split('\n');
  const a = after.split('\n');
  let i = 0;
  while (i < b.length && i < a.length && b[i] === a[i]) i++;
  return { file, path: '(the whole file)', line: i + 1, before: JSON.stringify(b[i] ?? 'end of file'), after: JSON.stringify(a[i] ?? 'end of file'), kind: 'unexplained', why };
}

/** Every difference between the two versions of one file. */
function compareFile(file: string, before: string, after: string, context: CompareContext, trees: { before: Tree; after: Tree }): Difference[] {
  if (before === after) return [];
  let b: unknown;
  let a: unknown;
  try {
    b = JSON.parse(before);
    a = JSON.parse(after);
  } catch {
    return [firstLineDifference(file, before, after, file.endsWith('.json') ? 'one side is not valid JSON' : 'a file the engine writes differently; only JSON files have known differences')];
  }
  const tb = tokenize(before);
  const ta = tokenize(after);
  const aligned = tb.length === ta.length && tb.every((t, i) => t.kind === ta[i]!.kind);
  const out: Difference[] = [];
  if (!aligned) {
    const found: { path: JsonPath; before: string; after: string }[] = [];
    valueDifferences(b, a, [], found);
    for (const d of found) {
      const scalar = d.before !== 'nothing' && d.after !== 'nothing' && !/^[[{]/.test(d.before) && !/^[[{]/.test(d.after);
      const c = scalar ? classifyValue(file, d.path, d.before, d.after, context, trees) : { kind: 'unexplained' as const, why: isStackFile(file) ? 'not a known engine difference: the fork changed what this stack declares' : 'not a known engine difference' };
      out.push({ file, path: formatJsonPath(d.path), before: short(d.before), after: short(d.after), kind: c.kind, why: c.why });
    }
    if (!found.length) {
      const i = tb.findIndex((t, k) => t.kind !== ta[k]?.kind || t.text !== ta[k]?.text);
      const at = tb[Math.max(0, i)]!;
      out.push({ file, path: formatJsonPath(at.path), line: at.line, before: short(at.text || 'end of file'), after: short(ta[Math.max(0, i)]?.text || 'end of file'), kind: 'unexplained', why: 'the same values in another order or shape: not a known engine difference' });
    }
    return out;
  }
  for (let i = 0; i < tb.length; i++) {
    const x = tb[i]!;
    const y = ta[i]!;
    if (x.gap !== y.gap) {
      const prev = tb[i - 1];
      const empty = prev && ((prev.kind === '{' && x.kind === '}') || (prev.kind === '[' && x.kind === ']'));
      if (empty) {
        out.push({ file, path: formatJsonPath(x.path), line: prev.line, before: JSON.stringify(`${prev.text}${x.gap}${x.text}`), after: JSON.stringify(`${prev.text}${y.gap}${y.text}`), kind: 'empty-container-whitespace', why: WHY.whitespace });
      } else {
        const where = x.kind === 'end' ? 'at the end of the file' : `before ${x.kind === 'key' ? 'the key' : 'the token'} ${short(x.text)}`;
        out.push({ file, path: formatJsonPath(x.path), line: x.line, before: JSON.stringify(x.gap), after: JSON.stringify(y.gap), kind: 'unexplained', why: `whitespace differs ${where}, outside an empty object or array: not a known engine difference` });
      }
    }
    if (x.text !== y.text) {
      if (x.kind === 'key') {
        out.push({ file, path: formatJsonPath(x.path), line: x.line, before: short(x.text), after: short(y.text), kind: 'unexplained', why: 'a different key: not a known engine difference' });
      } else if (JSON.stringify(JSON.parse(x.text)) === JSON.stringify(JSON.parse(y.text))) {
        out.push({ file, path: formatJsonPath(x.path), line: x.line, before: short(x.text), after: short(y.text), kind: 'unexplained', why: 'the same value written another way (escapes or number format): not a known engine difference' });
      } else {
        const c = classifyValue(file, x.path, x.text, y.text, context, trees);
        out.push({ file, path: formatJsonPath(x.path), line: x.line, before: short(x.text), after: short(y.text), kind: c.kind, why: c.why });
      }
    }
  }
  return out;
}

/**
 * Compares two synthesized trees (path inside cdktf.out -> contents): cdktf 0.21.0's (`before`)
 * and the fork's (`after`). Every file must be on both sides; every difference is classified.
 */
export function compareTrees(before: Tree, after: Tree, context: CompareContext): TreeComparison {
  const files = [...new Set([...before.keys(), ...after.keys()])].sort();
  const identical: string[] = [];
  const differences: Difference[] = [];
  for (const file of files) {
    const b = before.get(file);
    const a = after.get(file);
    if (b === undefined || a === undefined) {
      differences.push({
        file,
        path: '(the whole file)',
        before: b === undefined ? 'no file' : 'the file',
        after: a === undefined ? 'no file' : 'the file',
        kind: 'unexplained',
        why: a === undefined ? 'the fork did not write this file' : 'only the fork wrote this file',
      });
    } else if (b === a) identical.push(file);
    else differences.push(...compareFile(file, b, a, context, { before, after }));
  }
  return { files, identical, differences, explained: differences.every((d) => d.kind !== 'unexplained') };
}

const KIND_LABEL: Readonly<Record<DifferenceKind, string>> = {
  'engine-version': 'known',
  'empty-container-whitespace': 'known',
  'stack-fingerprint': 'known',
  'code-fingerprint': 'known',
  unexplained: 'UNEXPLAINED',
};

/** The differences in words, file by file: where, before -> after, and why. At most `limit` a file. */
export function renderDifferences(comparison: TreeComparison, labels: { readonly before: string; readonly after: string }, limit = 40): string {
  const lines: string[] = [];
  const unexplained = comparison.differences.filter((d) => d.kind === 'unexplained').length;
  lines.push(`differences (${labels.before} -> ${labels.after}): ${comparison.differences.length} in ${comparison.files.length - comparison.identical.length} of ${comparison.files.length} files, ${unexplained ? `${unexplained} UNEXPLAINED` : 'every one of a known kind'}`);
  for (const file of comparison.files) {
    const ds = comparison.differences.filter((d) => d.file === file);
    if (!ds.length) {
      lines.push(`  ${file}: byte-identical`);
      continue;
    }
    lines.push(`  ${file}:`);
    // Unexplained differences first, so a cap never hides one.
    const ordered = [...ds.filter((d) => d.kind === 'unexplained'), ...ds.filter((d) => d.kind !== 'unexplained')];
    for (const d of ordered.slice(0, limit)) {
      lines.push(`    [${KIND_LABEL[d.kind]}] ${d.path}${d.line !== undefined ? ` (line ${d.line})` : ''}: ${d.before} -> ${d.after}`);
      lines.push(`        ${d.why}`);
    }
    if (ordered.length > limit) lines.push(`    … and ${ordered.length - limit} more in this file (${ordered.slice(limit).filter((d) => d.kind === 'unexplained').length} unexplained)`);
  }
  return lines.join('\n');
}

/** What the probe (PROBE_SOURCE) recorded in a synth process. */
export interface Probe {
  readonly node: string;
  /** Every package a loaded module belongs to, by its directory as Node saw it. */
  readonly packages: Readonly<Record<string, { readonly name: string; readonly version: string }>>;
  /** Which package's modules loaded which other package's, and how many modules of `from` did. `(project)` is perimeter's own code. */
  readonly requires: readonly { readonly from: string; readonly to: string; readonly modules: number }[];
}

const ENGINE_NAMES = new Set(['cdktf', 'cdktn']);
const isBinding = (name: string) => name.startsWith('@cdktf/provider-') || name.startsWith('@cdktn/provider-');

export interface EngineUse {
  /** `the app` or the binding's package name and version. */
  readonly user: string;
  /** The binding's directory; `(project)` for the app. */
  readonly userDir: string;
  readonly engineDir: string;
  readonly engine: string;
  readonly modules: number;
}

export interface LoadReport {
  readonly uses: readonly EngineUse[];
  readonly engines: readonly { readonly dir: string; readonly name: string; readonly version: string }[];
  readonly constructs: readonly { readonly dir: string; readonly version: string }[];
  readonly bindings: readonly string[];
  readonly problems: readonly string[];
}

/**
 * Which engine each provider binding and the app loaded. With `expect`, every binding must
 * have loaded exactly that engine (by its package.json name and version), and the process
 * must hold one engine copy and one constructs copy.
 */
export function engineLoads(probe: Probe, expect?: { readonly name: string; readonly version: string }): LoadReport {
  const pkg = (dir: string) => probe.packages[dir];
  const engines = Object.entries(probe.packages)
    .filter(([, p]) => ENGINE_NAMES.has(p.name))
    .map(([dir, p]) => ({ dir, name: p.name, version: p.version }))
    .sort((x, y) => (x.dir < y.dir ? -1 : x.dir > y.dir ? 1 : 0));
  const constructs = Object.entries(probe.packages)
    .filter(([, p]) => p.name === 'constructs')
    .map(([dir, p]) => ({ dir, version: p.version }));
  const bindingDirs = Object.entries(probe.packages)
    .filter(([, p]) => isBinding(p.name))
    .map(([dir]) => dir)
    .sort();
  const uses: EngineUse[] = [];
  for (const r of probe.requires) {
    const to = pkg(r.to);
    if (!to || !ENGINE_NAMES.has(to.name)) continue;
    const from = r.from === '(project)' ? undefined : pkg(r.from);
    if (r.from !== '(project)' && !(from && isBinding(from.name))) continue;
    uses.push({ user: from ? `${from.name} ${from.version}` : 'the app (app/cdktf.ts)', userDir: r.from, engineDir: r.to, engine: `${to.name} ${to.version}`, modules: r.modules });
  }
  uses.sort((x, y) => (x.user === y.user ? 0 : x.user.startsWith('the app') ? 1 : y.user.startsWith('the app') ? -1 : x.user < y.user ? -1 : 1));
  const problems: string[] = [];
  if (expect) {
    const want = `${expect.name} ${expect.version}`;
    if (!bindingDirs.length) problems.push('no provider binding was loaded: the synth proves nothing about them');
    for (const dir of bindingDirs) {
      const b = pkg(dir)!;
      const mine = uses.filter((u) => u.userDir === dir);
      if (!mine.length) problems.push(`${b.name} ${b.version} loaded no engine package`);
      for (const u of mine) if (u.engine !== want) problems.push(`${u.user} loaded ${u.engine} from ${u.engineDir}, not ${want}`);
    }
    if (!uses.some((u) => u.user.startsWith('the app'))) problems.push('the app loaded no engine package');
    for (const u of uses.filter((x) => x.user.startsWith('the app') && x.engine !== want)) problems.push(`the app loaded ${u.engine} from ${u.engineDir}, not ${want}`);
    if (engines.length !== 1) problems.push(`${engines.length} copies of the engine were loaded (${engines.map((e) => `${e.name} ${e.version} at ${e.dir}`).join('; ')}): the bindings and the app must share one`);
    if (constructs.length !== 1) problems.push(`${constructs.length} copies of constructs were loaded (${constructs.map((c) => `${c.version} at ${c.dir}`).join('; ')}): constructs must be one copy`);
  }
  return { uses, engines, constructs, bindings: bindingDirs.map((d) => `${pkg(d)!.name} ${pkg(d)!.version}`), problems };
}

/**
 * Every loaded package against a lockfile: its path under `root` must be a lockfile entry with
 * the same version (and, for an alias, the same real name). Proves a linked tree is the tree
 * the lockfile describes, for everything the synth used.
 */
export function lockfileProblems(probe: Probe, root: string, lock: Lockfile): string[] {
  const problems: string[] = [];
  const posix = (p: string) => p.split('\\').join('/');
  const base = posix(root).replace(/\/$/, '');
  for (const [dir, p] of Object.entries(probe.packages).sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0))) {
    const d = posix(dir);
    if (!d.startsWith(`${base}/node_modules/`)) {
      problems.push(`${p.name} ${p.version} was loaded from ${dir}, outside ${root}/node_modules`);
      continue;
    }
    const key = d.slice(base.length + 1);
    const entry = lock.packages[key];
    const name = entry?.name ?? key.slice(key.lastIndexOf('node_modules/') + 'node_modules/'.length);
    if (!entry) problems.push(`${key} (${p.name} ${p.version}) is not in the lockfile`);
    else if (entry.version !== p.version || name !== p.name) problems.push(`${key} is ${p.name} ${p.version}, but the lockfile pins ${name} ${entry.version ?? '(no version)'}`);
  }
  return problems;
}

// ---------------------------------------------------------------------------------------------
// The part that runs things: npm, the two syntheses, the scratch directory.
// ---------------------------------------------------------------------------------------------

/**
 * Loaded with --require into each synth: at exit it records every package a loaded module
 * belongs to and which package loaded which (module.children), into the file named by
 * PERIMETER_ENGINE_PROBE_OUT. It changes nothing the synth does.
 */
const PROBE_SOURCE = `'use strict';
const { readFileSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');
const out = process.env.PERIMETER_ENGINE_PROBE_OUT;
const packageDir = (file) => {
  const m = /^(.*[\\\\/]node_modules[\\\\/](?:@[^\\\\/]+[\\\\/])?[^\\\\/]+)[\\\\/]/.exec(file || '');
  return m ? m[1] : undefined;
};
process.on('exit', () => {
  if (!out) return;
  const packages = {};
  const note = (dir) => {
    if (dir && !(dir in packages)) {
      try {
        const p = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
        packages[dir] = { name: String(p.name), version: String(p.version) };
      } catch (e) {
        packages[dir] = { name: '(no package.json)', version: '' };
      }
    }
  };
  const edges = new Map();
  for (const [file, mod] of Object.entries(require.cache)) {
    const from = packageDir(file);
    note(from);
    const seen = new Set();
    for (const child of (mod && mod.children) || []) {
      const to = packageDir(child.filename);
      if (!to || to === from || seen.has(to)) continue;
      seen.add(to);
      note(to);
      const key = (from || '(project)') + '\\u0000' + to;
      edges.set(key, (edges.get(key) || 0) + 1);
    }
  }
  const requires = [...edges].map(([k, modules]) => ({ from: k.split('\\u0000')[0], to: k.split('\\u0000')[1], modules }));
  writeFileSync(out, JSON.stringify({ node: process.version, packages, requires }));
});
`;

const stopped = (message: string, kind: 'input' | 'finding' = 'input') => new PerimeterError([{ file: 'npm run engine-proof', path: '', message }], 'perimeter: engine-proof stopped', kind);

interface Ran {
  readonly ok: boolean;
  readonly status: number | null;
  readonly output: string;
  readonly stdout: string;
  readonly error?: Error;
  readonly seconds: number;
}

function run(command: string, args: readonly string[], cwd: string, env: NodeJS.ProcessEnv, shell = false): Ran {
  const start = performance.now();
  const r = spawnSync(command, [...args], { cwd, env, encoding: 'utf8', shell: shell || process.platform === 'win32', timeout: 900_000, maxBuffer: 256 * 1024 * 1024 });
  return {
    ok: r.status === 0 && !r.error,
    status: r.status,
    stdout: r.stdout ?? '',
    output: `${r.stderr ?? ''}\n${r.stdout ?? ''}`,
    ...(r.error ? { error: r.error } : {}),
    seconds: (performance.now() - start) / 1000,
  };
}

/** The environment for npm and synth: the caller's, without what `npm run` sets about the project it runs in. */
function childEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const k of Object.keys(env)) {
    if (/^npm_(package|lifecycle)_/.test(k) || k === 'npm_config_local_prefix' || k === 'npm_config_loglevel' || k === 'npm_command' || k === 'INIT_CWD') delete env[k];
  }
  return env;
}

const NPM_QUIET = ['--no-audit', '--no-fund', '--prefer-offline'];

function npm(args: readonly string[], cwd: string, what: string, { resolveIsFinding = false } = {}): Ran {
  const r = run('npm', args, cwd, childEnv());
  if (r.ok) return r;
  if (r.error && (r.error as NodeJS.ErrnoException).code === 'ENOENT') throw stopped('npm is not on PATH: the proof installs the fork with npm');
  const f = npmFailure(r.output);
  const said = f.lines.map((l) => `    ${l}`).join('\n');
  if (f.kind === 'network') {
    throw stopped(`cannot reach the npm registry (${f.code || 'network error'}) while ${what}. The proof needs the npm registry, once: afterwards npm's cache serves it (--prefer-offline). Check the network or the registry and proxy settings (npm config get registry), then run it again. npm said:\n${said}`);
  }
  if (f.kind === 'not-found') throw stopped(`${what}: the registry has no such package version (${f.code}). npm said:\n${said}`);
  if (f.kind === 'resolve' && resolveIsFinding) throw stopped(`the switched package.json does not resolve (${f.code}) while ${what}: this is the switch failing, not the proof. npm said:\n${said}`, 'finding');
  throw stopped(`npm failed while ${what} (${r.error ? r.error.message : `exit ${String(r.status)}`}${f.code ? `, ${f.code}` : ''}). npm said:\n${said || '    (nothing)'}`);
}

/** What a failed synth printed, without stack frames, at most 25 lines. */
function synthOutput(output: string): string {
  return (
    output
      .split('\n')
      .filter((l) => l.trim() && !/^\s+at /.test(l))
      .slice(0, 25)
      .map((l) => `    ${l}`)
      .join('\n') || '    (it printed nothing)'
  );
}

function readJson<T>(path: string): T {
  return JSON.parse(readFileSync(path, 'utf8')) as T;
}

function readTree(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true }).sort((x, y) => (x.name < y.name ? -1 : 1))) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else out.set(relative(dir, p).split('\\').join('/'), readFileSync(p, 'utf8'));
    }
  };
  walk(dir);
  return out;
}

/** What a copy leaves out: installed packages, git, synthesized output and what else .gitignore lists as generated. */
const NOT_COPIED = /^(node_modules|\.git|cdktf\.out|\.cdktf\.out\..*|\.gen|\.terraform|coverage|reports|.*\.tfstate.*)$/;

/**
 * The project as a synth sees it: every file but NOT_COPIED (so a new source folder is never
 * missed), with package.json, package-lock.json, cdktf.json, tsconfig.json and environments/.
 */
function copyProject(from: string, to: string): void {
  mkdirSync(to, { recursive: true });
  for (const e of readdirSync(from)) {
    if (NOT_COPIED.test(e)) continue;
    cpSync(join(from, e), join(to, e), { recursive: true, filter: (src) => !/[\\/]node_modules$/.test(src) });
  }
}

/** Links every top-level package of `from` that `to` does not have yet (scoped ones one by one). */
function linkPackages(from: string, to: string): number {
  let n = 0;
  for (const e of readdirSync(from)) {
    if (e.startsWith('.')) continue;
    if (e.startsWith('@')) {
      mkdirSync(join(to, e), { recursive: true });
      for (const s of readdirSync(join(from, e))) {
        if (!existsSync(join(to, e, s))) {
          symlinkSync(join(from, e, s), join(to, e, s), 'dir');
          n++;
        }
      }
    } else if (!existsSync(join(to, e))) {
      symlinkSync(join(from, e), join(to, e), 'dir');
      n++;
    }
  }
  return n;
}

interface Side {
  readonly label: string;
  readonly root: string;
  readonly outdir: string;
  readonly probe: Probe;
  readonly seconds: number;
}

function synthesizeCopy(root: string, outdir: string, probeFile: string, probeOut: string, preserveSymlinks: boolean, label: string, failureKind: 'input' | 'finding'): Side {
  let app: unknown;
  try {
    app = readJson<{ app?: unknown }>(join(root, 'cdktf.json')).app;
  } catch (e) {
    throw stopped(`${label}: cdktf.json cannot be read (${(e as Error).message})`);
  }
  if (typeof app !== 'string' || !app.trim()) throw stopped(`${label}: cdktf.json has no "app" command`);
  const env = childEnv();
  // The proof compares the YAML as written: no brake, no other environments folder, nothing skipped.
  delete env[STAGE_CEILING_VARIABLE];
  delete env[ENVIRONMENTS_DIR_VARIABLE];
  delete env[SKIP_CONNECTOR_GROUP_VARIABLE];
  env[OUTDIR_VARIABLE] = outdir;
  env.PERIMETER_ENGINE_PROBE_OUT = probeOut;
  env.NODE_OPTIONS = [env.NODE_OPTIONS ?? '', preserveSymlinks ? '--preserve-symlinks' : '', `--require ${JSON.stringify(probeFile)}`].filter(Boolean).join(' ');
  const r = run(app, [], root, env, true);
  if (!r.ok) {
    const how = r.error ? `could not run (${r.error.message})` : `exited ${String(r.status)}`;
    throw stopped(`the synth with ${label} failed: \`${app}\` ${how}:\n${synthOutput(r.output)}`, failureKind);
  }
  if (!existsSync(probeOut)) throw stopped(`the synth with ${label} ran, but the probe recorded nothing (NODE_OPTIONS may not be honoured here)`);
  return { label, root, outdir, probe: readJson<Probe>(probeOut), seconds: r.seconds };
}

const SCRATCH_PREFIX = 'perimeter-engine-proof-';

/**
 * The proof is synchronous, so a Ctrl-C ends it at once and its finally never runs: what such
 * a run left in the temporary directory is removed by the next run, once it is a day old (a
 * younger one may belong to a proof still running).
 */
function removeStaleScratch(): void {
  const dayAgo = Date.now() - 24 * 3600 * 1000;
  try {
    for (const e of readdirSync(tmpdir())) {
      if (!e.startsWith(SCRATCH_PREFIX)) continue;
      const p = join(tmpdir(), e);
      if (statSync(p).mtimeMs < dayAgo) rmSync(p, { recursive: true, force: true });
    }
  } catch {
    // Leftovers are only clutter: never a reason to fail the proof.
  }
}

const seconds = (s: number) => `${s.toFixed(1)} s`;
const versionOf = (dir: string) => {
  try {
    const p = readJson<{ name?: string; version?: string }>(join(dir, 'package.json'));
    return { name: p.name ?? '?', version: p.version ?? '?' };
  } catch {
    return { name: '(missing)', version: '(missing)' };
  }
};

function renderLoads(side: Side, report: LoadReport, lockProblems: readonly string[], scratch: string, lockLabel: string): string[] {
  const at = (dir: string) => (dir.startsWith(scratch) ? `<scratch>${dir.slice(scratch.length)}` : dir);
  const lines = [`  ${side.label}:`];
  for (const u of report.uses) lines.push(`    ${u.user} -> ${u.engine} at ${at(u.engineDir)} (${u.modules} module${u.modules === 1 ? '' : 's'})`);
  const constructs = report.constructs.map((c) => c.version).join(', ') || 'none';
  lines.push(`    in the process: ${report.engines.length} engine cop${report.engines.length === 1 ? 'y' : 'ies'}, ${report.constructs.length} constructs cop${report.constructs.length === 1 ? 'y' : 'ies'} (${constructs}), ${Object.keys(side.probe.packages).length} packages loaded`);
  lines.push(lockProblems.length ? `    NOT as ${lockLabel} pins: ${lockProblems.join('; ')}` : `    every package loaded is the version ${lockLabel} pins at that path`);
  for (const p of report.problems) lines.push(`    PROBLEM: ${p}`);
  return lines;
}

/**
 * `npm run engine-proof [-- --cdktn <version>] [--constructs <version>] [--full-install] [--keep]`,
 * from the project directory; `progress` gets a line per step (stderr by default).
 */
export function runEngineProof(argv: readonly string[], projectDir = process.cwd(), progress: (line: string) => void = (l) => process.stderr.write(`engine-proof: ${l}\n`)): CommandResult {
  const { options } = parseCommand(ENGINE_PROOF, argv);
  const cdktn = options.cdktn ?? DEFAULT_CDKTN;
  const constructsVersion = options.constructs ?? DEFAULT_CONSTRUCTS;
  const bad = [cdktn, constructsVersion].filter((v) => !VERSION.test(v));
  if (bad.length) throw stopped(`${bad.map((v) => JSON.stringify(v)).join(' and ')} is not an exact version (like 0.24.0): the proof is of one pinned version`);
  const full = options['full-install'] === true;
  const started = performance.now();

  const project = realpathSync(projectDir);
  for (const f of ['package.json', 'package-lock.json', 'cdktf.json']) if (!existsSync(join(project, f))) throw stopped(`${join(project, f)} is missing: run the proof from the perimeter project`);
  const modules = join(project, 'node_modules');
  if (!existsSync(join(modules, 'cdktf', 'package.json'))) throw stopped('node_modules is missing or has no cdktf: run npm ci first (the proof compares with the project\'s own install)');
  const realModules = realpathSync(modules);
  const engineBefore = versionOf(join(realModules, 'cdktf'));
  const constructsBefore = versionOf(join(realModules, 'constructs'));
  const pkg = readJson<PackageJson>(join(project, 'package.json'));
  const bindings = Object.keys(pkg.dependencies ?? {}).filter((d) => d.startsWith('@cdktf/provider-')).sort();

  const npmVersion = run('npm', ['--version'], project, childEnv());
  if (npmVersion.error && (npmVersion.error as NodeJS.ErrnoException).code === 'ENOENT') throw stopped('npm is not on PATH: the proof installs the fork with npm');
  // One quick look-up first: no registry fails in a second here, not after npm's retries.
  progress(`checking cdktn ${cdktn} and constructs ${constructsVersion} on the npm registry`);
  for (const spec of [`cdktn@${cdktn}`, `constructs@${constructsVersion}`]) {
    const r = npm(['view', spec, 'version', '--prefer-offline', '--fetch-retries=0'], project, `looking up ${spec}`);
    if (!r.stdout.trim()) throw stopped(`looking up ${spec}: the registry has no such version`);
  }

  removeStaleScratch();
  const scratch = realpathSync(mkdtempSync(join(tmpdir(), SCRATCH_PREFIX)));
  try {
    const baseRoot = join(scratch, 'cdktf');
    const forkRoot = join(scratch, 'cdktn');
    progress(`copying the project into ${scratch}`);
    copyProject(project, baseRoot);
    // Both copies from one snapshot, so an edit in the working tree meanwhile cannot differ between them.
    copyProject(baseRoot, forkRoot);
    symlinkSync(realModules, join(baseRoot, 'node_modules'), 'dir');
    writeFileSync(join(forkRoot, 'package.json'), `${JSON.stringify(switchedPackageJson(pkg, { cdktn, constructs: constructsVersion }), null, 2)}\n`);

    const install: { step: string; seconds: number }[] = [];
    if (full) {
      progress('npm install of the whole switched copy (--full-install)');
      install.push({ step: 'npm install of the whole switched copy', seconds: npm(['install', ...NPM_QUIET], forkRoot, 'installing the switched copy', { resolveIsFinding: true }).seconds });
    } else {
      progress('resolving the switched package-lock.json (npm install --package-lock-only)');
      install.push({ step: 'switched package-lock.json resolved', seconds: npm(['install', '--package-lock-only', ...NPM_QUIET], forkRoot, 'resolving the switched lockfile', { resolveIsFinding: true }).seconds });
      const lock = readJson<Lockfile>(join(forkRoot, 'package-lock.json'));
      const engineDir = join(scratch, 'engine');
      mkdirSync(engineDir);
      const deps = { cdktf: `npm:cdktn@${cdktn}`, constructs: constructsVersion };
      writeFileSync(join(engineDir, 'package.json'), `${JSON.stringify({ name: 'perimeter-engine-proof', version: '0.0.0', private: true, dependencies: deps }, null, 2)}\n`);
      writeFileSync(join(engineDir, 'package-lock.json'), `${JSON.stringify(partialLockfile(lock, deps), null, 2)}\n`);
      if (existsSync(join(forkRoot, '.npmrc'))) cpSync(join(forkRoot, '.npmrc'), join(engineDir, '.npmrc'));
      progress('installing cdktn and constructs as that lockfile pins them (npm ci)');
      install.push({ step: 'cdktn and constructs installed', seconds: npm(['ci', ...NPM_QUIET], engineDir, `installing cdktn ${cdktn} and constructs ${constructsVersion}`).seconds });
      const t = performance.now();
      const forkModules = join(forkRoot, 'node_modules');
      mkdirSync(forkModules);
      for (const e of readdirSync(join(engineDir, 'node_modules'))) {
        if (e.startsWith('.')) continue;
        if (e.startsWith('@')) {
          mkdirSync(join(forkModules, e), { recursive: true });
          for (const s of readdirSync(join(engineDir, 'node_modules', e))) renameSync(join(engineDir, 'node_modules', e, s), join(forkModules, e, s));
        } else renameSync(join(engineDir, 'node_modules', e), join(forkModules, e));
      }
      const linked = linkPackages(realModules, forkModules);
      rmSync(engineDir, { recursive: true, force: true });
      install.push({ step: `the project's ${linked} other packages linked`, seconds: (performance.now() - t) / 1000 });
    }
    const installSeconds = install.reduce((s, x) => s + x.seconds, 0);
    const engineAfter = versionOf(join(forkRoot, 'node_modules', 'cdktf'));
    const constructsAfter = versionOf(join(forkRoot, 'node_modules', 'constructs'));

    const probeFile = join(scratch, 'probe.js');
    writeFileSync(probeFile, PROBE_SOURCE);
    progress(`synthesizing every environment with ${engineBefore.name} ${engineBefore.version}`);
    const base = synthesizeCopy(baseRoot, join(scratch, 'out-cdktf'), probeFile, join(scratch, 'probe-cdktf.json'), false, `${engineBefore.name} ${engineBefore.version} (the project's node_modules)`, 'input');
    progress(`synthesizing every environment with ${engineAfter.name} ${engineAfter.version}`);
    const fork = synthesizeCopy(forkRoot, join(scratch, 'out-cdktn'), probeFile, join(scratch, 'probe-cdktn.json'), !full, `${engineAfter.name} ${engineAfter.version} (the switched copy${full ? '' : ', --preserve-symlinks'})`, 'finding');

    // The code fingerprint of each copy now, and of the switched copy with the project's lockfile put back.
    const codeBefore = codeFingerprint(baseRoot);
    const codeAfter = codeFingerprint(forkRoot);
    const switchedLock = readFileSync(join(forkRoot, 'package-lock.json'));
    writeFileSync(join(forkRoot, 'package-lock.json'), readFileSync(join(baseRoot, 'package-lock.json')));
    const lockfileOnly = codeFingerprint(forkRoot) === codeBefore;
    writeFileSync(join(forkRoot, 'package-lock.json'), switchedLock);

    const comparison = compareTrees(readTree(base.outdir), readTree(fork.outdir), {
      engine: { before: engineBefore.version, after: engineAfter.version },
      code: { before: codeBefore, after: codeAfter, lockfileOnly },
    });
    const baseLoads = engineLoads(base.probe);
    const forkLoads = engineLoads(fork.probe, { name: 'cdktn', version: cdktn });
    const baseLock = lockfileProblems(base.probe, dirname(realModules), readJson<Lockfile>(join(baseRoot, 'package-lock.json')));
    const forkLock = lockfileProblems(fork.probe, forkRoot, readJson<Lockfile>(join(forkRoot, 'package-lock.json')));
    const environments = readdirSync(join(base.outdir, 'stacks')).sort();

    const failures = [
      ...comparison.differences.filter((d) => d.kind === 'unexplained').map((d) => `${d.file}: ${d.path}: ${d.before} -> ${d.after}: ${d.why}`),
      ...forkLoads.problems,
      ...forkLock.map((p) => `the fork synth loaded a package the switched lockfile does not pin: ${p}`),
    ];
    const byKind = (k: DifferenceKind) => comparison.differences.filter((d) => d.kind === k).length;
    const kinds = (['engine-version', 'empty-container-whitespace', 'stack-fingerprint', 'code-fingerprint'] as const).filter((k) => byKind(k)).map((k) => `${byKind(k)} ${k}`);
    const verdict = failures.length
      ? `FAIL: ${failures.length} problem${failures.length === 1 ? '' : 's'} (listed on stderr)`
      : `PASS: ${engineAfter.name} ${engineAfter.version} synthesizes what ${engineBefore.name} ${engineBefore.version} does; ${comparison.differences.length ? `every difference is a known kind (${kinds.join(', ')})` : 'the trees are byte-identical'}; the provider bindings loaded ${engineAfter.name} ${engineAfter.version}`;

    const out = [
      `engine-proof: ${engineBefore.name} ${engineBefore.version} -> ${engineAfter.name} ${engineAfter.version}, every environment (${environments.join(', ')}), compared byte by byte`,
      '',
      renderDifferences(comparison, { before: `${engineBefore.name} ${engineBefore.version}`, after: `${engineAfter.name} ${engineAfter.version}` }),
      '',
      'the engine the provider bindings and the app loaded (module by module, recorded in each synth process):',
      ...renderLoads(base, baseLoads, baseLock, scratch, "the project's package-lock.json"),
      ...renderLoads(fork, forkLoads, forkLock, scratch, 'the switched package-lock.json'),
      '',
      'summary:',
      `  engine       ${engineBefore.name} ${engineBefore.version} -> ${engineAfter.name} ${engineAfter.version} (package.json "cdktf": "npm:cdktn@${cdktn}")`,
      `  constructs   ${constructsBefore.version} -> ${constructsAfter.version}`,
      `  bindings     ${bindings.map((b) => `${b} ${versionOf(join(realModules, b)).version}`).join(', ')}: unchanged, with overrides { "cdktf": "$cdktf" }`,
      `  runtime      node ${process.version}, npm ${npmVersion.stdout.trim() || '?'}`,
      `  install      ${seconds(installSeconds)} (${install.map((s) => `${s.step} ${seconds(s.seconds)}`).join(', ')})`,
      `  synth        ${engineBefore.name} ${seconds(base.seconds)}, ${engineAfter.name} ${seconds(fork.seconds)} (${environments.length} environments, process start included)`,
      `  compared     ${comparison.files.length} files: ${comparison.identical.length} byte-identical, ${comparison.files.length - comparison.identical.length} with ${comparison.differences.length} differences`,
      `  total        ${seconds((performance.now() - started) / 1000)}`,
      options.keep ? `  scratch      kept at ${scratch} (cdktf/ and cdktn/ copies, out-cdktf/ and out-cdktn/ trees)` : '  scratch      removed',
      `verdict: ${verdict}`,
      '',
    ];
    return {
      stdout: out.join('\n'),
      ...(failures.length ? { stderr: failures.map((f) => `error: ${f}\n`).join('') } : {}),
      exitCode: failures.length ? EXIT.finding : EXIT.ok,
    };
  } finally {
    if (!options.keep) rmSync(scratch, { recursive: true, force: true });
    else if (existsSync(scratch) && statSync(scratch).isDirectory()) progress(`kept ${scratch}`);
  }
}
