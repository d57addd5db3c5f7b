// One entry point for both file types: the format is told by the file's first bytes, not its name, because
// exports get renamed, and a CSV saved with an .xlsx name (or the reverse) is common.
import { open } from "node:fs/promises";
import { type CsvDelimiter, readCsvBatches } from "./csv-reader.js";
import { ExportError } from "./errors.js";
import type { RawRow } from "./raw-row.js";
import { readXlsxBatches } from "./xlsx-reader.js";

export type FileFormat = "csv" | "xlsx";

/** Bytes looked at to tell text from binary data. */
const BINARY_SNIFF_BYTES = 1024;

export interface ReadRowsOptions {
  /** XLSX only: the sheet to read (see readXlsxRows for the default). */
  sheet?: string;
  /** CSV only: skip delimiter sniffing. */
  delimiter?: CsvDelimiter;
}

/** "xlsx" for a zip (PK\x03\x04, or PK\x05\x06 for an empty one), "csv" for anything else. */
export async function detectFileFormat(path: string): Promise<FileFormat> {
  const handle = await open(path, "r");
  try {
    const head = Buffer.alloc(8);
    const { bytesRead } = await handle.read(head, 0, 8, 0);
    const magic = head.subarray(0, bytesRead);
    if (magic[0] === 0x50 && magic[1] === 0x4b && (magic[2] === 3 || magic[2] === 5)) return "xlsx";
    // The pre-2007 binary .xls (an OLE2 compound file) is not read: ask for the XLSX or CSV export instead.
    if (magic.subarray(0, 4).equals(Buffer.from([0xd0, 0xcf, 0x11, 0xe0])))
      throw new ExportError("unreadable_file", "legacy .xls files are not supported: export as XLSX or CSV");
    // Text (UTF-8, or UTF-16LE after its byte-order mark) has no NUL and few control bytes; an image, a PDF or a
    // damaged download has plenty. Say so, rather than quote its bytes as a missing header.
    if (!(magic[0] === 0xff && magic[1] === 0xfe)) {
      const sample = Buffer.alloc(BINARY_SNIFF_BYTES);
      const { bytesRead: n } = await handle.read(sample, 0, BINARY_SNIFF_BYTES, 0);
      let control = 0;
      for (let i = 0; i < n; i++) {
        const b = sample[i] as number;
        if (b === 0) throw new ExportError("unreadable_file", "not a CSV or XLSX file: it holds binary data");
        if (b < 9 || (b > 13 && b < 32)) control++;
      }
      if (control > n / 10) throw new ExportError("unreadable_file", "not a CSV or XLSX file: it holds binary data");
    }
    return "csv";
  } finally {
    await handle.close();
  }
}

/** Rows of an export file, CSV or XLSX, in file order, each with its line (CSV) or row number (XLSX). */
export async function* readExportRows(path: string, options: ReadRowsOptions = {}): AsyncGenerator<RawRow> {
  for await (const batch of readExportBatches(path, options)) yield* batch;
}

/** The same rows in batches (never empty), for loops that avoid a promise per row. */
export async function* readExportBatches(path: string, options: ReadRowsOptions = {}): AsyncGenerator<RawRow[]> {
  const format = await detectFileFormat(path);
  const batches =
    format === "xlsx"
      ? readXlsxBatches(path, options.sheet === undefined ? {} : { sheet: options.sheet })
      : readCsvBatches(path, options.delimiter === undefined ? {} : { delimiter: options.delimiter });
  for await (const batch of batches) if (batch.length > 0) yield batch;
}
