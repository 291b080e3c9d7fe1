import { buildApp } from './constructs/app';
import { STAGE_CEILING_VARIABLE } from './config/ceiling';
import { runCommand } from './config/cli';

runCommand(() => {
  // The stage ceiling is read here and nowhere else; everything below takes it as an option.
  const { app } = buildApp({
    environmentsDir: process.env.PERIMETER_ENVIRONMENTS_DIR ?? 'environments',
    stageCeiling: process.env[STAGE_CEILING_VARIABLE],
  });
  app.synth();
});
