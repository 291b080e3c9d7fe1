/**
 * `npm run import -- --from <path> --env <name> [--json] [--dry-run] [--out <file>]`: brings
 * an existing tenant's Conditional Access under review (docs/adoption.md).
 *
 * It reads the export (cli walks the folder, analysis/adoption/read.ts reads the bytes),
 * decides what every policy and named location becomes (analysis/adoption/adopt.ts), writes
 * the environment's sections, the custom policies and the unmanaged snapshot in memory,
 * loads and synthesizes every environment as they would then be, and compares each imported
 * object with its synthesized self (analysis/adoption/fidelity.ts). Only then, and only
 * without --dry-run, are the files written, all together. Bad input writes nothing.
 *
 * Exit codes (cli/run.ts): 0 imported (or a clean dry run); 1 imported, but synth of the
 * result stops on a guardrail or the lockout proof fails (the report says what to fix);
 * 2 bad input, nothing written.
 */
import { lstatSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { stringify } from 'yaml';
import { TF } from '../core/addresses';
import { CUSTOM_POLICY_ID_PATTERN } from '../core/ids';
import { PerimeterError, isPerimeterError, type Problem } from '../core/problems';
import { buildApp } from '../app/app';
import { adoptedObjectIds, planAdoption, type AdoptionPlan } from '../analysis/adoption/adopt';
import { fidelityEntries, fidelityMarkdown, type FidelityReport } from '../analysis/adoption/fidelity';
import { mapLocationRefs, type AdoptionTarget } from '../analysis/adoption/plan';
import { readExports } from '../analysis/adoption/read';
import type { ExportFile, ReadExports } from '../analysis/adoption/types';
import { readSynthesizedStack } from '../analysis/model/read';
import type { EnvironmentModel, PolicyModel } from '../analysis/model/types';
import { compileEnvironment } from '../analysis/whatif/compile';
import { formatProof } from '../analysis/whatif/format';
import { proveBreakGlass } from '../analysis/whatif/lockout';
import { declaredFacts } from '../environment/declared';
import { editEnvironmentText } from '../environment/edit';
import type { Environment } from '../environment/environment';
import type { EnvironmentSource } from '../environment/load';
import { parseCommand } from './args';
import {
  checkEnvironmentName,
  customPoliciesDir,
  DEFAULT_ENVIRONMENTS_DIR,
  loadEnvironmentFolder,
  readEnvironmentFolder,
  readRegularFile,
  unmanagedSnapshotPath,
  type EnvironmentFolder,
} from './environments';
import { STDOUT, writeFilesTogether, writeOutput } from './output';
import { EXIT, type CommandResult } from './run';

const IMPORT = {
  command: 'import',
  summary: "adopt an existing tenant's Conditional Access policies and named locations from a Microsoft Graph export",
  options: {
    from: { type: 'string', required: true, value: 'path', help: 'the export: a JSON file, or a folder read recursively (EntraExporter layout, one object per file, Graph lists)' },
    env: { type: 'string', required: true, value: 'name', help: 'the environment the tenant is (environments/<name>.yaml must exist, with its tenantId and break-glass accounts)' },
    json: { type: 'boolean', help: 'print the fidelity report as one JSON object instead of Markdown' },
    'dry-run': { type: 'boolean', help: 'decide and report everything, write nothing' },
    out: { type: 'string', value: 'file', help: 'write the report to this file instead; - is standard output' },
    environments: { type: 'string', value: 'dir', help: `the environments folder (default ${DEFAULT_ENVIRONMENTS_DIR})` },
  },
} as const;

/** An export bigger than this is not one tenant's Conditional Access. */
const MAX_FILES = 20_000;

const stopped = (problems: readonly Problem[], why = 'nothing was written') => new PerimeterError(problems, `perimeter: import stopped; ${why}`);

const shown = (path: string) => relative(process.cwd(), path) || path;

/** Every `.json` file under `from` (or `from` itself), in path order; hidden entries are skipped. */
function readExportFiles(from: string): ExportFile[] {
  const root = shown(from);
  let isDirectory: boolean;
  try {
    isDirectory = lstatSync(from).isDirectory();
  } catch {
    throw stopped([{ file: root, path: '', message: 'does not exist; --from names the exported file or folder' }]);
  }
  if (!isDirectory) {
    const read = readRegularFile(from, root, 'an exported JSON file');
    if ('problem' in read) throw stopped([read.problem]);
    return [{ path: root, bytes: read.bytes }];
  }
  const paths: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      if (entry.name.startsWith('.')) continue;
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (/\.json$/i.test(entry.name)) paths.push(path);
      if (paths.length > MAX_FILES) throw stopped([{ file: root, path: '', message: `holds more than ${MAX_FILES} JSON files; point --from at the Conditional Access export itself` }]);
    }
  };
  walk(from);
  if (!paths.length) throw stopped([{ file: root, path: '', message: 'holds no .json files; --from names a Graph export (a file, or a folder of them)' }]);
  const problems: Problem[] = [];
  const files: ExportFile[] = [];
  for (const path of paths) {
    const read = readRegularFile(path, shown(path), 'an exported JSON file');
    if ('problem' in read) problems.push(read.problem);
    else files.push({ path: shown(path), bytes: read.bytes });
  }
  if (problems.length) throw stopped(problems);
  return files;
}

