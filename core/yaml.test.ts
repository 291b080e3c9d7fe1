/** The strict YAML subset: every feature that can make a file mean more than it shows is refused, with its line. */
import { decodeYaml, parseStrictYaml, readStrictYaml, YAML_LIMITS } from './yaml';
import { formatProblem } from './problems';

/** Problems as the command line prints them. */
const problems = (text: string | Uint8Array) => {
  const r = readStrictYaml('f.yaml', text);
  return r.ok ? [] : r.problems.map(formatProblem);
};
const data = (text: string) => {
  const r = parseStrictYaml(text);
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  return r.yaml.data;
};

describe('features that hide what a file means', () => {
  test('a duplicate key written through an alias (the fuzzer enabled every dev policy this way) is refused at the anchor and the alias', () => {
    expect(problems('policies:\n  CA001:\n    &k stage: report-only\n    *k : enabled\n')).toEqual([
      'f.yaml:3: policies.CA001: defines the anchor &k; anchors and aliases are not allowed, because a reviewer reading the file would not see where the value is reused. Write each value out',
      'f.yaml:4: policies.CA001: uses the alias *k as a key; anchors and aliases are not allowed. Write the key out',
    ]);
  });
  test('an alias for a value', () => {
    expect(problems('a: &x [1, 2]\nb: *x\n')).toEqual([
      expect.stringMatching(/^f\.yaml:1: a: defines the anchor &x/),
      'f.yaml:2: b: uses the alias *x; anchors and aliases are not allowed, because a reviewer reading the file would not see the value it stands for. Write the value out',
    ]);
  });
  test('a merge key', () => {
    expect(problems('base: {stage: enabled}\npolicies:\n  CA001:\n    <<: {stage: off}\n')).toEqual([
      'f.yaml:4: policies.CA001.<<: is a merge key (<<); merge keys are not allowed, because the merged values are not visible where they take effect. Write the keys out',
    ]);
  });
  test.each([
    ['!!omap', 'sessions: !!omap\n  - adminSignInFrequencyHours: 1\n'],
    ['!!str', 'ring: !!str 2\n'],
    ['!custom', 'stage: !custom enabled\n'],
  ])('the tag %s', (tag, text) => {
    const shown = tag === '!!omap' ? 'tag:yaml.org,2002:omap' : tag === '!!str' ? 'tag:yaml.org,2002:str' : tag;
    expect(problems(text)).toEqual([expect.stringMatching(new RegExp(`^f\\.yaml:[12]: (sessions: |ring: )?uses the tag ${shown.replace(/[.!]/g, '\\$&')}; tags are not allowed`))]);
  });
  test('a directive', () => {
    expect(problems('%YAML 1.1\n---\nstage: enabled\n')).toEqual(['f.yaml:1: uses the directive %YAML; YAML directives are not allowed']);
  });
  test('a second document', () => {
    expect(problems('stage: off\n---\nstage: enabled\n')).toEqual([expect.stringMatching(/^f\.yaml:2:1: YAML syntax error: holds more than one YAML document/)]);
  });
  test('a key that is not plain text', () => {
    expect(problems('? [a, b]\n: 1\n')).toEqual(['f.yaml:1: has a key that is not plain text (an empty, list or mapping key); every key is a name']);
  });
});

describe('duplicate keys', () => {
  test('are named by key path and point at the first', () => {
    expect(problems('policies:\n  CA001: {stage: off}\n  CA002: {stage: off}\n  CA001: {stage: enabled}\n')).toEqual([
      'f.yaml:4: policies.CA001: is given twice in this mapping (first on line 2); each key may appear once',
    ]);
  });
  test('1 and "1" are one key once loaded', () => {
    expect(problems('a:\n  1: x\n  "1": y\n')).toEqual([expect.stringContaining('a.1: is given twice')]);
  });
  test('are found in linear time: 2,000 keys with a duplicate at the end take milliseconds', () => {
    const text = `m:\n${Array.from({ length: YAML_LIMITS.maxMapKeys - 1 }, (_, i) => `  k${i}: 1`).join('\n')}\n  k0: 2\n`;
    const started = process.hrtime.bigint();
    expect(problems(text)).toEqual([expect.stringContaining(`m.k0: is given twice in this mapping (first on line 2)`)]);
    expect(Number(process.hrtime.bigint() - started) / 1e6).toBeLessThan(1000);
  });
});

