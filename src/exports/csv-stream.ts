// The export CSV, written row by row so a million rows never sit in memory as one string. The same rules as the
// weekly report's CSV (src/digest/csv.ts): RFC 4180 quoting, CRLF, a UTF-8 BOM so Excel shows Chinese and Thai, and
// user text that starts with = + - @ prefixed with ' so it cannot run as a formula. Two things differ, because these
// are raw rows: numbers and dates are written as they are (a negative amount must stay "-12.5", not "'-12.5"), and
// ids are always quoted, so every RFC 4180 reader (pandas, BI tools) keeps an 18-digit shop id as text.
import { csvCell } from "../digest/csv.js";

/** text: free text a member typed (formula-guarded); plain: numbers, ISO dates, enum words; id: always quoted. */
export type CellKind = "text" | "plain" | "id";

export interface Column<Row> {
  header: string;
  kind: CellKind;
  get(row: Row): string | number | null | undefined;
}

const NEEDS_QUOTES = /[",\r\n]/;
const quote = (text: string) => `"${text.replaceAll('"', '""')}"`;

export function cell(kind: CellKind, value: string | number | null | undefined): string {
  if (value === null || value === undefined || value === "") return "";
  const text = String(value);
  switch (kind) {
    case "text":
      return csvCell(text);
    case "id":
      return quote(text);
    case "plain":
      return NEEDS_QUOTES.test(text) ? quote(text) : text;
  }
}

const encoder = new TextEncoder();
const BOM = "\uFEFF";

export function headerBytes<Row>(columns: readonly Column<Row>[]): Uint8Array {
  return encoder.encode(`${BOM}${columns.map((c) => csvCell(c.header)).join(",")}\r\n`);
}

export function rowBytes<Row>(columns: readonly Column<Row>[], row: Row): Uint8Array {
  return encoder.encode(`${columns.map((c) => cell(c.kind, c.get(row))).join(",")}\r\n`);
}

/** Where the bytes go: a buffer for a chat file, a file or stdout for the CLI. */
export interface CsvSink {
  write(bytes: Uint8Array): Promise<void> | void;
}

export interface CsvResult {
  rows: number;
  bytes: number;
  /** True when the size cap stopped the file before the last row. */
  truncated: boolean;
}

/**
 * Writes the header and then each page of rows to the sink. With a cap, the file stops at the last whole row that
 * fits, and the page iterator is closed so no further page is read from the database.
 */
export async function streamCsv<Row>(
  columns: readonly Column<Row>[],
  pages: AsyncIterable<Row[]>,
  sink: CsvSink,
  options: { maxBytes?: number } = {},
): Promise<CsvResult> {
  const maxBytes = options.maxBytes ?? Number.POSITIVE_INFINITY;
  const header = headerBytes(columns);
  await sink.write(header);
  let bytes = header.byteLength;
  let rows = 0;
  for await (const page of pages) {
    const chunk: Uint8Array[] = [];
    let chunkBytes = 0;
    for (const row of page) {
      const line = rowBytes(columns, row);
      if (bytes + chunkBytes + line.byteLength > maxBytes) {
        await flush(sink, chunk, chunkBytes);
        // Leaving the for-await closes the generator, which ends the database paging.
        return { rows, bytes: bytes + chunkBytes, truncated: true };
      }
      chunk.push(line);
      chunkBytes += line.byteLength;
      rows++;
    }
    // One write per page: fewer, larger writes to a file or pipe.
    await flush(sink, chunk, chunkBytes);
    bytes += chunkBytes;
  }
  return { rows, bytes, truncated: false };
}

async function flush(sink: CsvSink, chunk: Uint8Array[], size: number): Promise<void> {
  if (chunk.length === 0) return;
  const joined = new Uint8Array(size);
  let at = 0;
  for (const part of chunk) {
    joined.set(part, at);
    at += part.byteLength;
  }
  await sink.write(joined);
}
