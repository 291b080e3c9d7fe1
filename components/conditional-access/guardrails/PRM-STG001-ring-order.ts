import { checkRingOrder } from '../../../core/rings';
import type { GuardrailRule } from '../../../guardrails/rule';

export const ringOrder: GuardrailRule = {
  id: 'PRM-STG001',
  severity: 'error',
  trigger: 'A policy or rule is further along in a higher ring than in a lower ring.',
  explanation:
    'Rings exist so that a change meets real sign-ins in a small tenant before it meets the whole company. Enforcing something in production that the lab tenant only reports on skips that evidence. A baseline policy an environment does not have counts as off there; a custom policy is compared only between the environments that list it, so adopting a tenant never forces anyone to weaken what it enforces, and a policy that takes over an existing one in place (adopt:) keeps the tenant\'s stage where it is adopted.',
  fix: 'Promote the item in the lower ring first, or lower its stage in the higher ring.',
  check({ model, peers }) {
    const members = peers.map(({ declared }) => ({
      name: declared.name,
      file: declared.file,
      ring: declared.ring,
      items: new Map(declared.staged.map((i) => [i.id, i])),
    }));
    const ids = [...new Set(members.flatMap((m) => [...m.items.keys()]))].sort();
    const { declared } = model;
    return checkRingOrder(members, ids)
      .filter((p) => p.file === declared.file)
      .map((p) => {
        const id = p.path.split('.').find((part) => ids.includes(part)) ?? declared.name;
        return { address: p.path, target: id, message: p.message };
      });
  },
};
