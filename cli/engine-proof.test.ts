/**
 * The engine proof's judgement, without the network: which differences between cdktf's and
 * the fork's cdktf.out are known and explained, and which fail the proof; what the probe says
 * each binding loaded; the switch it writes. The end-to-end run needs the npm registry and
 * runs only with PERIMETER_ENGINE_PROOF=1.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  compareTrees,
  engineLoads,
  formatJsonPath,
  lockfileProblems,
  npmFailure,
  partialLockfile,
  renderDifferences,
  runEngineProof,
  switchedPackageJson,
  type CompareContext,
  type Lockfile,
  type Probe,
} from './engine-proof';
import { commandOutcome } from './run';
import { REPO_ROOT } from '../__tests__/helpers/synth';

const sha = (text: string) => createHash('sha256').update(text).digest('hex');
/** How cdktf 0.21.0's json-stable-stringify prints an empty object or array: over two lines. */
const cdktfStyle = (text: string) => text.replace(/^( *)(.*)\{\}(,?)$/gm, '$1$2{\n$1}$3').replace(/^( *)(.*)\[\](,?)$/gm, '$1$2[\n$1]$3');

function stack(version: string, extra: (s: Record<string, unknown>) => void = () => {}): Record<string, unknown> {
  const s: Record<string, unknown> = {
    '//': { metadata: { backend: 'azurerm', stackName: 'dev', version } },
    provider: { azurerm: [{ features: [{}], subscription_id: 'c5000000-0000-4000-8000-00000000de01' }] },
    resource: { azuread_group: { break_glass: { display_name: 'Break-glass exclusion', security_enabled: true } } },
  };
  extra(s);
  return s;
}

/** A cdktf.out of two stacks; the manifest records the engine, the code and each stack's sha256, as npm run synth does. */
function tree(engine: 'cdktf' | 'cdktn', options: { version?: string; code?: string; edit?: (s: Record<string, unknown>) => void } = {}): Map<string, string> {
  const version = options.version ?? (engine === 'cdktf' ? '0.21.0' : '0.24.0');
  const style = engine === 'cdktf' ? cdktfStyle : (t: string) => t;
  const dev = style(JSON.stringify(stack(version, options.edit), null, 2));
  const prod = style(JSON.stringify(stack(version), null, 2));
  const manifest = {
    version,
    stacks: { dev: { annotations: [], synthesizedStackPath: 'stacks/dev/cdk.tf.json' }, prod: { annotations: [], synthesizedStackPath: 'stacks/prod/cdk.tf.json' } },
    perimeter: { version: 1, code: options.code ?? (engine === 'cdktf' ? 'a'.repeat(64) : 'b'.repeat(64)), stacks: { dev: sha(dev), prod: sha(prod) } },
  };
  return new Map([
    ['manifest.json', `${JSON.stringify(manifest, null, 2)}\n`],
    ['stacks/dev/cdk.tf.json', dev],
    ['stacks/prod/cdk.tf.json', prod],
  ]);
}

const context: CompareContext = { engine: { before: '0.21.0', after: '0.24.0' }, code: { before: 'a'.repeat(64), after: 'b'.repeat(64), lockfileOnly: true } };
const unexplained = (c: ReturnType<typeof compareTrees>) => c.differences.filter((d) => d.kind === 'unexplained');

