import { buildApp } from './constructs/app';
import { isPerimeterError } from './config/errors';

try {
  const { app } = buildApp({ environmentsDir: process.env.PERIMETER_ENVIRONMENTS_DIR ?? 'environments' });
  app.synth();
} catch (e) {
  // A user mistake is a message, not a stack trace. Anything else is a bug and keeps its trace.
  if (isPerimeterError(e)) {
    process.stderr.write(`${e.message}\n`);
    process.exit(1);
  }
  throw e;
}
