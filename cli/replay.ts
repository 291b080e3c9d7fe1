/**
 * `npm run replay -- --env <name> --logs <file or folder> [--directory <file>] [--base <git ref>] [--json | --format html]`
 *
 * Replays exported Entra sign-in logs against the environment's synthesized policies (and,
 * with --base, a git ref's) with the offline What If, and compares What If's verdicts with
 * Entra's own (analysis/replay). The files are streamed in chunks: memory stays flat whatever
 * their size. On a terminal a progress bar with the rate and an ETA goes to stderr.
 *
 * `--generate <n>` writes n synthetic sign-ins for the environment as JSON lines instead (and
 * `--generate-directory` their directory map): the fixtures and the bench use them.
 *
 * Exit codes (cli/run.ts): 0 replayed, 2 bad input (a file that is no sign-in export, a bad
 * directory, a stale cdktf.out).
 */
import { closeSync, openSync, readdirSync, readSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import { isGuid } from '../core/ids';
import { PerimeterError, type Problem } from '../core/problems';
import { readSynthesizedStack } from '../analysis/model/read';
import { replayDocument } from '../analysis/replay/format';
import { generateSignIns } from '../analysis/replay/generate';
import { looksLikeSignIn, mapRecord, type DirectoryEntry } from '../analysis/replay/map';
import { Replay, type ReplayResult } from '../analysis/replay/replay';
import { RecordSource, stopped } from '../analysis/replay/source';
import { renderDocumentPage } from '../analysis/report/dashboard';
import { renderMarkdown } from '../analysis/report/render';
import { compileEnvironment } from '../analysis/whatif/compile';
import { parseCommand, usageError } from './args';
import { synthesizeBase } from './diff';
import { DEFAULT_ENVIRONMENTS_DIR, readRegularFile } from './environments';
import { STDOUT, writeOutput } from './output';
import { EXIT, type CommandResult } from './run';
import { DEFAULT_OUTDIR, readEnvironmentModel } from './stacks';

const REPLAY = {
  command: 'replay',
  summary: 'replay exported sign-in logs against an environment\'s policies offline, and compare What If with Entra\'s own verdicts',
  options: {
    env: { type: 'string', required: true, value: 'name', help: 'the environment whose synthesized policies to replay against' },
    logs: { type: 'string', value: 'file or folder', help: 'the export: JSON lines, a JSON array, Graph pages or CSV; a folder: every file in it, by name' },
    directory: { type: 'string', value: 'file', help: 'JSON map from user id to { groups, roles } (docs/replay.md: the Graph calls that produce it)' },
    base: { type: 'string', value: 'git ref', help: 'also synthesize this ref and count what the change newly blocks or challenges against it' },
    json: { type: 'boolean', help: 'print one JSON object (the contract in docs/replay.md)' },
    format: { type: 'string', choices: ['markdown', 'html'], help: 'markdown (default) or html (a page, to --out or reports/<env>-replay.html)' },
    out: { type: 'string', value: 'file', help: 'write the output to this file; - is standard output' },
    outdir: { type: 'string', value: 'dir', help: `where npm run synth wrote the stacks (default ${DEFAULT_OUTDIR})` },
    environments: { type: 'string', value: 'dir', help: `the environments folder (default ${DEFAULT_ENVIRONMENTS_DIR})` },
    generate: { type: 'string', value: 'n', help: 'write n synthetic sign-ins for the environment as JSON lines instead of replaying' },
    'generate-directory': { type: 'boolean', help: 'write the directory map of the synthetic users instead of replaying' },
    seed: { type: 'string', value: 'n', help: 'the seed of --generate (default 20261201)' },
  },
} as const;

const CHUNK = 1 << 20;

/** The files of --logs, in name order; a folder's hidden files and subfolders are left out. */
function logFiles(path: string): string[] {
  let stat;
  try {
    stat = statSync(path);
  } catch {
    throw usageError('replay', [`--logs ${JSON.stringify(path)} does not exist`]);
  }
  if (stat.isFile()) return [path];
  if (!stat.isDirectory()) throw usageError('replay', [`--logs ${JSON.stringify(path)} is neither a file nor a folder`]);
  const files = readdirSync(path)
    .filter((name) => !name.startsWith('.'))
    .map((name) => join(path, name))
    .filter((f) => statSync(f).isFile())
    .sort();
  if (!files.length) throw usageError('replay', [`--logs ${JSON.stringify(path)} is a folder with no files`]);
  return files;
}

/** `{ "<user id>": { "groups": [...], "roles": [...] } }`, or a list of `{ id, groups, roles }`. */
export function parseDirectory(file: string, bytes: Uint8Array): Map<string, DirectoryEntry> {
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder('utf-8').decode(bytes).replace(/^\uFEFF/, ''));
  } catch (e) {
    throw new PerimeterError([{ file, path: '', message: `is not valid JSON (${(e as Error).message})` }], 'perimeter: replay stopped');
  }
  const problems: Problem[] = [];
  const out = new Map<string, DirectoryEntry>();
  const ids = (v: unknown, path: string): string[] => {
    if (v === undefined) return [];
    if (!Array.isArray(v) || !v.every((x) => typeof x === 'string' && isGuid(x))) {
      problems.push({ file, path, message: 'must be a list of object ids (GUIDs): group object ids, or role template ids' });
      return [];
    }
    return v.map((x: string) => x.toLowerCase());
  };
  const entry = (id: unknown, v: unknown, path: string) => {
    if (typeof id !== 'string' || !isGuid(id)) {
      problems.push({ file, path, message: `${JSON.stringify(id)} is not a user object id (GUID)` });
      return;
    }
    if (v === null || typeof v !== 'object' || Array.isArray(v)) {
      problems.push({ file, path, message: 'must be an object with groups and roles: { "groups": [...], "roles": [...] }' });
      return;
    }
    const rec = v as Record<string, unknown>;
    const unknownKeys = Object.keys(rec).filter((k) => !['groups', 'roles', 'id', 'userId', 'userPrincipalName', 'displayName'].includes(k));
    if (unknownKeys.length) problems.push({ file, path: `${path}.${unknownKeys[0]}`, message: 'is not allowed; an entry has groups and roles (and optionally id, userId, userPrincipalName, displayName)' });
    out.set(id.toLowerCase(), { groups: ids(rec.groups, `${path}.groups`), roles: ids(rec.roles, `${path}.roles`) });
  };
  if (Array.isArray(json)) json.forEach((v, i) => entry((v as Record<string, unknown> | null)?.id ?? (v as Record<string, unknown> | null)?.userId, v, `[${i}]`));
  else if (json !== null && typeof json === 'object') for (const [id, v] of Object.entries(json)) entry(id, v, id);
  else problems.push({ file, path: '', message: 'must be an object from user id to { groups, roles }, or a list of { id, groups, roles }' });
  if (problems.length) throw new PerimeterError(problems, 'perimeter: replay stopped');
  return out;
}