/** Synthesizes in memory; guardrail errors are collected, not thrown. Nothing is written. */
function synthesizeInMemory(environments: readonly Environment[]) {
  const { stacks, guardrails } = buildApp(environments, { stopOnGuardrailErrors: false });
  const model = (name: string): EnvironmentModel => {
    const stack = stacks.find((s) => s.node.id === name)!;
    const environment = environments.find((e) => e.name === name)!;
    return readSynthesizedStack(guardrails.synthesized(stack), { name, declared: declaredFacts(environment) });
  };
  const report = guardrails.evaluate();
  const { input, findings } = guardrails.errors();
  const warnings = report.findings.filter((f) => f.severity === 'warning' && !f.suppressedBy).map((f) => `${f.rule.id} [${f.environment}] ${f.address}: ${f.message}`);
  return { model, errors: [...input, ...findings].map((p) => `${p.file}: ${p.path ? `${p.path}: ` : ''}${p.message}`), warnings };
}

/** The parts of the environment an import reads. */
function targetOf(environment: Environment, folder: EnvironmentFolder): AdoptionTarget {
  const namedLocations: AdoptionTarget['namedLocations'] = Object.fromEntries(
    Object.entries(environment.namedLocations).map(([key, l]) => [
      key,
      l.kind === 'ip'
        ? { kind: 'ip' as const, ipRanges: l.ipRanges, trusted: l.trusted, ...(l.adopt ? { adopt: l.adopt } : {}) }
        : { kind: 'country' as const, countries: l.countries, includeUnknown: l.includeUnknown, lookupMethod: l.lookupMethod, ...(l.adopt ? { adopt: l.adopt } : {}) },
    ]),
  );
  const customIds = folder.customSources.map((s) => s.name).filter((n) => CUSTOM_POLICY_ID_PATTERN.test(n));
  return {
    groups: environment.groups,
    apps: environment.apps,
    namedLocations,
    adopted: new Map(environment.conditionalAccess.policies.flatMap((p) => (p.adopt ? [[p.definition.id, p.adopt.toLowerCase()] as const] : []))),
    customIds,
    breakGlassAccounts: environment.breakGlass.accounts,
    directorySyncAccounts: environment.directorySync?.accounts ?? [],
  };
}

/** The environment's baseline policies as synthesized, each named location they name as the object the environment adopts for it. */
function baselineCandidates(model: EnvironmentModel, environment: Environment): PolicyModel[] {
  return model.policies
    .filter((p) => /^CA\d{3}$/.test(p.id))
    .map((p) =>
      mapLocationRefs(p, (r) => {
        if (r.terraform?.type !== TF.namedLocation) return r;
        const adopt = environment.namedLocations[r.terraform.name]?.adopt;
        return adopt ? { id: adopt.toLowerCase(), label: r.label } : r;
      }),
    );
}

