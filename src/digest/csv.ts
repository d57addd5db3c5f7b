// CSV as spreadsheets read it: RFC 4180 quoting, CRLF line ends, a UTF-8 BOM so Excel shows Chinese and Thai
// correctly, and cells that start with = + - @ prefixed with ' so a handle cannot run as a formula.
const FORMULA_START = /^[=+\-@\t\r]/;

export function csvCell(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return "";
  let text = String(value);
  if (typeof value === "string" && FORMULA_START.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function toCsv(header: string[], rows: (string | number | null | undefined)[][]): Uint8Array {
  const lines = [header, ...rows].map((row) => row.map(csvCell).join(","));
  return new TextEncoder().encode(`\uFEFF${lines.join("\r\n")}\r\n`);
}