/** A replay's JSON (npm run replay -- --json) for the report of `env`. */
export function readReplay(file: string, env: string): ReplayResult {
  const read = readRegularFile(file, file, 'a replay JSON file');
  if ('problem' in read) throw new PerimeterError([read.problem], 'perimeter: report stopped');
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder('utf-8').decode(read.bytes));
  } catch (e) {
    throw new PerimeterError([{ file, path: '', message: `is not valid JSON (${(e as Error).message})` }], 'perimeter: report stopped');
  }
  const o = json as Partial<ReplayResult> | null;
  if (!o || typeof o !== 'object' || typeof o.environment !== 'string' || !Array.isArray(o.policies) || typeof o.records !== 'number' || !o.agreement || !o.uncovered) {
    throw new PerimeterError([{ file, path: '', message: 'is not the JSON of npm run replay -- --json' }], 'perimeter: report stopped');
  }
  if (o.environment !== env) throw new PerimeterError([{ file, path: 'environment', message: `is the replay of ${JSON.stringify(o.environment)}, not of ${JSON.stringify(env)}` }], 'perimeter: report stopped');
  return o as ReplayResult;
}

/** A progress bar on stderr, only on a terminal. */
class Progress {
  private last = 0;
  private readonly started = Date.now();
  constructor(
    private readonly totalBytes: number,
    private readonly enabled: boolean,
  ) {}
  update(bytes: number, records: number): void {
    if (!this.enabled) return;
    const now = Date.now();
    if (now - this.last < 200) return;
    this.last = now;
    const seconds = Math.max((now - this.started) / 1000, 0.001);
    const share = this.totalBytes ? Math.min(bytes / this.totalBytes, 1) : 0;
    const width = 30;
    const filled = Math.round(share * width);
    const eta = share > 0 ? (seconds / share) * (1 - share) : 0;
    process.stderr.write(`\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${(share * 100).toFixed(0).padStart(3)}% ${records.toLocaleString('en-US')} sign-ins, ${Math.round(records / seconds).toLocaleString('en-US')}/s, ETA ${eta.toFixed(0)} s `);
  }
  done(): void {
    if (this.enabled) process.stderr.write('\r\x1b[K');
  }
}

