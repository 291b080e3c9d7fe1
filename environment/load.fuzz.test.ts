/**
 * Property-based tests of the environment loader over mutations of the sample files, in every
 * category the loader must survive: YAML features, duplicate keys, size and depth, control and
 * bidi characters, encodings and line endings, keys JavaScript reserves, template sequences,
 * secrets, CIDR oddities, GUID spellings, and any value at any key path.
 *
 * The invariant: every load ends in an environment or in problems that each name the file and
 * (except whole-file problems) a line, never in an exception, never past 2 s, and never with
 * an environment when the mutation is one the schema forbids.
 *
 * CI runs a fixed seed; `npm run fuzz` runs many more cases with a fresh seed (PERIMETER_FUZZ_RUNS,
 * PERIMETER_FUZZ_SEED).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { parse, stringify } from 'yaml';
import { loadEnvironmentText } from './load';
import { SAMPLE_DIR } from '../__tests__/helpers/synth';

/** `npm run fuzz` sets PERIMETER_FUZZ=deep: many more runs, a new seed each time (fast-check prints it with any counterexample). */
const DEEP = process.env['PERIMETER_FUZZ'] === 'deep';
const RUNS = Number(process.env['PERIMETER_FUZZ_RUNS'] ?? (DEEP ? 5000 : 150));
const SEED = Number(process.env['PERIMETER_FUZZ_SEED'] ?? (DEEP ? Date.now() % 2 ** 31 : 20261201));
const sampleText = (name: string) => readFileSync(join(SAMPLE_DIR, `${name}.yaml`), 'utf8');
const SAMPLES = { dev: sampleText('dev'), prod: sampleText('prod') };

/** Problems that concern the whole file and so have no line. */
const WHOLE_FILE = /^(is UTF-|holds a NUL byte|is not valid UTF-8|is \d+ (bytes|characters) long|must be a YAML mapping|nests too deeply|the file name )/;

interface Mutant {
  readonly what: string;
  readonly text: string | Uint8Array;
  /** The mutation is one the loader must refuse. */
  readonly mustFail: boolean;
}

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

/** Every path in the parsed sample: to each mapping, list and scalar. */
function pathsOf(value: Json, path: (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] {
  out.push(path);
  if (Array.isArray(value)) value.forEach((v, i) => pathsOf(v, [...path, i], out));
  else if (value !== null && typeof value === 'object') for (const [k, v] of Object.entries(value)) pathsOf(v, [...path, k], out);
  return out;
}

function setAt(root: Json, path: readonly (string | number)[], value: Json): Json {
  if (!path.length) return value;
  const copy = structuredClone(root) as Record<string | number, Json>;
  let cur = copy as Record<string | number, Json>;
  for (const p of path.slice(0, -1)) cur = cur[p] as Record<string | number, Json>;
  cur[path[path.length - 1]!] = value;
  return copy as Json;
}

const getAt = (root: Json, path: readonly (string | number)[]): Json => path.reduce<Json>((cur, p) => (cur as Record<string | number, Json>)[p] as Json, root);

const lines = (text: string) => text.split('\n');
const atLine = (text: string, i: number, f: (line: string) => string) => lines(text).map((l, j) => (j === i ? f(l) : l)).join('\n');

/** A key-value line of the sample (`  key: value`), picked by index. */
const keyLine = (text: string, pick: number) => {
  const candidates = lines(text).map((l, i) => [l, i] as const).filter(([l]) => /^\s*[A-Za-z][\w-]*:\s*\S/.test(l) && !l.trimStart().startsWith('#'));
  return candidates[pick % candidates.length]!;
};

const weirdStrings = fc.oneof(
  fc.constantFrom('${file("/etc/hostname")}', '%{ if true }x%{ endif }', '$${x}', '', ' ', '\u202Eevil', 'a\u0007b', '\uD800', 'x'.repeat(5000), '__proto__', 'constructor', '0', 'yes', 'null', '~'),
  fc.string({ maxLength: 30 }),
  fc.string({ unit: 'binary', maxLength: 12 }),
);
const anyValue: fc.Arbitrary<Json> = fc.oneof(
  weirdStrings,
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.oneof(fc.string({ maxLength: 8 }), fc.integer()), { maxLength: 4 }),
  fc.dictionary(fc.string({ maxLength: 6 }), fc.string({ maxLength: 6 }), { maxKeys: 3 }),
);

const SECRETS = [
  'https://svc:Winter2026!@hr.corp.example.local/',
  'abc8Q~abcdefghijklmnopqrstuvwxyz0123456',
  'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.c2lnbmF0dXJlc2lnbmF0dXJl',
  '-----BEGIN PRIVATE KEY-----',
  'DefaultEndpointsProtocol=https;AccountName=st;AccountKey=abc123',
];

