/**
 * The What If command line, as a function so tests (and the README check) can run it in
 * process. scripts/whatif.ts is the thin entry point `npm run whatif` runs.
 *
 * Reads <outdir>/stacks/<env>/cdk.tf.json (what deploy would apply) and, when it exists,
 * <environments>/<env>.yaml for names and personas. Exit codes: 0 answered (or proved, or
 * every scenario held), 1 the proof found a counterexample or a scenario failed, 2 bad input.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { loadEnvironmentFile } from '../../config/load';
import type { Environment } from '../../config/environment';
import { formatProblems, isPerimeterError } from '../../config/errors';
import { readSynthesizedStack } from '../model';
import { findSynthesizedStack } from '../synth-output';
import { compileEnvironment, evaluate } from './evaluate';
import { formatProof, formatResult } from './format';
import { resolveSignIn, type SignInSpec } from './input';
import { proveBreakGlass } from './lockout';
import { personas } from './personas';
import { loadScenarioFile, runScenarios } from './scenarios';

export interface CliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
}

class UsageError extends Error {}

const USAGE = `usage:
  npm run whatif -- --env <name> --user <object id | persona> --app <app id | All | Office365 | MicrosoftAdminPortals | urn:user:registersecurityinfo | urn:user:registerdevice | app name>
                    --client <browser | mobileAppsAndDesktopClients | exchangeActiveSync | other>
                    --platform <android | iOS | windows | windowsPhone | macOS | linux | unknown>
                    [--group <id | group key>]... [--role <template id | role name>]... [--guest <type>] [--external-tenant <tenant id>]
                    [--ip <address>] [--country <CC | unknown>] [--gps-country <CC>]
                    [--device <unregistered | registered | compliant | hybrid>] [--device-property <name>=<value>]...
                    [--signin-risk <none | low | medium | high | hidden | unknown>] [--user-risk <...>]
                    [--flow <none | deviceCodeFlow | authenticationTransfer | unknown>] [--json]
  npm run whatif -- --env <name> --prove-break-glass [--json]
  npm run whatif -- --env <name> --scenarios [<file>]          (default scenarios/<name>.yaml)
  npm run whatif -- --env <name> --personas
options for all: [--outdir cdktf.out] [--environments environments]`;

const VALUE_FLAGS: Readonly<Record<string, keyof SignInSpec | 'env' | 'outdir' | 'environments' | 'scenarios'>> = {
  '--env': 'env',
  '--user': 'user',
  '--group': 'groups',
  '--role': 'roles',
  '--guest': 'guest',
  '--external-tenant': 'externalTenant',
  '--app': 'app',
  '--client': 'client',
  '--platform': 'platform',
  '--ip': 'ip',
  '--country': 'country',
  '--gps-country': 'gpsCountry',
  '--device': 'device',
  '--device-property': 'deviceProperties',
  '--signin-risk': 'signInRisk',
  '--user-risk': 'userRisk',
  '--flow': 'flow',
  '--outdir': 'outdir',
  '--environments': 'environments',
};
const FLAG_OF: Readonly<Record<keyof SignInSpec, string>> = Object.fromEntries(
  Object.entries(VALUE_FLAGS).map(([flag, key]) => [key, flag]),
) as Record<keyof SignInSpec, string>;
const BOOLEAN_FLAGS = new Set(['--json', '--prove-break-glass', '--personas', '--help']);

interface Args {
  env?: string;
  outdir: string;
  environments: string;
  json: boolean;
  prove: boolean;
  personas: boolean;
  help: boolean;
  scenarios?: string | true;
  spec: { -readonly [K in keyof SignInSpec]: SignInSpec[K] };
}

function parseArgs(argv: readonly string[]): Args {
  const args: Args = { outdir: 'cdktf.out', environments: 'environments', json: false, prove: false, personas: false, help: false, spec: {} };
  const groups: string[] = [];
  const roles: string[] = [];
  const props: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    if (flag === '--scenarios') {
      const next = inline ?? (argv[i + 1] !== undefined && !argv[i + 1]!.startsWith('--') ? argv[++i] : undefined);
      args.scenarios = next ?? true;
      continue;
    }
    if (BOOLEAN_FLAGS.has(flag)) {
      if (inline !== undefined) throw new UsageError(`${flag} takes no value`);
      if (flag === '--json') args.json = true;
      if (flag === '--prove-break-glass') args.prove = true;
      if (flag === '--personas') args.personas = true;
      if (flag === '--help') args.help = true;
      continue;
    }
    const key = VALUE_FLAGS[flag];
    if (!key) throw new UsageError(`unknown option ${JSON.stringify(arg)}; the options are ${[...Object.keys(VALUE_FLAGS), ...BOOLEAN_FLAGS, '--scenarios'].join(' ')}`);
    const value = inline ?? argv[++i];
    if (value === undefined || (inline === undefined && value.startsWith('--'))) throw new UsageError(`${flag} needs a value`);
    switch (key) {
      case 'env':
        args.env = value;
        break;
      case 'outdir':
        args.outdir = value;
        break;
      case 'environments':
        args.environments = value;
        break;
      case 'groups':
        groups.push(value);
        break;
      case 'roles':
        roles.push(value);
        break;
      case 'deviceProperties': {
        const eq = value.indexOf('=');
        if (eq <= 0) throw new UsageError(`--device-property ${JSON.stringify(value)} must be written name=value, e.g. --device-property trustType=AzureAD`);
        props[value.slice(0, eq)] = value.slice(eq + 1);
        break;
      }
      case 'scenarios':
        break;
      default:
        if (args.spec[key] !== undefined) throw new UsageError(`${flag} is given twice`);
        (args.spec as Record<string, string>)[key] = value;
    }
  }
  if (groups.length) args.spec.groups = groups;
  if (roles.length) args.spec.roles = roles;
  if (Object.keys(props).length) args.spec.deviceProperties = props;
  return args;
}

function loadEnvironment(dir: string, name: string): Environment | undefined {
  const path = join(dir, `${name}.yaml`);
  if (!existsSync(path)) return undefined;
  const loaded = loadEnvironmentFile(path);
  if (loaded.problems.length) throw new UsageError(formatProblems(`whatif: ${path} has problems`, loaded.problems));
  return loaded.environment;
}

function main(argv: readonly string[], io: CliIo): number {
  const args = parseArgs(argv);
  if (args.help) {
    io.stdout(`${USAGE}\n`);
    return 0;
  }
  if (!args.env) throw new UsageError('--env <name> is required (the environment whose synthesized policies to read)');
  const environment = loadEnvironment(args.environments, args.env);
  const model = readSynthesizedStack(findSynthesizedStack(args.env, args.outdir), { environment, name: args.env });
  const env = compileEnvironment(model);

  if (args.personas) {
    for (const p of personas(model, environment)) io.stdout(`${p.name.padEnd(16)} ${p.user.id ?? ''}  ${p.description}\n`);
    return 0;
  }
  if (args.prove) {
    const proof = proveBreakGlass(env, environment);
    io.stdout(args.json ? `${JSON.stringify(proof, null, 2)}\n` : `${formatProof(env, proof)}\n`);
    return proof.proved ? 0 : 1;
  }
  if (args.scenarios !== undefined) {
    const file = args.scenarios === true ? join('scenarios', `${args.env}.yaml`) : args.scenarios;
    if (!existsSync(file)) throw new UsageError(`${file} does not exist; write scenarios there or pass --scenarios <file>`);
    const loaded = loadScenarioFile(file);
    if (loaded.problems.length) throw new UsageError(formatProblems(`whatif: ${file} has problems`, loaded.problems));
    const outcomes = runScenarios(env, loaded, model, environment);
    let failed = 0;
    for (const o of outcomes) {
      const where = o.scenario.line ? `${loaded.file}:${o.scenario.line}` : loaded.file;
      if (!o.mismatches.length) io.stdout(`ok    ${o.scenario.name} (${o.result!.decision})\n`);
      else {
        failed++;
        io.stdout(`FAIL  ${o.scenario.name} (${where})\n${o.mismatches.map((m) => `        ${m}`).join('\n')}\n`);
      }
    }
    io.stdout(`${outcomes.length - failed} of ${outcomes.length} scenarios hold\n`);
    return failed ? 1 : 0;
  }
  const resolved = resolveSignIn(args.spec, model, environment);
  if (!resolved.signIn) {
    const lines = resolved.problems.map((p) => `  - ${FLAG_OF[p.field]}: ${p.message}`);
    throw new UsageError(`whatif: the sign-in is not valid (${resolved.problems.length} problem${resolved.problems.length === 1 ? '' : 's'}):\n${lines.join('\n')}`);
  }
  const result = evaluate(env, resolved.signIn);
  if (args.json) io.stdout(`${JSON.stringify({ environment: model.name, signIn: resolved.signIn, assumed: resolved.assumed, ...result }, null, 2)}\n`);
  else io.stdout(`${formatResult(env, resolved.signIn, result, resolved.assumed)}\n`);
  return 0;
}


/** Runs the CLI; returns the exit code. Bad input is a message on stderr and exit code 2, never a stack trace. */
export function runWhatIf(argv: readonly string[], io: CliIo): number {
  try {
    return main(argv, io);
  } catch (e) {
    if (e instanceof UsageError || isPerimeterError(e)) {
      const message = e instanceof UsageError && !e.message.startsWith('whatif:') ? `whatif: ${e.message}\n\n${USAGE}` : e.message;
      io.stderr(`${message}\n`);
      return 2;
    }
    throw e;
  }
}