describe('keys that JavaScript objects reserve', () => {
  test('__proto__ is refused, never silently dropped', () => {
    expect(problems('pim:\n  roles:\n    __proto__: {eligibleMembers: []}\n')).toEqual(['f.yaml:3: pim.roles.__proto__: the key __proto__ is not allowed: JavaScript reserves it']);
  });
  test('constructor and toString are ordinary keys with their values', () => {
    expect(data('constructor: 1\ntoString: two\n')).toEqual({ constructor: 1, toString: 'two' });
    expect(Object.getPrototypeOf(data('constructor: 1\n'))).toBe(Object.prototype);
  });
});

describe('limits: a clear message, never a hang', () => {
  test('file size', () => {
    const lines = Math.ceil(YAML_LIMITS.maxBytes / 5) + 1;
    expect(problems('a: b\n'.repeat(lines))).toEqual([`f.yaml: is ${lines * 5} characters long; an environment or scenario file may have at most ${YAML_LIMITS.maxBytes} bytes`]);
    expect(problems(new Uint8Array(YAML_LIMITS.maxBytes + 1).fill(0x61))).toEqual([`f.yaml: is ${YAML_LIMITS.maxBytes + 1} bytes long; an environment or scenario file may have at most ${YAML_LIMITS.maxBytes} bytes`]);
  });
  test('nesting', () => {
    const deep = `${'a: {'.repeat(YAML_LIMITS.maxDepth + 2)}b: 1${'}'.repeat(YAML_LIMITS.maxDepth + 2)}\n`;
    expect(problems(deep)).toEqual([expect.stringMatching(/nests more than 24 levels deep$/)]);
    const absurd = `${'['.repeat(50_000)}${']'.repeat(50_000)}\n`;
    const started = Date.now();
    expect(problems(absurd).length).toBeGreaterThan(0);
    expect(Date.now() - started).toBeLessThan(2000);
  });
  test('list length, string length', () => {
    expect(problems(`a: [${Array.from({ length: YAML_LIMITS.maxListLength + 1 }, () => '1').join(', ')}]\n`)).toEqual([
      `f.yaml:1: a: has ${YAML_LIMITS.maxListLength + 1} entries; a list may have at most ${YAML_LIMITS.maxListLength}`,
    ]);
    expect(problems(`a: ${'x'.repeat(YAML_LIMITS.maxStringLength + 1)}\n`)).toEqual([`f.yaml:1: a: the value is ${YAML_LIMITS.maxStringLength + 1} characters long; at most ${YAML_LIMITS.maxStringLength} are allowed`]);
  });
});

describe('characters Entra refuses or that make a value read wrongly', () => {
  test.each([
    ['"CA001 \\u0007 bell"', 'holds the control character U+0007 at position 7; remove it'],
    ['"Finance \\u202Eetats\\u202C"', 'holds the bidirectional-override character U+202E at position 9, which makes text display differently from what it is; remove it'],
    ['"half \\uD800 a pair"', 'holds a lone surrogate (U+D800) at position 6, which is not valid Unicode; remove it'],
  ])('%s', (value, message) => {
    expect(problems(`displayName: ${value}\n`)).toEqual([`f.yaml:1: displayName: the value ${message}`]);
  });
  test('a control character in a key', () => {
    expect(problems('"a\\u0001": 1\n')).toEqual([expect.stringContaining('the key holds the control character U+0001')]);
  });
  test('tabs and line breaks in block text are fine', () => {
    expect(data('reason: |\n  line one\n  line\ttwo\n')).toEqual({ reason: 'line one\nline\ttwo\n' });
  });
});