describe('comparing cdktf.out trees', () => {
  test('the known differences pass, each in words: the engine version, empty-object whitespace, the fingerprints', () => {
    const c = compareTrees(tree('cdktf'), tree('cdktn'), context);
    expect(c.explained).toBe(true);
    expect(c.identical).toEqual([]);
    expect(c.differences.map((d) => [d.file, d.path, d.kind, d.before, d.after])).toEqual([
      ['manifest.json', 'version', 'engine-version', '"0.21.0"', '"0.24.0"'],
      ['manifest.json', 'perimeter.code', 'code-fingerprint', `"${'a'.repeat(12)}…"`, `"${'b'.repeat(12)}…"`],
      ['manifest.json', 'perimeter.stacks.dev', 'stack-fingerprint', expect.any(String), expect.any(String)],
      ['manifest.json', 'perimeter.stacks.prod', 'stack-fingerprint', expect.any(String), expect.any(String)],
      ['stacks/dev/cdk.tf.json', '"//".metadata.version', 'engine-version', '"0.21.0"', '"0.24.0"'],
      ['stacks/dev/cdk.tf.json', 'provider.azurerm[0].features[0]', 'empty-container-whitespace', '"{\\n          }"', '"{}"'],
      ['stacks/prod/cdk.tf.json', '"//".metadata.version', 'engine-version', '"0.21.0"', '"0.24.0"'],
      ['stacks/prod/cdk.tf.json', 'provider.azurerm[0].features[0]', 'empty-container-whitespace', '"{\\n          }"', '"{}"'],
    ]);
    const text = renderDifferences(c, { before: 'cdktf 0.21.0', after: 'cdktn 0.24.0' });
    expect(text).toContain('every one of a known kind');
    expect(text).toContain('[known] "//".metadata.version (line 6): "0.21.0" -> "0.24.0"');
    expect(text).toContain('json-stable-stringify');
    expect(text).not.toContain('UNEXPLAINED');
  });

  test('whitespace of an empty array in the manifest is the same known kind', () => {
    const before = tree('cdktf');
    before.set('manifest.json', cdktfStyle(before.get('manifest.json')!));
    const c = compareTrees(before, tree('cdktn'), context);
    expect(c.explained).toBe(true);
    expect(c.differences.filter((d) => d.kind === 'empty-container-whitespace' && d.file === 'manifest.json').map((d) => d.path)).toEqual(['stacks.dev.annotations', 'stacks.prod.annotations']);
  });

  test('identical trees pass with no difference', () => {
    const c = compareTrees(tree('cdktn'), tree('cdktn'), context);
    expect(c).toEqual({ files: ['manifest.json', 'stacks/dev/cdk.tf.json', 'stacks/prod/cdk.tf.json'], identical: ['manifest.json', 'stacks/dev/cdk.tf.json', 'stacks/prod/cdk.tf.json'], differences: [], explained: true });
  });

  test('any other difference in cdk.tf.json fails, with its JSON path, line and both values', () => {
    const after = tree('cdktn', { edit: (s) => ((s.resource as { azuread_group: { break_glass: Record<string, unknown> } }).azuread_group.break_glass.display_name = 'Break-glass') });
    const c = compareTrees(tree('cdktf'), after, context);
    expect(c.explained).toBe(false);
    expect(unexplained(c)).toEqual([
      {
        file: 'stacks/dev/cdk.tf.json',
        path: 'resource.azuread_group.break_glass.display_name',
        line: 23,
        before: '"Break-glass exclusion"',
        after: '"Break-glass"',
        kind: 'unexplained',
        why: 'not a known engine difference: the fork changed what this stack declares',
      },
    ]);
    // The stack's fingerprint still matches its own file on each side: explained; the stack is not.
    expect(c.differences.find((d) => d.path === 'perimeter.stacks.dev')?.kind).toBe('stack-fingerprint');
    expect(renderDifferences(c, { before: 'cdktf 0.21.0', after: 'cdktn 0.24.0' })).toContain('[UNEXPLAINED] resource.azuread_group.break_glass.display_name (line 23): "Break-glass exclusion" -> "Break-glass"');
  });

  test('a block the fork adds (a different shape) fails at the path of what was added', () => {
    const after = tree('cdktn', { edit: (s) => ((s.resource as { azuread_group: { break_glass: Record<string, unknown> } }).azuread_group.break_glass.lifecycle = { prevent_destroy: true }) });
    const c = compareTrees(tree('cdktf'), after, context);
    expect(unexplained(c).map((d) => [d.path, d.before, d.after])).toEqual([['resource.azuread_group.break_glass.lifecycle', 'nothing', '{"prevent_destroy":true}']]);
    // The known differences of that file are still named as known.
    expect(c.differences.filter((d) => d.file === 'stacks/dev/cdk.tf.json' && d.kind === 'engine-version').map((d) => d.path)).toEqual(['"//".metadata.version']);
  });

  test('a file the fork did not write fails, and so does its fingerprint', () => {
    const after = tree('cdktn');
    after.delete('stacks/prod/cdk.tf.json');
    const c = compareTrees(tree('cdktf'), after, context);
    expect(c.explained).toBe(false);
    expect(unexplained(c).map((d) => [d.file, d.path, d.before, d.after, d.why])).toEqual([
      ['manifest.json', 'perimeter.stacks.prod', expect.any(String), expect.any(String), 'a fingerprint of stacks/prod/cdk.tf.json, which is not on both sides'],
      ['stacks/prod/cdk.tf.json', '(the whole file)', 'the file', 'no file', 'the fork did not write this file'],
    ]);
    const onlyFork = compareTrees(after, tree('cdktn'), { ...context, engine: { before: '0.24.0', after: '0.24.0' } });
    expect(unexplained(onlyFork).find((d) => d.file === 'stacks/prod/cdk.tf.json')?.why).toBe('only the fork wrote this file');
  });

  test('a version string that is not the two engines\' versions fails', () => {
    const c = compareTrees(tree('cdktf'), tree('cdktn', { version: '0.25.0' }), context);
    expect(unexplained(c).map((d) => [d.file, d.path, d.after])).toEqual([
      ['manifest.json', 'version', '"0.25.0"'],
      ['stacks/dev/cdk.tf.json', '"//".metadata.version', '"0.25.0"'],
      ['stacks/prod/cdk.tf.json', '"//".metadata.version', '"0.25.0"'],
    ]);
  });

  test('whitespace outside an empty object or array fails', () => {
    const after = tree('cdktn');
    after.set('stacks/dev/cdk.tf.json', after.get('stacks/dev/cdk.tf.json')!.replace('"security_enabled": true', '"security_enabled":  true'));
    const manifest = JSON.parse(after.get('manifest.json')!);
    manifest.perimeter.stacks.dev = sha(after.get('stacks/dev/cdk.tf.json')!);
    after.set('manifest.json', `${JSON.stringify(manifest, null, 2)}\n`);
    const c = compareTrees(tree('cdktf'), after, context);
    expect(unexplained(c).map((d) => [d.path, d.before, d.after])).toEqual([['resource.azuread_group.break_glass.security_enabled', '" "', '"  "']]);
    expect(unexplained(c)[0]!.why).toContain('outside an empty object or array');
  });

  test('the same keys in another order fail', () => {
    const before = tree('cdktn');
    const after = new Map(before);
    after.set('stacks/prod/cdk.tf.json', JSON.stringify({ resource: stack('0.24.0').resource, provider: stack('0.24.0').provider, '//': stack('0.24.0')['//'] }, null, 2));
    const c = compareTrees(before, after, context);
    expect(unexplained(c).map((d) => [d.file, d.why])).toContainEqual(['stacks/prod/cdk.tf.json', 'the same values in another order or shape: not a known engine difference']);
  });

  test('a recorded stack fingerprint that is not the hash of that side\'s file fails', () => {
    const after = tree('cdktn');
    const manifest = JSON.parse(after.get('manifest.json')!);
    manifest.perimeter.stacks.dev = 'c'.repeat(64);
    after.set('manifest.json', JSON.stringify(manifest, null, 2) + '\n');
    expect(unexplained(compareTrees(tree('cdktf'), after, context)).map((d) => [d.path, d.why])).toEqual([
      ['perimeter.stacks.dev', 'the recorded sha256 is not the hash of stacks/dev/cdk.tf.json as it is on that side: the manifest and the stack disagree'],
    ]);
  });

  test('a code fingerprint is explained only when the copies differ in package-lock.json alone', () => {
    const notOnlyLock = compareTrees(tree('cdktf'), tree('cdktn'), { ...context, code: { ...context.code!, lockfileOnly: false } });
    expect(unexplained(notOnlyLock).map((d) => [d.path, d.why])).toEqual([['perimeter.code', 'code files other than package-lock.json differ between the two copies']]);
    const stale = compareTrees(tree('cdktf'), tree('cdktn', { code: 'd'.repeat(64) }), context);
    expect(unexplained(stale).map((d) => d.path)).toEqual(['perimeter.code']);
  });

  test('a non-JSON file that differs fails with its first differing line', () => {
    const before = new Map([['stacks/dev/plan.txt', 'a\nb\n']]);
    const after = new Map([['stacks/dev/plan.txt', 'a\nc\n']]);
    expect(compareTrees(before, after, context).differences).toEqual([
      { file: 'stacks/dev/plan.txt', path: '(the whole file)', line: 2, before: '"b"', after: '"c"', kind: 'unexplained', why: 'a file the engine writes differently; only JSON files have known differences' },
    ]);
  });

  test('the printout caps a file at the limit, unexplained first, and counts the rest', () => {
    const after = tree('cdktn', { edit: (s) => (s.resource = { azuread_group: { break_glass: { display_name: 'x', security_enabled: false } } }) });
    const text = renderDifferences(compareTrees(tree('cdktf'), after, context), { before: 'a', after: 'b' }, 1);
    expect(text).toMatch(/stacks\/dev\/cdk\.tf\.json:\n {4}\[UNEXPLAINED\] resource/);
    expect(text).toContain('… and 3 more in this file (1 unexplained)');
  });
});

