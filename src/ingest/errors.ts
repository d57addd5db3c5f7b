// What the ingest API answers when it refuses a request: a status, a stable code for programs and a message for
// people. Row problems name the row (1-based, the CSV header not counted) and the field as the client spelled it.

export interface RowProblem {
  code: "invalid_row" | "no_fx_rate";
  message: string;
  row: number;
  field: string;
}

/** At most this many row problems are listed; the message gives the total. */
export const MAX_LISTED_PROBLEMS = 20;

export class IngestError extends Error {
  override name = "IngestError";
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly detail: { problems?: RowProblem[]; field?: string } = {},
  ) {
    super(message);
  }

  /** The JSON body: `{ error: { code, message, row?, field? }, errors?: [...] }`. */
  toJSON() {
    const problems = this.detail.problems ?? [];
    const [first] = problems;
    const where = first
      ? { row: first.row, field: first.field }
      : this.detail.field
        ? { field: this.detail.field }
        : {};
    return {
      error: { code: this.code, message: this.message, ...where },
      ...(problems.length ? { errors: problems.slice(0, MAX_LISTED_PROBLEMS) } : {}),
    };
  }
}

/** One error for a list of row problems: the first problem's wording, and how many there are in all. */
export function rowsRefused(status: 400 | 422, problems: RowProblem[]): IngestError {
  const [first] = problems as [RowProblem, ...RowProblem[]];
  const more =
    problems.length > 1 ? ` (${problems.length} problems in all; nothing was written)` : " (nothing was written)";
  return new IngestError(status, first.code, `Row ${first.row}, ${first.field}: ${first.message}${more}`, { problems });
}
