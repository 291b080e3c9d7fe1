/**
 * The evidence rules of `npm run diff` (analysis/diff/promotion.ts), with what only the CLI
 * can read: the git history of an environment file (when each policy became report-only) and
 * the replay evidence files.
 */
import { spawnSync } from 'node:child_process';
import { join, relative } from 'node:path';
import { PerimeterError } from '../core/problems';
import {
  checkMinReportOnlyDays,
  checkReplayedImpact,
  enforcementChanges,
  impactMessage,
  MIN_REPORT_ONLY_RULE,
  minReportOnlyMessage,
  parseEvidence,
  REPLAYED_IMPACT_RULE,
  wideningMessage,
  type Evidence,
  type ReportOnlySince,
} from '../analysis/diff/promotion';
import type { Side } from '../analysis/diff/outcome';
import type { Suppression } from '../analysis/diff/report-only-first';
import { readSynthesizedStack } from '../analysis/model/read';
import type { EnvironmentModel } from '../analysis/model/types';
import { markdownText } from '../analysis/report/render';
import { DEFAULT_PROMOTION, type PromotionSpec } from '../components/promotion/section';
import { declaredFacts } from '../environment/declared';
import { loadEnvironmentText } from '../environment/load';
import { readCustomPolicies, readRegularFile } from './environments';

const stopped = (file: string, message: string) => new PerimeterError([{ file, path: '', message }], 'perimeter: diff stopped');

export function readEvidence(file: string): Evidence {
  const read = readRegularFile(file, file, 'a replay JSON file');
  if ('problem' in read) throw new PerimeterError([read.problem], 'perimeter: diff stopped');
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder('utf-8').decode(read.bytes));
  } catch (e) {
    throw stopped(file, `is not valid JSON (${(e as Error).message}); write it with npm run replay -- --env <name> --logs <export> --json --out ${file}`);
  }
  const parsed = parseEvidence(file, json);
  if ('problem' in parsed) throw stopped(file, parsed.problem);
  return parsed;
}