test('JSON paths in words', () => {
  expect(formatJsonPath(['//', 'metadata', 'version'])).toBe('"//".metadata.version');
  expect(formatJsonPath(['provider', 'azurerm', 0, 'features', 0])).toBe('provider.azurerm[0].features[0]');
  expect(formatJsonPath(['resource', 'azuread_group', 'a b'])).toBe('resource.azuread_group."a b"');
  expect(formatJsonPath([])).toBe('(the whole file)');
});

test('the switch: the alias, the constructs version, an override per prebuilt binding, everything else kept', () => {
  const pkg = {
    name: 'perimeter',
    dependencies: { '@cdktf/provider-azuread': '14.3.1', '@cdktf/provider-azurerm': '14.23.1', cdktf: '0.21.0', constructs: '10.4.2', yaml: '2.9.1' },
    devDependencies: { 'cdktf-cli': '0.21.0' },
  };
  expect(switchedPackageJson(pkg, { cdktn: '0.24.0', constructs: '10.6.0' })).toEqual({
    name: 'perimeter',
    dependencies: { '@cdktf/provider-azuread': '14.3.1', '@cdktf/provider-azurerm': '14.23.1', cdktf: 'npm:cdktn@0.24.0', constructs: '10.6.0', yaml: '2.9.1' },
    devDependencies: { 'cdktf-cli': '0.21.0' },
    overrides: { '@cdktf/provider-azuread': { cdktf: '$cdktf' }, '@cdktf/provider-azurerm': { cdktf: '$cdktf' } },
  });
});

