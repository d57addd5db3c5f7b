// parseExport: a Seller Center export file (CSV or XLSX) → its kind, its header, and a stream of normalised
// records and skipped rows, in file order, in constant memory.
//
//   const parsed = await parseExport(path, { market: "VN" });
//   if (parsed.kind === "orders")
//     for await (const item of parsed.records)
//       if (item.type === "record") upsert(item.record);          // item.record: OrderLine
//       else log(`line ${item.line}: ${item.reason}`);             // "missing Order ID", "total row", …
//
// What is decided once per file, before the first record: the header row (searched in the first 30 rows), the
// kind (unless given), and the day/month order of dates (from the file's own dates, else `dateOrder`, else
// `market`). Those failures throw ExportError; everything that goes wrong inside one row skips that row only.
// Record types and natural keys are documented next to each parser in formats/.
import { z } from "zod";
import { isBlank } from "./cells.js";
import type { CsvDelimiter } from "./csv-reader.js";
import { type DateOrderDecision, DateOrderSniffer } from "./date-order.js";
import { type DateOrder, dateEvidence, parseDateRange } from "./dates.js";
import { detectFileFormat, type FileFormat, readExportBatches } from "./export-rows.js";
import { explainNoHeader, findHeader, HEADER_SCAN_ROWS } from "./find-header.js";
import type { FormatContext } from "./formats/format.js";
import { type Column, isTotalRow, RepeatedHeader } from "./headers.js";
import { EXPORT_KINDS, type ExportKind, type ExportRecords, FORMATS, naturalKey } from "./kinds.js";
import type { RawRow } from "./raw-row.js";
import { RowCursor } from "./row-cursor.js";
import { RowReader, RowSkip } from "./row-reader.js";

export type { DateOrderDecision, DateOrderSource } from "./date-order.js";
export type { DateOrder } from "./dates.js";
export { ExportError, type ExportErrorCode } from "./errors.js";
export type { FileFormat } from "./export-rows.js";
export type { AffiliateCreatorStats } from "./formats/affiliate-creators.js";
export type { AffiliateVideoStats } from "./formats/affiliate-videos.js";
export type { LiveSession } from "./formats/live-sessions.js";
export type { SettlementLine } from "./formats/settlements.js";
export type { ExportKind, ExportRecords } from "./kinds.js";
export type { OrderLine } from "./order-line.js";

export interface ParseExportOptions {
  /** Skip detection and require this kind's header. */
  kind?: ExportKind;
  /** Force the day/month order of numeric dates (cells that do not fit are skipped with a reason). */
  dateOrder?: DateOrder;
  /** Shop market (ISO country, "US", "VN", …): decides the day/month order when the file's dates cannot. */
  market?: string;
  /** ISO 4217 code of the file's amounts, for cells without a symbol; it also makes "$" mean this dollar. */
  currency?: string;
  /** XLSX: the sheet to read (default "OrderSKUList" / "Order details" when present, else the first). */
  sheet?: string;
  /** CSV: the delimiter (default: sniffed). */
  delimiter?: CsvDelimiter;
}

const optionsSchema = z.object({
  kind: z.enum(EXPORT_KINDS).optional(),
  dateOrder: z.enum(["DMY", "MDY"]).optional(),
  market: z
    .string()
    .regex(/^[A-Za-z]{2}$/, "market must be a 2-letter country code")
    .transform((s) => s.toUpperCase())
    .optional(),
  currency: z
    .string()
    .regex(/^[A-Za-z]{3}$/, "currency must be a 3-letter ISO 4217 code")
    .transform((s) => s.toUpperCase())
    .optional(),
  sheet: z.string().min(1).optional(),
  delimiter: z.enum([",", "\t", ";"]).optional(),
});

export interface HeaderInfo {
  /** Line (CSV) or row number (XLSX) of the header row. */
  line: number;
  /** The header cells, trimmed. */
  cells: string[];
  /** Field → the column it was found in (field names as in the kind's header table). */
  columns: Record<string, Column>;
  /** Header cells no field uses: a column renamed by TikTok shows up here. */
  unmatched: string[];
  /** Text of the rows above the header (titles, "Date range: …"), one string per row. */
  preamble: string[];
  /** A date range found in the preamble, "YYYY-MM-DD" inclusive. */
  period: { start: string; end: string } | null;
}

