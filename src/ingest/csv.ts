// A CSV body into rows keyed by the API's field names. RFC 4180 (quoted fields, "" inside quotes, CRLF or LF),
// a header row whose columns may come in any order, empty cells meaning "not set". The header is checked before
// any row, so a misspelt column is one clear error instead of one per row.
import { wordTable } from "../domain/text.js";
import { IngestError, type RowProblem } from "./errors.js";
import type { FactField } from "./row-schema.js";

/** CSV column → field. Columns are matched without regard to case; the camelCase spellings work too. */
const COLUMNS = wordTable<FactField>({
  date: "date",
  metric: "metric",
  team: "team",
  shop: "shop",
  member: "member",
  value: "value",
  currency: "currency",
  content_type: "contentType",
  contenttype: "contentType",
  traffic: "traffic",
  product_id: "productId",
  productid: "productId",
});
const CSV_NAMES: Record<FactField, string> = {
  date: "date",
  metric: "metric",
  team: "team",
  shop: "shop",
  member: "member",
  value: "value",
  currency: "currency",
  contentType: "content_type",
  traffic: "traffic",
  productId: "product_id",
};
export const CSV_HEADER = "date,metric,team,shop,member,value,currency,content_type,traffic,product_id";
const REQUIRED: FactField[] = ["date", "metric", "value"];

export const csvFieldName = (field: string): string => CSV_NAMES[field as FactField] ?? field;

/** Splits CSV text into records of cells. */
export function* csvRecords(text: string): Generator<string[]> {
  let record: string[] = [];
  let cell = "";
  let quoted = false;
  let i = 0;
  const endRecord = () => {
    record.push(cell);
    const done = record;
    record = [];
    cell = "";
    return done;
  };
  while (i < text.length) {
    const ch = text[i] as string;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i += 2;
        continue;
      }
      if (ch === '"') quoted = false;
      else cell += ch;
      i++;
      continue;
    }
    if (ch === '"' && cell === "") quoted = true;
    else if (ch === ",") {
      record.push(cell);
      cell = "";
    } else if (ch === "\n" || ch === "\r") {
      if (ch === "\r" && text[i + 1] === "\n") i++;
      yield endRecord();
    } else cell += ch;
    i++;
  }
  if (quoted)
    throw new IngestError(400, "invalid_csv", "The CSV ends inside a quoted cell: a closing quote is missing");
  if (cell !== "" || record.length) yield endRecord();
}

const isBlank = (record: string[]) => record.every((cell) => cell.trim() === "");

export interface CsvRows {
  rows: { row: number; data: Record<string, string> }[];
  problems: RowProblem[];
}

/** Reads the body; stops with a 413 as soon as it holds more than `maxRows` rows. */
export function readCsv(text: string, maxRows: number): CsvRows {
  const records = csvRecords(text.replace(/^\uFEFF/, ""));
  let header: FactField[] | null = null;
  const rows: CsvRows["rows"] = [];
  const problems: RowProblem[] = [];
  let row = 0;
  for (const record of records) {
    if (isBlank(record)) continue;
    if (!header) {
      header = readHeader(record);
      continue;
    }
    row++;
    if (row > maxRows) throw tooMany(maxRows);
    if (record.length !== header.length) {
      problems.push({
        code: "invalid_row",
        row,
        field: "columns",
        message: `has ${record.length} cells but the header has ${header.length} columns`,
      });
      continue;
    }
    const data: Record<string, string> = {};
    header.forEach((field, index) => {
      data[field] = record[index] as string;
    });
    rows.push({ row, data });
  }
  if (!header) throw new IngestError(400, "no_facts", `The CSV is empty: send a header row (${CSV_HEADER}) and facts`);
  return { rows, problems };
}

function readHeader(record: string[]): FactField[] {
  const seen = new Set<FactField>();
  const fields = record.map((raw) => {
    const name = raw.trim().toLowerCase();
    const field = COLUMNS[name];
    if (!field) {
      throw new IngestError(400, "invalid_csv", `Unknown column “${raw.trim()}”. Columns are ${CSV_HEADER}`, {
        field: raw.trim(),
      });
    }
    if (seen.has(field))
      throw new IngestError(400, "invalid_csv", `The column ${CSV_NAMES[field]} appears twice`, { field: raw.trim() });
    seen.add(field);
    return field;
  });
  const missing = REQUIRED.filter((f) => !seen.has(f));
  if (missing.length) {
    throw new IngestError(
      400,
      "invalid_csv",
      `The header has no ${missing.join(", ")} column. Columns are ${CSV_HEADER}`,
      { field: missing[0] },
    );
  }
  if (!["team", "shop", "member"].some((f) => seen.has(f as FactField))) {
    throw new IngestError(
      400,
      "invalid_csv",
      "The header needs a team, shop or member column to say whose facts these are",
    );
  }
  return fields;
}

export function tooMany(maxRows: number): IngestError {
  return new IngestError(
    413,
    "too_many_rows",
    `At most ${maxRows.toLocaleString("en-US")} facts per request: split the data into several requests, each with its own Idempotency-Key`,
  );
}
