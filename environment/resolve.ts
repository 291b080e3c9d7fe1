/**
 * Second pass over a structurally valid file: every section of the registry resolves its keys,
 * in registry order, reading the sections before it. Every problem of every section is
 * collected; an environment exists only when there are none.
 */
import type { PathProblem } from '../core/problems';
import { SECTIONS } from '../components/registry';
import type { CustomPolicy } from '../components/conditional-access/custom';
import type { ResolveContext, SectionResult } from '../components/section';
import type { Environment, SectionSpecs } from './environment';
import { featuresOf } from './features';
import type { EnvironmentFile } from './schema';

/** Every section resolves through the same signature; the registry's order guarantees its `needs`. */
type AnyResolve = (input: EnvironmentFile, context: ResolveContext, deps: Readonly<Record<string, unknown>>) => SectionResult<unknown>;

export function resolveEnvironment(
  name: string,
  file: string,
  input: EnvironmentFile,
  customPolicies: ReadonlyMap<string, CustomPolicy> = new Map(),
): { environment?: Environment; problems: PathProblem[] } {
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
    customPolicies,
  };
  const specs: Record<string, unknown> = {};
  for (const section of SECTIONS) {
    const result = (section.resolve as AnyResolve)(input, context, specs);
    problems.push(...result.problems);
    warnings.push(...result.warnings);
    specs[section.key] = result.spec;
  }
  const retire = retireProblems(input, specs);
  problems.push(...retire.problems);
  warnings.push(...retire.warnings);
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

/**
 * Each target is retired once. A target the file still defines keeps existing with its
 * destroy guard lifted (for a replacement Terraform cannot do in place): that is said loudly.
 */
function retireProblems(input: EnvironmentFile, specs: Readonly<Record<string, unknown>>): { problems: PathProblem[]; warnings: string[] } {
  const problems: PathProblem[] = [];
  const warnings: string[] = [];
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
      warnings.push(
        `retire[${i}]: ${JSON.stringify(r.target)} is still defined (${owner}), so its guard against destroy is lifted for this change: the next deploy may replace it (${r.reason}). Remove the entry after that deploy`,
      );
    }
  });
  return { problems, warnings };
}
