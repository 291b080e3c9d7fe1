/** Reading the documentation in tests: whole files, their sections, their code blocks. One helper for every page. */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { REPO_ROOT } from './synth';

/** A page by its path from the repository root. */
export function readDoc(path: string): string {
  return readFileSync(join(REPO_ROOT, path), 'utf8');
}

/** Every Markdown page of the project: README, ARCHITECTURE, RULES, docs/ and the component and engine READMEs. */
export function markdownPages(): string[] {
  const under = (dir: string): string[] =>
    readdirSync(join(REPO_ROOT, dir)).flatMap((f) => {
      const p = join(dir, f);
      if (f === 'node_modules') return [];
      return statSync(join(REPO_ROOT, p)).isDirectory() ? under(p) : f.endsWith('.md') ? [p] : [];
    });
  return ['README.md', 'ARCHITECTURE.md', 'RULES.md', ...under('docs'), ...under('components'), ...under('guardrails')].map((p) => relative('.', p));
}

/** The text under a heading (any level), up to the next heading of the same or a higher level. */
export function section(text: string, heading: string): string {
  const lines = text.split('\n');
  const start = lines.findIndex((l) => /^#+ /.test(l) && l.replace(/^#+ /, '') === heading);
  if (start < 0) throw new Error(`no heading "${heading}"`);
  const level = /^#+/.exec(lines[start]!)![0].length;
  const end = lines.findIndex((l, i) => i > start && /^#+ /.test(l) && /^#+/.exec(l)![0].length <= level);
  return lines.slice(start, end < 0 ? undefined : end).join('\n');
}

/** The fenced code blocks of a language, in order. */
export function codeBlocks(text: string, lang: string): string[] {
  return [...text.matchAll(new RegExp('```' + lang + '\\n([\\s\\S]*?)```', 'g'))].map((m) => m[1]!);
}

/** The first code block after `<!-- example: <name> ... -->`. */
export function example(text: string, name: string): string {
  const marker = text.indexOf(`<!-- example: ${name} `);
  if (marker < 0) throw new Error(`no example "${name}"`);
  return /```[a-z]*\n([\s\S]*?)```/.exec(text.slice(marker))![1]!;
}
