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
    retired: new Set((input.retire ?? []).map((r) => r.target)),
  };
  const specs: Record<string, unknown> = {};
  for (const section of SECTIONS) {
    const result = (section.resolve as AnyResolve)(input, context, specs);
    problems.push(...result.problems);
    warnings.push(...result.warnings);
    specs[section.key] = result.spec;
  }
  problems.push(...retireProblems(input, specs));
  if (problems.length) return { problems };
  const environment: Environment = {
    name,
    file,
    tenantId: input.tenantId,
    ring: input.ring,
    defaultStage: input.stage,
    pipeline: input.pipeline ?? true,
    groups: context.groups,
    apps: context.apps,
    suppressions: (input.suppressions ?? []).map((x, index) => ({ ...x, index })),
    retired: (input.retire ?? []).map((x, index) => ({ ...x, index })),
    warnings,
    ...(specs as SectionSpecs),
  };
  return { environment, problems };
}

type AnyTargets = (spec: unknown) => readonly string[];

/** A retired target must be gone from the file (a baseline policy is left out by its entry), and named once. */
function retireProblems(input: EnvironmentFile, specs: Readonly<Record<string, unknown>>): PathProblem[] {
  const problems: PathProblem[] = [];
  const defined = new Map<string, string>();
  for (const section of SECTIONS) {
    if (!('protectedTargets' in section) || !section.protectedTargets) continue;
    for (const t of (section.protectedTargets as AnyTargets)(specs[section.key])) defined.set(t, section.key);
  }
  const seen = new Set<string>();
  (input.retire ?? []).forEach((r, i) => {
    if (seen.has(r.target)) problems.push({ path: ['retire', i, 'target'], message: `${JSON.stringify(r.target)} is retired twice; keep one entry` });
    seen.add(r.target);
    const owner = defined.get(r.target);
    if (owner) {
      problems.push({
        path: ['retire', i, 'target'],
        message: `${JSON.stringify(r.target)} is retired but still defined in this file (${owner}); remove it from the file to retire it, or remove this entry`,
      });
    }
  });
  return problems;
}
