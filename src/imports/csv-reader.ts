// Streaming CSV tokenizer for Seller Center exports: constant memory whatever the file size (one chunk plus the
// row being read), RFC 4180 quoting (doubled quotes, delimiters and newlines inside quotes), CRLF or LF, a UTF-8
// or UTF-16LE byte-order mark, and a comma, tab or semicolon delimiter sniffed from the first lines.
// Unquoted cells are cut with indexOf rather than a per-character loop: that is what makes ~55-column order
// exports read at several hundred thousand rows a second.
import { createReadStream } from "node:fs";
import { StringDecoder } from "node:string_decoder";
import type { RawRow } from "./raw-row.js";

export type CsvDelimiter = "," | "\t" | ";";

export interface CsvOptions {
  /** Skip sniffing. */
  delimiter?: CsvDelimiter;
}

// Small chunks measured faster than 1 MB ones: fewer rows alive at once keeps the young-generation GC cheap.
const CHUNK_BYTES = 1 << 16;
// A quoted cell never legitimately spans this much text: past it the file has an unterminated quote, and
// reading on would hold the rest of the file in memory.
const MAX_ROW_CHARS = 32 << 20;
// Enough text to hold a header that is not on line 1 (LIVE exports put a title block above it).
const SNIFF_CHARS = 64 << 10;
const SNIFF_LINES = 30;
const QUOTE = 34;
const LF = 10;
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

/** Tokenizer state carried across chunks: the text not yet consumed and the physical line it starts on. */
class CsvTokenizer {
  private buf = "";
  private line = 1;
  /** Line breaks inside the last quoted cell read: they move the physical line of the rows after it. */
  private newlines = 0;
  constructor(private readonly delimiter: string) {}

  /**
   * Appends text and returns every row completed by it. With `final`, the end of the text ends the last row.
   * A row cut by the chunk boundary is kept whole for the next call, so rows never straddle two results.
   */
  push(text: string, final: boolean): RawRow[] {
    const buf = this.buf.length === 0 ? text : this.buf + text;
    const rows: RawRow[] = [];
    const len = buf.length;
    const delim = this.delimiter;
    let pos = 0;
    let line = this.line;
    // Next newline at or after pos; refreshed only when a cell moves past it.
    let nl = -2;
    scan: while (pos < len) {
      const rowStart = pos;
      const rowLine = line;
      const cells: string[] = [];
      for (;;) {
        if (buf.charCodeAt(pos) === QUOTE) {
          const end = this.quoted(buf, pos, final, cells);
          if (end < 0) {
            if (!final) {
              this.tooLong(len - rowStart, rowLine);
              pos = rowStart;
              line = rowLine;
              break scan;
            }
            throw new Error(`CSV: unterminated quoted cell starting on line ${rowLine}`);
          }
          line += this.newlines;
          pos = end;
          // Text glued after the closing quote (`"ab"c`) is kept, as spreadsheet programs do.
          if (pos < len && buf[pos] !== delim && buf.charCodeAt(pos) !== LF && buf.charCodeAt(pos) !== CR) {
            if (nl < pos) nl = buf.indexOf("\n", pos);
            let stop = buf.indexOf(delim, pos);
            const eol = nl === -1 ? len : nl;
            if (stop === -1 || stop > eol) stop = eol;
            if (nl === -1 && !final) {
              pos = rowStart;
              line = rowLine;
              break scan;
            }
            cells[cells.length - 1] += stripCr(buf.slice(pos, stop));
            pos = stop;
          }
        } else {
          if (nl < pos) nl = buf.indexOf("\n", pos);
          if (nl === -1 && !final) {
            this.tooLong(len - rowStart, rowLine);
            pos = rowStart;
            line = rowLine;
            break scan;
          }
          const eol = nl === -1 ? len : nl;
          const d = buf.indexOf(delim, pos);
          if (d !== -1 && d < eol) {
            cells.push(buf.slice(pos, d));
            pos = d + 1;
            continue;
          }
          cells.push(stripCr(buf.slice(pos, eol)));
          pos = eol;
        }
        // After a cell: a delimiter, the end of the line, or the end of the text.
        if (pos < len && buf[pos] === delim) {
          pos++;
          continue;
        }
        if (pos < len && buf.charCodeAt(pos) === CR && buf.charCodeAt(pos + 1) === LF) pos++;
        if (pos < len && buf.charCodeAt(pos) === LF) {
          pos++;
          line++;
        } else if (pos < len && buf.charCodeAt(pos) === CR && pos + 1 === len && !final) {
          // A CR at the very end of the chunk: its LF is in the next one.
          pos = rowStart;
          line = rowLine;
          break scan;
        }
        break;
      }
      // An empty physical line is not a row.
      if (!(cells.length === 1 && cells[0] === "")) rows.push({ line: rowLine, cells });
    }
    this.buf = pos >= len ? "" : buf.slice(pos);
    this.line = line;
    return rows;
  }

  /**
   * Reads the quoted cell starting at `start` (the opening quote), pushes its value, and returns the index just
   * past the closing quote; -1 when the text ends first (the caller waits for more, or fails on the last chunk).
   */
  private quoted(buf: string, start: number, final: boolean, cells: string[]): number {
    let from = start + 1;
    let value = "";
    for (;;) {
      const q = buf.indexOf('"', from);
      if (q === -1) return -1;
      if (buf.charCodeAt(q + 1) === QUOTE) {
        value += buf.slice(from, q + 1);
        from = q + 2;
        continue;
      }
      // A quote that is the last character of a chunk may be the first half of a doubled quote.
      if (q + 1 === buf.length && !final) return -1;
      const cell = value + buf.slice(from, q);
      this.newlines = cell.indexOf("\n") === -1 ? 0 : countNewlines(cell);
      cells.push(cell);
      return q + 1;
    }
  }

  private tooLong(chars: number, line: number): void {
    if (chars > MAX_ROW_CHARS) throw new Error(`CSV: row starting on line ${line} is longer than 32M characters`);
  }
}

function stripCr(s: string): string {
  return s.charCodeAt(s.length - 1) === CR ? s.slice(0, -1) : s;
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
 * comes with the physical line it starts on. Throws on an unterminated quote rather than swallowing the rest.
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