/** Streams every file through the replay (the bench times it too). */
export function replayFiles(files: readonly string[], replay: Replay, directory: ReadonlyMap<string, DirectoryEntry> | undefined, cwd: string, progressBar = true): void {
  const total = files.reduce((s, f) => s + statSync(f).size, 0);
  const progress = new Progress(total, progressBar && process.stderr.isTTY === true);
  const counter = { next: 1 };
  const buffer = Buffer.allocUnsafe(CHUNK);
  let readBytes = 0;
  let records = 0;
  for (const path of files) {
    const file = relative(cwd, path) || path;
    let checked = false;
    const source = new RecordSource(file, counter, (r) => {
      records++;
      if (!r.value) return replay.skip(r.number, r.file, r.line, r.problem ?? 'cannot be read');
      if (!checked) {
        checked = true;
        if (!looksLikeSignIn(r.value)) {
          const keys = Object.keys(r.value).slice(0, 6).join(', ');
          throw stopped(file, `is not a sign-in export: its first record (line ${r.line}) has none of userId, UserId, "User ID", clientAppUsed or appliedConditionalAccessPolicies; it has ${keys || 'no fields'}. Export SigninLogs, AADNonInteractiveUserSignInLogs or Graph auditLogs/signIns (docs/replay.md)`, r.line);
        }
      }
      const mapped = mapRecord(r.value, directory);
      if ('problem' in mapped) replay.skip(r.number, r.file, r.line, mapped.problem);
      else replay.add(r.number, r.file, r.line, mapped);
    });
    const fd = openSync(path, 'r');
    try {
      let decoder: StringDecoder | undefined;
      for (;;) {
        const n = readSync(fd, buffer, 0, CHUNK, null);
        if (n === 0) break;
        readBytes += n;
        let bytes = buffer.subarray(0, n);
        if (!decoder) {
          const utf16 = bytes[0] === 0xff && bytes[1] === 0xfe;
          decoder = new StringDecoder(utf16 ? 'utf16le' : 'utf8');
          if (utf16) bytes = bytes.subarray(2);
        }
        source.push(decoder.write(bytes));
        progress.update(readBytes, records);
      }
      if (decoder) source.push(decoder.end());
      source.end();
    } finally {
      closeSync(fd);
    }
  }
  progress.done();
}

