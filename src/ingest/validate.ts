// Each raw row through the zod schema. Every problem is kept with its row and field (as the client spells it),
// so one answer lists what to fix instead of one error per attempt.
import type { z } from "zod";
import type { RowProblem } from "./errors.js";
import type { RawRows } from "./read-body.js";
import { type FactRow, FIELDS, factRowSchema, withoutBlanks } from "./row-schema.js";

export interface ValidRow {
  row: number;
  fact: FactRow;
}

export function validateRows(raw: RawRows): { valid: ValidRow[]; problems: RowProblem[] } {
  const valid: ValidRow[] = [];
  const problems: RowProblem[] = [...raw.problems];
  for (const { row, data } of raw.rows) {
    if (typeof data !== "object" || data === null || Array.isArray(data)) {
      problems.push({
        code: "invalid_row",
        row,
        field: "fact",
        message: "each fact is an object with date, metric, value…",
      });
      continue;
    }
    const parsed = factRowSchema.safeParse(withoutBlanks(data as Record<string, unknown>));
    if (parsed.success) valid.push({ row, fact: parsed.data });
    else for (const issue of parsed.error.issues) problems.push(...toProblems(issue, row, raw.fieldName));
  }
  return { valid, problems: problems.sort((a, b) => a.row - b.row) };
}

function toProblems(issue: z.core.$ZodIssue, row: number, fieldName: (f: string) => string): RowProblem[] {
  if (issue.code === "unrecognized_keys") {
    return issue.keys.map((key) => ({
      code: "invalid_row" as const,
      row,
      field: key,
      message: `unknown field “${key}”; fields are ${FIELDS.map(fieldName).join(", ")}`,
    }));
  }
  const field = fieldName(String(issue.path[0] ?? "fact"));
  return [{ code: "invalid_row", row, field, message: issue.message }];
}
