/**
 * User mistakes are reported, not thrown at the user: every problem names the file, the key
 * path, the bad value and what is allowed. The command line prints them without a stack trace.
 */

/** A problem inside one file, before the file and line are known: a section reports these. */
export interface PathProblem {
  /** Key path from the top of the file, e.g. `['namedLocations', 'corp-egress', 'ipRanges', 0]`. */
  readonly path: readonly PropertyKey[];
  readonly message: string;
}

export interface Problem {
  /** The file the problem is in, relative to the working directory (or what else was read, e.g. an environment variable). */
  readonly file: string;
  /** Dotted key path such as `namedLocations.corp-egress.ipRanges[0]`; empty for the whole file. */
  readonly path: string;
  readonly message: string;
  /** 1-based line in the file, where known. */
  readonly line?: number;
  /** 1-based column, where known (YAML syntax errors): printed as `file:line:column`, as editors read it. */
  readonly column?: number;
}

/**
 * What a stop means for a script that runs perimeter: `input` is bad input or usage (exit 2),
 * `finding` is a verdict about valid input, such as a guardrail error or a lockout (exit 1).
 */
export type ProblemKind = 'input' | 'finding';

export class PerimeterError extends Error {
  constructor(
    readonly problems: readonly Problem[],
    readonly heading = 'perimeter: synth stopped',
    readonly kind: ProblemKind = 'input',
  ) {
    super(formatProblems(heading, problems));
    this.name = 'PerimeterError';
  }
}

export function isPerimeterError(e: unknown): e is PerimeterError {
  return e instanceof Error && e.name === 'PerimeterError' && Array.isArray((e as PerimeterError).problems);
}

export function formatProblem(p: Problem): string {
  const where = p.line !== undefined ? `${p.file}:${p.line}${p.column !== undefined ? `:${p.column}` : ''}` : p.file;
  return p.path ? `${where}: ${p.path}: ${p.message}` : `${where}: ${p.message}`;
}

export function formatProblems(heading: string, problems: readonly Problem[]): string {
  const n = problems.length;
  const lines = problems.map((p) => `  - ${formatProblem(p)}`);
  return [`${heading} (${n} problem${n === 1 ? '' : 's'}):`, ...lines].join('\n');
}

/** `['a', 'b', 0, 'c']` -> `a.b[0].c` */
export function formatKeyPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out === '' ? String(part) : `.${String(part)}`;
  }
  return out;
}

/** A value as a message shows it: JSON, with long strings cut to their first 60 characters and their length. */
export function quote(value: unknown): string {
  if (typeof value === 'string') return value.length > 80 ? `${JSON.stringify(value.slice(0, 60)).slice(0, -1)}…" (${value.length} characters)` : JSON.stringify(value);
  if (value === undefined) return 'nothing';
  return JSON.stringify(value) ?? String(value);
}

