/** What a suppression in an environment file may name, from the section registry. */
import { SECTIONS } from '../components/registry';
import type { Environment } from '../environment/environment';

type TargetsOf = (spec: unknown) => readonly string[];

/** Everything a suppression may name in this environment. */
export function knownTargets(env: Environment): Set<string> {
  const targets = new Set<string>([env.name, ...Object.keys(env.apps), ...Object.keys(env.groups)]);
  for (const section of SECTIONS) {
    if (!('suppressionTargets' in section)) continue;
    for (const t of (section.suppressionTargets as TargetsOf)(env[section.key])) targets.add(t);
  }
  return targets;
}
