/** A small, strict `--flag value` parser for the analysis commands: unknown flags are errors, not ignored. */
import { PerimeterError } from '../config/errors';

export interface FlagSpec {
  readonly [flag: string]: { readonly required?: boolean; readonly choices?: readonly string[]; readonly help: string };
}

export function usage(command: string, spec: FlagSpec): string {
  const flags = Object.entries(spec).map(
    ([flag, s]) => `  --${flag}${s.choices ? ` <${s.choices.join('|')}>` : ' <value>'}${s.required ? '' : ' (optional)'}  ${s.help}`,
  );
  return [`usage: npm run ${command} -- ${Object.entries(spec).filter(([, s]) => s.required).map(([f]) => `--${f} <value>`).join(' ')}`, ...flags].join('\n');
}

export function parseFlags(command: string, argv: readonly string[], spec: FlagSpec): Record<string, string> {
  const out: Record<string, string> = {};
  const problems: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const m = /^--([a-z-]+)(?:=(.*))?$/.exec(arg);
    const flag = m?.[1];
    if (!m || flag === undefined || !(flag in spec)) {
      problems.push(`unknown argument ${JSON.stringify(arg)}; allowed: ${Object.keys(spec).map((f) => `--${f}`).join(', ')}`);
      continue;
    }
    const value = m[2] ?? argv[++i];
    if (value === undefined || value.startsWith('--')) {
      problems.push(`--${flag} needs a value`);
      continue;
    }
    const choices = spec[flag]!.choices;
    if (choices && !choices.includes(value)) {
      problems.push(`--${flag} ${JSON.stringify(value)} is not allowed; use one of: ${choices.join(' | ')}`);
      continue;
    }
    out[flag] = value;
  }
  for (const [flag, s] of Object.entries(spec)) {
    if (s.required && out[flag] === undefined && !problems.some((p) => p.startsWith(`--${flag} `))) problems.push(`--${flag} is required`);
  }
  if (problems.length) {
    const error = new PerimeterError(
      problems.map((message) => ({ file: `npm run ${command}`, path: '', message })),
      `perimeter: ${command} stopped`,
    );
    error.message = `${error.message}\n${usage(command, spec)}`;
    throw error;
  }
  return out;
}
