/** Loading helpers for the telemetry tests: one environment file, its problems as the user sees them. */
import { join } from 'node:path';
import { formatProblem } from '../../config/errors';
import type { Environment } from '../../config/environment';
import { loadEnvironmentFile } from '../../config/load';
import { mutateSample, writeEnvironments } from '../helpers/synth';

/** Loads a sample with `edit` applied, as `<name>.yaml` in a fresh directory; problems are formatted like main.ts prints them. */
export function loadMutated(name: string, edit: (env: Record<string, any>) => void): { environment?: Environment; problems: string[] } {
  const dir = writeEnvironments({ [name]: mutateSample(name, edit) });
  const loaded = loadEnvironmentFile(join(dir, `${name}.yaml`), dir);
  return { ...(loaded.environment ? { environment: loaded.environment } : {}), problems: loaded.problems.map(formatProblem) };
}