export interface ParsedRecord<R> {
  type: "record";
  line: number;
  record: R;
  /** Line of an earlier record with the same natural key within the last 10,000–20,000 records (the importer
   * decides what to do with it). */
  duplicateOf?: number;
}

export interface SkippedRow {
  type: "skipped";
  line: number;
  /** Short and specific: "missing Order ID", "unparseable Created Time '31/13/2024'", "total row". */
  reason: string;
}

export type ExportItem<R> = ParsedRecord<R> | SkippedRow;

export interface ParsedExport<K extends ExportKind = ExportKind> {
  kind: K;
  fileFormat: FileFormat;
  header: HeaderInfo;
  dateOrder: DateOrderDecision;
  /**
   * Records and skipped rows in file order. The first iteration continues the read that found the header; each
   * later one reads the file again.
   */
  records: AsyncIterable<ExportItem<ExportRecords[K]>>;
}

/** A ParsedExport of whichever kind was detected: narrow on `kind`. */
export type AnyParsedExport = { [K in ExportKind]: ParsedExport<K> }[ExportKind];

// Rows kept in memory while dates are sniffed; past it the rest of the file is sniffed in a separate read.
const SNIFF_BUFFER_ROWS = 2_000;
const DUPLICATE_WINDOW = 10_000;

export async function parseExport<K extends ExportKind>(
  path: string,
  options: ParseExportOptions & { kind: K },
): Promise<ParsedExport<K>>;
export async function parseExport(path: string, options?: ParseExportOptions): Promise<AnyParsedExport>;
export async function parseExport(path: string, options: ParseExportOptions = {}): Promise<ParsedExport> {
  const opts = optionsSchema.parse(options);
  const fileFormat = await detectFileFormat(path);
  const readOptions = {
    ...(opts.sheet && { sheet: opts.sheet }),
    ...(opts.delimiter && { delimiter: opts.delimiter }),
  };
  const open = () => readExportBatches(path, readOptions);
  const rows = new RowCursor(open());
  let handedOver = false;
  try {
    const head: RawRow[] = [];
    let found = null;
    while (head.length < HEADER_SCAN_ROWS) {
      const next = await rows.next();
      if (!next) break;
      head.push(next);
      found = findHeader([next], opts.kind);
      if (found) {
        found.index = head.length - 1;
        break;
      }
    }
    if (!found) throw explainNoHeader(head, opts.kind);
    const kind = found.kind;
    const format = FORMATS[kind];
    const headerRow = head[found.index] as RawRow;
    const columns = found.match.columns as Record<string, Column>;
    const preamble = head.slice(0, found.index).map((r) => r.cells.filter((c) => c.trim() !== "").join(" "));

    // Day/month order: from the dates of the file, read until one settles it.
    const sniffer = new DateOrderSniffer();
    const dateColumns = format.dateFields.flatMap((f) => (columns[f] ? [columns[f].index] : []));
    const sniff = (cells: readonly string[]) => {
      for (const i of dateColumns) {
        const cell = cells[i];
        if (cell !== undefined) sniffer.add(cell, dateEvidence(cell));
      }
    };
    for (const text of preamble)
      for (const date of text.match(/\b\d{1,2}[/.-]\d{1,2}[/.-]\d{4}\b/g) ?? []) sniffer.add(date, dateEvidence(date));
    const buffered: RawRow[] = [];
    let source: "continue" | "reopen" = "continue";
    if (!opts.dateOrder) {
      let exhausted = false;
      while (!sniffer.decided && buffered.length < SNIFF_BUFFER_ROWS) {
        const next = await rows.next();
        if (!next) {
          exhausted = true;
          break;
        }
        buffered.push(next);
        sniff(next.cells);
      }
      if (!sniffer.decided && !exhausted) {
        // Still undecided after the buffer: read on without keeping rows, and read the file again for records.
        source = "reopen";
        buffered.length = 0;
        for (let next = await rows.next(); next && !sniffer.decided; next = await rows.next()) sniff(next.cells);
        await rows.close();
      }
    }
    const dateOrder = sniffer.decide(opts);
    const header: HeaderInfo = {
      line: headerRow.line,
      cells: headerRow.cells.map((c) => c.trim()),
      columns,
      unmatched: headerRow.cells
        .map((c, i) => ({ c: c.trim(), i }))
        .filter(({ c, i }) => c !== "" && !Object.values(columns).some((col) => col.index === i))
        .map(({ c }) => c),
      preamble,
      period: preamble.map((t) => parseDateRange(t, dateOrder.order)).find((p) => p !== null) ?? null,
    };
    const context: FormatContext = {
      dateOrder: dateOrder.order,
      currency: opts.currency ?? null,
      period: header.period,
    };

    const pending = [...head.slice(found.index + 1), ...buffered];
    let firstUse = true;
    const records: AsyncIterable<ExportItem<ExportRecords[ExportKind]>> = {
      [Symbol.asyncIterator]() {
        if (firstUse && source === "continue") {
          firstUse = false;
          return parseRows(kind, header, context, rows.rest(pending.splice(0)));
        }
        firstUse = false;
        return parseRows(kind, header, context, afterLine(open(), header.line));
      },
    };
    handedOver = source === "continue";
    return { kind, fileFormat, header, dateOrder, records } as ParsedExport;
  } finally {
    if (!handedOver) await rows.close();
  }
}

