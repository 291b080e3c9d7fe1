/**
 * How every entry point (main.ts and the npm run scripts) ends: a user mistake is its
 * message and exit code 1, without a stack trace; anything else is a bug and keeps its trace.
 */
import { isPerimeterError } from './errors';

export interface CommandResult {
  readonly stdout?: string;
  readonly stderr?: string;
  readonly exitCode: number;
}

export function runCommand(command: () => CommandResult | void): void {
  try {
    const result = command();
    if (!result) return;
    if (result.stdout) process.stdout.write(result.stdout);
    if (result.stderr) process.stderr.write(result.stderr);
    process.exitCode = result.exitCode;
  } catch (e) {
    if (isPerimeterError(e)) {
      process.stderr.write(`${e.message}\n`);
      process.exit(1);
    }
    throw e;
  }
}