function gitText(cwd: string, args: string[]): string | undefined {
  const r = spawnSync('git', args, { cwd, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return r.status === 0 ? r.stdout : undefined;
}

/**
 * When each policy of `env` became report-only, as of the commit `baseSha`: walking the git
 * history of environments/<env>.yaml from the newest commit back, the oldest commit of the
 * unbroken run in which the file gives the policy report-only. A commit whose file today's
 * loader cannot read ends the walk (the count then starts later: the safe side).
 */
export function reportOnlySinceFromHistory(projectDir: string, baseSha: string, env: string, environmentsDir = join(projectDir, 'environments')): (policyId: string) => ReportOnlySince | undefined {
  const cache = new Map<string, ReportOnlySince | undefined>();
  let stages: { commit: string; date: Date; stageOf: ReadonlyMap<string, string> | undefined }[] | undefined;
  const history = () => {
    if (stages) return stages;
    stages = [];
    const top = gitText(projectDir, ['rev-parse', '--show-toplevel'])?.trim();
    if (!top) return stages;
    const file = relative(top, join(environmentsDir, `${env}.yaml`)).split('\\').join('/');
    const log = gitText(top, ['log', '--format=%H %cI', baseSha, '--', file]) ?? '';
    const library = readCustomPolicies(environmentsDir, projectDir).library;
    for (const line of log.split('\n')) {
      const [commit, iso] = line.trim().split(' ');
      if (!commit || !iso) continue;
      const text = gitText(top, ['show', `${commit}:${file}`]);
      let stageOf: Map<string, string> | undefined;
      if (text !== undefined) {
        const loaded = loadEnvironmentText({ name: env, file: `${file}@${commit.slice(0, 12)}`, text }, { customPolicies: library });
        if (loaded.environment) stageOf = new Map(declaredFacts(loaded.environment).staged.filter((s) => s.kind === 'policy').map((s) => [s.id, s.stage]));
      }
      stages.push({ commit, date: new Date(iso), stageOf });
    }
    return stages;
  };
  return (policyId) => {
    if (cache.has(policyId)) return cache.get(policyId);
    let since: ReportOnlySince | undefined;
    for (const h of history()) {
      if (h.stageOf?.get(policyId) !== 'report-only') break;
      since = { commit: h.commit, date: h.date };
    }
    cache.set(policyId, since);
    return since;
  };
}

export interface EvidenceInput {
  readonly base: Side;
  readonly head: Side;
  readonly suppressionsOf: (env: string) => readonly Suppression[];
  readonly settingsOf: (env: string) => PromotionSpec | undefined;
  readonly sinceOf: (env: string) => (policyId: string) => ReportOnlySince | undefined;
  readonly now: Date;
  readonly evidence: readonly Evidence[];
  readonly fileOf: (env: string) => string;
}

/** The evidence section of the diff, the reasons it fails, and one error line per violation. */
export function evidenceSections(input: EvidenceInput): { markdown: string[]; failures: string[]; errors: string[] } {
  const lines: string[] = [];
  const errors: string[] = [];
  let tooSoon = false;
  let overLimit = false;
  const model = (side: Side, env: string): EnvironmentModel | undefined => {
    const s = side.stacks.get(env);
    const declared = s?.declared ?? input.head.stacks.get(env)?.declared;
    return s ? readSynthesizedStack(s.json, { name: env, ...(declared ? { declared } : {}) }) : undefined;
  };
  const unusedEvidence = new Set(input.evidence);
  for (const env of [...input.head.stacks.keys()].sort()) {
    const changes = enforcementChanges(env, model(input.base, env), model(input.head, env));
    if (!changes.length) continue;
    const settings = input.settingsOf(env) ?? DEFAULT_PROMOTION;
    const suppressions = input.suppressionsOf(env);
    const file = input.fileOf(env);
    for (const c of changes) if (c.kind === 'widening') lines.push(`- **widening** ${markdownText(wideningMessage(c))}`);
    const minDays = checkMinReportOnlyDays(changes, input.sinceOf(env), input.now, settings, suppressions);
    for (const v of minDays.violations) {
      tooSoon = true;
      lines.push(`- **FAIL** ${markdownText(minReportOnlyMessage(v, file))}`);
      errors.push(minReportOnlyMessage(v, file));
    }
    for (const s of minDays.suppressed) lines.push(`- suppressed: ${markdownText(`${MIN_REPORT_ONLY_RULE} ${s.change.displayName} (${env}) after ${s.days.toFixed(1)} days; reason: ${s.reason ?? ''}`)}`);
    for (const p of minDays.passed) lines.push(`- ok: ${markdownText(`${p.change.displayName} (${env}): report-only since ${p.since!.date.toISOString().slice(0, 10)}, ${p.days.toFixed(1)} days (at least ${p.required})`)}`);
    const evidence = input.evidence.find((e) => e.environment === env);
    if (!evidence) {
      lines.push(`- no replay evidence for ${markdownText(env)}: ${changes.length} promotion(s) or widening(s) are not checked against sign-in logs (npm run replay -- --env ${markdownText(env)} --logs <export> --base <ref> --json, then --evidence)`);
      continue;
    }
    unusedEvidence.delete(evidence);
    const impact = checkReplayedImpact(changes, evidence, settings, suppressions);
    for (const v of impact.violations) {
      overLimit = true;
      lines.push(`- **FAIL** ${markdownText(impactMessage(v, file))}`);
      errors.push(impactMessage(v, file));
    }
    for (const a of impact.accepted) lines.push(`- accepted: ${markdownText(`${REPLAYED_IMPACT_RULE} ${a.change.displayName} (${env}) newly blocks ${a.impact!.signIns} sign-ins of ${a.impact!.users} users; reason: ${a.reason ?? ''}`)}`);
    for (const p of impact.passed) lines.push(`- ok: ${markdownText(`${p.change.displayName} (${env}) newly blocks ${p.impact!.signIns} sign-ins of ${p.impact!.users} users in the replay (limit ${p.limit.signIns} and ${p.limit.users})`)}`);
    for (const m of impact.missing) lines.push(`- warning: ${markdownText(`${m.change.displayName} (${env}): the replay ${m.evidence} has no figure for it; replay again with the working tree synthesized`)}`);
  }
  for (const e of unusedEvidence) lines.push(`- note: ${markdownText(`${e.file} is the replay of ${e.environment}, which this change does not promote or widen anything in`)}`);
  const heading = [`## Evidence before enforcement (${MIN_REPORT_ONLY_RULE}, ${REPLAYED_IMPACT_RULE})`, ''];
  const markdown = [...heading, ...(lines.length ? lines : ['No policy is enabled or enforced more widely by this change.']), ''];
  const failures = [...(tooSoon ? ['a policy is enabled before its report-only days are up'] : []), ...(overLimit ? ['a replay shows a promotion or widening over promotion.maxNewlyBlocked'] : [])];
  return { markdown, failures, errors };
}