test('the engine lockfile is the switched lockfile\'s entries for cdktn, what it bundles and constructs, at the same paths', () => {
  const lock: Lockfile = {
    lockfileVersion: 3,
    packages: {
      '': { name: 'perimeter' },
      'node_modules/cdktf': { name: 'cdktn', version: '0.24.0', dependencies: { semver: '7.8.5' }, peerDependencies: { constructs: '>=10.6.0 <10.8.0' } },
      'node_modules/cdktf/node_modules/semver': { version: '7.8.5', inBundle: true },
      'node_modules/cdktf/node_modules/fflate': { version: '0.8.3', inBundle: true },
      'node_modules/constructs': { version: '10.6.0' },
      'node_modules/cdktf-cli/node_modules/cdktf': { version: '0.21.0' },
      'node_modules/yaml': { version: '2.9.1' },
    },
  };
  const partial = partialLockfile(lock, { cdktf: 'npm:cdktn@0.24.0', constructs: '10.6.0' });
  expect(Object.keys(partial.packages)).toEqual(['', 'node_modules/cdktf', 'node_modules/cdktf/node_modules/fflate', 'node_modules/cdktf/node_modules/semver', 'node_modules/constructs']);
  expect(partial.packages['']).toEqual({ name: 'perimeter-engine-proof', version: '0.0.0', dependencies: { cdktf: 'npm:cdktn@0.24.0', constructs: '10.6.0' } });
  expect(partial.packages['node_modules/cdktf']).toBe(lock.packages['node_modules/cdktf']);
});