const BAD_CIDRS = ['fe80::1%eth0/64', '203.0.113.0/08', '010.0.0.0/8', '203.0.113.1/24', '1.2.3.4', '::/0', '203.0.113.0 /24', '999.1.1.1/32', '127.1/8', '2001:db8::/129'];

/** Every category of mutation, each as an arbitrary of Mutants. */
function mutants(base: string): fc.Arbitrary<Mutant> {
  const data = parse(base) as Json;
  const paths = pathsOf(data).filter((p) => p.length > 0);
  const write = (value: Json) => stringify(value, { aliasDuplicateObjects: false });
  return fc.oneof(
    // YAML features, inserted at a real key line.
    fc.tuple(fc.nat(), fc.constantFrom('anchor', 'alias-key', 'merge', 'tag', 'omap', 'directive')).map(([n, feature]): Mutant => {
      const [line, i] = keyLine(base, n);
      const indent = /^\s*/.exec(line)![0];
      const key = line.trim().split(':')[0]!;
      const text =
        feature === 'anchor'
          ? atLine(base, i, (l) => l.replace(`${key}:`, `&a ${key}:`))
          : feature === 'alias-key'
            ? atLine(base, i, (l) => `${indent}&k zz-${key}: 1\n${indent}*k : 2\n${l}`)
            : feature === 'merge'
              ? atLine(base, i, (l) => `${indent}<<: {stage: enabled}\n${l}`)
              : feature === 'tag'
                ? atLine(base, i, (l) => l.replace(`${key}: `, `${key}: !!str `))
                : feature === 'omap'
                  ? atLine(base, i, (l) => l.replace(`${key}: `, `${key}: !custom `))
                  : `%YAML 1.2\n---\n${base}`;
      return { what: `yaml feature ${feature} at line ${i + 1}`, text, mustFail: true };
    }),
    // A duplicate key, next to the original.
    fc.nat().map((n): Mutant => {
      const [line, i] = keyLine(base, n);
      return { what: `duplicate of line ${i + 1}`, text: atLine(base, i, (l) => `${l}\n${line}`), mustFail: true };
    }),
    // Size and depth.
    fc.constantFrom('deep', 'wide', 'long').map((kind): Mutant => {
      const text =
        kind === 'deep'
          ? `${base}\nzz: ${'['.repeat(3000)}${']'.repeat(3000)}\n`
          : kind === 'wide'
            ? `${base}\nzz: [${Array.from({ length: 3000 }, () => '1').join(',')}]\n`
            : `${base}\nzz: ${'x'.repeat(600_000)}\n`;
      return { what: `limit ${kind}`, text, mustFail: true };
    }),
    // Characters Entra refuses, in a string value (the YAML writer escapes them; the reader restores them).
    fc.tuple(fc.nat(), fc.constantFrom('\u0007', '\u202E', '\uD800', '\u0000', '\u2066')).map(([n, ch]): Mutant => {
      const stringPaths = paths.filter((p) => typeof getAt(data, p) === 'string');
      const p = stringPaths[n % stringPaths.length]!;
      return { what: `character U+${ch.charCodeAt(0).toString(16)} at ${p.join('.')}`, text: write(setAt(data, p, `${getAt(data, p) as string}${ch}`)), mustFail: true };
    }),
    // Encodings and line endings.
    fc.constantFrom('utf16le', 'utf16be', 'cr', 'nul').map((kind): Mutant => {
      const text =
        kind === 'utf16le'
          ? new Uint8Array([0xff, 0xfe, ...Buffer.from(base, 'utf16le')])
          : kind === 'utf16be'
            ? new Uint8Array([0xfe, 0xff, ...Buffer.from(base, 'utf16le').swap16()])
            : kind === 'cr'
              ? base.replace(/\n/g, '\r')
              : `${base}\u0000`;
      return { what: `encoding ${kind}`, text, mustFail: true };
    }),
    // Keys JavaScript objects reserve, added to a mapping: handled like any other key; __proto__ refused.
    fc.tuple(fc.nat(), fc.constantFrom('__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf')).map(([n, key]): Mutant => {
      if (key === '__proto__') {
        const [line, i] = keyLine(base, n);
        const indent = /^\s*/.exec(line)![0];
        return { what: `__proto__ before line ${i + 1}`, text: atLine(base, i, (l) => `${indent}__proto__: {}\n${l}`), mustFail: true };
      }
      const maps = paths.filter((p) => {
        const v = getAt(data, p);
        return v !== null && typeof v === 'object' && !Array.isArray(v);
      });
      const p = maps[n % maps.length]!;
      return { what: `key ${key} under ${p.join('.')}`, text: write(setAt(data, [...p, key], { x: 1 })), mustFail: false };
    }),
    // A template sequence or a secret in any string.
    fc.tuple(fc.nat(), fc.boolean(), fc.nat()).map(([n, secret, k]): Mutant => {
      const stringPaths = paths.filter((p) => typeof getAt(data, p) === 'string');
      const p = stringPaths[n % stringPaths.length]!;
      const value = secret ? SECRETS[k % SECRETS.length]! : `${getAt(data, p) as string} \${file("/etc/hostname")}`;
      return { what: `${secret ? 'secret' : 'template'} at ${p.join('.')}`, text: write(setAt(data, p, value)), mustFail: secret };
    }),
    // A bad CIDR in an IP range.
    fc.tuple(fc.nat(), fc.nat()).map(([n, k]): Mutant => {
      const rangePaths = paths.filter((p) => p.includes('ipRanges') && typeof p[p.length - 1] === 'number');
      const p = rangePaths[n % rangePaths.length]!;
      return { what: `cidr ${BAD_CIDRS[k % BAD_CIDRS.length]} at ${p.join('.')}`, text: write(setAt(data, p, BAD_CIDRS[k % BAD_CIDRS.length]!)), mustFail: true };
    }),
    // GUIDs: another spelling loads; a nil or a broken one does not.
    fc.tuple(fc.nat(), fc.constantFrom('upper', 'nil', 'short', 'braces')).map(([n, kind]): Mutant => {
      const guidPaths = paths.filter((p) => { const v = getAt(data, p); return typeof v === 'string' && /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(v); });
      const p = guidPaths[n % guidPaths.length]!;
      const id = getAt(data, p) as string;
      const value = kind === 'upper' ? id.toUpperCase() : kind === 'nil' ? '00000000-0000-0000-0000-000000000000' : kind === 'short' ? id.slice(0, -1) : `{${id}}`;
      return { what: `guid ${kind} at ${p.join('.')}`, text: write(setAt(data, p, value)), mustFail: kind !== 'upper' };
    }),
    // A scalar of the wrong type: the schema never coerces, so it must be refused.
    fc.tuple(fc.nat(), fc.constantFrom<Json>(7, 'seven', true, 2.5)).map(([n, value]): Mutant => {
      const scalars = paths.filter((p) => {
        const v = getAt(data, p);
        return (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') && typeof v !== typeof value;
      });
      const p = scalars[n % scalars.length]!;
      return { what: `type of ${p.join('.')} (${JSON.stringify(getAt(data, p))}) -> ${JSON.stringify(value)}`, text: write(setAt(data, p, value)), mustFail: true };
    }),
    // Any value at any path, or a path removed.
    fc.tuple(fc.nat(), anyValue, fc.boolean()).map(([n, value, remove]): Mutant => {
      const p = paths[n % paths.length]!;
      if (remove && typeof p[p.length - 1] === 'string') {
        const parent = structuredClone(getAt(data, p.slice(0, -1))) as Record<string, Json>;
        delete parent[p[p.length - 1] as string];
        return { what: `remove ${p.join('.')}`, text: write(setAt(data, p.slice(0, -1), parent)), mustFail: false };
      }
      return { what: `set ${p.join('.')} = ${JSON.stringify(value)?.slice(0, 40)}`, text: write(setAt(data, p, value)), mustFail: false };
    }),
  );
}

describe.each(Object.keys(SAMPLES) as (keyof typeof SAMPLES)[])('fuzzing the loader with mutations of environments/%s.yaml', (name) => {
  test(`${RUNS} mutations: success or file/line/key-path problems, never an exception, a hang or a forbidden value accepted`, () => {
    fc.assert(
      fc.property(mutants(SAMPLES[name]), (m) => {
        const started = Date.now();
        let result;
        try {
          result = loadEnvironmentText({ name, file: `environments/${name}.yaml`, text: m.text });
        } catch (e) {
          throw new Error(`${m.what}: the loader threw ${(e as Error).stack ?? String(e)}`);
        }
        const elapsed = Date.now() - started;
        if (elapsed > 2000) throw new Error(`${m.what}: took ${elapsed} ms`);
        if (m.mustFail && result.environment) throw new Error(`${m.what}: accepted a value the loader must refuse`);
        for (const p of result.problems) {
          if (p.file !== `environments/${name}.yaml`) throw new Error(`${m.what}: a problem names ${p.file}`);
          if (p.line === undefined && !WHOLE_FILE.test(p.message)) throw new Error(`${m.what}: a problem without a line: ${p.path}: ${p.message}`);
          if (/^\s+at /m.test(p.message) || /\[object Object\]|undefined$/.test(p.message)) throw new Error(`${m.what}: an unreadable message: ${p.message}`);
        }
        if (!result.environment && !result.problems.length) throw new Error(`${m.what}: neither an environment nor a problem`);
      }),
      { seed: SEED + (name === 'dev' ? 0 : 1), numRuns: RUNS },
    );
  }, 120_000);
});
