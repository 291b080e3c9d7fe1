import { isPerimeterError } from '../config/errors';
import { runDiff } from '../analysis/diff';

try {
  const result = runDiff(process.argv.slice(2));
  process.stdout.write(result.stdout);
  process.stderr.write(result.stderr);
  process.exitCode = result.exitCode;
} catch (e) {
  if (isPerimeterError(e)) {
    process.stderr.write(`${e.message}\n`);
    process.exit(1);
  }
  throw e;
}