describe('encodings and line endings', () => {
  const utf16 = (text: string, bom: number[]) => new Uint8Array([...bom, ...[...text].flatMap((c) => [c.charCodeAt(0), 0])]);
  test('UTF-16 and UTF-32 say what they are', () => {
    expect(problems(utf16('stage: off\n', [0xff, 0xfe]))).toEqual(['f.yaml: is UTF-16 (little-endian byte-order mark); save it as UTF-8']);
    expect(problems(new Uint8Array([0xfe, 0xff, 0, 0x73]))).toEqual(['f.yaml: is UTF-16 (big-endian byte-order mark); save it as UTF-8']);
    expect(problems(new Uint8Array([0xff, 0xfe, 0, 0, 0x73, 0, 0, 0]))).toEqual(['f.yaml: is UTF-32 (little-endian byte-order mark); save it as UTF-8']);
    expect(problems(utf16('stage: off\n', []))).toEqual(['f.yaml: holds a NUL byte at offset 1: it is UTF-16 without a byte-order mark, or not text; save it as UTF-8']);
  });
  test('invalid UTF-8', () => {
    expect(problems(new Uint8Array([0x61, 0x3a, 0x20, 0xc3, 0x28, 0x0a]))).toEqual(['f.yaml: is not valid UTF-8; save it as UTF-8']);
  });
  test('CR-only line endings, and a stray carriage return', () => {
    expect(problems('stage: off\rring: 1\r')).toEqual(['f.yaml:1: uses carriage returns alone as line endings (classic Mac OS); save it with LF or CRLF line endings']);
    expect(problems('stage: off\nring: 1\rx: 2\n')).toEqual(['f.yaml:2: has a carriage return without a line feed; use LF or CRLF line endings throughout']);
  });
  test('a UTF-8 byte-order mark and CRLF are fine', () => {
    const bytes = new TextEncoder().encode('\ufeffstage: off\r\nring: 2\r\n');
    const decoded = decodeYaml(bytes);
    expect(decoded).toEqual({ text: 'stage: off\r\nring: 2\r\n' });
    expect(data('stage: off\r\nring: 2\r\n')).toEqual({ stage: 'off', ring: 2 });
  });
});

describe('secrets: refused where they are written, with where they belong', () => {
  test.each([
    ['https://svc:Winter2026!@hr.corp.example.local/', 'a URL with a user name or password in it (https://user:password@host)'],
    ['perimeter/prod.tfstate?sv=2024-11-04&ss=b&srt=o&sp=rwl&se=2027-01-01&sig=AbCdEf0123456789abcdefGHIJKL%2B%3D', 'a shared access signature (SAS) token'],
    ['abc8Q~abcdefghijklmnopqrstuvwxyz0123456', 'an Entra ID client secret'],
    [`${'A'.repeat(40)}${'b'.repeat(46)}==`, 'a storage account key'],
    ['eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.c2lnbmF0dXJlc2lnbmF0dXJl', 'a JSON web token (an access or ID token)'],
    ['-----BEGIN RSA PRIVATE KEY-----', 'a private key'],
    ['DefaultEndpointsProtocol=https;AccountName=st;AccountKey=abc123', 'a connection string with a key or password'],
  ])('%s', (value, what) => {
    expect(problems(`x: ${JSON.stringify(value)}\n`)).toEqual([
      `f.yaml:1: x: looks like ${what}. perimeter never takes a secret: deploys sign in with OIDC, and nothing in an environment file may be a credential (it would reach cdk.tf.json, the PR comment and the git history). Remove it, and rotate it if it was ever committed`,
    ]);
  });
  test('GUIDs, URLs without credentials and e-mail addresses are not secrets', () => {
    expect(problems('a: 7e000000-0000-4000-8000-0000000000a1\nb: https://hr.apps.example.com/\nc: security@meridian.example\nd: perimeter/prod.tfstate\n')).toEqual([]);
  });
});

test('a syntax error gives the file, line and column, the key it is under and the text at fault', () => {
  expect(problems('stage: [report-only\nring: 1\n')).toEqual(['f.yaml:2:1: stage: YAML syntax error: Flow sequence in block collection must be sufficiently indented and end with a ] (at "ring:")']);
  expect(problems('policies:\n  CA001: { stage: enabled\n  CA002: {}\n')).toEqual([
    'f.yaml:3:3: policies.CA001: YAML syntax error: Flow map in block collection must be sufficiently indented and end with a } (at "CA002:")',
  ]);
  expect(problems('policies:\n  CA001:\n    stage: "enabled\n')).toEqual(['f.yaml:4:1: policies.CA001.stage: YAML syntax error: Missing closing "quote (at "stage: \\"enabled")']);
  // One mistake the parser reports three ways is one problem.
  expect(problems('ring: 1\n- CA001\n')).toEqual(['f.yaml:2:1: ring: YAML syntax error: Implicit keys need to be on a single line (at "-")']);
});

test('lineOf finds a value, or its key, or the nearest parent the file has', () => {
  const r = parseStrictYaml('a:\n  b:\n    c: 1\n  d: [x, y]\n');
  if (!r.ok) throw new Error('parse');
  expect(r.yaml.lineOf(['a', 'b', 'c'])).toBe(3);
  expect(r.yaml.lineOf(['a', 'd', 1])).toBe(4);
  expect(r.yaml.lineOf(['a', 'missing'])).toBe(2);
  expect(r.yaml.lineOf(['a', 'b'], true)).toBe(2);
});
