// The limits an import file must stay inside, so that a hostile or broken file costs bounded time and memory.
// Each is named with the reason for its value and the message key a member reads when a file goes past it; the
// readers that enforce them (csv-reader.ts, xml-scanner.ts, xlsx-*.ts, parse-worker.ts, the upload handler) throw
// LimitExceeded, a UserError, so the refusal reaches chat and `npm run import` in the member's words.
import { UserError } from "../domain/errors.js";
import type { MessageKey } from "../domain/i18n.js";

const MB = 1024 * 1024;

/**
 * A file sent to the bot in chat. A month of orders of a busy shop is tens of MB as CSV; past this the file is
 * better split by date range (or imported from a terminal, which has no upload limit). Checked before the
 * download when the platform reports the size (Slack), and counted while downloading otherwise (Lark).
 * Message: import.limit.upload.
 */
export const MAX_UPLOAD_BYTES = 200 * MB;

/**
 * One part of an XLSX file, unzipped. The worksheet of a 1,048,576-row export (the most a sheet holds) is about
 * 1 GB of XML; more is not a spreadsheet. Read from the zip's directory before inflating anything, and checked
 * again while inflating (the zip reader refuses an entry longer than it declared). Message: import.limit.unzipped.
 */
export const MAX_ENTRY_UNZIPPED_BYTES = 1024 * MB;
/** All parts together: a workbook is its sheet, its string table and a few small parts. Message: import.limit.unzipped. */
export const MAX_TOTAL_UNZIPPED_BYTES = 1536 * MB;
/**
 * Unzipped bytes per zipped byte of one part. Worksheet XML compresses 5-20×, a very repetitive one up to ~50×;
 * deflate reaches ~1,000× only on filler (a zip bomb). Judged only on parts bigger than RATIO_FLOOR_BYTES: small
 * parts of nothing but markup compress well and cost nothing. Message: import.limit.ratio.
 */
export const MAX_COMPRESSION_RATIO = 100;
export const RATIO_FLOOR_BYTES = 4 * MB;
/** Parts in the zip: a workbook has a dozen; a zip of thousands is an archive, not an export. Message: import.limit.entries. */
export const MAX_ZIP_ENTRIES = 1000;

/**
 * Columns of a row: XFD, the last column a spreadsheet has (16,384). A cell reference past it (ZZZZZZ1) is
 * refused before anything is filled in. Message: import.limit.columns.
 */
export const MAX_COLUMNS = 16_384;
/**
 * Rows of a file: a sheet holds at most 1,048,576; a CSV twice that is still a plausible export of a year of
 * orders, and reading one costs about a minute. Message: import.limit.rows.
 */
export const MAX_ROWS = 2_000_000;
/** Characters of one cell: Excel's own limit (32,767); no export field comes near it. Message: import.limit.cell. */
export const MAX_CELL_CHARS = 32_767;
/**
 * Characters of one CSV row (a physical line, or several when a quoted cell holds line breaks). A 55-column
 * order row is about 2,000; an unclosed quote makes the rest of the file one "row", refused at this length
 * instead of held in memory. Message: import.limit.line.
 */
export const MAX_LINE_CHARS = 1 * MB;
/**
 * Characters of one XML tag, comment or processing instruction. SpreadsheetML tags are tens of characters
 * (a <row> with spans, a <c> with its reference and style); an unclosed "<" makes the rest of the part one tag,
 * refused at this length. Message: import.limit.tag.
 */
export const MAX_TAG_CHARS = 64 * 1024;
/**
 * Empty cells filled in between the cells a sheet writes (XLSX leaves empty cells out and places the others by
 * their reference): at most this many per written cell, beyond a first allowance. A real export leaves out a
 * few cells per row; a sheet with one cell per row at column XFD would make 16,383 empty ones per row.
 * Message: import.limit.sparse.
 */
export const MAX_FILLED_PER_CELL = 64;
export const FILLED_CELLS_ALLOWANCE = 1_000_000;
/**
 * Characters of the shared-string table, which an XLSX import holds whole (every text cell points into it). This
 * many fits the parser's heap (PARSE_HEAP_MB) with room for the rows in flight. Message: import.limit.strings.
 */
export const MAX_SHARED_STRING_CHARS = 48 * MB;

/**
 * Heap of the worker thread that parses a file (its old generation, in MB). The parser streams, so a normal file
 * of any size needs tens of MB; the shared-string table is the one thing that grows. A file that still exhausts it
 * ends the worker, not the server. Message: import.too_complex.
 */
export const PARSE_HEAP_MB = 160;
/**
 * Wall-clock time one parse may take. The parser reads a 1M-row export in well under a minute on our 2-core
 * machines; a parse still running after this is stopped. Message: import.too_slow.
 */
export const PARSE_TIMEOUT_MS = 15 * 60_000;

/** A file past one of the limits above: the message says which limit, its value, and what to do. */
export class LimitExceeded extends UserError {
  override name = "LimitExceeded";
  constructor(key: MessageKey & `import.limit.${string}`, params: Record<string, string | number>) {
    super(key, params);
  }
}

/** "200 MB", "1.5 GB": how a limit in bytes is written in a message. */
export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * MB) return `${Number((bytes / (1024 * MB)).toFixed(1))} GB`;
  if (bytes >= MB) return `${Number((bytes / MB).toFixed(1))} MB`;
  return `${Math.ceil(bytes / 1024)} KB`;
}

/** "1,000,000": how a count is written in a message. */
export const formatCount = (n: number) => n.toLocaleString("en-US");
