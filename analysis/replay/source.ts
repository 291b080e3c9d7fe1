/**
 * Sign-in records out of an export, streamed: text arrives in chunks, each record is handed
 * on as soon as it is complete, and nothing else is kept. The shapes users have:
 *
 * - JSON lines (one object per line: the KQL export, Graph pages written line by line, jq -c);
 *   a line that holds a Graph page (`{"value": [...]}`) gives its records;
 * - one JSON document: an array of records (the portal's JSON download, a Log Analytics query
 *   saved as JSON), a Graph list response (`{"@odata.context", "value": [...]}`), or several
 *   such documents one after another (paged files concatenated);
 * - CSV with a header row (Log Analytics "Export to CSV", the portal's CSV download).
 *
 * Which one is decided by the first characters. A record that cannot be read is reported with
 * its line or record number and skipped; text that is no export at all stops the run.
 */
import { PerimeterError } from '../../core/problems';
import { CsvError, CsvReader, type CsvRow } from './csv';

export type RecordFormat = 'jsonLines' | 'json' | 'csv';

/** One record as read, before it is mapped to a sign-in. */
export interface RawRecord {
  /** 1-based position among every record of the run (skipped ones included). */
  readonly number: number;
  /** The line it starts on in its file. */
  readonly line: number;
  readonly file: string;
  /** Absent when the record could not be read; `problem` says why. */
  readonly value?: Readonly<Record<string, unknown>>;
  readonly problem?: string;
}

export const stopped = (file: string, message: string, line?: number) =>
  new PerimeterError([{ file, path: '', message, ...(line !== undefined ? { line } : {}) }], 'perimeter: replay stopped', 'input');

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** A Graph list response or a page of one: its `value` holds the records. */
function pageRecords(v: Record<string, unknown>): readonly unknown[] | undefined {
  const value = v.value;
  if (!Array.isArray(value)) return undefined;
  return Object.keys(v).every((k) => k === 'value' || k.startsWith('@odata.')) ? value : undefined;
}

/**
 * Reads one file. `counter` numbers records across every file of a run, so a record number in
 * a message is unique for the run.
 */
export class RecordSource {
  private format: RecordFormat | undefined;
  private pending = '';
  private line = 1;
  private csv: CsvReader | undefined;
  private header: readonly string[] | undefined;
  private scanner: JsonScanner | undefined;
  private sawBom = false;
  private readonly verdicts = new VerdictListCache();

  constructor(
    private readonly file: string,
    private readonly counter: { next: number },
    private readonly onRecord: (r: RawRecord) => void,
  ) {}

  get detected(): RecordFormat | undefined {
    return this.format;
  }

  push(text: string): void {
    if (!this.sawBom) {
      this.sawBom = true;
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    }
    if (this.format === undefined) {
      this.pending += text;
      const start = this.pending.search(/\S/);
      if (start < 0) return;
      const first = this.pending[start];
      if (first === '[') this.format = 'json';
      else if (first === '{') {
        // JSON lines when the first line is a whole object; else one (pretty-printed) document.
        const nl = this.pending.indexOf('\n', start);
        if (nl < 0) return;
        this.format = isWholeObject(this.pending.slice(start, nl)) ? 'jsonLines' : 'json';
      } else this.format = 'csv';
      const held = this.pending;
      this.pending = '';
      this.route(held);
      return;
    }
    this.route(text);
  }

  end(): void {
    if (this.format === undefined) {
      if (!this.pending.trim()) throw stopped(this.file, 'is empty: no sign-in records');
      const start = this.pending.search(/\S/);
      this.format = this.pending[start] === '{' && isWholeObject(this.pending.slice(start)) ? 'jsonLines' : this.pending[start] === '{' || this.pending[start] === '[' ? 'json' : 'csv';
      const held = this.pending;
      this.pending = '';
      this.route(held);
    }
    if (this.format === 'jsonLines') {
      if (this.pending.trim()) this.jsonLine(this.pending, this.line);
      this.pending = '';
    } else if (this.format === 'csv') {
      try {
        this.csv?.end();
      } catch (e) {
        if (e instanceof CsvError) throw stopped(this.file, e.message, e.line);
        throw e;
      }
      if (!this.header) throw stopped(this.file, 'is empty: no sign-in records');
    } else this.scanner?.end();
  }

