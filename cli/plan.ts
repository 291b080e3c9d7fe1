/**
 * `npm run plan -- --env <name> --plan <plan.json> [--out <file>|-] [--json]`: a Terraform
 * plan (`terraform show -json plan.tfplan`, made in cdktf.out/stacks/<env>) reviewed in
 * identity terms (analysis/plan), with its gate. Exit 0: nothing protected is destroyed or
 * replaced without a `retire:` entry. Exit 1: the gate fails (each finding an `error:` line on
 * stderr; the review is still printed). Exit 2: the plan, the stack or a flag is not usable.
 */
import { join, relative } from 'node:path';
import { PerimeterError } from '../core/problems';
import { readPlan } from '../analysis/plan/read';
import { renderPlanReview, renderPlanReviewJson } from '../analysis/plan/render';
import { planMismatch, reviewPlan } from '../analysis/plan/review';
import { REPORT_SECTIONS } from '../components/registry';
import { parseCommand } from './args';
import { checkEnvironmentName, DEFAULT_ENVIRONMENTS_DIR, readRegularFile } from './environments';
import { STDOUT, writeOutput } from './output';
import { EXIT, type CommandResult } from './run';
import { DEFAULT_OUTDIR, readEnvironmentModel, synthesizedStackPath } from './stacks';

const PLAN = {
  command: 'plan',
  summary: 'a Terraform plan reviewed in identity terms; fails when a protected object would be destroyed or replaced without a retire: entry',
  options: {
    env: { type: 'string', required: true, value: 'name', help: 'the environment the plan was made for (file name in environments/ without .yaml)' },
    plan: { type: 'string', required: true, value: 'plan.json', help: 'the output of `terraform show -json plan.tfplan`, made in cdktf.out/stacks/<env>' },
    out: { type: 'string', value: 'file', help: 'also write the review to this file (a job summary, a PR comment); - is standard output' },
    json: { type: 'boolean', help: 'the review as JSON instead of Markdown' },
    outdir: { type: 'string', value: 'dir', help: `where npm run synth wrote the stacks (default ${DEFAULT_OUTDIR})` },
    environments: { type: 'string', value: 'dir', help: `the environments folder, for names and retire: entries (default ${DEFAULT_ENVIRONMENTS_DIR})` },
  },
} as const;

export function runPlan(argv: readonly string[]): CommandResult {
  const { options } = parseCommand(PLAN, argv);
  const env = options.env!;
  checkEnvironmentName(env, PLAN.command);
  const outdir = options.outdir ?? DEFAULT_OUTDIR;
  const environmentsDir = options.environments ?? DEFAULT_ENVIRONMENTS_DIR;

  const planPath = options.plan!;
  const planFile = relative(process.cwd(), planPath) || planPath;
  const read = readRegularFile(planPath, planFile, 'a plan (the output of `terraform show -json plan.tfplan`)');
  if ('problem' in read) throw new PerimeterError([read.problem], 'perimeter: plan review stopped');
  const plan = readPlan(read.bytes, planFile);

  const { model, unlabelled } = readEnvironmentModel(env, outdir, environmentsDir, PLAN.command);
  const stackFile = relative(process.cwd(), synthesizedStackPath(env, outdir)) || synthesizedStackPath(env, outdir);
  const mismatch = planMismatch(plan, model, stackFile);
  if (mismatch.length) throw new PerimeterError(mismatch.map((message) => ({ file: planFile, path: '', message })), 'perimeter: plan review stopped');

  const environmentFile = model.declared?.file ?? join(environmentsDir, `${env}.yaml`);
  const review = reviewPlan(plan, model, { environmentFile, sections: REPORT_SECTIONS });
  const text = options.json ? renderPlanReviewJson(review) : renderPlanReview(review);
  if (options.out !== undefined && options.out !== STDOUT) writeOutput(options.out, text, PLAN.command);
  const warnings = unlabelled ? [`warning: ${unlabelled}; no retire: entry can acknowledge anything\n`] : [];
  return {
    stdout: text,
    stderr: [...warnings, ...review.findings.map((f) => `error: ${f.message}\n`)].join(''),
    exitCode: review.passed ? EXIT.ok : EXIT.finding,
  };
}