/** Another environment adopting one of these objects is another tenant claiming them: a copy-paste mistake. */
function claimedElsewhere(plan: AdoptionPlan, environments: readonly Environment[], name: string): Problem[] {
  const ids = new Set(adoptedObjectIds(plan));
  const problems: Problem[] = [];
  for (const other of environments.filter((e) => e.name !== name)) {
    for (const p of other.conditionalAccess.policies) {
      if (p.adopt && ids.has(p.adopt.toLowerCase())) problems.push({ file: other.file, path: `policies.${p.definition.id}.adopt`, message: `adopts ${p.adopt}, which the export for ${name} holds: an object lives in one tenant, so one environment adopts it` });
    }
    for (const [key, l] of Object.entries(other.namedLocations)) {
      if (l.adopt && ids.has(l.adopt.toLowerCase())) problems.push({ file: other.file, path: `namedLocations.${key}.adopt`, message: `adopts ${l.adopt}, which the export for ${name} holds: an object lives in one tenant, so one environment adopts it` });
    }
  }
  return problems;
}

const CUSTOM_HEADER = (id: string, name: string, objectId: string) =>
  '# yaml-language-server: $schema=../../schema/custom-policy.schema.json\n' +
  `# ${id}: imported by \`npm run import\` from the tenant's policy ${JSON.stringify(name)} (${objectId}).\n` +
  '# It is reviewed, synthesized, checked and promoted like the baseline (docs/adoption.md).\n';

const SNAPSHOT_NOTE =
  "The tenant's Conditional Access objects perimeter does not manage, written by npm run import. Read-only: a deploy never changes them, but What If, the lockout proof, the policy limit and the diff count them. Refresh it by importing a new export.";

interface PlannedFile {
  readonly path: string;
  readonly text: string;
  readonly before?: string;
}

const readText = (path: string): string | undefined => {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
};

