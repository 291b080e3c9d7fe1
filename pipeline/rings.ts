/**
 * The deploy chain as the workflows read it: the environments the pipeline deploys, grouped by
 * ring and in ring order. deploy.yml has one job per ring position, each a matrix over that
 * position's environments and each after the one before, so a new environment file joins the
 * chain with no workflow edit: `npm run -s environments -- --by-ring` prints these positions.
 */
import { PerimeterError } from '../core/problems';

/** Ring positions deploy.yml has jobs for. A sixth distinct ring needs one more job there. */
export const MAX_RING_POSITIONS = 5;

export interface PipelineEnvironment {
  readonly name: string;
  readonly file: string;
  readonly ring: number;
  /** False for a laptop-only environment: never deployed by a workflow. */
  readonly pipeline: boolean;
}

/** The deploying environments by ring position: the lowest ring first, names in order within a ring. */
export function deployRings(environments: readonly PipelineEnvironment[]): string[][] {
  const deployed = environments.filter((e) => e.pipeline);
  const rings = [...new Set(deployed.map((e) => e.ring))].sort((a, b) => a - b);
  if (rings.length > MAX_RING_POSITIONS) {
    throw new PerimeterError(
      [
        {
          file: '.github/workflows/deploy.yml',
          path: '',
          message: `has jobs for ${MAX_RING_POSITIONS} ring positions, and the environment files use ${rings.length} distinct rings (${rings.join(', ')}); give environments the same ring where they may deploy together, or add a ring-${rings.length} job to deploy.yml (and raise MAX_RING_POSITIONS in pipeline/rings.ts)`,
        },
      ],
      'perimeter: the deploy chain does not fit',
    );
  }
  return rings.map((r) => deployed.filter((e) => e.ring === r).map((e) => e.name).sort());
}
