// Streaming CSV tokenizer for Seller Center exports: constant memory whatever the file size (one chunk plus the
// row being read), RFC 4180 quoting (doubled quotes, delimiters and newlines inside quotes), CRLF or LF, a UTF-8
// or UTF-16LE byte-order mark, and a comma, tab or semicolon delimiter sniffed from the first lines.
// Unquoted cells are cut with indexOf rather than a per-character loop: that is what makes ~55-column order
// exports read at several hundred thousand rows a second.
import { createReadStream } from "node:fs";
import { StringDecoder } from "node:string_decoder";
import { UserError } from "../domain/errors.js";
import { formatCount, LimitExceeded, MAX_CELL_CHARS, MAX_COLUMNS, MAX_LINE_CHARS, MAX_ROWS } from "./limits.js";
import type { RawRow } from "./raw-row.js";

export type CsvDelimiter = "," | "\t" | ";";

export interface CsvOptions {
  /** Skip sniffing. */
  delimiter?: CsvDelimiter;
}

// Small chunks measured faster than 1 MB ones: fewer rows alive at once keeps the young-generation GC cheap.
const CHUNK_BYTES = 1 << 16;
// Enough text to hold a header that is not on line 1 (LIVE exports put a title block above it).
const SNIFF_CHARS = 64 << 10;
const SNIFF_LINES = 30;
const QUOTE = 34;
const CR = 13;

/**
 * The delimiter that splits the first lines most: the header line has the most cells of any early line, so the
 * candidate with the highest count on its best line wins. Counting only outside quotes keeps "1,234.50" in a
 * tab-separated file, and the trailing tabs of ids in a comma-separated one, from deciding.
 */
export function sniffDelimiter(text: string): CsvDelimiter {
  const candidates: CsvDelimiter[] = [",", "\t", ";"];
  const best = new Map<CsvDelimiter, number>(candidates.map((c) => [c, 0]));
  let inQuotes = false;
  let lines = 0;
  const counts = new Map<string, number>();
  for (let i = 0; i < text.length && lines < SNIFF_LINES; i++) {
    const ch = text[i] as string;
    if (ch === '"') inQuotes = !inQuotes;
    else if (!inQuotes && ch === "\n") {
      for (const c of candidates) best.set(c, Math.max(best.get(c) ?? 0, counts.get(c) ?? 0));
      counts.clear();
      lines++;
    } else if (!inQuotes && (ch === "," || ch === "\t" || ch === ";")) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  }
  for (const c of candidates) best.set(c, Math.max(best.get(c) ?? 0, counts.get(c) ?? 0));
  let winner: CsvDelimiter = ",";
  for (const c of candidates) if ((best.get(c) ?? 0) > (best.get(winner) ?? 0)) winner = c;
  return winner;
}

/**
 * Tokenizer state carried across chunks: the row and the cell being read, whether the reader is inside quotes,
 * and the physical line. Every character is looked at once: a row or a quoted cell cut by a chunk boundary is
 * continued where the last chunk stopped, never rescanned (an unclosed quote used to make each chunk rescan the
 * rest of the file), and held text is bounded by MAX_LINE_CHARS and MAX_CELL_CHARS.
 */
class CsvTokenizer {
  private cells: string[] = [];
  /** The cell being read so far. */
  private value = "";
  /** Something of the current cell was read (a quote then is text, not an opening quote). */
  private cellStarted = false;
  private inQuotes = false;
  /** The last chunk ended with a quote inside a quoted cell: a doubled quote or the closing one, the next char says. */
  private quotePending = false;
  /** The last unquoted text read ended with CR: stripped if the line ends right after it. */
  private endsWithCr = false;
  /** Physical line of the next character, and of the row being read. */
  private line = 1;
  private rowLine = 1;
  /** Characters before the current chunk, and where the current row started, to bound a row's length. */
  private consumed = 0;
  private rowStart = 0;
  private rows = 0;
  constructor(private readonly delimiter: string) {}