export function runImport(argv: readonly string[]): CommandResult {
  const { options } = parseCommand(IMPORT, argv);
  const name = options.env!;
  checkEnvironmentName(name, 'import');
  const environmentsDir = options.environments ?? DEFAULT_ENVIRONMENTS_DIR;
  const dryRun = options['dry-run'] ?? false;

  const exports: ReadExports = readExports(readExportFiles(options.from!));
  if (exports.problems.length) throw stopped(exports.problems);

  const folder = readEnvironmentFolder(environmentsDir);
  const source = folder.sources.find((s) => s.name === name);
  if (!source && !folder.problems.length) {
    throw stopped([{ file: join(shown(environmentsDir), `${name}.yaml`), path: '', message: 'does not exist; write the environment first (tenantId, ring, stage: off, breakGlass), then import into it (docs/adoption.md)' }]);
  }
  let environments: Environment[];
  try {
    environments = loadEnvironmentFolder(folder);
  } catch (e) {
    if (isPerimeterError(e)) throw stopped(e.problems, 'the environments must load before an import; nothing was written');
    throw e;
  }
  const environment = environments.find((e) => e.name === name)!;
  if (exports.tenantId && exports.tenantId !== environment.tenantId.toLowerCase()) {
    throw stopped([
      {
        file: environment.file,
        path: 'tenantId',
        message: `is ${environment.tenantId}, but the export comes from the tenant ${exports.tenantId} (its migration table says so): import each tenant's export into its own environment`,
      },
    ]);
  }

  const before = synthesizeInMemory(environments);
  const plan = planAdoption({ exports, target: targetOf(environment, folder), file: environment.file, baseline: baselineCandidates(before.model(name), environment) });
  const conflicts = [...plan.problems, ...claimedElsewhere(plan, environments, name)];
  if (conflicts.length) throw stopped(conflicts);

  // Every file as the import would leave it.
  const environmentText = editEnvironmentText(Buffer.from(source!.text).toString('utf8'), plan.sections);
  const customDir = customPoliciesDir(environmentsDir);
  const files: PlannedFile[] = [{ path: join(environmentsDir, `${name}.yaml`), text: environmentText, before: Buffer.from(source!.text).toString('utf8') }];
  for (const f of plan.customFiles) {
    const decision = plan.policies.find((d) => d.outcome === 'custom' && d.id === f.id)!;
    const path = join(customDir, `${f.id}.yaml`);
    const text = `${CUSTOM_HEADER(f.id, decision.policy.displayName, decision.policy.originalId)}${stringify(f.data, { lineWidth: 0, aliasDuplicateObjects: false })}`;
    files.push({ path, text, ...(readText(path) !== undefined ? { before: readText(path)! } : {}) });
  }
  const snapshotPath = unmanagedSnapshotPath(environmentsDir, name);
  const snapshotBefore = readText(snapshotPath);
  if (plan.snapshot.length || snapshotBefore !== undefined) {
    files.push({ path: snapshotPath, text: `${JSON.stringify({ '@perimeter.snapshot': SNAPSHOT_NOTE, value: plan.snapshot }, null, 2)}\n`, ...(snapshotBefore !== undefined ? { before: snapshotBefore } : {}) });
  }

  // The folder as it would be, loaded and synthesized: what the import writes must load.
  const bytes = (text: string) => new TextEncoder().encode(text);
  const customSources = new Map<string, EnvironmentSource>(folder.customSources.map((s) => [s.name, s]));
  for (const f of plan.customFiles) customSources.set(f.id, { name: f.id, file: shown(join(customDir, `${f.id}.yaml`)), text: bytes(files.find((x) => x.path === join(customDir, `${f.id}.yaml`))!.text) });
  const snapshots = new Map(folder.snapshots);
  const snapshotFile = files.find((f) => f.path === snapshotPath);
  if (snapshotFile) snapshots.set(name, { file: shown(snapshotPath), bytes: bytes(snapshotFile.text) });
  const after: EnvironmentFolder = {
    ...folder,
    sources: folder.sources.map((s) => (s.name === name ? { ...s, text: bytes(environmentText) } : s)),
    customSources: [...customSources.values()].sort((a, b) => (a.name < b.name ? -1 : 1)),
    snapshots,
  };
  let imported: Environment[];
  try {
    imported = loadEnvironmentFolder(after);
  } catch (e) {
    if (isPerimeterError(e)) throw stopped(e.problems, 'the environment as the import would leave it does not load: fix what is named here, then import again; nothing was written');
    throw e;
  }
  const result = synthesizeInMemory(imported);
  const model = result.model(name);
  const compiled = compileEnvironment(model);
  const proof = proveBreakGlass(compiled);
  const entries = fidelityEntries(plan, model);

  const report: FidelityReport = {
    environment: name,
    tenantId: environment.tenantId,
    from: options.from!,
    dryRun,
    files: files.map((f) => ({ path: shown(f.path), change: f.before === undefined ? 'created' : f.before === f.text ? 'unchanged' : 'updated' })),
    ...entries,
    groups: Object.entries(plan.sections.groups).map(([key, g]) => ({ key, objectId: g.objectId, ...(g.description ? { displayName: g.description } : {}) })),
    apps: Object.entries(plan.sections.apps).map(([key, appId]) => ({ key, appId, ...(exports.names.get(appId)?.displayName ? { displayName: exports.names.get(appId)!.displayName } : {}) })),
    guardrails: { errors: result.errors, warnings: result.warnings },
    lockoutProof: { proved: proof.proved, summary: formatProof(compiled, proof).split('\n').filter((l) => !/^\s+searched /.test(l) && l.trim() !== '') },
    warnings: [
      ...exports.warnings,
      ...(exports.tenantId ? [] : [`the export does not name its tenant (no migration table): check that it comes from ${environment.tenantId} (${name})`]),
    ],
  };

  if (!dryRun) writeFilesTogether(files.filter((f) => f.before !== f.text), 'import');
  const text = options.json ? `${JSON.stringify(report, null, 2)}\n` : fidelityMarkdown(report);
  const exitCode = result.errors.length || !proof.proved ? EXIT.finding : EXIT.ok;
  const out = options.out ?? STDOUT;
  if (out === STDOUT) return { stdout: text, exitCode };
  writeOutput(out, text, 'import');
  return { stdout: `wrote ${out}\n`, exitCode };
}
