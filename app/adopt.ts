import { importIdOf, TF } from '../core/addresses';
import type { EnvironmentPolicy } from '../components/conditional-access/section';
import type { NamedLocationsSpec } from '../components/named-locations/section';
import type { TerraformStack } from './cdktf';

/**
 * Terraform `import` blocks for the objects an environment adopts (`adopt:`), so the next
 * deploy takes over each existing policy or named location in place instead of creating a
 * second one. They are written as one top-level array, the form cdktf's `importFrom` emits;
 * `importFrom` itself would make every synth run `terraform version`, which a machine without
 * Terraform (a reviewer's laptop, the test runner) may not have.
 */
export function emitImports(stack: TerraformStack, policies: readonly EnvironmentPolicy[], locations: NamedLocationsSpec): void {
  const imports = [
    ...Object.keys(locations)
      .sort()
      .flatMap((key) => {
        const id = locations[key]!.adopt;
        return id ? [{ to: `${TF.namedLocation}.${key}`, id: importIdOf(TF.namedLocation, id) }] : [];
      }),
    ...policies.flatMap((p) => (p.adopt ? [{ to: `${TF.conditionalAccessPolicy}.${p.definition.id}`, id: importIdOf(TF.conditionalAccessPolicy, p.adopt) }] : [])),
  ];
  if (imports.length) stack.addOverride('import', imports);
}
