/**
 * The one argument parser of every command: node:util parseArgs, strict (an unknown flag is
 * an error, never ignored), with choices, required flags and a usage text built from the same
 * option list the parser reads.
 */
import { parseArgs } from 'node:util';
import { PerimeterError } from '../core/problems';
import { didYouMean } from '../core/text';

export interface OptionSpec {
  readonly type: 'string' | 'boolean';
  /** The flag may be given more than once; its value is then a list. */
  readonly multiple?: boolean;
  readonly required?: boolean;
  readonly choices?: readonly string[];
  /** What the value is, for the usage text: `<name>`. */
  readonly value?: string;
  readonly help: string;
}

export type OptionsSpec = Readonly<Record<string, OptionSpec>>;

type ValueOf<O extends OptionSpec> = O['type'] extends 'boolean' ? boolean : O['multiple'] extends true ? string[] : string;
export type ParsedOptions<S extends OptionsSpec> = { [K in keyof S]?: ValueOf<S[K]> };

export interface CommandSpec<S extends OptionsSpec> {
  /** `report`, as in `npm run report`. */
  readonly command: string;
  readonly summary: string;
  readonly options: S;
  /** What positional arguments mean, when any are allowed: `[<file>]`. */
  readonly positionals?: { readonly usage: string; readonly max: number };
}

export function usage<S extends OptionsSpec>(spec: CommandSpec<S>): string {
  const lines = Object.entries(spec.options).map(([flag, o]) => {
    const value = o.type === 'boolean' ? '' : ` ${o.choices ? `<${o.choices.join('|')}>` : `<${o.value ?? 'value'}>`}`;
    return `  --${flag}${value}${o.required ? '' : ' (optional)'}${o.multiple ? ' (repeatable)' : ''}  ${o.help}`;
  });
  const required = Object.entries(spec.options)
    .filter(([, o]) => o.required)
    .map(([flag, o]) => `--${flag} <${o.value ?? 'value'}>`);
  return [`usage: npm run ${spec.command} -- ${[...required, ...(spec.positionals ? [spec.positionals.usage] : [])].join(' ')}`.trimEnd(), `  ${spec.summary}`, ...lines, '  --help  print this text'].join('\n');
}

/** `--help` on any command: the usage text on stdout, exit 0 (cli/run.ts). */
export class HelpRequest extends Error {
  constructor(readonly usage: string) {
    super(usage);
    this.name = 'HelpRequest';
  }
}

/** A usage mistake: every problem, then where the options are listed. */
export function usageError(command: string, messages: readonly string[]): PerimeterError {
  const error = new PerimeterError(
    messages.map((message) => ({ file: `npm run ${command}`, path: '', message })),
    `perimeter: ${command} stopped`,
    'input',
  );
  error.message = `${error.message}\nEvery option: npm run ${command} -- --help`;
  return error;
}

/** node:util's parse errors, in the words of every other problem. */
function parseErrorMessage(e: unknown, flags: readonly string[]): string {
  const code = (e as { code?: string }).code;
  const text = e instanceof Error ? e.message : String(e);
  const option = /'(-{1,2}[^' ]+)/.exec(text)?.[1] ?? '';
  switch (code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return `unknown option ${JSON.stringify(option)}${didYouMean(option, flags.map((f) => `--${f}`))}; the options are ${flags.map((f) => `--${f}`).join(' ')}`;
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
      return /takes no value|does not take an argument/.test(text) ? `${option} takes no value` : `${option} needs a value`;
    case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL':
      return `unexpected argument ${JSON.stringify(/'([^']*)'/.exec(text)?.[1] ?? '')}; every value follows its --flag`;
    default:
      return text;
  }
}

/** Parses argv against the spec; every mistake is reported at once, with the usage text. */
export function parseCommand<S extends OptionsSpec>(spec: CommandSpec<S>, argv: readonly string[]): { options: ParsedOptions<S>; positionals: string[] } {
  if (argv.includes('--help') || argv.includes('-h')) throw new HelpRequest(usage(spec));
  const problems: string[] = [];
  const flags = Object.keys(spec.options);
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({
      args: [...argv],
      options: Object.fromEntries(Object.entries(spec.options).map(([flag, o]) => [flag, { type: o.type, ...(o.multiple ? { multiple: true } : {}) }])),
      strict: true,
      allowPositionals: spec.positionals !== undefined,
      tokens: true,
    });
  } catch (e) {
    throw usageError(spec.command, [parseErrorMessage(e, flags)]);
  }
  const values = parsed.values as Record<string, string | boolean | (string | boolean)[] | undefined>;
  const seen = new Set<string>();
  for (const token of parsed.tokens ?? []) {
    if (token.kind !== 'option') continue;
    if (seen.has(token.name) && !spec.options[token.name]?.multiple) problems.push(`--${token.name} is given twice`);
    seen.add(token.name);
  }
  for (const [flag, o] of Object.entries(spec.options)) {
    const v = values[flag];
    if (o.required && v === undefined) problems.push(`--${flag} is required`);
    const given = v === undefined ? [] : Array.isArray(v) ? v : [v];
    for (const value of given) {
      if (o.choices && typeof value === 'string' && !o.choices.includes(value)) {
        problems.push(`--${flag} ${JSON.stringify(value)} is not allowed; use one of: ${o.choices.join(' | ')}`);
      }
    }
  }
  if (spec.positionals && parsed.positionals.length > spec.positionals.max) {
    problems.push(`unexpected argument ${JSON.stringify(parsed.positionals[spec.positionals.max])}; expected ${spec.positionals.usage}`);
  }
  if (problems.length) throw usageError(spec.command, problems);
  return { options: values as ParsedOptions<S>, positionals: parsed.positionals };
}
