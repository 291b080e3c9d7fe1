/** One exit-code table for every command: a script can tell a lockout from a bug. */
import { PerimeterError } from '../core/problems';
import { commandOutcome, EXIT, EXIT_MEANING } from './run';

test('the table: 0 success, 1 a finding, 2 bad input, 3 a bug', () => {
  expect(EXIT).toEqual({ ok: 0, finding: 1, input: 2, internal: 3 });
  expect(Object.keys(EXIT_MEANING)).toEqual(Object.keys(EXIT));
});

test('a user mistake is its message and exit 2; a finding exit 1', () => {
  const input = commandOutcome(() => {
    throw new PerimeterError([{ file: 'prod.yaml', line: 3, path: 'stage', message: '"on" is not allowed' }]);
  });
  expect(input).toEqual({ stderr: 'perimeter: synth stopped (1 problem):\n  - prod.yaml:3: stage: "on" is not allowed\n', exitCode: 2 });
  const finding = commandOutcome(() => {
    throw new PerimeterError([{ file: 'prod.yaml', path: '', message: 'PRM-BG001' }], 'perimeter: guardrails stopped synth', 'finding');
  });
  expect(finding.exitCode).toBe(1);
});

test('anything else is an internal error: one line, "please report", exit 3, and the trace only when asked', () => {
  const bug = () => {
    const o: { a?: { b: number } } = {};
    return { stdout: String(o.a!.b), exitCode: EXIT.ok };
  };
  const r = commandOutcome(bug);
  expect(r.exitCode).toBe(3);
  expect(r.stderr).toMatch(/^perimeter: internal error: TypeError: Cannot read properties of undefined \(reading 'b'\)\nThis is a bug in perimeter, not in your files: please report it with the command you ran \(PERIMETER_DEBUG=1 shows the stack trace\)\.\n$/);
  expect(r.stderr).not.toMatch(/^\s+at /m);
  expect(commandOutcome(bug, true).stderr).toContain('cli/run.test.ts');
});
