/**
 * `npm run synth` (cdktf.json's app): every environment file becomes a stack. The one place
 * the synth's environment variables are read; everything below takes them as options.
 */
import { parseStageCeiling, STAGE_CEILING_VARIABLE } from '../core/stages';
import { buildApp } from '../app/app';
import { DEFAULT_ENVIRONMENTS_DIR, loadEnvironments } from './environments';

/** Synthesizes another environments folder (tests, the diff's base tree never sets it). */
export const ENVIRONMENTS_DIR_VARIABLE = 'PERIMETER_ENVIRONMENTS_DIR';
/** Leaves Application Proxy connector-group assignments out of this run (a deploy as the pipeline identity). */
export const SKIP_CONNECTOR_GROUP_VARIABLE = 'PERIMETER_SKIP_CONNECTOR_GROUP_ASSIGNMENT';

export interface SynthOptions {
  /** @default 'environments' */
  readonly environmentsDir?: string;
  /** The emergency brake as written in PERIMETER_STAGE_CEILING; anything but off or report-only is a PerimeterError. */
  readonly stageCeiling?: string;
  /** @default false */
  readonly skipConnectorGroupAssignment?: boolean;
  /** @default 'cdktf.out' (or what the cdktf CLI passes in) */
  readonly outdir?: string;
}

/** Loads the environment files and builds the app; nothing is written until `app.synth()`. */
export function appFromFiles(options: SynthOptions = {}): ReturnType<typeof buildApp> {
  const stageCeiling = parseStageCeiling(options.stageCeiling);
  const environments = loadEnvironments(options.environmentsDir ?? DEFAULT_ENVIRONMENTS_DIR);
  return buildApp(environments, {
    ...(stageCeiling ? { stageCeiling } : {}),
    ...(options.outdir ? { outdir: options.outdir } : {}),
    skipConnectorGroupAssignment: options.skipConnectorGroupAssignment ?? false,
  });
}

function flag(value: string | undefined): boolean {
  const v = value?.trim().toLowerCase();
  return v === '1' || v === 'true';
}

/** The synth options the environment variables set (unset ones keep their defaults). */
export function synthOptionsFrom(variables: Readonly<Record<string, string | undefined>>): SynthOptions {
  const environmentsDir = variables[ENVIRONMENTS_DIR_VARIABLE];
  const stageCeiling = variables[STAGE_CEILING_VARIABLE];
  return {
    ...(environmentsDir ? { environmentsDir } : {}),
    ...(stageCeiling !== undefined ? { stageCeiling } : {}),
    skipConnectorGroupAssignment: flag(variables[SKIP_CONNECTOR_GROUP_VARIABLE]),
  };
}

export function runSynth(): void {
  appFromFiles(synthOptionsFrom(process.env)).app.synth();
}
