// What every export format provides to parseExport: its header table, a detector, and a row parser.
import type { HeaderMatch, HeaderMatcher } from "../headers.js";
import type { RowContext, RowReader } from "../row-reader.js";

export interface FormatContext extends RowContext {
  /** Date range named above the header ("Date range: 2024-05-01 ~ 2024-05-31"), if any. */
  period: { start: string; end: string } | null;
}

export interface ExportFormat<F extends string, R> {
  readonly matcher: HeaderMatcher<F>;
  /** Date columns: sniffed for the file's day/month order. */
  readonly dateFields: readonly F[];
  /**
   * Columns that hold ids or numbers in every data row: sentence text there, in the row right after the header,
   * marks the description row of order and Compass exports.
   */
  readonly probeFields: readonly F[];
  /** The header's columns when the header is this kind's (all required columns found), else null. */
  matches(header: readonly string[]): HeaderMatch<F> | null;
  /** One record from one data row; throws RowSkip when the row cannot be read. */
  parse(row: RowReader<F>, context: FormatContext): R;
}

/** Detector shared by the formats: every requirement met, and none of the columns that mark another kind. */
export function matchWith<F extends string>(
  matcher: HeaderMatcher<F>,
  header: readonly string[],
  foreign: readonly HeaderMatcher<string>[] = [],
): HeaderMatch<F> | null {
  const match = matcher.match(header);
  if (match.missing.length > 0) return null;
  if (foreign.some((m) => header.some((cell) => m.knows(cell)))) return null;
  return match;
}
