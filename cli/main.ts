/**
 * The one entry point of every command: `node -r ./cli/register.js cli/main.ts <command> ...`,
 * which the npm scripts (and cdktf.json, for synth) run.
 */
import { runAssessments } from './assessments';
import { runBench } from './bench';
import { runCoverage } from './coverage';
import { runDiff } from './diff';
import { runDocs } from './docs';
import { runEngineProof } from './engine-proof';
import { runEnvironments } from './environments';
import { runImport } from './import';
import { runLint } from './lint';
import { runPlan } from './plan';
import { runReplay } from './replay';
import { runReport } from './report';
import { EXIT, runCommand, type CommandResult } from './run';
import { runSynth } from './synth';
import { runWhatIf } from './whatif';
import { didYouMean } from '../core/text';

const COMMANDS: Readonly<Record<string, (argv: readonly string[]) => CommandResult | void>> = {
  synth: runSynth,
  report: runReport,
  diff: runDiff,
  whatif: runWhatIf,
  bench: runBench,
  plan: runPlan,
  import: runImport,
  replay: runReplay,
  assessments: runAssessments,
  'engine-proof': runEngineProof,
  docs: runDocs,
  environments: runEnvironments,
  lint: runLint,
  coverage: runCoverage,
};

const [command = '', ...argv] = process.argv.slice(2);
runCommand(() => {
  const run = Object.hasOwn(COMMANDS, command) ? COMMANDS[command] : undefined;
  if (!run) return { stderr: `perimeter: unknown command ${JSON.stringify(command)}${didYouMean(command, Object.keys(COMMANDS))}; the commands are ${Object.keys(COMMANDS).join(', ')}\n`, exitCode: EXIT.input };
  return run(argv);
});
