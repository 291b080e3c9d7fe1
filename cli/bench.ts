/**
 * npm run bench [-- --count 200000] [--env <name>]
 *
 * Evaluates a generated, deterministic set of sign-ins against the synthesized policies of the
 * highest-ring environment (or --env) and prints the throughput as `N sign-ins/s`, then times
 * the break-glass lockout proof. Reads cdktf.out like the What If CLI; run `npm run synth` first.
 * Then synth at the tenant limit against a plain cdktf app, and a 200-policy import
 * (cli/bench-scale.ts), on generated environments in a temporary folder.
 */
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isGuid } from '../core/ids';
import { suitesOf } from '../core/microsoft/app-sets';
import { orderByRing } from '../core/rings';
import { analyseCoverage } from '../analysis/coverage/coverage';
import { personaBaseline } from '../analysis/coverage/personas-baseline';
import { generateSignIns } from '../analysis/replay/generate';
import { Replay } from '../analysis/replay/replay';
import { compileEnvironment, type CompiledEnvironment } from '../analysis/whatif/compile';
import { evaluate } from '../analysis/whatif/evaluate';
import { proveBreakGlass } from '../analysis/whatif/lockout';
import { personas } from '../analysis/whatif/personas';
import type { Decision } from '../analysis/whatif/result';
import { CLIENT_APPS, DEVICE_STATES, FLOWS, SIGN_IN_PLATFORMS, type SignIn } from '../analysis/whatif/signin';
import { declaredFacts } from '../environment/declared';
import { parseCommand, usageError } from './args';
import { DEFAULT_ENVIRONMENTS_DIR, loadEnvironments } from './environments';
import { measureScale } from './bench-scale';
import { replayFiles } from './replay';
import { EXIT, type CommandResult } from './run';
import { DEFAULT_OUTDIR, findSynthesizedStack, readStackFile } from './stacks';
import { didYouMean } from '../core/text';
import { seededRandom } from '../core/random';

const BENCH = {
  command: 'bench',
  summary: 'What If throughput and the break-glass lockout proof time, on generated sign-ins',
  options: {
    count: { type: 'string', value: 'n', help: 'how many sign-ins to generate (default 200000)' },
    env: { type: 'string', value: 'name', help: 'the environment (default the highest ring)' },
    outdir: { type: 'string', value: 'dir', help: `where npm run synth wrote the stacks (default ${DEFAULT_OUTDIR})` },
    environments: { type: 'string', value: 'dir', help: `the environments folder (default ${DEFAULT_ENVIRONMENTS_DIR})` },
    'skip-scale': { type: 'boolean', help: 'leave out synth at the tenant limit, the 200-policy import and the 200-policy coverage proof (about 6 s)' },
    'replay-count': { type: 'string', value: 'n', help: 'how many synthetic sign-in records the replay is timed on (default 20000, at most --count)' },
  },
} as const;

/**
 * Replay throughput: synthetic Graph records for the environment written to a temporary
 * JSON-lines file, then streamed through exactly what `npm run replay` runs.
 */