  /**
   * Appends text and returns every row completed by it. With `final`, the end of the text ends the last row.
   * Throws LimitExceeded for a row, cell or file past the limits, and UserError for a quote never closed.
   */
  push(text: string, final: boolean): RawRow[] {
    const rows: RawRow[] = [];
    const len = text.length;
    const delim = this.delimiter;
    let pos = 0;
    // Next newline and next delimiter at or after pos (-1: none in this chunk); refreshed only when passed, so a
    // chunk of one-cell lines is not searched to its end for a delimiter once per line.
    let nl = -2;
    let dl = -2;
    while (pos < len) {
      if (this.quotePending) {
        this.quotePending = false;
        if (text.charCodeAt(pos) === QUOTE) {
          this.value += '"';
          pos++;
          continue;
        }
        this.inQuotes = false;
        continue;
      }
      if (this.inQuotes) {
        const q = text.indexOf('"', pos);
        const piece = text.slice(pos, q === -1 ? len : q);
        if (piece.length > 0) this.appendQuoted(piece);
        if (q === -1) {
          pos = len;
          break;
        }
        if (q + 1 === len) {
          pos = len;
          // A quote that is the last character of a chunk may be the first half of a doubled quote.
          if (final) this.inQuotes = false;
          else this.quotePending = true;
          break;
        }
        if (text.charCodeAt(q + 1) === QUOTE) {
          this.value += '"';
          pos = q + 2;
        } else {
          // Text glued after the closing quote (`"ab"c`) is kept, as spreadsheet programs do.
          this.inQuotes = false;
          pos = q + 1;
        }
        continue;
      }
      if (!this.cellStarted && text.charCodeAt(pos) === QUOTE) {
        this.inQuotes = true;
        this.cellStarted = true;
        this.endsWithCr = false;
        pos++;
        continue;
      }
      if (nl !== -1 && nl < pos) nl = text.indexOf("\n", pos);
      if (dl !== -1 && dl < pos) dl = text.indexOf(delim, pos);
      if (dl !== -1 && (nl === -1 || dl < nl)) {
        this.appendPlain(text.slice(pos, dl));
        this.endCell();
        pos = dl + 1;
        continue;
      }
      if (nl === -1) {
        // The row goes on in the next chunk.
        this.appendPlain(text.slice(pos));
        pos = len;
        break;
      }
      this.appendPlain(text.slice(pos, nl));
      pos = nl + 1;
      this.line++;
      this.endRow(rows, pos);
    }
    this.consumed += len;
    if (final) {
      if (this.inQuotes) throw new UserError("import.unterminated_quote", { line: this.rowLine });
      if (this.cellStarted || this.cells.length > 0) this.endRow(rows, len);
    } else this.checkRow(len);
    return rows;
  }

  private appendQuoted(piece: string): void {
    this.value += piece;
    this.endsWithCr = false;
    if (piece.indexOf("\n") !== -1) this.line += countNewlines(piece);
    // An unclosed quote reads the rest of the file as this cell: say so rather than "a long cell".
    if (this.value.length > MAX_CELL_CHARS)
      throw new LimitExceeded("import.limit.quote", { line: this.rowLine, limit: formatCount(MAX_CELL_CHARS) });
  }

  private appendPlain(piece: string): void {
    if (piece.length === 0) return;
    this.value += piece;
    this.cellStarted = true;
    this.endsWithCr = piece.charCodeAt(piece.length - 1) === CR;
  }

  private endCell(): void {
    if (this.value.length > MAX_CELL_CHARS)
      throw new LimitExceeded("import.limit.cell", { line: this.rowLine, limit: formatCount(MAX_CELL_CHARS) });
    this.cells.push(this.value);
    if (this.cells.length > MAX_COLUMNS)
      throw new LimitExceeded("import.limit.columns", { line: this.rowLine, limit: "XFD (16,384)", ref: "" });
    this.value = "";
    this.cellStarted = false;
    this.endsWithCr = false;
  }

