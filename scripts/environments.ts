/**
 * `npm run -s environments`: the environment names as a JSON list, in ring order (the
 * order deploys run in). The drift workflow builds its matrix from it.
 */
import { isPerimeterError } from '../config/errors';
import { loadEnvironments } from '../config/load';
import { orderByRing } from '../config/rings';

try {
  process.stdout.write(`${JSON.stringify(orderByRing(loadEnvironments('environments')).map((e) => e.name))}\n`);
} catch (e) {
  if (isPerimeterError(e)) {
    process.stderr.write(`${e.message}\n`);
    process.exit(1);
  }
  throw e;
}
