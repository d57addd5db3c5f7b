// Finding the header row among the first rows of a file, and with it the export's kind. The header is not
// always row 1 (LIVE lists put a title block above it), so the first rows are tried in order and the first one
// that holds every required column of some kind is the header.
import { ExportError } from "./errors.js";
import type { HeaderMatch } from "./headers.js";
import { EXPORT_KINDS, type ExportKind, FORMATS } from "./kinds.js";
import type { RawRow } from "./raw-row.js";

/** Rows tried before giving up. */
export const HEADER_SCAN_ROWS = 30;

export interface FoundHeader {
  kind: ExportKind;
  /** Index of the header row in the rows given. */
  index: number;
  match: HeaderMatch<string>;
}

/**
 * The first of `rows` that is the header of `kind` (or, without `kind`, of the kind whose columns it matches
 * best), or null when none is. Throws when a row fits two kinds equally well: the caller must say which.
 */
export function findHeader(rows: readonly RawRow[], kind?: ExportKind): FoundHeader | null {
  const kinds = kind ? [kind] : EXPORT_KINDS;
  for (const [index, row] of rows.entries()) {
    let best: FoundHeader | null = null;
    let tie: ExportKind | null = null;
    for (const k of kinds) {
      const match = FORMATS[k].matches(row.cells);
      if (!match) continue;
      if (!best || match.score > best.match.score) {
        best = { kind: k, index, match };
        tie = null;
      } else if (match.score === best.match.score) tie = k;
    }
    if (best && tie)
      throw new ExportError(
        "no_header",
        `the header on line ${row.line} fits both ${best.kind} and ${tie} exports: pass the kind`,
      );
    if (best) return best;
  }
  return null;
}

/** Why no header was found: for `kind`, the columns its best row lacks; otherwise what the file starts with. */
export function explainNoHeader(rows: readonly RawRow[], kind?: ExportKind): ExportError {
  if (kind) {
    let best: { line: number; missing: string[]; score: number } | null = null;
    for (const row of rows) {
      const m = FORMATS[kind].matcher.match(row.cells);
      if (!best || m.score > best.score) best = { line: row.line, missing: m.missing, score: m.score };
    }
    if (best && best.score > 0)
      return new ExportError(
        "wrong_kind",
        `not a ${kind} export: the header on line ${best.line} lacks ${best.missing.join(", ")}`,
      );
    return new ExportError("wrong_kind", `not a ${kind} export: no header row in the first ${HEADER_SCAN_ROWS} rows`);
  }
  const first = rows[0]?.cells.filter((c) => c.trim() !== "").slice(0, 6) ?? [];
  return new ExportError(
    "no_header",
    rows.length === 0
      ? "the file has no rows"
      : `no known export header in the first ${HEADER_SCAN_ROWS} rows (the file starts with: ${first.join(", ")})`,
  );
}
