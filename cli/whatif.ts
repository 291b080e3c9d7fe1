/**
 * `npm run whatif`: evaluates a sign-in against an environment's synthesized policies offline,
 * proves break-glass cannot be locked out, runs scenario files, lists personas.
 *
 * Reads <outdir>/stacks/<env>/cdk.tf.json (what deploy would apply) and, when it exists,
 * <environments>/<env>.yaml for names and personas. Exit codes (cli/run.ts): 0 answered (or
 * proved, or every scenario held), 1 the proof found a counterexample or a scenario failed,
 * 2 bad input.
 */
import { join } from 'node:path';
import { PerimeterError } from '../core/problems';
import { compileEnvironment } from '../analysis/whatif/compile';
import { evaluate } from '../analysis/whatif/evaluate';
import { formatProof, formatResult } from '../analysis/whatif/format';
import { resolveSignIn, type SignInSpec } from '../analysis/whatif/input';
import { proveBreakGlass } from '../analysis/whatif/lockout';
import { personas } from '../analysis/whatif/personas';
import { derivedScenarios, parseScenarios, runScenarios } from '../analysis/whatif/scenarios';
import { parseCommand, usageError, type OptionSpec } from './args';
import { DEFAULT_ENVIRONMENTS_DIR, readRegularFile } from './environments';
import { EXIT, type CommandResult } from './run';
import { DEFAULT_OUTDIR, readEnvironmentModel } from './stacks';

/** The sign-in flags, each with the SignInSpec field it fills. */
const SIGN_IN_FLAGS = {
  user: { type: 'string', field: 'user', value: 'object id | persona', help: 'an object id or a persona (--personas lists them)' },
  group: { type: 'string', field: 'groups', value: 'id | group key', help: 'a group the user is in: object id or group key', multiple: true },
  role: { type: 'string', field: 'roles', value: 'id | role name', help: 'an active role: template id or role name', multiple: true },
  guest: { type: 'string', field: 'guest', value: 'type', help: 'none | internalGuest | b2bCollaborationGuest | b2bCollaborationMember | b2bDirectConnectUser | otherExternalUser | serviceProvider' },
  'external-tenant': { type: 'string', field: 'externalTenant', value: 'tenant id', help: 'the home tenant of a guest' },
  app: { type: 'string', field: 'app', value: 'app', help: 'an application (client) id, All, Office365, MicrosoftAdminPortals, a user action or an app name' },
  'authentication-context': { type: 'string', field: 'authenticationContext', value: 'cN', help: 'an authentication context the app asks for (c1 to c25), instead of --app' },
  client: { type: 'string', field: 'client', value: 'client', help: 'browser | mobileAppsAndDesktopClients | exchangeActiveSync | other' },
  platform: { type: 'string', field: 'platform', value: 'platform', help: 'android | iOS | windows | windowsPhone | macOS | linux | unknown' },
  ip: { type: 'string', field: 'ip', value: 'address', help: 'the public egress address' },
  country: { type: 'string', field: 'country', value: 'CC', help: 'ISO code or unknown' },
  'gps-country': { type: 'string', field: 'gpsCountry', value: 'CC', help: 'the country the Authenticator app reports' },
  device: { type: 'string', field: 'device', value: 'state', help: 'unregistered | registered | compliant | hybrid' },
  'device-property': { type: 'string', field: 'deviceProperties', value: 'name=value', help: 'a device property a filter reads, e.g. trustType=AzureAD', multiple: true },
  'signin-risk': { type: 'string', field: 'signInRisk', value: 'level', help: 'none | low | medium | high | hidden | unknown (default none)' },
  'user-risk': { type: 'string', field: 'userRisk', value: 'level', help: 'none | low | medium | high | hidden | unknown (default none)' },
  flow: { type: 'string', field: 'flow', value: 'flow', help: 'none | deviceCodeFlow | authenticationTransfer | unknown (default none)' },
} as const satisfies Readonly<Record<string, OptionSpec & { readonly field: keyof SignInSpec }>>;

const WHATIF = {
  command: 'whatif',
  summary: 'evaluate a sign-in offline; or --prove-break-glass, --scenarios [<file>], --personas',
  options: {
    env: { type: 'string', required: true, value: 'name', help: 'the environment whose synthesized policies to read' },
    ...SIGN_IN_FLAGS,
    json: { type: 'boolean', help: 'print one JSON object' },
    'prove-break-glass': { type: 'boolean', help: 'prove no enforced policy can block or challenge a break-glass account' },
    scenarios: { type: 'boolean', help: 'run a scenario file (default scenarios/<env>.yaml)' },
    personas: { type: 'boolean', help: 'list the personas and their ids' },
    outdir: { type: 'string', value: 'dir', help: `where npm run synth wrote the stacks (default ${DEFAULT_OUTDIR})` },
    environments: { type: 'string', value: 'dir', help: `the environments folder (default ${DEFAULT_ENVIRONMENTS_DIR})` },
  },
  positionals: { usage: '[<scenario file>]', max: 1 },
} as const;