describe('what a failed npm means', () => {
  test('no registry is a network failure, in npm\'s own lines without its stack', () => {
    const refused = `npm error code ECONNREFUSED\nnpm error syscall connect\nnpm error FetchError: request to http://127.0.0.1:9/cdktn failed, reason: connect ECONNREFUSED 127.0.0.1:9\nnpm error     at ClientRequest.<anonymous> (/usr/lib/node_modules/npm/x.js:1:1)\nnpm error   code: 'ECONNREFUSED',\nnpm error A complete log of this run can be found in: /root/.npm/_logs/x.log\n`;
    expect(npmFailure(refused)).toEqual({ kind: 'network', code: 'ECONNREFUSED', lines: ['code ECONNREFUSED', 'syscall connect', 'FetchError: request to http://127.0.0.1:9/cdktn failed, reason: connect ECONNREFUSED 127.0.0.1:9'] });
    expect(npmFailure('npm error code ENOTFOUND\nnpm error network request to https://registry.npmjs.org/cdktn failed, reason: getaddrinfo ENOTFOUND registry.npmjs.org\n').kind).toBe('network');
    expect(npmFailure('npm error code EAI_AGAIN\n').kind).toBe('network');
  });

  test('a version the registry does not have, and a switch that does not resolve', () => {
    expect(npmFailure('npm error code E404\nnpm error 404 No match found for version 0.99.0\n').kind).toBe('not-found');
    const eresolve = npmFailure('npm error code ERESOLVE\nnpm error ERESOLVE unable to resolve dependency tree\nnpm error Found: constructs@10.4.2\nnpm error peer constructs@">=10.6.0 <10.8.0" from cdktf@0.24.0\n');
    expect(eresolve.kind).toBe('resolve');
    expect(eresolve.lines).toContain('peer constructs@">=10.6.0 <10.8.0" from cdktf@0.24.0');
    expect(npmFailure('npm error code EACCES\n').kind).toBe('other');
  });
});

/** A probe as a synth process records it: packages by directory, and which package loaded which. */
function probe(engineDir: string, bindingsLoad: string, packages: Probe['packages']): Probe {
  return {
    node: 'v20.20.2',
    packages,
    requires: [
      { from: '(project)', to: engineDir, modules: 1 },
      { from: '(project)', to: '/s/cdktn/node_modules/@cdktf/provider-azuread', modules: 13 },
      { from: '/s/cdktn/node_modules/@cdktf/provider-azuread', to: bindingsLoad, modules: 11 },
      { from: '/s/cdktn/node_modules/@cdktf/provider-azuread', to: '/s/cdktn/node_modules/constructs', modules: 11 },
      { from: engineDir, to: '/s/cdktn/node_modules/constructs', modules: 9 },
    ],
  };
}
const forkPackages: Probe['packages'] = {
  '/s/cdktn/node_modules/cdktf': { name: 'cdktn', version: '0.24.0' },
  '/s/cdktn/node_modules/constructs': { name: 'constructs', version: '10.6.0' },
  '/s/cdktn/node_modules/@cdktf/provider-azuread': { name: '@cdktf/provider-azuread', version: '14.3.1' },
};

describe('which engine the bindings loaded', () => {
  test('bindings and app on the one fork copy: no problem, and each use named', () => {
    const r = engineLoads(probe('/s/cdktn/node_modules/cdktf', '/s/cdktn/node_modules/cdktf', forkPackages), { name: 'cdktn', version: '0.24.0' });
    expect(r.problems).toEqual([]);
    expect(r.uses.map((u) => `${u.user} -> ${u.engine} at ${u.engineDir}`)).toEqual([
      '@cdktf/provider-azuread 14.3.1 -> cdktn 0.24.0 at /s/cdktn/node_modules/cdktf',
      'the app (app/cdktf.ts) -> cdktn 0.24.0 at /s/cdktn/node_modules/cdktf',
    ]);
  });

  test('a binding that followed its symlink to the real cdktf fails, with both copies named', () => {
    const packages = { ...forkPackages, '/work/main/node_modules/cdktf': { name: 'cdktf', version: '0.21.0' } };
    const r = engineLoads(probe('/s/cdktn/node_modules/cdktf', '/work/main/node_modules/cdktf', packages), { name: 'cdktn', version: '0.24.0' });
    expect(r.problems).toEqual([
      '@cdktf/provider-azuread 14.3.1 loaded cdktf 0.21.0 from /work/main/node_modules/cdktf, not cdktn 0.24.0',
      '2 copies of the engine were loaded (cdktn 0.24.0 at /s/cdktn/node_modules/cdktf; cdktf 0.21.0 at /work/main/node_modules/cdktf): the bindings and the app must share one',
    ]);
  });

  test('a synth that loaded no binding proves nothing about them', () => {
    const packages = { '/s/cdktn/node_modules/cdktf': forkPackages['/s/cdktn/node_modules/cdktf']!, '/s/cdktn/node_modules/constructs': forkPackages['/s/cdktn/node_modules/constructs']! };
    const p: Probe = { node: 'v20', packages, requires: [{ from: '(project)', to: '/s/cdktn/node_modules/cdktf', modules: 1 }] };
    expect(engineLoads(p, { name: 'cdktn', version: '0.24.0' }).problems).toEqual(['no provider binding was loaded: the synth proves nothing about them']);
  });

  test('every loaded package must be what the lockfile pins at its path, the alias by its real name', () => {
    const lock: Lockfile = {
      packages: {
        'node_modules/cdktf': { name: 'cdktn', version: '0.24.0' },
        'node_modules/constructs': { version: '10.6.0' },
        'node_modules/@cdktf/provider-azuread': { version: '14.3.1' },
      },
    };
    const p = probe('/s/cdktn/node_modules/cdktf', '/s/cdktn/node_modules/cdktf', forkPackages);
    expect(lockfileProblems(p, '/s/cdktn', lock)).toEqual([]);
    const drifted = { ...lock, packages: { ...lock.packages, 'node_modules/constructs': { version: '10.7.2' } } };
    expect(lockfileProblems(p, '/s/cdktn', drifted)).toEqual(['node_modules/constructs is constructs 10.6.0, but the lockfile pins constructs 10.7.2']);
    const outside = { ...p, packages: { ...forkPackages, '/work/main/node_modules/cdktf': { name: 'cdktf', version: '0.21.0' } } };
    expect(lockfileProblems(outside, '/s/cdktn', lock)).toEqual(['cdktf 0.21.0 was loaded from /work/main/node_modules/cdktf, outside /s/cdktn/node_modules']);
  });
});

