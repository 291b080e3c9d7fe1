/**
 * Lint for .github/workflows: pinned actions, no secrets, least privilege, fork safety, and
 * a deploy chain that follows the rings. Parsed with the `yaml` package, checked on both the
 * parsed structure and the raw text.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { loadEnvironments } from '../../cli/environments';
import { orderByRing } from '../../core/rings';
import { STAGE_CEILINGS } from '../../core/stages';
import { REPO_ROOT, SAMPLE_DIR } from '../helpers/synth';

interface Step {
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
  env?: Record<string, string>;
}
interface Job {
  uses?: string;
  needs?: string | string[];
  if?: string;
  permissions?: Record<string, string> | string;
  environment?: string;
  env?: Record<string, string>;
  with?: Record<string, string>;
  steps?: Step[];
}
interface Workflow {
  on: Record<string, unknown>;
  permissions?: Record<string, string> | string;
  env?: Record<string, string>;
  jobs: Record<string, Job>;
}

const DIR = join(REPO_ROOT, '.github', 'workflows');
const files = readdirSync(DIR).filter((f) => /\.ya?ml$/.test(f)).sort();
const text = (f: string) => readFileSync(join(DIR, f), 'utf8');
const workflow = (f: string) => parse(text(f)) as Workflow;
const steps = (f: string) => Object.values(workflow(f).jobs).flatMap((j) => j.steps ?? []);

test('the four workflows exist', () => {
  expect(files).toEqual(['deploy-environment.yml', 'deploy.yml', 'drift.yml', 'pull-request.yml']);
});

test.each(files)('%s: every action is pinned to a full commit SHA with its version in a comment', (f) => {
  const lines = text(f).split('\n').filter((l) => /^\s*(-\s+)?uses:/.test(l));
  expect(lines.length).toBeGreaterThan(0);
  for (const line of lines) {
    const ref = /uses:\s*(\S+)/.exec(line)![1]!;
    if (ref.startsWith('./')) continue; // a workflow of this repository, at this commit
    expect([line.trim(), /^[A-Za-z0-9_.-]+\/[A-Za-z0-9_./-]+@[0-9a-f]{40}$/.test(ref)]).toEqual([line.trim(), true]);
    expect([line.trim(), /#\s*v\d+(\.\d+){0,2}\s*$/.test(line)]).toEqual([line.trim(), true]);
  }
});

test('the same action is pinned to the same commit everywhere', () => {
  const pins = new Map<string, Set<string>>();
  for (const f of files) {
    for (const m of text(f).matchAll(/uses:\s*([^@\s]+)@([0-9a-f]{40})/g)) {
      pins.set(m[1]!, (pins.get(m[1]!) ?? new Set()).add(m[2]!));
    }
  }
  expect([...pins].filter(([, shas]) => shas.size > 1)).toEqual([]);
  expect([...pins.keys()].sort()).toEqual([
    'actions/checkout',
    'actions/download-artifact',
    'actions/github-script',
    'actions/setup-node',
    'actions/upload-artifact',
    'hashicorp/setup-terraform',
  ]);
});

test.each(files)('%s: no secrets, no pull_request_target', (f) => {
  expect(text(f)).not.toMatch(/secrets\./);
  expect(text(f)).not.toMatch(/client[_-]?secret|ARM_CLIENT_SECRET|ARM_ACCESS_KEY|sas[_-]?token/i);
  expect(Object.keys(workflow(f).on)).not.toContain('pull_request_target');
  expect(Object.keys(workflow(f).on)).not.toContain('workflow_run');
});

test.each(files)('%s: nothing is granted at workflow level; every job says what it needs', (f) => {
  const wf = workflow(f);
  expect(wf.permissions).toEqual({});
  for (const [id, job] of Object.entries(wf.jobs)) {
    expect([id, typeof job.permissions]).toEqual([id, 'object']);
    for (const [scope, level] of Object.entries(job.permissions as Record<string, string>)) {
      expect([id, scope, ['read', 'write', 'none'].includes(level)]).toEqual([id, scope, true]);
    }
    expect([id, Object.values(job.permissions as Record<string, string>).filter((l) => l === 'write').length <= 2]).toEqual([id, true]);
  }
});

test('id-token: write is granted only to the deploy and drift jobs', () => {
  const granted = files.flatMap((f) =>
    Object.entries(workflow(f).jobs)
      .filter(([, j]) => typeof j.permissions === 'object' && j.permissions['id-token'] === 'write')
      .map(([id]) => `${f}:${id}`),
  );
  expect(granted.sort()).toEqual(['deploy-environment.yml:deploy', 'deploy.yml:dev', 'deploy.yml:prod', 'drift.yml:drift']);
  expect(text('pull-request.yml')).not.toMatch(/id-token/);
});

test('pull requests: npm ci, typecheck, jest --ci, synth, report and diff, one updated comment, forks cannot write', () => {
  const wf = workflow('pull-request.yml');
  expect(Object.keys(wf.on)).toEqual(['pull_request']);
  const runs = steps('pull-request.yml').map((s) => s.run ?? '').join('\n');
  for (const command of ['npm ci', 'npm run typecheck', 'npx jest --ci', 'npx cdktf synth', 'npm run -s diff -- --base "origin/${BASE_REF}"', 'npm run -s report -- --env "$env"', '>> "$GITHUB_STEP_SUMMARY"']) {
    expect([command, runs.includes(command)]).toEqual([command, true]);
  }
  expect(runs).not.toMatch(/jest[^\n]*(-u\b|--updateSnapshot)/);
  expect(wf.env?.PERIMETER_TERRAFORM_CHECKS ?? wf.jobs.verify!.env?.PERIMETER_TERRAFORM_CHECKS).toBe('1');
  expect(wf.jobs.verify!.permissions).toEqual({ contents: 'read' });
  expect(wf.jobs.comment!.permissions).toEqual({ 'pull-requests': 'write' });
  expect(wf.jobs.comment!.if).toContain('github.event.pull_request.head.repo.full_name == github.repository');
  const script = String(wf.jobs.comment!.steps!.find((s) => s.uses?.startsWith('actions/github-script@'))!.with!.script);
  expect(script).toContain("const marker = '<!-- perimeter-review -->'");
  expect(script).toContain('updateComment');
  // Untrusted PR data reaches shell only through env, never through ${{ }} inside run:.
  expect(runs).not.toMatch(/\$\{\{\s*github\.(head_ref|base_ref|event)/);
});

test('deploy: one job per environment, chained in ring order, each a GitHub environment', () => {
  const wf = workflow('deploy.yml');
  const ringOrder = orderByRing(loadEnvironments(SAMPLE_DIR)).map((e) => e.name);
  const jobs = Object.entries(wf.jobs);
  expect(jobs.map(([id]) => id)).toEqual(ringOrder);
  jobs.forEach(([id, job], i) => {
    expect(job.uses).toBe('./.github/workflows/deploy-environment.yml');
    expect(job.with).toEqual({ environment: id, stage_ceiling: "${{ inputs.stage_ceiling || 'none' }}" });
    expect(job.needs).toEqual(i === 0 ? undefined : ringOrder[i - 1]);
  });
  const dispatch = wf.on.workflow_dispatch as { inputs: { stage_ceiling: { type: string; options: string[]; default: string } } };
  expect(dispatch.inputs.stage_ceiling).toMatchObject({ type: 'choice', default: 'none' });
  expect([...dispatch.inputs.stage_ceiling.options].sort()).toEqual(['none', ...STAGE_CEILINGS].sort());
  expect(Object.keys(wf.on).sort()).toEqual(['push', 'workflow_dispatch']);
});

test('deploy environment: OIDC with ids from variables, Terraform without wrapper, cdktf diff then deploy', () => {
  const wf = workflow('deploy-environment.yml');
  const job = wf.jobs.deploy!;
  expect(job.environment).toBe('${{ inputs.environment }}');
  expect(job.env).toMatchObject({
    ARM_USE_OIDC: 'true',
    ARM_CLIENT_ID: '${{ vars.AZURE_CLIENT_ID }}',
    ARM_TENANT_ID: '${{ vars.AZURE_TENANT_ID }}',
    ARM_SUBSCRIPTION_ID: '${{ vars.AZURE_SUBSCRIPTION_ID }}',
  });
  const terraform = job.steps!.find((s) => s.uses?.startsWith('hashicorp/setup-terraform@'))!;
  expect(terraform.with).toMatchObject({ terraform_wrapper: false });
  const runs = job.steps!.map((s) => s.run ?? '');
  const plan = runs.findIndex((r) => r.includes('npx cdktf diff "$ENVIRONMENT_NAME"'));
  const deploy = runs.findIndex((r) => r.includes('npx cdktf deploy "$ENVIRONMENT_NAME" --auto-approve'));
  expect(plan).toBeGreaterThan(-1);
  expect(deploy).toBeGreaterThan(plan);
  // The brake is announced in the run summary, and only the two ceilings are accepted.
  const brake = runs.find((r) => r.includes('PERIMETER_STAGE_CEILING'))!;
  expect(brake).toContain('EMERGENCY BRAKE');
  expect(brake).toContain('GITHUB_STEP_SUMMARY');
  const accepted = /\n\s*([a-z|-]+)\)\n\s*echo "PERIMETER_STAGE_CEILING=\$STAGE_CEILING_INPUT"/.exec(brake)![1]!.split('|');
  expect(accepted.sort()).toEqual([...STAGE_CEILINGS].sort());
});

test('drift: nightly plan of every environment, read-only GitHub environments, fails on changes, never braked', () => {
  const wf = workflow('drift.yml');
  expect(wf.on.schedule).toEqual([{ cron: expect.stringMatching(/^\d+ \d+ \* \* \*$/) }]);
  const job = wf.jobs.drift!;
  expect(job.environment).toBe('${{ matrix.environment }}-drift');
  expect(job.env?.PERIMETER_STAGE_CEILING).toBe('');
  expect(job.env?.ARM_USE_OIDC).toBe('true');
  const run = job.steps!.map((s) => s.run ?? '').join('\n');
  expect(run).toContain('npx cdktf diff "$ENVIRONMENT_NAME"');
  expect(run).toContain('-detailed-exitcode');
  expect(run).toContain('exit 1');
  expect(workflow('drift.yml').jobs.environments!.steps!.some((s) => s.run?.includes('npm run -s environments'))).toBe(true);
});

describe('the emergency brake is never cancelled or replaced by a later push', () => {
  // GitHub keeps one pending run per concurrency group: a brake sharing a group with pushes could be replaced.
  const groupOf = (expression: string, context: { event: string; ceiling: string; runId: string; environment?: string }) =>
    expression
      .replace(/^\$\{\{\s*|\s*\}\}$/g, '')
      .replace(/github\.event_name/g, JSON.stringify(context.event))
      .replace(/inputs\.stage_ceiling/g, JSON.stringify(context.ceiling))
      .replace(/inputs\.environment/g, JSON.stringify(context.environment ?? ''))
      .replace(/github\.run_id/g, JSON.stringify(context.runId));
  const evaluate = (expression: string, context: Parameters<typeof groupOf>[1]): string => {
    const js = groupOf(expression, context)
      .replace(/format\('([^']*)', /g, "fmt('$1', ")
      .replace(/'/g, '"');
    const fmt = (f: string, ...args: string[]) => f.replace(/\{(\d)\}/g, (_, i: string) => args[Number(i)]!);
    return new Function('fmt', `return (${js});`)(fmt) as string;
  };

  test('deploy.yml: pushes share one queue; each brake run has its own group', () => {
    const group = (parse(text('deploy.yml')) as { concurrency: { group: string; 'cancel-in-progress': boolean } }).concurrency;
    expect(group['cancel-in-progress']).toBe(false);
    expect(evaluate(group.group, { event: 'push', ceiling: '', runId: '1' })).toBe('deploy');
    expect(evaluate(group.group, { event: 'workflow_dispatch', ceiling: 'none', runId: '2' })).toBe('deploy');
    expect(evaluate(group.group, { event: 'workflow_dispatch', ceiling: 'report-only', runId: '3' })).toBe('brake-3');
    expect(evaluate(group.group, { event: 'workflow_dispatch', ceiling: 'off', runId: '4' })).toBe('brake-4');
  });

  test('deploy-environment.yml: a brake job never joins the tenant queue, and waits for the state lock instead', () => {
    const job = workflow('deploy-environment.yml').jobs['deploy'] as Job & { concurrency: { group: string; 'cancel-in-progress': boolean } };
    expect(job.concurrency['cancel-in-progress']).toBe(false);
    expect(evaluate(job.concurrency.group, { event: 'push', ceiling: 'none', runId: '5', environment: 'prod' })).toBe('tenant-prod');
    expect(evaluate(job.concurrency.group, { event: 'workflow_dispatch', ceiling: 'report-only', runId: '6', environment: 'prod' })).toBe('brake-prod-6');
    expect(job.env?.['TF_CLI_ARGS_apply']).toBe('-lock-timeout=30m');
    expect(job.env?.['TF_CLI_ARGS_plan']).toBe('-lock-timeout=30m');
  });
});
