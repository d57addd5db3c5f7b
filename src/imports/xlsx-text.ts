// Text escapes and cell references of SpreadsheetML.

/**
 * OOXML writes characters XML cannot carry as "_xHHHH_" (a carriage return is "_x000D_"); a literal "_x" is
 * itself escaped as "_x005F_x".
 */
export function decodeOoxmlEscapes(s: string): string {
  if (s.indexOf("_x") === -1) return s;
  return s.replace(/_x([0-9A-Fa-f]{4})_/g, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)));
}

/**
 * 0-based column of a cell reference: "A1" → 0, "AB12" → 27; -1 when it is not a reference. A column past
 * `cap` (ZZZZZZ1) returns `cap` without reading further letters, so the caller can refuse it before filling anything.
 */
export function columnIndex(ref: string, cap = Number.MAX_SAFE_INTEGER): number {
  let col = 0;
  let i = 0;
  for (; i < ref.length; i++) {
    const c = ref.charCodeAt(i) | 0x20;
    if (c < 97 || c > 122) break;
    col = col * 26 + (c - 96);
    if (col > cap) return cap;
  }
  return i === 0 ? -1 : col - 1;
}

/** Row number of a cell reference: "AB12" → 12; NaN when absent. */
export function rowNumber(ref: string): number {
  return Number(ref.replace(/^[A-Za-z]+/, ""));
}
