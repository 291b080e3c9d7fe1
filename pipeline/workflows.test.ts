/**
 * Lint for .github/workflows: pinned actions, no secrets, least privilege, fork safety, and
 * a deploy chain that follows the rings. Parsed with the `yaml` package, checked on both the
 * parsed structure and the raw text.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { loadEnvironments } from '../cli/environments';
import { STAGE_CEILINGS } from '../core/stages';
import { newEnvironmentFromDev, readSample, REPO_ROOT, SAMPLE_DIR, writeEnvironments } from '../__tests__/helpers/synth';
import { deployRings, MAX_RING_POSITIONS } from './rings';
import { commandOutcome } from '../cli/run';
import { runEnvironments } from '../cli/environments';

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

test('the workflows', () => {
  expect(files).toEqual(['brake.yml', 'deploy-environment.yml', 'deploy.yml', 'drift.yml', 'pull-request.yml']);
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

test('id-token: write is granted only to jobs that plan, apply or check drift, each in a GitHub environment', () => {
  const ringJobs = Array.from({ length: MAX_RING_POSITIONS }, (_, i) => `deploy.yml:ring-${i + 1}`);
  const granted = files.flatMap((f) =>
    Object.entries(workflow(f).jobs)
      .filter(([, j]) => typeof j.permissions === 'object' && j.permissions['id-token'] === 'write')
      .map(([id]) => `${f}:${id}`),
  );
  expect(granted.sort()).toEqual(
    ['brake.yml:brake', 'deploy-environment.yml:apply', 'deploy-environment.yml:plan', ...ringJobs, 'drift.yml:drift', 'pull-request.yml:plan'].sort(),
  );
  // Every job that holds a token itself is bound to a GitHub environment (its identity and protection live there).
  for (const [f, id] of [['deploy-environment.yml', 'plan'], ['deploy-environment.yml', 'apply'], ['drift.yml', 'drift'], ['pull-request.yml', 'plan']] as const) {
    expect([f, id, typeof workflow(f).jobs[id]!.environment]).toEqual([f, id, 'string']);
  }
});

test('pull requests: npm ci, typecheck, jest --ci, synth with remote state required, report and diff, a plan per environment, one updated comment, forks cannot write', () => {
  const wf = workflow('pull-request.yml');
  expect(Object.keys(wf.on)).toEqual(['pull_request']);
  expect(wf.env?.['PERIMETER_REQUIRE_REMOTE_STATE']).toBe('1');
  const runs = steps('pull-request.yml').map((s) => s.run ?? '').join('\n');
  for (const command of ['npm ci', 'npm run typecheck', 'npx jest --ci', 'npm run synth', 'npm run -s diff -- --base "origin/${BASE_REF}"', 'npm run -s report -- --env "$env"', '>> "$GITHUB_STEP_SUMMARY"']) {
    expect([command, runs.includes(command)]).toEqual([command, true]);
  }
  expect(runs).not.toMatch(/jest[^\n]*(-u\b|--updateSnapshot)/);
  expect(runs).not.toContain('cdktf synth');
  expect(wf.env?.PERIMETER_TERRAFORM_CHECKS ?? wf.jobs.verify!.env?.PERIMETER_TERRAFORM_CHECKS).toBe('1');
  expect(wf.jobs.verify!.permissions).toEqual({ contents: 'read' });
  expect(wf.jobs.comment!.permissions).toEqual({ 'pull-requests': 'write' });
  expect(wf.jobs.comment!.if).toContain('github.event.pull_request.head.repo.full_name == github.repository');
  const script = String(wf.jobs.comment!.steps!.find((s) => s.uses?.startsWith('actions/github-script@'))!.with!.script);
  expect(script).toContain("const marker = '<!-- perimeter-review -->'");
  expect(script).toContain('updateComment');
  // Untrusted PR data reaches shell only through env, never through ${{ }} inside run:.
  expect(runs).not.toMatch(/\$\{\{\s*github\.(head_ref|base_ref|event)/);

  // The plan: per environment, read-only identity, never for a fork, the identity review gates the PR.
  const plan = wf.jobs['plan'] as Job & { strategy: { matrix: { environment: string } } };
  expect(plan.if).toBe('github.event.pull_request.head.repo.full_name == github.repository');
  expect(plan.environment).toBe('${{ matrix.environment }}-plan');
  expect(plan.strategy.matrix.environment).toBe('${{ fromJSON(needs.verify.outputs.environments) }}');
  const planRuns = (plan.steps ?? []).map((s) => s.run ?? '').join('\n');
  expect(planRuns).toContain('terraform plan -input=false -no-color -lock=false -out=plan.tfplan');
  expect(planRuns).toContain('terraform show -json plan.tfplan > plan.json');
  expect(planRuns).toContain('npm run -s plan -- --env "$ENVIRONMENT_NAME" --plan "cdktf.out/stacks/${ENVIRONMENT_NAME}/plan.json"');
  expect(planRuns).toContain('exit "$code"');
  expect(planRuns).not.toMatch(/terraform apply/);
});

test('deploy: one matrix job per ring position over what the environment files give, each after the position below', () => {
  const wf = workflow('deploy.yml') as Workflow & { jobs: Record<string, Job & { strategy?: { matrix: { environment: string } } }> };
  const list = wf.jobs['environments']!;
  expect(list.permissions).toEqual({ contents: 'read' });
  expect(list.steps!.map((s) => s.run ?? '').join('\n')).toContain('npm run -s environments -- --by-ring');
  for (let i = 0; i < MAX_RING_POSITIONS; i++) {
    const job = wf.jobs[`ring-${i + 1}`]!;
    expect(job.uses).toBe('./.github/workflows/deploy-environment.yml');
    expect(job.needs).toEqual(i === 0 ? ['environments'] : ['environments', `ring-${i}`]);
    expect(job.if).toBe(`fromJSON(needs.environments.outputs.rings)[${i}] != null`);
    expect(job.strategy!.matrix.environment).toBe(`\${{ fromJSON(needs.environments.outputs.rings)[${i}] }}`);
    expect(job.with).toEqual({ environment: '${{ matrix.environment }}', stage_ceiling: 'none' });
  }
  expect(Object.keys(wf.jobs)).toEqual(['environments', ...Array.from({ length: MAX_RING_POSITIONS }, (_, i) => `ring-${i + 1}`)]);
  expect(Object.keys(wf.on).sort()).toEqual(['push', 'workflow_dispatch']);
});

test('the chain follows the environment files: the samples, a third environment, a laptop-only one', () => {
  const samples = loadEnvironments(SAMPLE_DIR);
  const rings = deployRings(samples);
  expect(rings.flat().sort()).toEqual(samples.filter((e) => e.pipeline).map((e) => e.name).sort());
  rings.forEach((names, i) => i > 0 && expect(Math.min(...names.map((n) => samples.find((e) => e.name === n)!.ring))).toBeGreaterThan(Math.max(...rings[i - 1]!.map((n) => samples.find((e) => e.name === n)!.ring))));
  const env = (name: string, ring: number, pipeline = true) => ({ name, file: `environments/${name}.yaml`, ring, pipeline });
  expect(deployRings([env('prod', 3), env('dev', 1), env('lab', 1, false), env('pilot', 2), env('canary', 2)])).toEqual([['dev'], ['canary', 'pilot'], ['prod']]);
  const r = commandOutcome(() => runEnvironments(['--by-ring', '--environments', writeEnvironments({ dev: readSample('dev'), prod: readSample('prod'), pilot: newEnvironmentFromDev('pilot') })]));
  expect([r.exitCode, r.stdout]).toEqual([0, '[["dev","pilot"],["prod"]]\n']);
  const six = Array.from({ length: MAX_RING_POSITIONS + 1 }, (_, i) => env(`e${i}`, i + 1));
  expect(() => deployRings(six)).toThrow(`has jobs for ${MAX_RING_POSITIONS} ring positions, and the environment files use ${MAX_RING_POSITIONS + 1} distinct rings`);
});

test('the brake: any one environment the pipeline deploys, checked first, both ceilings, never waits for lower rings', () => {
  const wf = workflow('brake.yml') as Workflow & { concurrency: { group: string } };
  const inputs = (wf.on['workflow_dispatch'] as { inputs: Record<string, { type: string; options?: string[] }> }).inputs;
  expect(inputs['environment']!.type).toBe('string');
  expect([...inputs['stage_ceiling']!.options!].sort()).toEqual([...STAGE_CEILINGS].sort());
  expect(Object.keys(wf.jobs)).toEqual(['check', 'brake']);
  expect(wf.jobs['brake']!.needs).toBe('check');
  expect(wf.jobs['brake']!.with).toEqual({ environment: '${{ inputs.environment }}', stage_ceiling: '${{ inputs.stage_ceiling }}' });
  // The requested name reaches the shell through env only, and must be a deployed environment.
  const check = wf.jobs['check']!;
  expect(check.env).toEqual({ REQUESTED: '${{ inputs.environment }}' });
  expect(check.steps!.map((s) => s.run ?? '').join('\n')).toContain('npm run -s environments');
  expect(check.steps!.map((s) => s.run ?? '').join('\n')).not.toMatch(/\$\{\{\s*inputs/);
  expect(wf.concurrency.group).toBe('brake-${{ github.run_id }}');
});

test('deploy environment: a read-only plan job, then the reviewed plan applied by the deploy identity', () => {
  const wf = workflow('deploy-environment.yml');
  const plan = wf.jobs['plan']!;
  const apply = wf.jobs['apply']!;
  expect(plan.environment).toBe('${{ inputs.environment }}-plan');
  expect(apply.environment).toBe('${{ inputs.environment }}');
  expect(apply.needs).toBe('plan');
  for (const job of [plan, apply]) {
    expect(job.env).toMatchObject({
      ARM_USE_OIDC: 'true',
      ARM_CLIENT_ID: '${{ vars.AZURE_CLIENT_ID }}',
      ARM_TENANT_ID: '${{ vars.AZURE_TENANT_ID }}',
      ARM_SUBSCRIPTION_ID: '${{ vars.AZURE_SUBSCRIPTION_ID }}',
    });
    expect(job.steps!.find((s) => s.uses?.startsWith('hashicorp/setup-terraform@'))!.with).toMatchObject({ terraform_wrapper: false });
  }
  expect(plan.env?.['PERIMETER_REQUIRE_REMOTE_STATE']).toBe('1');
  const planRuns = plan.steps!.map((s) => s.run ?? '');
  const at = (needle: string, runs = planRuns) => runs.findIndex((r) => r.includes(needle));
  expect(at('npm run synth')).toBeGreaterThan(-1);
  expect(at('terraform plan -input=false -no-color -lock=false -out=plan.tfplan')).toBeGreaterThan(at('npm run synth'));
  expect(at('npm run -s plan -- --env "$ENVIRONMENT_NAME"')).toBeGreaterThan(at('terraform show -json plan.tfplan > plan.json'));
  expect(planRuns.join('\n')).not.toMatch(/terraform apply/);
  const upload = plan.steps!.find((s) => s.uses?.startsWith('actions/upload-artifact@'))!;
  expect(String(upload.with!['path'])).toContain('plan.tfplan');

  const applyRuns = apply.steps!.map((s) => s.run ?? '');
  // No synth in apply: it applies the configuration and plan the plan job reviewed, checked by sha256.
  expect(applyRuns.join('\n')).not.toMatch(/npm run synth|cdktf (synth|diff|deploy)|terraform plan/);
  expect(apply.env?.['REVIEWED_SHA256']).toBe('${{ needs.plan.outputs.sha256 }}');
  expect(at('sha256sum plan.tfplan', applyRuns)).toBeLessThan(at('terraform apply -input=false -no-color -parallelism=2 plan.tfplan', applyRuns));
  expect(applyRuns.find((r) => r.includes('sha256sum plan.tfplan'))).toContain('exit 1');
  // The brake is announced in the run summary, and only the two ceilings are accepted.
  const brake = planRuns.find((r) => r.includes('PERIMETER_STAGE_CEILING'))!;
  expect(brake).toContain('EMERGENCY BRAKE');
  expect(brake).toContain('GITHUB_STEP_SUMMARY');
  const accepted = /\n\s*([a-z|-]+)\)\n\s*echo "PERIMETER_STAGE_CEILING=\$STAGE_CEILING_INPUT"/.exec(brake)![1]!.split('|');
  expect(accepted.sort()).toEqual([...STAGE_CEILINGS].sort());
});

test('drift: nightly plan of every environment, read-only GitHub environments, fails on changes, never braked', () => {
  const wf = workflow('drift.yml');
  expect(wf.on.schedule).toEqual([{ cron: expect.stringMatching(/^\d+ \d+ \* \* \*$/) }]);
  const job = wf.jobs.drift!;
  expect(job.environment).toBe('${{ matrix.environment }}-plan');
  expect(job.env?.PERIMETER_STAGE_CEILING).toBe('');
  expect(job.env?.ARM_USE_OIDC).toBe('true');
  const run = job.steps!.map((s) => s.run ?? '').join('\n');
  expect(run).toContain('terraform plan -lock=false');
  expect(run).toContain('npm run -s plan -- --env "$ENVIRONMENT_NAME"');
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

  test('deploy.yml queues pushes; brake.yml gives each run a group of its own', () => {
    expect((parse(text('deploy.yml')) as { concurrency: { group: string; 'cancel-in-progress': boolean } }).concurrency).toEqual({ group: 'deploy', 'cancel-in-progress': false });
    const brake = (parse(text('brake.yml')) as { concurrency: { group: string; 'cancel-in-progress': boolean } }).concurrency;
    expect(brake['cancel-in-progress']).toBe(false);
    expect(brake.group.replace('${{ github.run_id }}', '3')).toBe('brake-3');
  });

  test('deploy-environment.yml: a brake apply never joins the tenant queue, and waits for the state lock instead', () => {
    const job = workflow('deploy-environment.yml').jobs['apply'] as Job & { concurrency: { group: string; 'cancel-in-progress': boolean } };
    expect(job.concurrency['cancel-in-progress']).toBe(false);
    expect(evaluate(job.concurrency.group, { event: 'push', ceiling: 'none', runId: '5', environment: 'prod' })).toBe('tenant-prod');
    expect(evaluate(job.concurrency.group, { event: 'workflow_dispatch', ceiling: 'report-only', runId: '6', environment: 'prod' })).toBe('brake-prod-6');
    expect(job.env?.['TF_CLI_ARGS_apply']).toBe('-lock-timeout=30m');
    expect(job.env?.['TF_CLI_ARGS_plan']).toBe('-lock-timeout=30m');
  });
});

test('the PR comment gets a diff summarised to fit, never one cut mid-table', () => {
  const pr = text('pull-request.yml');
  expect(pr).toMatch(/npm run -s diff -- --base "origin\/\$\{BASE_REF\}" --out reports\/diff\.md --max-length 50000/);
  expect(pr).not.toMatch(/diff\.slice\(/);
});
