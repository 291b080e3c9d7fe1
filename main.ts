import { buildApp } from './constructs/app';
import { STAGE_CEILING_VARIABLE } from './config/ceiling';
import { isPerimeterError } from './config/errors';

try {
  // The stage ceiling is read here and nowhere else; everything below takes it as an option.
  const { app } = buildApp({
    environmentsDir: process.env.PERIMETER_ENVIRONMENTS_DIR ?? 'environments',
    stageCeiling: process.env[STAGE_CEILING_VARIABLE],
  });
  app.synth();
} catch (e) {
  // A user mistake is a message, not a stack trace. Anything else is a bug and keeps its trace.
  if (isPerimeterError(e)) {
    process.stderr.write(`${e.message}\n`);
    process.exit(1);
  }
  throw e;
}
