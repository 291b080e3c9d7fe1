import { ceilingScope, STAGE_CEILING_OUTPUT, STAGE_CEILING_VARIABLE, type AppliedStageCeiling } from '../core/stages';
import { Annotations, TerraformOutput, type TerraformStack } from './cdktf';

/**
 * Makes a braked synth impossible to miss: a synth warning on the stack and an output in
 * cdk.tf.json (so the report, the diff and `terraform output` all show it). The output also
 * makes the nightly drift plan differ from the tenant until the brake is released.
 */
export function markStageCeiling(stack: TerraformStack, envName: string, applied: AppliedStageCeiling | undefined): void {
  if (!applied) return;
  const moved = applied.lowered.map((l) => `${l.id} ${l.from} -> ${l.to}`);
  Annotations.of(stack).addWarning(
    `EMERGENCY BRAKE: ${STAGE_CEILING_VARIABLE}=${applied.ceiling} caps ${ceilingScope(applied.ceiling)} in ${envName}; ` +
      (moved.length ? `lowered: ${moved.join(', ')}` : 'nothing was further along, nothing lowered') +
      '. The tenant will differ from the YAML until a deploy without the ceiling.',
  );
  new TerraformOutput(stack, STAGE_CEILING_OUTPUT, {
    description: `EMERGENCY BRAKE: synthesized with ${STAGE_CEILING_VARIABLE}=${applied.ceiling}; lowered maps each capped item to the stage its YAML asks for.`,
    value: {
      ceiling: applied.ceiling,
      lowered: Object.fromEntries(applied.lowered.map((l) => [l.id, l.from])),
    },
  });
}
