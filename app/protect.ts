import { protectedObject } from '../core/addresses';
import { TerraformResource, type TerraformStack } from './cdktf';

/**
 * Every protected object (core/addresses.ts: Conditional Access policies, named locations, the
 * groups perimeter creates, App Proxy apps, break-glass Global Administrator assignments) gets
 * `lifecycle.prevent_destroy`, so a change that would replace one fails at plan instead of
 * recreating it. A `retire:` entry naming its target lifts the guard for that object only.
 * (Removing an object from the configuration is not something prevent_destroy can stop; the
 * plan review and `npm run diff` catch that.)
 */
export function protectDestroys(stack: TerraformStack, retired: ReadonlySet<string>): void {
  // friendlyUniqueId is the address name, overrideLogicalId included.
  for (const node of stack.node.findAll()) {
    if (!(node instanceof TerraformResource)) continue;
    const name = node.friendlyUniqueId;
    const object = protectedObject(node.terraformResourceType, name);
    if (!object || retired.has(object.target)) continue;
    node.lifecycle = { ...node.lifecycle, preventDestroy: true };
  }
}