export function runReplay(argv: readonly string[], projectDir = process.cwd()): CommandResult {
  const { options } = parseCommand(REPLAY, argv);
  const envName = options.env!;
  const environmentsDir = options.environments ?? DEFAULT_ENVIRONMENTS_DIR;
  const { model, fileProblems } = readEnvironmentModel(envName, options.outdir ?? DEFAULT_OUTDIR, environmentsDir, 'replay');
  if (fileProblems?.length) throw new PerimeterError(fileProblems, 'perimeter: replay stopped');
  const head = compileEnvironment(model);

  if (options.generate !== undefined || options['generate-directory']) {
    const count = Number(options.generate ?? 1);
    if (!/^\d+$/.test(options.generate ?? '1') || count < 1) throw usageError('replay', [`--generate ${JSON.stringify(options.generate)} must be a whole number of 1 or more`]);
    const seed = options.seed === undefined ? undefined : Number(options.seed);
    if (seed !== undefined && !Number.isSafeInteger(seed)) throw usageError('replay', [`--seed ${JSON.stringify(options.seed)} must be a whole number`]);
    const logs = generateSignIns(head, { count, ...(seed !== undefined ? { seed } : {}) });
    const text = options['generate-directory'] ? `${JSON.stringify(logs.directory, null, 2)}\n` : logs.records.map((r) => JSON.stringify(r)).join('\n') + '\n';
    if (options.out && options.out !== STDOUT) {
      writeOutput(options.out, text, 'replay');
      return { stdout: `wrote ${options.out}\n`, stderr: options['generate-directory'] ? '' : `${logs.flips} verdicts turned round on purpose\n`, exitCode: EXIT.ok };
    }
    return { stdout: text, exitCode: EXIT.ok };
  }
  if (!options.logs) throw usageError('replay', ['--logs is required: the exported sign-in logs (a file or a folder)']);
  if (options.json && options.format) throw usageError('replay', ['--json and --format are alternatives; give one']);

  let directory: Map<string, DirectoryEntry> | undefined;
  if (options.directory) {
    const read = readRegularFile(options.directory, options.directory, 'a directory map');
    if ('problem' in read) throw new PerimeterError([read.problem], 'perimeter: replay stopped');
    directory = parseDirectory(options.directory, read.bytes);
  }
  let base;
  let baseLabel: string | null = null;
  if (options.base) {
    const synthesized = synthesizeBase(projectDir, options.base);
    const stack = synthesized.side.stacks.get(envName);
    if (!stack) throw usageError('replay', [`--base ${options.base} has no environment ${JSON.stringify(envName)}; without --base the replay compares against the working tree's other enforced policies`]);
    const declared = stack.declared ?? model.declared;
    base = compileEnvironment(readSynthesizedStack(stack.json, { name: envName, ...(declared ? { declared } : {}) }));
    baseLabel = `${options.base} (${synthesized.baseSha.slice(0, 12)})`;
  }
  const replay = new Replay(head, base, baseLabel);
  replayFiles(logFiles(options.logs), replay, directory, projectDir);
  const result = replay.result();
  if (options.json) {
    const text = `${JSON.stringify(result, null, 2)}\n`;
    if (options.out && options.out !== STDOUT) {
      writeOutput(options.out, text, 'replay');
      return { stdout: `wrote ${options.out}\n`, exitCode: EXIT.ok };
    }
    return { stdout: text, exitCode: EXIT.ok };
  }
  const doc = replayDocument(result);
  if (options.format === 'html') {
    const out = options.out ?? join('reports', `${envName}-replay.html`);
    const html = renderDocumentPage(doc);
    if (out === STDOUT) return { stdout: html, exitCode: EXIT.ok };
    writeOutput(out, html, 'replay');
    return { stdout: `wrote ${out}\n`, exitCode: EXIT.ok };
  }
  const text = renderMarkdown(doc);
  if (options.out && options.out !== STDOUT) {
    writeOutput(options.out, text, 'replay');
    return { stdout: `wrote ${options.out}\n`, exitCode: EXIT.ok };
  }
  return { stdout: text, exitCode: EXIT.ok };
}
