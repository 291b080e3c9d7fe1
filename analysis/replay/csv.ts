/**
 * A streaming CSV reader (RFC 4180 as Log Analytics and the Entra admin center write it):
 * comma-separated, fields optionally in double quotes, `""` for a quote inside one, CRLF or
 * LF line ends, line breaks allowed inside quoted fields. Text arrives in chunks of any size;
 * a row is handed on as soon as it is complete, so memory holds one row at a time.
 */

export interface CsvRow {
  readonly fields: readonly string[];
  /** The line the row starts on (1-based), for messages. */
  readonly line: number;
}

export class CsvReader {
  private field = '';
  private fields: string[] = [];
  private quoted = false;
  /** Inside quotes, a quote was just read: either the closing quote or the first of `""`. */
  private quotePending = false;
  private line = 1;
  private rowLine = 1;
  private fieldStarted = false;
  private lastWasCr = false;

  constructor(private readonly onRow: (row: CsvRow) => void) {}

  push(text: string): void {
    let field = this.field;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (this.quoted) {
        if (this.quotePending) {
          this.quotePending = false;
          if (c === 34) {
            field += '"';
            continue;
          }
          this.quoted = false;
          // Falls through: the character after a closing quote is read outside quotes.
        } else if (c === 34) {
          this.quotePending = true;
          continue;
        } else {
          // Take the run of plain characters up to the next quote in one slice.
          const next = text.indexOf('"', i);
          const end = next < 0 ? text.length : next;
          const run = text.slice(i, end);
          for (let k = run.indexOf('\n'); k >= 0; k = run.indexOf('\n', k + 1)) this.line++;
          field += run;
          i = end - 1;
          continue;
        }
      }
      if (c === 44) {
        this.fields.push(field);
        field = '';
        this.fieldStarted = true;
        this.lastWasCr = false;
      } else if (c === 10 || c === 13) {
        if (c === 10 && this.lastWasCr) {
          this.lastWasCr = false;
          continue;
        }
        this.lastWasCr = c === 13;
        if (this.fieldStarted || field.length || this.fields.length) {
          this.fields.push(field);
          this.onRow({ fields: this.fields, line: this.rowLine });
        }
        this.fields = [];
        field = '';
        this.fieldStarted = false;
        this.line++;
        this.rowLine = this.line;
      } else if (c === 34 && !field.length) {
        this.quoted = true;
        this.fieldStarted = true;
        this.lastWasCr = false;
      } else {
        field += text[i];
        this.fieldStarted = true;
        this.lastWasCr = false;
      }
    }
    this.field = field;
  }

  /** The last row when the text does not end with a line break. An unclosed quote is an error. */
  end(): void {
    if (this.quoted && !this.quotePending) throw new CsvError(`a quoted field that starts on line ${this.rowLine} is never closed`, this.rowLine);
    if (this.fieldStarted || this.field.length || this.fields.length) {
      this.fields.push(this.field);
      this.onRow({ fields: this.fields, line: this.rowLine });
    }
    this.fields = [];
    this.field = '';
  }
}

export class CsvError extends Error {
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(message);
    this.name = 'CsvError';
  }
}
