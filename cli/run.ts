/**
 * How every command ends. One exit-code table for all of them (the README shows it, generated from EXIT_MEANING):
 * - 0: success (synthesized, answered, proved, promotable);
 * - 1: a finding about valid input (a guardrail error, a lockout counterexample, a failed
 *   scenario, a change that is not promotable);
 * - 2: bad input or usage (a YAML mistake, an unknown flag, a missing file, stale output);
 * - 3: an internal error: a bug in perimeter, printed as one line and "please report".
 * A user mistake is its message and its exit code, never a stack trace.
 */
import { isPerimeterError } from '../core/problems';
import { HelpRequest } from './args';

export const EXIT = { ok: 0, finding: 1, input: 2, internal: 3 } as const;
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** What each exit code means, in the words docs/commands.md and `--help` use. */
export const EXIT_MEANING: Readonly<Record<keyof typeof EXIT, string>> = {
  ok: 'success: synthesized, answered, proved, promotable',
  finding: 'a finding about valid input: a guardrail error, a lockout counterexample, a failed scenario or invariant, a change that is not promotable',
  input: 'bad input or usage: a mistake in a file or a flag, a missing or stale cdktf.out; the message names the file, line and key',
  internal: 'an internal error in perimeter: one line, then "please report"; PERIMETER_DEBUG=1 prints the stack trace',
};

/** Set to 1 to see the stack trace of an internal error. */
export const DEBUG_VARIABLE = 'PERIMETER_DEBUG';

export interface CommandResult {
  readonly stdout?: string;
  readonly stderr?: string;
  readonly exitCode: ExitCode;
}

function internalError(e: unknown, debug: boolean): CommandResult {
  const text = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
  const firstLine = text.split('\n', 1)[0]!.slice(0, 300);
  const trace = debug && e instanceof Error && e.stack ? `${e.stack}\n` : '';
  return {
    stderr: `perimeter: internal error: ${firstLine}\n${trace}This is a bug in perimeter, not in your files: please report it with the command you ran${debug ? '' : ` (${DEBUG_VARIABLE}=1 shows the stack trace)`}.\n`,
    exitCode: EXIT.internal,
  };
}

/**
 * What a command ends with: its result, or what it threw as a message and an exit code. A
 * PerimeterError is a user mistake or a finding; anything else is an internal error.
 */
export function commandOutcome(command: () => CommandResult | void, debug = false): CommandResult {
  try {
    return command() ?? { exitCode: EXIT.ok };
  } catch (e) {
    if (e instanceof HelpRequest) return { stdout: `${e.usage}\n`, exitCode: EXIT.ok };
    if (!isPerimeterError(e)) return internalError(e, debug);
    return { stderr: `${e.message}\n`, exitCode: e.kind === 'finding' ? EXIT.finding : EXIT.input };
  }
}

/** Runs a command and sets the process exit code from its outcome. */
export function runCommand(command: () => CommandResult | void): void {
  const debug = process.env[DEBUG_VARIABLE] === '1';
  const result = commandOutcome(command, debug);
  if (result.stdout) process.stdout.write(result.stdout);
  if (result.stderr) process.stderr.write(result.stderr);
  process.exitCode = result.exitCode;
}
