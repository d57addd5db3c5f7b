// The request body (JSON or CSV) into numbered raw rows and the days it declares complete, before any row is
// validated. Envelope problems (not JSON, neither "facts" nor "complete", too many rows) stop the request here.
import { z } from "zod";
import { cleanJson, cleanText } from "../domain/text.js";
import { csvFieldName, readCsv, tooMany } from "./csv.js";
import { IngestError, type RowProblem } from "./errors.js";
import { throughSchema } from "./row-schema.js";

/** The most facts one request may carry: a batch big enough for a day of SKUs, small enough for one transaction. */
export const MAX_ROWS = 10_000;
/**
 * The most declarations one request may carry: one per feed (a team's own feed and one per shop), far more than a
 * workspace has shops, few enough that checking them is instant.
 */
export const MAX_DECLARATIONS = 500;
/** What a member copies when a declaration is refused: a body that declares and sends nothing else. */
export const DECLARATION_EXAMPLE =
  '{"complete": [{"team": "ID-beauty", "shop": "GlowLab Official Store", "through": "2026-12-02"}]}';

export type BodyFormat = "json" | "csv";

/** One entry of the JSON "complete" list, checked for shape only (who and which days: see declarations.ts). */
export interface RawDeclaration {
  /** 0-based, as the client indexes its list. */
  index: number;
  team: string;
  shop?: string;
  through: string;
}

export interface RawRows {
  format: BodyFormat;
  rows: { row: number; data: unknown }[];
  /** Problems found while reading (a CSV row with the wrong number of cells). */
  problems: RowProblem[];
  /** A field as the client spells it: contentType in JSON, content_type in CSV. */
  fieldName(field: string): string;
  /** JSON: the feeds the body declares complete, each through its own day. */
  declarations: RawDeclaration[];
  /** CSV: `?complete_through=`, a day every feed of the body is complete through; null when not sent. */
  completeThrough: string | null;
}

const declarationSchema = z.strictObject(
  {
    team: z
      .string({ error: `team is required: the team's slug or name, e.g. ${DECLARATION_EXAMPLE}` })
      .trim()
      .min(1, "team is required: the team's slug or name")
      .max(100, "team is at most 100 characters"),
    shop: z
      .string({ error: "shop must be text: the shop's id (as a string) or name" })
      .trim()
      .min(1, "shop is the shop's id or name; leave it out for the team's own feed")
      .max(200, "shop is at most 200 characters")
      .optional(),
    through: throughSchema,
  },
  { error: (issue) => (issue.code === "unrecognized_keys" ? "a declaration has team, shop and through" : undefined) },
);

// Only the envelope is checked here; each fact is validated on its own, so every bad row can be named.
const envelope = z.strictObject(
  {
    facts: z.array(z.unknown(), { error: 'send {"facts": [ … ]}: facts must be an array' }).optional(),
    complete: z
      .array(declarationSchema, { error: `complete must be a list, e.g. ${DECLARATION_EXAMPLE}` })
      .max(MAX_DECLARATIONS, `at most ${MAX_DECLARATIONS} declarations per request: one per feed`)
      .optional(),
  },
  {
    error: (issue) =>
      issue.code === "unrecognized_keys"
        ? 'the body has two fields, "facts" and "complete"'
        : 'send {"facts": [ … ]} and/or {"complete": [ … ]}',
  },
);

/** "complete[0].through" for ["complete", 0, "through"]: the path as the client would write it. */
const pathOf = (path: PropertyKey[]) =>
  path.reduce<string>(
    (out, part) => (typeof part === "number" ? `${out}[${part}]` : out ? `${out}.${String(part)}` : String(part)),
    "",
  );

export function readRows(body: Buffer, format: BodyFormat, query: { completeThrough?: string | null } = {}): RawRows {
  const text = body.toString("utf8");
  const completeThrough = completeThroughOf(format, query.completeThrough ?? null);
  if (format === "csv") {
    // NUL and other control characters are stripped before a cell is read (line breaks stay: they end records).
    const { rows, problems } = readCsv(cleanText(text, { multiline: true }), MAX_ROWS);
    return nonEmpty({ format, rows, problems, fieldName: csvFieldName, declarations: [], completeThrough });
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
    if (issue?.path[0] === "complete") {
      const field = pathOf(issue.path);
      throw new IngestError(
        400,
        "invalid_declaration",
        `${field}: ${issue.message} (nothing was written). A declaration looks like ${DECLARATION_EXAMPLE}`,
        { field },
      );
    }
    throw new IngestError(400, "invalid_body", `Invalid body: ${issue?.message ?? 'expected {"facts": [ … ]}'}`, {
      field: String(issue?.path[0] ?? "facts"),
    });
  }
  const facts = parsed.data.facts ?? [];
  if (facts.length > MAX_ROWS) throw tooMany(MAX_ROWS);
  const rows = facts.map((item, index) => ({ row: index + 1, data: item }));
  const declarations = (parsed.data.complete ?? []).map((d, index) => ({ index, ...d }));
  return nonEmpty({ format, rows, problems: [], fieldName: (field) => field, declarations, completeThrough });
}

/** `?complete_through=`: a real day, and only for CSV (a JSON body names each feed in its "complete" list). */
function completeThroughOf(format: BodyFormat, value: string | null): string | null {
  if (value === null) return null;
  if (format === "json") {
    throw new IngestError(
      400,
      "invalid_declaration",
      `complete_through is for CSV bodies; a JSON body declares its feeds in "complete", e.g. ${DECLARATION_EXAMPLE}`,
      { field: "complete_through" },
    );
  }
  const parsed = throughSchema.safeParse(value);
  if (!parsed.success) {
    throw new IngestError(
      400,
      "invalid_declaration",
      `complete_through: ${parsed.error.issues[0]?.message ?? "not a date"} (nothing was written), e.g. ?complete_through=2026-12-02`,
      { field: "complete_through" },
    );
  }
  return parsed.data;
}

function nonEmpty(rows: RawRows): RawRows {
  if (rows.rows.length === 0 && rows.problems.length === 0 && rows.declarations.length === 0) {
    const csvDeclares = rows.completeThrough !== null;
    throw new IngestError(
      400,
      "no_facts",
      csvDeclares
        ? `There are no facts in the body, so complete_through applies to no feed: send the day's facts with it, or declare feeds by name with JSON ${DECLARATION_EXAMPLE}`
        : `There are no facts in the body: send at least one fact, or declare days complete with ${DECLARATION_EXAMPLE}`,
    );
  }
  return rows;
}