function specOf(options: Readonly<Record<string, string | string[] | boolean | undefined>>): SignInSpec {
  const spec: Record<string, unknown> = {};
  for (const [flag, f] of Object.entries(SIGN_IN_FLAGS)) {
    const v = options[flag];
    if (v === undefined || typeof v === 'boolean') continue;
    if (f.field === 'deviceProperties') {
      const props: Record<string, string> = {};
      for (const pair of v as string[]) {
        const eq = pair.indexOf('=');
        if (eq <= 0) throw usageError('whatif', [`--device-property ${JSON.stringify(pair)} must be written name=value, e.g. --device-property trustType=AzureAD`]);
        props[pair.slice(0, eq)] = pair.slice(eq + 1);
      }
      spec[f.field] = props;
    } else spec[f.field] = v;
  }
  return spec as SignInSpec;
}

export function runWhatIf(argv: readonly string[]): CommandResult {
  const { options, positionals } = parseCommand(WHATIF, argv);
  const envName = options.env!;
  const environmentsDir = options.environments ?? DEFAULT_ENVIRONMENTS_DIR;
  const { model, fileProblems } = readEnvironmentModel(envName, options.outdir ?? DEFAULT_OUTDIR, environmentsDir, 'whatif');
  if (fileProblems?.length) throw new PerimeterError(fileProblems, 'perimeter: whatif stopped');
  const env = compileEnvironment(model);

  if (options.personas) {
    return { stdout: personas(model).map((p) => `${p.name.padEnd(16)} ${p.user.id ?? ''}  ${p.description}\n`).join(''), exitCode: EXIT.ok };
  }
  if (options['prove-break-glass']) {
    const proof = proveBreakGlass(env);
    return { stdout: options.json ? `${JSON.stringify(proof, null, 2)}\n` : `${formatProof(env, proof)}\n`, exitCode: proof.proved ? EXIT.ok : EXIT.finding };
  }
  if (options.scenarios) {
    const file = positionals[0] ?? join('scenarios', `${envName}.yaml`);
    const read = readRegularFile(file, file, 'a scenario file');
    let note = '';
    let loaded;
    if ('problem' in read && read.problem.message === 'does not exist' && positionals[0] === undefined) {
      // Scenario files are optional: without one, the scenarios perimeter guarantees by construction.
      loaded = derivedScenarios(model, file);
      note = `${file} does not exist: running the scenarios derived from the personas (write that file to add your own)\n`;
    } else if ('problem' in read) {
      throw usageError('whatif', [`${file} ${read.problem.message}${read.problem.message === 'does not exist' ? '; write scenarios there or pass the file after --scenarios' : ''}`]);
    } else {
      loaded = parseScenarios(file, read.bytes);
    }
    if (loaded.problems.length) throw new PerimeterError(loaded.problems, 'perimeter: whatif stopped');
    const outcomes = runScenarios(env, loaded, model);
    let failed = 0;
    let stdout = note;
    for (const o of outcomes) {
      const where = o.scenario.line ? `${loaded.file}:${o.scenario.line}` : loaded.file;
      if (!o.mismatches.length) stdout += `ok    ${o.scenario.name} (${o.result!.decision})\n`;
      else {
        failed++;
        stdout += `FAIL  ${o.scenario.name} (${where})\n${o.mismatches.map((m) => `        ${m}`).join('\n')}\n`;
      }
    }
    stdout += `${outcomes.length - failed} of ${outcomes.length} scenarios hold\n`;
    return { stdout, exitCode: failed ? EXIT.finding : EXIT.ok };
  }
  if (positionals.length) throw usageError('whatif', [`${JSON.stringify(positionals[0])} is a scenario file; it goes with --scenarios`]);
  const resolved = resolveSignIn(specOf(options), model);
  if (!resolved.signIn) {
    const flagOf = (field: keyof SignInSpec) => `--${Object.entries(SIGN_IN_FLAGS).find(([, f]) => f.field === field)![0]}`;
    throw usageError(
      'whatif',
      resolved.problems.map((p) => `${flagOf(p.field)}: ${p.message}`),
    );
  }
  const result = evaluate(env, resolved.signIn);
  if (options.json) return { stdout: `${JSON.stringify({ environment: model.name, signIn: resolved.signIn, assumed: resolved.assumed, ...result }, null, 2)}\n`, exitCode: EXIT.ok };
  return { stdout: `${formatResult(env, resolved.signIn, result, resolved.assumed)}\n`, exitCode: EXIT.ok };
}
