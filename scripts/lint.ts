/**
 * npm run lint: the house rules a compiler does not check (ARCHITECTURE.md, CONVENTIONS.md),
 * after `tsc --noEmit`. Each rule names the file, the line and the fix; exit 1 on any finding.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const ROOT = join(__dirname, '..');
const PRODUCT = ['main.ts', 'config', 'policies', 'constructs', 'analysis', 'scripts'];

interface LintRule {
  readonly id: string;
  /** Which files (relative paths) the rule applies to. */
  readonly applies: (file: string) => boolean;
  readonly pattern: RegExp;
  readonly message: string;
}

const isProduct = (f: string) => PRODUCT.some((p) => f === p || f.startsWith(`${p}/`));
const under = (...dirs: string[]) => (f: string) => dirs.some((d) => f.startsWith(`${d}/`));

export const LINT_RULES: readonly LintRule[] = [
  {
    id: 'deep-provider-imports',
    applies: () => true,
    pattern: /from '@cdktf\/provider-azure(ad|rm)'/,
    message: "import provider classes by deep path (@cdktf/provider-azurerm/lib/<resource>): the package root costs seconds and hundreds of MB per process",
  },
  {
    id: 'one-cdktf-import',
    applies: (f) => f !== 'constructs/cdktf.ts',
    pattern: /from 'cdktf(\/[^']*)?'|require\('cdktf/,
    message: 'import CDK for Terraform from constructs/cdktf.ts, the one place a switch to its fork would change',
  },
  {
    id: 'pure-layers',
    applies: under('policies', 'config', 'analysis'),
    pattern: /from '(\.\.\/)+constructs\/|from '(\.\/)?constructs\/|from 'constructs'/,
    message: 'policies/, config/ and analysis/ never import constructs or cdktf: data and analysis stay usable without CDK',
  },
  {
    id: 'no-default-export',
    applies: isProduct,
    pattern: /^export default /,
    message: 'use named exports',
  },
  {
    id: 'no-any',
    applies: isProduct,
    pattern: /(:\s*any\b|\bas any\b|<any>)/,
    message: 'no any in product code: type it, or use unknown and narrow',
  },
];

function filesUnder(path: string): string[] {
  const full = join(ROOT, path);
  if (statSync(full).isFile()) return path.endsWith('.ts') ? [path] : [];
  return readdirSync(full).flatMap((f) => (f === 'node_modules' ? [] : filesUnder(join(path, f))));
}

export function lint(files: readonly string[] = [...PRODUCT, '__tests__'].flatMap(filesUnder)): string[] {
  const findings: string[] = [];
  for (const file of files) {
    const rel = relative(ROOT, join(ROOT, file));
    const lines = readFileSync(join(ROOT, rel), 'utf8').split('\n');
    for (const rule of LINT_RULES) {
      // This file spells the patterns out; it is not subject to them.
      if (!rule.applies(rel) || rel === 'scripts/lint.ts') continue;
      lines.forEach((line, i) => {
        const code = line.replace(/\/\*.*?\*\//g, '').replace(/\/\/.*$/, '').replace(/^\s*(\/\*\*?|\*).*$/, '');
        if (rule.pattern.test(code)) findings.push(`${rel}:${i + 1}: ${rule.id}: ${rule.message}`);
      });
    }
  }
  return findings;
}

if (require.main === module) {
  const findings = lint();
  for (const f of findings) process.stderr.write(`${f}\n`);
  process.stdout.write(`lint: ${findings.length} finding${findings.length === 1 ? '' : 's'}\n`);
  process.exitCode = findings.length ? 1 : 0;
}
