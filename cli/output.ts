/** Writing a command's output to a file: the one place `--out` is honoured. */
import { mkdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { PerimeterError } from '../core/problems';

/** `--out -` (or no --out where a command prints by default) means standard output. */
export const STDOUT = '-';

/**
 * Writes `text` to `path` whole or not at all (a temporary file renamed into place). A path
 * that is a directory, under a file, or not writable is a clear error naming the flag.
 */
export function writeOutput(path: string, text: string, command: string): void {
  const stop = (message: string) => new PerimeterError([{ file: `npm run ${command}`, path: '', message: `--out ${JSON.stringify(path)} ${message}` }], `perimeter: ${command} stopped`);
  try {
    if (statSync(path).isDirectory()) throw stop('is a directory; name a file, e.g. reports/prod.html');
  } catch (e) {
    if (e instanceof PerimeterError) throw e;
  }
  const temporary = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
  try {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(temporary, text);
    renameSync(temporary, path);
  } catch (e) {
    try {
      rmSync(temporary, { force: true });
    } catch {
      // the folder itself could not be made: there is no temporary file
    }
    const code = (e as NodeJS.ErrnoException).code;
    const why: Readonly<Record<string, string>> = {
      EACCES: 'cannot be written: permission denied',
      EPERM: 'cannot be written: permission denied',
      EROFS: 'cannot be written: the file system is read-only',
      ENOTDIR: 'cannot be written: part of the path is a file, not a folder',
      EEXIST: 'cannot be written: part of the path is a file, not a folder',
      EISDIR: 'is a directory; name a file',
      ENOSPC: 'cannot be written: the disk is full',
    };
    throw stop(why[code ?? ''] ?? `cannot be written (${code ?? String(e)})`);
  }
}

/**
 * Writes several files as one change: every file goes to a temporary file next to it first,
 * and only when all of them are written are they renamed into place. A failure before the
 * renames leaves every file as it was.
 */
export function writeFilesTogether(files: readonly { readonly path: string; readonly text: string }[], command: string): void {
  const staged: { temporary: string; path: string }[] = [];
  try {
    for (const f of files) {
      const temporary = join(dirname(f.path), `.${basename(f.path)}.${process.pid}.tmp`);
      mkdirSync(dirname(f.path), { recursive: true });
      writeFileSync(temporary, f.text);
      staged.push({ temporary, path: f.path });
    }
  } catch (e) {
    for (const s of staged) rmSync(s.temporary, { force: true });
    const code = (e as NodeJS.ErrnoException).code;
    throw new PerimeterError(
      [{ file: files[staged.length]?.path ?? `npm run ${command}`, path: '', message: `cannot be written (${code ?? String(e)}); nothing was written` }],
      `perimeter: ${command} stopped`,
    );
  }
  for (const s of staged) renameSync(s.temporary, s.path);
}