describe('the command', () => {
  test('a version that is not exact, or an unknown flag, is a usage error (exit 2) before anything runs', () => {
    const latest = commandOutcome(() => runEngineProof(['--cdktn', 'latest'], REPO_ROOT, () => {}));
    expect(latest.exitCode).toBe(2);
    expect(latest.stderr).toContain('"latest" is not an exact version (like 0.24.0)');
    expect(commandOutcome(() => runEngineProof(['--bogus'], REPO_ROOT, () => {})).stderr).toContain('unknown option "--bogus"');
  });

  test('no npm registry: a clear message and exit 2, no stack trace, within seconds', () => {
    const saved = { registry: process.env.npm_config_registry, cache: process.env.npm_config_cache };
    const cache = mkdtempSync(join(tmpdir(), 'perimeter-npm-cache-'));
    process.env.npm_config_registry = 'http://127.0.0.1:9/';
    process.env.npm_config_cache = cache;
    try {
      const r = commandOutcome(() => runEngineProof([], REPO_ROOT, () => {}));
      expect(r.exitCode).toBe(2);
      expect(r.stderr).toContain('cannot reach the npm registry (ECONNREFUSED) while looking up cdktn@0.24.0');
      expect(r.stderr).not.toMatch(/^\s+at /m);
    } finally {
      for (const [k, v] of Object.entries({ npm_config_registry: saved.registry, npm_config_cache: saved.cache })) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
      rmSync(cache, { recursive: true, force: true });
    }
  }, 60_000);

  // Needs the npm registry (or a warm npm cache) and about 15 s: PERIMETER_ENGINE_PROOF=1 runs it.
  const endToEnd = process.env.PERIMETER_ENGINE_PROOF === '1' ? test : test.skip;
  endToEnd('end to end (skipped unless PERIMETER_ENGINE_PROOF=1, it needs the npm registry): cdktn 0.24.0 passes and the bindings load it', () => {
    const r = commandOutcome(() => runEngineProof([], REPO_ROOT, () => {}));
    expect([r.exitCode, r.stderr ?? '']).toEqual([0, '']);
    expect(r.stdout).toMatch(/@cdktf\/provider-azuread 14\.3\.1 -> cdktn 0\.24\.0 at <scratch>\/cdktn\/node_modules\/cdktf/);
    expect(r.stdout).toMatch(/@cdktf\/provider-azurerm 14\.23\.1 -> cdktn 0\.24\.0 at <scratch>\/cdktn\/node_modules\/cdktf/);
    expect(r.stdout).toContain('verdict: PASS');
  }, 600_000);
});
