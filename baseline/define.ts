import type { Feature } from '../core/features';
import type { BaselineSettings, PolicyBody, PolicyId, PolicyModule } from './model';

/**
 * Declares one baseline policy, writing its id once: the display name is `<id> <title>`, and
 * the module and every definition it returns carry the same id.
 */
export function definePolicy(spec: {
  readonly id: PolicyId;
  /** @default - the policy is part of every environment */
  readonly requires?: Feature;
  readonly define: (settings: BaselineSettings) => PolicyBody;
}): PolicyModule {
  const { id } = spec;
  return {
    id,
    ...(spec.requires ? { requires: spec.requires } : {}),
    define(settings) {
      const { title, ...body } = spec.define(settings);
      return { id, displayName: `${id} ${title}`, ...body };
    },
  };
}
