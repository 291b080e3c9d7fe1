/**
 * npm run lint: the house rules a compiler does not check (ARCHITECTURE.md, CONVENTIONS.md),
 * after `tsc --noEmit`: the layer rules by folder, no import cycle, one cdktf import point,
 * deep provider imports, no default exports, no `any`. Each finding names the file, the line
 * and the fix; exit 1 on any finding. Unused exports are knip's job (`npm run lint` runs both).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import { parseCommand } from './args';
import { EXIT, type CommandResult } from './run';

const ROOT = join(__dirname, '..');
export const SOURCE_DIRS = ['core', 'baseline', 'components', 'environment', 'guardrails', 'analysis', 'app', 'cli', 'pipeline', '__tests__'];

const isTest = (f: string) => f.endsWith('.test.ts') || f.startsWith('__tests__/') || f.includes('/__fixtures__/');
const isConstruct = (f: string) => /^components\/[^/]+\/(construct\.ts|construct\/)/.test(f);
const top = (f: string) => f.split('/')[0]!;
/** `components/pim/guardrails/x.ts` -> `components/pim`. */
const componentOf = (f: string) => (f.startsWith('components/') && f.split('/').length > 2 ? f.split('/').slice(0, 2).join('/') : undefined);

interface Import {
  readonly line: number;
  readonly specifier: string;
  /** The repository file it resolves to, for relative imports. */
  readonly target?: string;
}

interface SourceFile {
  readonly path: string;
  readonly lines: readonly string[];
  readonly imports: readonly Import[];
}

export interface LintFinding {
  readonly file: string;
  readonly line: number;
  readonly rule: string;
  readonly message: string;
}

/** Layer rules: which repository folders a file may import from. Tests may import anything. */
function layerProblem(from: string, to: string): string | undefined {
  const layer = top(from);
  const target = top(to);
  switch (layer) {
    case 'core':
      return target === 'core' ? undefined : 'core/ is the leaf: it imports nothing from the repository';
    case 'baseline':
      return target === 'core' || target === 'baseline' ? undefined : 'baseline/ is data over core/ only';
    case 'analysis':
      return target === 'core' || target === 'analysis' ? undefined : 'analysis/ is pure over the synthesized JSON: it imports core/ and analysis/ only';
    case 'pipeline':
      return target === 'core' || target === 'pipeline' ? undefined : 'pipeline/ renders the workflows from plain environment facts: it imports core/ only';
    case 'guardrails':
      if (isConstruct(to) || target === 'app' || target === 'cli') return 'the guardrail engine is pure: it never imports a construct, app/ or cli/';
      return undefined;
    case 'environment':
      if (isConstruct(to) || ['app', 'cli', 'guardrails'].includes(target)) return 'environment/ loads and resolves YAML: it never imports constructs, app/, guardrails/ or cli/';
      return undefined;
    case 'components': {
      if (target === 'cli') return 'components never import cli/';
      if (from.includes('/guardrails/')) {
        const own = componentOf(from);
        const ok = target === 'core' || target === 'analysis' || to === 'guardrails/rule.ts' || (componentOf(to) === own && !isConstruct(to));
        return ok ? undefined : 'a guardrail rule reads only core/, analysis/, guardrails/rule.ts and its own component\'s pure files';
      }
      if (!isConstruct(from) && (isConstruct(to) || target === 'app')) return 'a section, its checks and its report never import constructs or app/: only construct files touch cdktf';
      return undefined;
    }
    case 'app':
      return target === 'cli' ? 'app/ never imports cli/: the command line calls the app, not the other way round' : undefined;
    default:
      return undefined;
  }
}

interface PatternRule {
  readonly id: string;
  readonly applies: (file: string) => boolean;
  readonly pattern: RegExp;
  readonly message: string;
}

const PATTERN_RULES: readonly PatternRule[] = [
  {
    id: 'deep-provider-imports',
    applies: () => true,
    pattern: /from '@cdktf\/provider-azure(ad|rm)'/,
    message: 'import provider classes by deep path (@cdktf/provider-azurerm/lib/<resource>): the package root costs seconds and hundreds of MB per process',
  },
  {
    id: 'one-cdktf-import',
    applies: (f) => f !== 'app/cdktf.ts',
    pattern: /from 'cdktf(\/[^']*)?'|require\('cdktf|from 'constructs'/,
    message: 'import CDK for Terraform from app/cdktf.ts, the one place a switch to its fork would change',
  },
  {
    id: 'providers-in-constructs',
    applies: (f) => !isTest(f) && !isConstruct(f) && top(f) !== 'app',
    pattern: /^import (?!type )[^;]*from '@cdktf\/provider-/,
    message: 'only construct files (components/*/construct.ts or construct/) and app/ use provider classes (a pure file may import their types)',
  },
  {
    id: 'io-in-cli',
    applies: (f) => !isTest(f) && top(f) !== 'cli',
    pattern: /from 'node:(fs|child_process|os)'|\bprocess\./,
    message: 'only cli/ reads files, environment variables, argv or git: pass what you need in as an argument',
  },
  {
    id: 'no-default-export',
    applies: (f) => !isTest(f),
    pattern: /^export default /,
    message: 'use named exports',
  },
  {
    id: 'no-any',
    applies: (f) => !isTest(f),
    pattern: /(:\s*any\b|\bas any\b|<any>)/,
    message: 'no any in product code: type it, or use unknown and narrow',
  },
  {
    id: 'no-locale-compare',
    applies: () => true,
    pattern: /\.localeCompare\(/,
    message: 'order must not depend on the locale: compare code points (a < b) or pass a fixed locale',
  },
];

