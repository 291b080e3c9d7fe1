/**
 * `npm run assessments -- --env <name> [--outputs <file>] [--out-dir <dir>]`: the ScubaGear and
 * Maester configurations of one environment, listing exactly the exclusions it declares, so
 * both tools count them as intended (docs/assessments.md). With `--outputs` (what
 * `terraform output -json` printed after a deploy) the object ids of the groups the stack
 * creates are filled in and the files are complete.
 */
import { join } from 'node:path';
import { groupIdsFromOutputs, type GroupObjectIds } from '../analysis/assessments/exclusions';
import { maesterConfig } from '../analysis/assessments/maester';
import { scubaGearConfig } from '../analysis/assessments/scubagear';
import type { EnvironmentModel } from '../analysis/model/types';
import { PerimeterError, type Problem } from '../core/problems';
import { parseCommand } from './args';
import { DEFAULT_ENVIRONMENTS_DIR, readRegularFile } from './environments';
import { writeOutput } from './output';
import { EXIT, type CommandResult } from './run';
import { DEFAULT_OUTDIR, readEnvironmentModel } from './stacks';

const DEFAULT_ASSESSMENTS_DIR = join('reports', 'assessments');

const ASSESSMENTS = {
  command: 'assessments',
  summary: 'the ScubaGear and Maester configurations of one environment, listing the exclusions it declares',
  options: {
    env: { type: 'string', required: true, value: 'name', help: 'the environment (file name in environments/ without .yaml)' },
    outputs: {
      type: 'string',
      value: 'file',
      help: 'what `terraform -chdir=cdktf.out/stacks/<env> output -json` printed after a deploy: fills in the object ids of the groups the stack creates',
    },
    'out-dir': { type: 'string', value: 'dir', help: `write <dir>/<env>/scubagear.yaml and <dir>/<env>/maester-config.json (default ${DEFAULT_ASSESSMENTS_DIR})` },
    outdir: { type: 'string', value: 'dir', help: `where npm run synth wrote the stacks (default ${DEFAULT_OUTDIR})` },
    environments: { type: 'string', value: 'dir', help: `the environments folder (default ${DEFAULT_ENVIRONMENTS_DIR})` },
  },
} as const;

const stopped = (problems: readonly Problem[]) => new PerimeterError(problems, 'perimeter: assessments stopped');

/** The group ids in a `terraform output -json` file; every mistake is a problem naming the file and the key. */
function readGroupIds(path: string, model: EnvironmentModel): GroupObjectIds {
  const read = readRegularFile(path, path, 'a `terraform output -json` file');
  if ('problem' in read) throw stopped([{ ...read.problem, message: `${read.problem.message} (given as --outputs)` }]);
  const text = Buffer.from(read.bytes).toString('utf8').replace(/^\uFEFF/, '');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw stopped([
      {
        file: path,
        path: '',
        message: `is not JSON (${(e as Error).message}); write it with \`terraform -chdir=cdktf.out/stacks/${model.name} output -json > ${path}\``,
      },
    ]);
  }
  const { groupIds, problems } = groupIdsFromOutputs(json, model);
  if (problems.length) throw stopped(problems.map((p) => ({ file: path, path: p.path, message: p.message })));
  return groupIds;
}

export function runAssessments(argv: readonly string[]): CommandResult {
  const { options } = parseCommand(ASSESSMENTS, argv);
  const env = options.env!;
  const environmentsDir = options.environments ?? DEFAULT_ENVIRONMENTS_DIR;
  const { model, unlabelled, fileProblems } = readEnvironmentModel(env, options.outdir ?? DEFAULT_OUTDIR, environmentsDir, 'assessments');
  if (unlabelled || !model.declared) {
    const file = join(environmentsDir, `${env}.yaml`);
    throw stopped([
      {
        file,
        path: '',
        message: `${fileProblems ? 'has problems' : 'does not exist'}: the assessment files list what it declares (break-glass and directory-sync accounts, per-policy exclusions and their reasons); fix it, run \`npm run synth\`, then this again`,
      },
      ...(fileProblems ?? []),
    ]);
  }
  const groupIds = options.outputs !== undefined ? readGroupIds(options.outputs, model) : {};
  const scubaGear = scubaGearConfig(model, groupIds);
  const maester = maesterConfig(model, groupIds);
  const dir = join(options['out-dir'] ?? DEFAULT_ASSESSMENTS_DIR, env);
  const written: string[] = [];
  for (const [name, content] of [
    ['scubagear.yaml', scubaGear.content],
    ['maester-config.json', maester.content],
  ] as const) {
    const path = join(dir, name);
    writeOutput(path, content, 'assessments');
    written.push(path);
  }
  const warnings = [
    ...(scubaGear.pendingGroups.length
      ? [
          `${join(dir, 'scubagear.yaml')} is not complete: the object ids of ${scubaGear.pendingGroups.join(', ')} exist after the first deploy; then run \`terraform -chdir=cdktf.out/stacks/${env} output -json > outputs.json\` and \`npm run assessments -- --env ${env} --outputs outputs.json\``,
        ]
      : []),
    ...maester.notes.map((note) => `${join(dir, 'maester-config.json')}: ${note}`),
  ];
  return {
    stdout: written.map((p) => `wrote ${p}\n`).join(''),
    stderr: warnings.map((w) => `warning: ${w}\n`).join(''),
    exitCode: EXIT.ok,
  };
}
