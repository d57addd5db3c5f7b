// What both file readers (CSV and XLSX) yield: the cells of one row, before any header is known.

export interface RawRow {
  /** CSV: 1-based physical line where the row starts. XLSX: the sheet's row number. */
  line: number;
  /** Cells as text, exactly as in the file (no trimming); a missing trailing cell is simply absent. */
  cells: string[];
}