function filesUnder(path: string): string[] {
  const full = join(ROOT, path);
  let stat;
  try {
    stat = statSync(full);
  } catch {
    return [];
  }
  if (stat.isFile()) return path.endsWith('.ts') ? [path] : [];
  return readdirSync(full)
    .sort()
    .flatMap((f) => (f === 'node_modules' ? [] : filesUnder(join(path, f))));
}

/** `a/b/c` -> the .ts file it names (`a/b/c.ts` or `a/b/c/index.ts`), if it exists. */
function resolveModule(from: string, specifier: string, known: ReadonlySet<string>): string | undefined {
  const base = normalize(join(dirname(from), specifier));
  for (const candidate of [`${base}.ts`, join(base, 'index.ts'), base]) if (known.has(candidate)) return candidate;
  return undefined;
}

/** The code of a line without comments and string contents of comments. */
const codeOf = (line: string) => line.replace(/\/\*.*?\*\//g, '').replace(/\/\/.*$/, '').replace(/^\s*(\/\*\*?|\*).*$/, '');

function parseSource(path: string, text: string, known: ReadonlySet<string>): SourceFile {
  const lines = text.split('\n');
  const imports: Import[] = [];
  // `import ... from '...'` and `export ... from '...'`, possibly over several lines.
  const re = /(?:^|\n)\s*(?:import|export)\b[^;'"]*?from\s+'([^']+)'|(?:^|\n)\s*import\s+'([^']+)'/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const specifier = (m[1] ?? m[2])!;
    const line = text.slice(0, m.index + m[0].length).split('\n').length;
    const target = specifier.startsWith('.') ? resolveModule(path, specifier, known) : undefined;
    imports.push({ line, specifier, ...(target ? { target } : {}) });
  }
  return { path, lines, imports };
}

/** Every import cycle, each reported once at its first file in path order. */
function cycles(files: readonly SourceFile[]): string[][] {
  const graph = new Map(files.map((f) => [f.path, [...new Set(f.imports.flatMap((i) => (i.target ? [i.target] : [])))]]));
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const out: string[][] = [];
  let counter = 0;
  const visit = (v: string) => {
    index.set(v, counter);
    low.set(v, counter++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1) out.push(component.sort());
    }
  };
  for (const f of [...graph.keys()].sort()) if (!index.has(f)) visit(f);
  return out;
}

/** Lints source files given as text, by repository path. */
export function lintSources(sources: readonly { readonly path: string; readonly text: string }[]): LintFinding[] {
  const known = new Set(sources.map((s) => s.path));
  const files = sources.map((s) => parseSource(s.path, s.text, known));
  const findings: LintFinding[] = [];
  for (const file of files) {
    // This file spells the patterns out; it is not subject to them.
    if (file.path === 'cli/lint.ts') continue;
    for (const rule of PATTERN_RULES) {
      if (!rule.applies(file.path)) continue;
      file.lines.forEach((line, i) => {
        if (rule.pattern.test(codeOf(line))) findings.push({ file: file.path, line: i + 1, rule: rule.id, message: rule.message });
      });
    }
    if (isTest(file.path)) continue;
    for (const imp of file.imports) {
      if (imp.specifier.startsWith('.') && !imp.target) {
        findings.push({ file: file.path, line: imp.line, rule: 'resolvable-imports', message: `${imp.specifier} resolves to no file of the repository` });
        continue;
      }
      const problem = imp.target ? layerProblem(file.path, imp.target) : undefined;
      if (problem) findings.push({ file: file.path, line: imp.line, rule: 'layers', message: `imports ${imp.target}: ${problem}` });
    }
  }
  for (const cycle of cycles(files)) {
    findings.push({ file: cycle[0]!, line: 1, rule: 'no-import-cycles', message: `is in an import cycle with ${cycle.slice(1).join(', ')}; move what they share into a module both can import` });
  }
  return findings;
}

/** Lints every source file of the repository. */
export function lint(): LintFinding[] {
  return lintSources(SOURCE_DIRS.flatMap(filesUnder).map((path) => ({ path, text: readFileSync(join(ROOT, path), 'utf8') })));
}

export function runLint(argv: readonly string[] = []): CommandResult {
  parseCommand({ command: 'lint', summary: 'the layer rules and house rules the compiler cannot check', options: {} }, argv);
  const findings = lint();
  const stderr = findings.map((f) => `${f.file}:${f.line}: ${f.rule}: ${f.message}\n`).join('');
  return { stdout: `lint: ${findings.length} finding${findings.length === 1 ? '' : 's'}\n`, stderr, exitCode: findings.length ? EXIT.finding : EXIT.ok };
}