  private route(text: string): void {
    if (this.format === 'jsonLines') this.jsonLines(text);
    else if (this.format === 'csv') this.csvText(text);
    else (this.scanner ??= new JsonScanner(this.file, (json, line) => this.document(json, line))).push(text);
  }

  private emit(line: number, value: unknown): void {
    const number = this.counter.next++;
    if (isObject(value)) this.onRecord({ number, line, file: this.file, value });
    else this.onRecord({ number, line, file: this.file, problem: `is ${value === null ? 'null' : Array.isArray(value) ? 'an array' : `a ${typeof value}`}, not a sign-in record (an object)` });
  }

  private jsonLines(text: string): void {
    // One native split per chunk: each line is then its own flat string, which JSON.parse and
    // the verdict cache read fastest (a slice of the chunk would be re-read through it).
    const parts = text.split('\n');
    if (parts.length === 1) {
      this.pending += text;
      return;
    }
    parts[0] = this.pending + parts[0]!;
    this.pending = parts.pop()!;
    for (const part of parts) this.jsonLine(part, this.line++);
  }

  private jsonLine(text: string, line: number): void {
    if (text.length < 2 && !text.trim()) return;
    if (text.charCodeAt(text.length - 1) === 13) text = text.slice(0, -1); // CRLF line ends
    const fast = this.verdicts.split(text);
    if (fast) {
      this.emit(line, fast);
      return;
    }
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (e) {
      if (!text.trim()) return;
      this.onRecord({ number: this.counter.next++, line, file: this.file, problem: `is not valid JSON (${(e as Error).message})` });
      return;
    }
    const page = isObject(value) ? pageRecords(value) : undefined;
    if (page) for (const r of page) this.emit(line, r);
    else this.emit(line, value);
  }

  /** A complete top-level document of the `json` format, or an element of a top-level array. */
  private document(json: string, line: number): void {
    let value: unknown;
    try {
      value = JSON.parse(json);
    } catch (e) {
      this.onRecord({ number: this.counter.next++, line, file: this.file, problem: `is not valid JSON (${(e as Error).message})` });
      return;
    }
    const page = isObject(value) ? pageRecords(value) : undefined;
    if (page) for (const r of page) this.emit(line, r);
    else this.emit(line, value);
  }

  private csvText(text: string): void {
    this.csv ??= new CsvReader((row) => this.csvRow(row));
    try {
      this.csv.push(text);
    } catch (e) {
      if (e instanceof CsvError) throw stopped(this.file, e.message, e.line);
      throw e;
    }
  }

  private csvRow(row: CsvRow): void {
    if (!this.header) {
      this.header = row.fields.map((f) => f.trim());
      return;
    }
    if (row.fields.length === 1 && !row.fields[0]!.trim()) return;
    const number = this.counter.next++;
    if (row.fields.length !== this.header.length) {
      this.onRecord({ number, line: row.line, file: this.file, problem: `has ${row.fields.length} fields; the header has ${this.header.length}` });
      return;
    }
    const value: Record<string, unknown> = {};
    // A header may name a column twice (the portal's "Incoming token type"): the first one wins.
    for (let i = 0; i < this.header.length; i++) if (!(this.header[i]! in value)) value[this.header[i]!] = row.fields[i];
    this.onRecord({ number, line: row.line, file: this.file, value });
  }
}

function isWholeObject(text: string): boolean {
  try {
    return isObject(JSON.parse(text));
  } catch {
    return false;
  }
}

/**
 * Splits JSON text into top-level documents, and a top-level array into its elements, without
 * parsing them: a string-aware bracket count. Used for the formats that are not one record per
 * line; a syntax error there cannot be skipped (where would the next record start?), so it stops.
 */
class JsonScanner {
  private depth = 0;
  private inString = false;
  private escaped = false;
  /** The text of the value being collected. */
  private buffer = '';
  private collecting = false;
  /** 0: between documents; 1: inside a top-level array, between elements. */
  private arrayLevel = 0;
  private line = 1;
  private startLine = 1;