  /** Ends the row at `pos` of the current chunk (just past its newline, or the end of the text). */
  private endRow(rows: RawRow[], pos: number): void {
    if (this.endsWithCr) this.value = this.value.slice(0, -1);
    this.endCell();
    this.checkRow(pos);
    const cells = this.cells;
    // An empty physical line is not a row.
    if (!(cells.length === 1 && cells[0] === "")) {
      if (++this.rows > MAX_ROWS) throw new LimitExceeded("import.limit.rows", { limit: formatCount(MAX_ROWS) });
      rows.push({ line: this.rowLine, cells });
    }
    this.cells = [];
    this.rowLine = this.line;
    this.rowStart = this.consumed + pos;
  }

  /** The row read so far (up to `pos` of the current chunk) and its current cell are within their limits. */
  private checkRow(pos: number): void {
    if (this.consumed + pos - this.rowStart > MAX_LINE_CHARS)
      throw new LimitExceeded("import.limit.line", { line: this.rowLine, limit: formatCount(MAX_LINE_CHARS) });
    if (this.value.length > MAX_CELL_CHARS)
      throw new LimitExceeded("import.limit.cell", { line: this.rowLine, limit: formatCount(MAX_CELL_CHARS) });
  }
}

function countNewlines(s: string): number {
  let n = 0;
  for (let i = s.indexOf("\n"); i !== -1; i = s.indexOf("\n", i + 1)) n++;
  return n;
}

/** UTF-16LE exports (Excel's "Unicode text") start with FF FE; everything else is read as UTF-8. */
function decoderFor(first: Buffer): { decoder: StringDecoder; skip: number } {
  if (first[0] === 0xff && first[1] === 0xfe) return { decoder: new StringDecoder("utf16le"), skip: 2 };
  if (first[0] === 0xef && first[1] === 0xbb && first[2] === 0xbf)
    return { decoder: new StringDecoder("utf8"), skip: 3 };
  return { decoder: new StringDecoder("utf8"), skip: 0 };
}

/**
 * Rows of a CSV file (a path) or of a byte/text stream, in file order. Empty lines are left out; every other row
 * comes with the physical line it starts on. Throws on an unterminated quote rather than swallowing the rest, and
 * LimitExceeded for a file past the limits of limits.ts.
 */
export async function* readCsvRows(
  source: string | AsyncIterable<Buffer | string>,
  options: CsvOptions = {},
): AsyncGenerator<RawRow> {
  for await (const batch of readCsvBatches(source, options)) yield* batch;
}

/**
 * The same rows in batches (one per chunk of the file): for hot loops that want to skip the cost of one
 * promise per row.
 */
export async function* readCsvBatches(
  source: string | AsyncIterable<Buffer | string>,
  options: CsvOptions = {},
): AsyncGenerator<RawRow[]> {
  const input = typeof source === "string" ? createReadStream(source, { highWaterMark: CHUNK_BYTES }) : source;
  let decoder: StringDecoder | undefined;
  let tokenizer: CsvTokenizer | undefined;
  // Text held back until there is enough of it to sniff the delimiter.
  let head = "";
  try {
    for await (const chunk of input) {
      let text: string;
      if (typeof chunk === "string") text = chunk;
      else {
        if (!decoder) {
          const d = decoderFor(chunk);
          decoder = d.decoder;
          text = decoder.write(chunk.subarray(d.skip));
        } else text = decoder.write(chunk);
      }
      if (!tokenizer) {
        head += head.length === 0 ? text.replace(/^\uFEFF/, "") : text;
        if (head.length < SNIFF_CHARS) continue;
        text = head;
        head = "";
        tokenizer = start(text, options);
      }
      yield tokenizer.push(text, false);
    }
    let rest = decoder ? decoder.end() : "";
    if (!tokenizer) {
      rest = head + rest;
      tokenizer = start(rest, options);
    }
    yield tokenizer.push(rest, true);
  } finally {
    if (typeof source === "string") (input as ReturnType<typeof createReadStream>).destroy();
  }
}

function start(text: string, options: CsvOptions): CsvTokenizer {
  return new CsvTokenizer(options.delimiter ?? sniffDelimiter(text));
}
