/**
 * How every command ends. One exit-code table for all of them:
 * - 0: success (synthesized, answered, proved, promotable);
 * - 1: a finding about valid input (a guardrail error, a lockout counterexample, a failed
 *   scenario, a change that is not promotable);
 * - 2: bad input or usage (a YAML mistake, an unknown flag, a missing file).
 * A user mistake is its message and its exit code, never a stack trace.
 */
import { isPerimeterError } from '../core/problems';
import { HelpRequest } from './args';

export const EXIT = { ok: 0, finding: 1, input: 2 } as const;
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

export interface CommandResult {
  readonly stdout?: string;
  readonly stderr?: string;
  readonly exitCode: ExitCode;
}

/** What a command ends with: its result, or the PerimeterError it threw as a message and an exit code. */
export function commandOutcome(command: () => CommandResult | void): CommandResult {
  try {
    return command() ?? { exitCode: EXIT.ok };
  } catch (e) {
    if (e instanceof HelpRequest) return { stdout: `${e.usage}\n`, exitCode: EXIT.ok };
    if (!isPerimeterError(e)) throw e;
    return { stderr: `${e.message}\n`, exitCode: e.kind === 'finding' ? EXIT.finding : EXIT.input };
  }
}

/** Runs a command and sets the process exit code from its outcome. */
export function runCommand(command: () => CommandResult | void): void {
  const result = commandOutcome(command);
  if (result.stdout) process.stdout.write(result.stdout);
  if (result.stderr) process.stderr.write(result.stderr);
  process.exitCode = result.exitCode;
}
