// Streaming rows of one worksheet of an XLSX file: shared strings are loaded first, then the sheet XML is
// inflated and tokenized chunk by chunk, so memory holds one chunk of rows at a time (plus the string table).
// Cells come out as text: shared and inline strings as written, numbers as their stored digits (an Excel date
// stays its serial number, "45444.40625": the caller knows which columns are dates), booleans as TRUE/FALSE,
// errors as "#N/A". Cells the XML leaves out are placed by their "C12" reference and the gaps filled with "".
// A reference past column XFD or the row cap is refused before anything is filled in, and the gaps filled are
// bounded by the cells written (MAX_FILLED_PER_CELL): a tiny file cannot make millions of empty cells.
import {
  FILLED_CELLS_ALLOWANCE,
  formatCount,
  LimitExceeded,
  MAX_CELL_CHARS,
  MAX_COLUMNS,
  MAX_FILLED_PER_CELL,
  MAX_ROWS,
} from "./limits.js";
import type { RawRow } from "./raw-row.js";
import { openXlsx } from "./xlsx-package.js";
import { readSharedStrings } from "./xlsx-shared-strings.js";
import { columnIndex, decodeOoxmlEscapes, rowNumber } from "./xlsx-text.js";
import type { XmlHandler } from "./xml-scanner.js";
import { XmlScanner, xmlAttr } from "./xml-scanner.js";

export interface XlsxOptions {
  /** Sheet to read; by default "OrderSKUList" or "Order details" when present, else the first sheet. */
  sheet?: string;
}

/** Which sheet `readXlsxRows` would read, and the workbook's sheet names. */
export async function xlsxSheetInfo(
  path: string,
  options: XlsxOptions = {},
): Promise<{ sheet: string; sheets: string[] }> {
  const pkg = await openXlsx(path, options.sheet);
  pkg.close();
  return { sheet: pkg.sheet.name, sheets: pkg.sheets };
}

export async function* readXlsxRows(path: string, options: XlsxOptions = {}): AsyncGenerator<RawRow> {
  for await (const batch of readXlsxBatches(path, options)) yield* batch;
}

/** The same rows in batches (one per chunk of sheet XML), for loops that avoid a promise per row. */
export async function* readXlsxBatches(path: string, options: XlsxOptions = {}): AsyncGenerator<RawRow[]> {
  const pkg = await openXlsx(path, options.sheet);
  try {
    const shared = await readSharedStrings(pkg);
    let out: RawRow[] = [];
    const handler = new SheetHandler(shared, out);
    const scanner = new XmlScanner(handler, pkg.sheet.part);
    // Inflate hands out 16 KB pieces; scanning larger ones halves the per-call overhead.
    let pending = "";
    for await (const chunk of pkg.text(pkg.sheet.part)) {
      pending += chunk;
      if (pending.length < 1 << 16) continue;
      scanner.write(pending);
      pending = "";
      if (out.length > 0) {
        yield out;
        out = [];
        handler.out = out;
      }
    }
    scanner.write(pending);
    scanner.end();
    if (out.length > 0) yield out;
  } finally {
    pkg.close();
  }
}

/** Builds rows from sheet XML events: <row r> <c r t> <v>…</v> or <is><t>…</t></is> </c> </row>. */
class SheetHandler implements XmlHandler {
  private rowNumber = 0;
  private cells: string[] = [];
  private inRow = false;
  private col = -1;
  private type: string | undefined;
  private capture = false;
  private inInline = false;
  private inPhonetic = false;
  private value = "";
  /** Cells written by the sheet, and empty cells filled in between them, in the whole sheet so far. */
  private written = 0;
  private filled = 0;
  /** The farthest reference of the current row, for the message when its gaps are too many. */
  private farRef = "";
  /** Cells of the current row that hold a value. */
  private present = 0;
  private rows = 0;

  constructor(
    private readonly shared: readonly string[],
    /** Where finished rows go; swapped for a fresh array after each batch is handed out. */
    public out: RawRow[],
  ) {}

  open(name: string, attrs: string, selfClosing: boolean): void {
    switch (name) {
      case "row": {
        const r = Number(xmlAttr(attrs, "r"));
        // Rows without r follow the previous one.
        this.rowNumber = Number.isInteger(r) && r > 0 ? r : this.rowNumber + 1;
        if (this.rowNumber > MAX_ROWS || ++this.rows > MAX_ROWS)
          throw new LimitExceeded("import.limit.rows", { limit: formatCount(MAX_ROWS) });
        this.cells = [];
        this.present = 0;
        this.col = -1;
        this.inRow = true;
        break;
      }
      case "c": {
        const ref = xmlAttr(attrs, "r");
        const col = ref === undefined ? -1 : columnIndex(ref, MAX_COLUMNS);
        this.col = col >= 0 ? col : this.col + 1;
        if (ref !== undefined && !this.inRow) this.rowNumber = rowNumber(ref);
        if (this.col >= MAX_COLUMNS)
          throw new LimitExceeded("import.limit.columns", {
            line: this.rowNumber,
            limit: "XFD (16,384)",
            ref: ref === undefined ? "" : ` (${ref.slice(0, 16)})`,
          });
        if (ref !== undefined && this.col + 1 > this.cells.length) this.farRef = ref.slice(0, 16);
        this.type = xmlAttr(attrs, "t");
        this.value = "";
        break;
      }
      case "v":
        this.capture = !selfClosing;
        break;
      case "is":
        this.inInline = true;
        break;
      case "rPh":
        this.inPhonetic = true;
        break;
      case "t":
        if (this.inInline && !this.inPhonetic && !selfClosing) this.capture = true;
        break;
    }
  }

  close(name: string): void {
    switch (name) {
      case "v":
      case "t":
        this.capture = false;
        break;
      case "is":
        this.inInline = false;
        break;
      case "rPh":
        this.inPhonetic = false;
        break;
      case "c":
        this.setCell();
        break;
      case "row":
        this.inRow = false;
        if (this.cells.length > 0) {
          // Cells skipped by their references left holes in the array: count them before filling any.
          this.written += this.present;
          this.filled += this.cells.length - this.present;
          if (this.filled > FILLED_CELLS_ALLOWANCE + MAX_FILLED_PER_CELL * this.written)
            throw new LimitExceeded("import.limit.sparse", { ref: this.farRef || `row ${this.rowNumber}` });
          for (let i = 0; i < this.cells.length; i++) if (this.cells[i] === undefined) this.cells[i] = "";
          this.out.push({ line: this.rowNumber, cells: this.cells });
        }
        this.cells = [];
        this.present = 0;
        this.farRef = "";
        break;
    }
  }

  text(text: string): void {
    if (!this.capture) return;
    this.value += text;
    if (this.value.length > MAX_CELL_CHARS)
      throw new LimitExceeded("import.limit.cell", { line: this.rowNumber, limit: formatCount(MAX_CELL_CHARS) });
  }

  private setCell(): void {
    const raw = this.value;
    let cell: string;
    switch (this.type) {
      case "s":
        cell = this.shared[Number(raw)] ?? "";
        break;
      case "inlineStr":
      case "str":
        cell = decodeOoxmlEscapes(raw);
        break;
      case "b":
        cell = raw === "" ? "" : raw === "1" ? "TRUE" : "FALSE";
        break;
      default:
        // Numbers ("n" or no type), ISO dates ("d") and errors ("e") are kept as written.
        cell = raw;
    }
    if (cell !== "" && this.col >= 0) {
      if (this.cells[this.col] === undefined) this.present++;
      this.cells[this.col] = cell;
    }
    this.value = "";
  }
}
