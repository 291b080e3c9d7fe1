/**
 * `npm run -s environments`: the environment names as a JSON list, in ring order (the
 * order deploys run in). The drift workflow builds its matrix from it.
 */
import { runCommand } from '../config/cli';
import { loadEnvironments } from '../config/load';
import { orderByRing } from '../config/rings';

runCommand(() => ({ stdout: `${JSON.stringify(orderByRing(loadEnvironments('environments')).map((e) => e.name))}\n`, exitCode: 0 }));
