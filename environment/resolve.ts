/**
 * Second pass over a structurally valid file: every section of the registry resolves its keys,
 * in registry order, reading the sections before it. Every problem of every section is
 * collected; an environment exists only when there are none.
 */
import type { PathProblem } from '../core/problems';
import { SECTIONS } from '../components/registry';
import type { ResolveContext, SectionResult } from '../components/section';
import type { Environment, SectionSpecs } from './environment';
import { featuresOf } from './features';
import type { EnvironmentFile } from './schema';

/** Every section resolves through the same signature; the registry's order guarantees its `needs`. */
type AnyResolve = (input: EnvironmentFile, context: ResolveContext, deps: Readonly<Record<string, unknown>>) => SectionResult<unknown>;

export function resolveEnvironment(name: string, file: string, input: EnvironmentFile): { environment?: Environment; problems: PathProblem[] } {
  const problems: PathProblem[] = [];
  const warnings: string[] = [];
  const context: ResolveContext = {
    name,
    tenantId: input.tenantId,
    defaultStage: input.stage,
    groups: input.groups ?? {},
    apps: input.apps ?? {},
    features: featuresOf(input),
  };
  const specs: Record<string, unknown> = {};
  for (const section of SECTIONS) {
    const result = (section.resolve as AnyResolve)(input, context, specs);
    problems.push(...result.problems);
    warnings.push(...result.warnings);
    specs[section.key] = result.spec;
  }
  if (problems.length) return { problems };
  const environment: Environment = {
    name,
    file,
    tenantId: input.tenantId,
    ring: input.ring,
    defaultStage: input.stage,
    groups: context.groups,
    apps: context.apps,
    suppressions: (input.suppressions ?? []).map((x, index) => ({ ...x, index })),
    warnings,
    ...(specs as SectionSpecs),
  };
  return { environment, problems };
}
