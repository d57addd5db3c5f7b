// Why a whole export file was refused. Row-level problems never throw: they become skipped rows with a reason.

export type ExportErrorCode =
  /** Not a CSV or XLSX we can read: a legacy .xls, a broken zip, a workbook without the sheet. */
  | "unreadable_file"
  /** No row in the first rows looks like the header of a known export. */
  | "no_header"
  /** `kind` was given but the header lacks that kind's required columns. */
  | "wrong_kind"
  /** Day/month order cannot be told from the file and neither `dateOrder` nor `market` was given. */
  | "ambiguous_date_order"
  /** The file's own dates disagree: some only read as day/month, others only as month/day. */
  | "conflicting_date_order";

export class ExportError extends Error {
  override name = "ExportError";
  constructor(
    readonly code: ExportErrorCode,
    message: string,
  ) {
    super(message);
  }
}
