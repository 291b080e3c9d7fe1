import { App } from './cdktf';
import { parseStageCeiling, withStageCeiling } from '../config/ceiling';
import { loadEnvironments } from '../config/load';
import { IdentityPlaneStack } from './stack';

export interface BuildAppOptions {
  /** @default 'environments' */
  readonly environmentsDir?: string;
  /** @default 'cdktf.out' (or what the cdktf CLI passes in) */
  readonly outdir?: string;
  /**
   * The emergency brake, as written in PERIMETER_STAGE_CEILING: `off` or `report-only` caps
   * every policy of every stack. An invalid value is a PerimeterError.
   * @default - no ceiling: every policy at its YAML stage
   */
  readonly stageCeiling?: string;
}

/**
 * Every environment file becomes one stack. Throws a PerimeterError, before any construct
 * exists, when any file is wrong: nothing is half-written.
 */
export function buildApp(options: BuildAppOptions = {}): { app: App; stacks: IdentityPlaneStack[] } {
  const ceiling = parseStageCeiling(options.stageCeiling);
  const environments = loadEnvironments(options.environmentsDir ?? 'environments').map((e) => withStageCeiling(e, ceiling));
  // Stack traces would put absolute paths of the checkout into manifest.json.
  const app = new App({ stackTraces: false, ...(options.outdir ? { outdir: options.outdir } : {}) });
  const stacks = environments.map((environment) => new IdentityPlaneStack(app, { environment }));
  return { app, stacks };
}
