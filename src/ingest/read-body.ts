// The request body (JSON or CSV) into numbered raw rows, before any row is validated. Envelope problems (not JSON,
// no "facts", too many rows) stop the request here with one error.
import { z } from "zod";
import { cleanJson, cleanText } from "../domain/text.js";
import { csvFieldName, readCsv, tooMany } from "./csv.js";
import { IngestError, type RowProblem } from "./errors.js";

/** The most facts one request may carry: a batch big enough for a day of SKUs, small enough for one transaction. */
export const MAX_ROWS = 10_000;

export type BodyFormat = "json" | "csv";

export interface RawRows {
  format: BodyFormat;
  rows: { row: number; data: unknown }[];
  /** Problems found while reading (a CSV row with the wrong number of cells). */
  problems: RowProblem[];
  /** A field as the client spells it: contentType in JSON, content_type in CSV. */
  fieldName(field: string): string;
}

// Only the envelope is checked here; each fact is validated on its own, so every bad row can be named.
const envelope = z.strictObject(
  { facts: z.array(z.unknown(), { error: 'send {"facts": [ … ]}: facts must be an array' }) },
  {
    error: (issue) =>
      issue.code === "unrecognized_keys" ? 'the body has one field, "facts"' : 'send {"facts": [ … ]}',
  },
);

export function readRows(body: Buffer, format: BodyFormat): RawRows {
  const text = body.toString("utf8");
  if (format === "csv") {
    // NUL and other control characters are stripped before a cell is read (line breaks stay: they end records).
    const { rows, problems } = readCsv(cleanText(text, { multiline: true }), MAX_ROWS);
    return nonEmpty({ format, rows, problems, fieldName: csvFieldName });
  }
  let data: unknown;
  try {
    // Escaped controls ("\u0000") survive JSON.parse: every string is cleaned after it.
    data = cleanJson(JSON.parse(text));
  } catch {
    throw new IngestError(400, "invalid_json", "The body is not valid JSON");
  }
  const parsed = envelope.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new IngestError(400, "invalid_body", `Invalid body: ${issue?.message ?? 'expected {"facts": [ … ]}'}`, {
      field: String(issue?.path[0] ?? "facts"),
    });
  }
  if (parsed.data.facts.length > MAX_ROWS) throw tooMany(MAX_ROWS);
  const rows = parsed.data.facts.map((item, index) => ({ row: index + 1, data: item }));
  return nonEmpty({ format, rows, problems: [], fieldName: (field) => field });
}

function nonEmpty(rows: RawRows): RawRows {
  if (rows.rows.length === 0 && rows.problems.length === 0) {
    throw new IngestError(400, "no_facts", "There are no facts in the body: send at least one");
  }
  return rows;
}