async function* afterLine(batches: AsyncGenerator<RawRow[]>, line: number): AsyncGenerator<RawRow[]> {
  for await (const batch of batches) {
    if ((batch.at(-1) as RawRow).line <= line) continue;
    yield (batch[0] as RawRow).line > line ? batch : batch.filter((r) => r.line > line);
  }
}

/** Two or more words of letters: the English sentences of a description row, never an id, count or amount. */
const SENTENCE = /\p{L}{2,}[^\p{L}]+\p{L}{2,}/u;

async function* parseRows(
  kind: ExportKind,
  header: HeaderInfo,
  context: FormatContext,
  batches: AsyncGenerator<RawRow[]>,
): AsyncGenerator<ExportItem<ExportRecords[ExportKind]>> {
  const format = FORMATS[kind];
  const reader = new RowReader<string>(header.columns, context);
  const probes = format.probeFields.flatMap((f) => (header.columns[f] ? [header.columns[f].index] : []));
  const repeated = new RepeatedHeader(header.cells);
  let recent = new Map<string, number>();
  let older = new Map<string, number>();
  let first = true;
  for await (const batch of batches)
    for (const row of batch) {
      const { cells, line } = row;
      if (cells.every((c) => isBlank(c))) continue;
      if (first) {
        first = false;
        // Order and Compass exports explain each column in the row under the header.
        if (probes.some((i) => SENTENCE.test(cells[i] ?? ""))) {
          yield { type: "skipped", line, reason: "description row" };
          continue;
        }
      }
      if (repeated.test(cells)) {
        yield { type: "skipped", line, reason: "repeated header" };
        continue;
      }
      if (isTotalRow(cells)) {
        yield { type: "skipped", line, reason: "total row" };
        continue;
      }
      reader.reset(cells, line);
      let record: ExportRecords[ExportKind];
      try {
        record = format.parse(reader, context);
      } catch (err) {
        if (err instanceof RowSkip) {
          yield { type: "skipped", line, reason: err.reason };
          continue;
        }
        throw err;
      }
      const key = naturalKey(kind, record);
      const earlier = recent.get(key) ?? older.get(key);
      if (earlier === undefined) {
        recent.set(key, line);
        // Two generations of keys keep memory bounded in O(1) per row (deleting a Map's oldest key one at a time
        // makes V8 walk the deleted slots); exports list an order's SKU lines together anyway.
        if (recent.size >= DUPLICATE_WINDOW) {
          older = recent;
          recent = new Map();
        }
        yield { type: "record", line, record };
      } else yield { type: "record", line, record, duplicateOf: earlier };
    }
}
