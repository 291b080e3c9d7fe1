/**
 * The scale half of `npm run bench`: synth of three environments at the tenant limit (195
 * Conditional Access policies each, baseline included) as a ratio to the yardstick (a plain
 * cdktf app declaring as many resources, app/yardstick.ts) in the same run, and
 * `npm run import` of a 200-policy export. Everything is generated into
 * a temporary folder and removed afterwards.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { MAX_POLICIES_PER_TENANT as TENANT_POLICY_LIMIT } from '../components/conditional-access/guardrails/PRM-TEN001-policy-count-limit';
import { buildApp } from '../app/app';
import { synthYardstick } from '../app/yardstick';
import { loadEnvironments } from './environments';
import { runImport } from './import';
import { commandOutcome } from './run';

const hex = (n: number) => n.toString(16).padStart(12, '0');

function environmentText(name: string, ring: number, customs: readonly string[]): string {
  return stringify({
    tenantId: `7e000000-0000-4000-8000-${hex(0xb00 + ring)}`,
    ring,
    stage: 'report-only',
    pipeline: false,
    breakGlass: { accounts: [`b9000000-0000-4000-8000-${hex(ring * 2)}`, `b9000000-0000-4000-8000-${hex(ring * 2 + 1)}`] },
    telemetry: {
      workspace: { name: `law-bench-${name}`, resourceGroup: `rg-bench-${name}`, location: 'westeurope', subscriptionId: `c5000000-0000-4000-8000-${hex(ring)}` },
      deploymentAppId: `d3000000-0000-4000-8000-${hex(ring)}`,
      rules: { SEN001: { stage: 'enabled' } },
    },
    policies: Object.fromEntries(customs.map((id) => [id, { stage: 'report-only' }])),
  });
}

function customPolicy(id: string, i: number): string {
  return stringify({
    id,
    title: `Generated policy ${i}`,
    users: { include: { users: ['All'] }, exclude: { users: [`0e0e0e0e-0000-4000-8000-${hex(i)}`] } },
    applications: { include: [i % 2 ? 'All' : 'Office365'] },
    ...(i % 3 === 0 ? { conditions: { signInRiskLevels: ['high'], clientAppTypes: ['all'] } } : {}),
    grant: { operator: 'OR', controls: [i % 4 === 0 ? 'compliantDevice' : 'mfa'] },
    ...(i % 5 === 0 ? { session: { signInFrequency: { value: 1 + (i % 23), unit: 'hours' } } } : {}),
  });
}

/** Best of `rounds` wall-clock runs, in milliseconds. */
function best(rounds: number, run: () => void): number {
  let fastest = Infinity;
  for (let i = 0; i < rounds; i++) {
    const started = performance.now();
    run();
    fastest = Math.min(fastest, performance.now() - started);
  }
  return fastest;
}

const resourceCount = (json: { resource?: unknown }) => Object.values((json.resource ?? {}) as Record<string, object>).reduce((n, byName) => n + Object.keys(byName).length, 0);

export interface ScaleFigures {
  readonly policiesPerEnvironment: number;
  /** Terraform resources in the three stacks: policies, their report-only evidence, groups, locations, the workspace. */
  readonly resources: number;
  readonly synthMillis: number;
  readonly yardstickMillis: number;
  readonly importMillis: number;
}

export function measureScale(): ScaleFigures {
  const root = mkdtempSync(join(tmpdir(), 'perimeter-bench-'));
  try {
    const environments = join(root, 'environments');
    const custom = join(root, 'policies', 'custom');
    mkdirSync(environments);
    mkdirSync(custom, { recursive: true });
    // How many baseline policies an environment like these has: the customs fill it up to the limit.
    writeFileSync(join(environments, 'probe.yaml'), environmentText('probe', 1, []));
    const probe = buildApp(loadEnvironments(environments, root));
    const baseline = Object.keys((probe.guardrails.synthesized(probe.stacks[0]!).resource as Record<string, Record<string, unknown>>)['azuread_conditional_access_policy'] ?? {}).length;
    rmSync(join(environments, 'probe.yaml'));
    const ids = Array.from({ length: TENANT_POLICY_LIMIT - baseline }, (_, i) => `CP${String(i + 1).padStart(3, '0')}`);
    ids.forEach((id, i) => writeFileSync(join(custom, `${id}.yaml`), customPolicy(id, i)));
    ['lab', 'pilot', 'prod'].forEach((name, i) => writeFileSync(join(environments, `${name}.yaml`), environmentText(name, i + 1, ids)));

    const outdir = join(root, 'out');
    let resources = 0;
    const synthMillis = best(3, () => {
      const { app, stacks, guardrails } = buildApp(loadEnvironments(environments, root), { outdir });
      app.synth();
      resources = stacks.reduce((n, stack) => n + resourceCount(guardrails.synthesized(stack)), 0);
    });
    const perStack = Math.ceil(resources / 3);
    const yardstickMillis = best(3, () => synthYardstick(join(root, 'yardstick'), 3, perStack));

    const exportDir = join(root, 'export');
    mkdirSync(exportDir);
    const policies = Array.from({ length: 200 }, (_, i) => ({
      id: `0d0d0d0d-0000-4000-8000-${hex(i)}`,
      displayName: `Tenant policy ${i}`,
      state: i % 3 ? 'enabled' : 'enabledForReportingButNotEnforced',
      conditions: { users: { includeUsers: ['All'], excludeUsers: [`0e0e0e0e-0000-4000-8000-${hex(i)}`] }, applications: { includeApplications: [i % 2 ? 'All' : 'Office365'] }, clientAppTypes: ['all'] },
      grantControls: { operator: 'OR', builtInControls: [i % 4 === 0 ? 'compliantDevice' : 'mfa'] },
    }));
    writeFileSync(join(exportDir, 'policies.json'), JSON.stringify({ value: policies }));
    const target = join(root, 'import', 'environments');
    mkdirSync(target, { recursive: true });
    writeFileSync(join(target, 'tenant.yaml'), environmentText('tenant', 1, []).replace('stage: report-only', 'stage: "off"'));
    const importMillis = best(3, () => {
      commandOutcome(() => runImport(['--from', exportDir, '--env', 'tenant', '--environments', target, '--dry-run', '--json']));
    });
    return { policiesPerEnvironment: TENANT_POLICY_LIMIT, resources, synthMillis, yardstickMillis, importMillis };
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}