  constructor(
    private readonly file: string,
    private readonly onValue: (json: string, line: number) => void,
  ) {}

  push(text: string): void {
    let segmentStart = this.collecting ? 0 : -1;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 10) this.line++;
      if (this.inString) {
        if (this.escaped) this.escaped = false;
        else if (c === 92) this.escaped = true;
        else if (c === 34) this.inString = false;
        continue;
      }
      if (c === 32 || c === 10 || c === 13 || c === 9) continue;
      if (!this.collecting) {
        if (this.arrayLevel === 1 && c === 44) continue;
        if (this.arrayLevel === 1 && c === 93) {
          this.arrayLevel = 0;
          continue;
        }
        if (this.arrayLevel === 0 && c === 91) {
          this.arrayLevel = 1;
          continue;
        }
        if (c !== 123) {
          const what = this.arrayLevel === 1 ? 'an element of the top-level array' : 'a top-level value';
          throw stopped(this.file, `is not a sign-in export: ${what} at line ${this.line} starts with ${JSON.stringify(text[i])}; records are JSON objects`, this.line);
        }
        this.collecting = true;
        this.startLine = this.line;
        segmentStart = i;
        this.depth = 0;
      }
      if (c === 34) this.inString = true;
      else if (c === 123 || c === 91) this.depth++;
      else if (c === 125 || c === 93) {
        this.depth--;
        if (this.depth === 0) {
          const json = this.buffer + text.slice(segmentStart, i + 1);
          this.buffer = '';
          this.collecting = false;
          segmentStart = -1;
          this.onValue(json, this.startLine);
        }
      }
    }
    if (this.collecting && segmentStart >= 0) this.buffer += text.slice(segmentStart);
  }

  end(): void {
    if (this.collecting || this.inString || this.arrayLevel) throw stopped(this.file, `is not valid JSON: it ends inside a value that starts at line ${this.startLine} (a truncated download?)`, this.startLine);
  }
}

/** The keys Entra's per-policy verdicts come under (Graph; Log Analytics). */
const VERDICT_KEYS = ['"appliedConditionalAccessPolicies":[', '"ConditionalAccessPolicies":['];

/**
 * Most of a sign-in record's bytes are its per-policy verdicts, and a tenant's sign-ins carry
 * few distinct verdict lists. When the list is the record's last key (the KQL export and
 * compact Graph lines put it there), the record is parsed without it and the list is parsed
 * once per distinct text. Anything else (the list elsewhere, whitespace around it) returns
 * undefined and is parsed whole: the result is the same object either way.
 */
export class VerdictListCache {
  private readonly lists = new Map<string, unknown[]>();

  split(text: string): Record<string, unknown> | undefined {
    let at = -1;
    let key = '';
    for (const k of VERDICT_KEYS) {
      at = text.lastIndexOf(k);
      if (at >= 0) {
        key = k;
        break;
      }
    }
    if (at <= 0 || text.charCodeAt(at - 1) !== 44) return undefined; // preceded by a comma
    const end = text.length - 1;
    if (text.charCodeAt(end) !== 125 || text.charCodeAt(end - 1) !== 93) return undefined; // ends with ]}
    const listText = text.slice(at + key.length - 1, end);
    let list = this.lists.get(listText);
    if (!list) {
      let parsed: unknown;
      try {
        parsed = JSON.parse(listText);
      } catch {
        return undefined; // the key was not the last one: the slice is not one array
      }
      if (!Array.isArray(parsed)) return undefined;
      list = parsed;
      if (this.lists.size >= 10_000) this.lists.clear();
      this.lists.set(listText, list);
    }
    let rest: unknown;
    try {
      rest = JSON.parse(`${text.slice(0, at - 1)}}`);
    } catch {
      return undefined;
    }
    if (!isObject(rest)) return undefined;
    const name = key.slice(1, key.indexOf('"', 1));
    if (Object.hasOwn(rest, name)) return undefined; // a duplicate key: let JSON.parse decide which wins
    rest[name] = list;
    return rest;
  }
}