function measureReplay(env: CompiledEnvironment, count: number): { perSecond: number; bytes: number; verdicts: number; heapMiB: number } {
  const logs = generateSignIns(env, { count });
  const dir = mkdtempSync(join(tmpdir(), 'perimeter-bench-replay-'));
  try {
    const file = join(dir, 'signins.jsonl');
    writeFileSync(file, logs.records.map((r) => JSON.stringify(r)).join('\n') + '\n');
    const directory = new Map(Object.entries(logs.directory));
    let best = Infinity;
    let verdicts = 0;
    let heapMiB = 0;
    for (let round = 0; round < 3; round++) {
      const replay = new Replay(env, undefined);
      const heapBefore = process.memoryUsage().rss;
      const cpuBefore = process.cpuUsage();
      replayFiles([file], replay, directory, dir, false);
      const cpu = process.cpuUsage(cpuBefore);
      heapMiB = Math.max(heapMiB, (process.memoryUsage().rss - heapBefore) / 1048576);
      best = Math.min(best, (cpu.user + cpu.system) / 1e6);
      verdicts = replay.result().agreement.compared;
    }
    return { perSecond: Math.round(count / best), bytes: statSync(file).size, verdicts, heapMiB };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** CPU milliseconds of one call: on a shared machine, time on the core rather than the wall clock. */
function cpuMillis(run: () => void): number {
  const before = process.cpuUsage();
  run();
  const used = process.cpuUsage(before);
  return (used.user + used.system) / 1000;
}

/** The coverage report of the environment (best of 3), and with the scale runs, of a generated 200-policy persona-based set (best of 5). */
function measureCoverage(model: ReturnType<typeof readStackFile>, scale: boolean): { sample: number; personas?: { best: number; first: number; space: number; heapMb: number } } {
  const sample = Math.min(...Array.from({ length: 3 }, () => cpuMillis(() => analyseCoverage(model))));
  if (!scale) return { sample };
  const set = personaBaseline(200);
  let space = 0;
  const first = cpuMillis(() => (space = analyseCoverage(set).report.space));
  const best = Math.min(...Array.from({ length: 5 }, () => cpuMillis(() => analyseCoverage(set))));
  return { sample, personas: { best, first, space, heapMb: process.memoryUsage().heapUsed / 2 ** 20 } };
}

export function runBench(argv: readonly string[]): CommandResult {
  const { options } = parseCommand(BENCH, argv);
  const count = Number(options.count ?? 200_000);
  if (!/^\d+$/.test(options.count ?? '1') || !Number.isSafeInteger(count) || count < 1) {
    throw usageError('bench', [`--count ${JSON.stringify(options.count)} must be a whole number of 1 or more`]);
  }
  const environmentsDir = options.environments ?? DEFAULT_ENVIRONMENTS_DIR;
  const outdir = options.outdir ?? DEFAULT_OUTDIR;
  const environments = loadEnvironments(environmentsDir);
  const chosen = options.env;
  const environment = chosen ? environments.find((e) => e.name === chosen) : orderByRing(environments).at(-1);
  if (!environment) throw usageError('bench', [`--env ${JSON.stringify(chosen)}: no such environment in ${environmentsDir}${didYouMean(chosen ?? '', environments.map((e) => e.name))} (${environments.map((e) => e.name).join(', ')})`]);
  const model = readStackFile(findSynthesizedStack(environment.name, outdir, process.cwd(), environmentsDir), { name: environment.name, declared: declaredFacts(environment) });
  const env = compileEnvironment(model);
  // Before the sign-ins are generated, so the heap figure is the coverage runs' (and the loaded model's).
  const coverage = measureCoverage(model, !options['skip-scale']);

  const rnd = seededRandom(20261122);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const people = personas(model).map((p) => p.user);
  const groups = model.groups.map((g) => g.id);
  const roles = [...new Set(model.policies.flatMap((p) => p.conditions.users.includeRoles.map((r) => r.id)))];
  const appIds = [...new Set(model.policies.flatMap((p) => [...p.conditions.applications.includeApplications, ...p.conditions.applications.excludeApplications].map((a) => a.id)))].filter(isGuid);
  appIds.push('00000002-0000-0ff1-ce00-000000000000', '00000003-0000-0ff1-ce00-000000000000', 'c44b4083-3bb0-49c1-b47d-974e53cbdf3c');
  const addresses = ['203.0.113.10', '203.0.113.201', '198.51.100.20', '198.51.100.70', '198.51.100.97', '192.0.2.10', '192.0.2.200', '2001:db8::10'];
  const countries = ['GB', 'DE', 'IN', 'US', 'FR', 'unknown'];
  const levels = ['none', 'none', 'none', 'low', 'medium', 'high'] as const;
  const signIns: SignIn[] = [];
  for (let i = 0; i < count; i++) {
    const base = rnd() < 0.7 ? { id: `e1000000-0000-4000-8000-${String(i % 5000).padStart(12, '0')}` } : pick(people);
    const appRoll = rnd();
    const appId = appRoll < 0.6 ? pick(appIds) : undefined;
    signIns.push({
      user: {
        ...base,
        groups: rnd() < 0.1 && groups.length ? [pick(groups)] : [],
        roles: rnd() < 0.05 ? [pick(roles)] : (base.roles ?? []),
      },
      resource: appRoll > 0.97 ? { kind: 'userAction', action: 'urn:user:registersecurityinfo' } : { kind: 'app', ...(appId ? { appId } : {}), suites: appId ? suitesOf(appId) : [] },
      clientApp: rnd() < 0.9 ? pick(CLIENT_APPS.slice(0, 2)) : pick(CLIENT_APPS),
      platform: pick(SIGN_IN_PLATFORMS),
      ip: pick(addresses),
      country: pick(countries),
      device: rnd() < 0.05 ? { state: 'hybrid', properties: { isCompliant: 'True' } } : { state: pick(DEVICE_STATES) },
      signInRisk: pick(levels),
      userRisk: pick(levels),
      flow: rnd() < 0.95 ? 'none' : pick(FLOWS),
    });
  }

  // Warm up the JIT on a slice, then measure the whole set.
  for (let i = 0; i < Math.min(20_000, count); i++) evaluate(env, signIns[i]!);
  // Three timed rounds over the same set; the best is the figure least disturbed by other work
  // on a shared machine, the median says how typical it is.
  const rounds: { cpuSeconds: number; wallSeconds: number }[] = [];
  let decisions: Record<Decision, number> = { block: 0, grant: 0, allow: 0, notEnoughInformation: 0 };
  for (let round = 0; round < 3; round++) {
    decisions = { block: 0, grant: 0, allow: 0, notEnoughInformation: 0 };
    const started = process.hrtime.bigint();
    const cpuBefore = process.cpuUsage();
    for (const s of signIns) decisions[evaluate(env, s).decision]++;
    const cpu = process.cpuUsage(cpuBefore);
    // The evaluator is single-threaded: CPU time is time on one core and, unlike wall-clock
    // time, does not count the moments a busy shared machine gives the core to someone else.
    rounds.push({ cpuSeconds: (cpu.user + cpu.system) / 1e6, wallSeconds: Number(process.hrtime.bigint() - started) / 1e9 });
  }
  const byCpu = [...rounds].sort((a, b) => a.cpuSeconds - b.cpuSeconds);
  const best = byCpu[0]!;
  const median = byCpu[1]!;
  const perSecond = Math.round(count / best.cpuSeconds);
  const perWallSecond = Math.round(count / Math.min(...rounds.map((r) => r.wallSeconds)));
  const medianPerSecond = Math.round(count / median.cpuSeconds);

  const proofTimes: number[] = [];
  let proved = false;
  for (let i = 0; i < 5; i++) {
    const proof = proveBreakGlass(env);
    proofTimes.push(proof.millis);
    proved = proof.proved;
  }
  proofTimes.sort((a, b) => a - b);

  const replayCount = Number(options['replay-count'] ?? Math.min(20_000, count));
  if (!/^\d+$/.test(options['replay-count'] ?? '1') || replayCount < 1) throw usageError('bench', [`--replay-count ${JSON.stringify(options['replay-count'])} must be a whole number of 1 or more`]);
  const replay = measureReplay(env, replayCount);
  const scale = options['skip-scale'] ? undefined : measureScale();
  const fmt = (n: number) => n.toLocaleString('en-US');
  return {
    exitCode: EXIT.ok,
    stdout: [
      `environment: ${environment.name} (ring ${environment.ring}), ${model.policies.length} policies (${model.policies.filter((p) => p.state === 'enabled').length} enabled, ${model.policies.filter((p) => p.state === 'enabledForReportingButNotEnforced').length} report-only)`,
      `evaluated ${fmt(count)} generated sign-ins, 3 rounds, best ${best.cpuSeconds.toFixed(3)} s of CPU (${best.wallSeconds.toFixed(3)} s wall clock): block ${fmt(decisions.block)}, grant ${fmt(decisions.grant)}, allow ${fmt(decisions.allow)}, notEnoughInformation ${fmt(decisions.notEnoughInformation)}`,
      `${fmt(perSecond)} sign-ins/s (one core, best round by CPU time; median round ${fmt(medianPerSecond)} sign-ins/s; best by wall clock ${fmt(perWallSecond)} sign-ins/s)`,
      `lockout proof: ${proved ? 'proved' : 'FAILED'} in ${proofTimes[0]!.toFixed(1)} ms (best of 5; worst ${proofTimes.at(-1)!.toFixed(1)} ms)`,
      `coverage proof of ${environment.name}: ${coverage.sample.toFixed(1)} ms of CPU (best of 3)`,
      ...(coverage.personas
        ? [
            `coverage proof of a generated 200-policy persona set (${fmt(coverage.personas.space)} sign-in classes): ${coverage.personas.best.toFixed(1)} ms of CPU (best of 5; first run ${coverage.personas.first.toFixed(0)} ms), heap ${coverage.personas.heapMb.toFixed(0)} MB in use after the runs, the whole process (target under 100 ms and 200 MB)`,
          ]
        : []),
      `replay from a JSON-lines file (${fmt(replayCount)} synthetic Graph sign-in records, ${(replay.bytes / replayCount / 1024).toFixed(1)} KB each, ${fmt(replay.verdicts)} Entra verdicts): ` +
        `${fmt(replay.perSecond)} sign-ins/s on one core (read, parse, map, What If, count and calibrate; best of 3 by CPU time; target 200,000/s); resident memory grew ${replay.heapMiB.toFixed(1)} MiB (bounded caches, not the file)`,
      ...(scale
        ? [
            `synth at the tenant limit: 3 environments x ${scale.policiesPerEnvironment} policies (${fmt(scale.resources)} resources) in ${scale.synthMillis.toFixed(0)} ms; ` +
              `a plain cdktf app with as many resources in ${scale.yardstickMillis.toFixed(0)} ms: ${(scale.synthMillis / scale.yardstickMillis).toFixed(2)}x (target at most 2x; best of 3 each)`,
            `import of a 200-policy export (--dry-run, every environment synthesized twice): ${scale.importMillis.toFixed(0)} ms (target under 2 s; best of 3)`,
          ]
        : []),
      '',
    ].join('\n'),
  };
}

