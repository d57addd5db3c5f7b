// Export date cells → shop-local ISO date-times ("2024-05-31T09:56:09"). Exports carry no zone: times are the
// shop's wall clock and stay that way. Numeric day/month dates are read with an order decided for the whole file
// (see date-order.ts), never cell by cell: "05/06/2024" must not be June in one row and May in the next.

import { DateTime } from "luxon";
import { wordTable } from "../domain/text.js";
import { cleanCell } from "./cells.js";

/** Day/month order of numeric dates: "31/05/2024" is DMY, "05/31/2024" is MDY. */
export type DateOrder = "DMY" | "MDY";

export interface LocalDateTime {
  /** "2024-05-31T09:56:09"; midnight when the cell had no time. */
  iso: string;
  /** "2024-05-31". */
  date: string;
  /** False when the cell held a date only. */
  hasTime: boolean;
}

// "31/05/2024 09:56:09", "5/31/2024 9:30:33 AM", "31-05-2024 09:56", "31.05.2024".
const NUMERIC =
  /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(?:[ T]+(\d{1,2}):(\d{2})(?::(\d{2}))?(?:\s*([AaPp])\.?[Mm]\.?)?)?$/;
// "2024-05-31 09:56:09", "2024/05/31", "2024-05-31T09:56:09.000".
const YEAR_FIRST =
  /^(\d{4})[/.-](\d{1,2})[/.-](\d{1,2})(?:[ T]+(\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(?:\s*([AaPp])\.?[Mm]\.?)?)?$/;
// "May 31, 2024 9:30 AM", "31 May 2024 09:56:09".
const MONTH_NAME =
  /^(?:(\d{1,2})\s+([A-Za-z]{3,9})\.?,?\s+(\d{4})|([A-Za-z]{3,9})\.?\s+(\d{1,2}),?\s+(\d{4}))(?:,?\s+(\d{1,2}):(\d{2})(?::(\d{2}))?(?:\s*([AaPp])\.?[Mm]\.?)?)?$/;
// Excel serial day numbers from 1950 to 2100: wider ranges start matching counts and ids.
const SERIAL = /^\d{5}(\.\d+)?$/;
const SERIAL_MIN = 18264;
const SERIAL_MAX = 73051;

const MONTHS = wordTable<number>({
  jan: 1,
  feb: 2,
  mar: 3,
  apr: 4,
  may: 5,
  jun: 6,
  jul: 7,
  aug: 8,
  sep: 9,
  sept: 9,
  oct: 10,
  nov: 11,
  dec: 12,
});

/** What one cell says about the file's day/month order. */
export type DateEvidence = "DMY" | "MDY" | "ambiguous" | "ambiguous_ampm" | "none";

/**
 * "DMY" when the first field cannot be a month (> 12), "MDY" when the second cannot; "ambiguous" when both are
 * ≤ 12 ("ambiguous_ampm" with an AM/PM time, which US exports use); "none" when the cell is not a numeric
 * day/month date (ISO, serial, month names and blanks say nothing about the order).
 */
export function dateEvidence(raw: string | undefined): DateEvidence {
  const m = NUMERIC.exec(cleanCell(raw));
  if (!m) return "none";
  const a = Number(m[1]);
  const b = Number(m[2]);
  if (a > 12 && b <= 12) return "DMY";
  if (b > 12 && a <= 12) return "MDY";
  if (a > 12 || b > 12 || a === 0 || b === 0) return "none";
  return m[7] ? "ambiguous_ampm" : "ambiguous";
}

// Validating a calendar date through luxon costs microseconds; exports repeat the same few dates on every row.
const dateCache = new Map<string, boolean>();

function validDate(y: number, mo: number, d: number): boolean {
  const key = `${y}-${mo}-${d}`;
  let ok = dateCache.get(key);
  if (ok === undefined) {
    ok = DateTime.fromObject({ year: y, month: mo, day: d }, { zone: "utc" }).isValid;
    if (dateCache.size > 10_000) dateCache.clear();
    dateCache.set(key, ok);
  }
  return ok;
}

function build(
  y: number,
  mo: number,
  d: number,
  h: string | undefined,
  mi: string | undefined,
  s: string | undefined,
  ampm: string | undefined,
): LocalDateTime | null {
  if (!validDate(y, mo, d)) return null;
  let hour = h === undefined ? 0 : Number(h);
  const minute = mi === undefined ? 0 : Number(mi);
  const second = s === undefined ? 0 : Number(s);
  if (ampm) {
    if (hour < 1 || hour > 12) return null;
    const pm = ampm === "p" || ampm === "P";
    hour = (hour % 12) + (pm ? 12 : 0);
  }
  if (hour > 23 || minute > 59 || second > 59) return null;
  const date = `${y}-${pad(mo)}-${pad(d)}`;
  return { iso: `${date}T${pad(hour)}:${pad(minute)}:${pad(second)}`, date, hasTime: h !== undefined };
}

function pad(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/**
 * Reads a date or date-time cell: numeric day/month dates in the given order (null order: only unambiguous
 * cells are read), year-first ISO-like dates, English month names, and Excel serial numbers (XLSX date cells;
 * only call this on columns that are dates). Null when the cell is not a valid date.
 */
export function parseExportDate(raw: string | undefined, order: DateOrder | null): LocalDateTime | null {
  const s = cleanCell(raw);
  let m = NUMERIC.exec(s);
  if (m) {
    const a = Number(m[1]);
    const b = Number(m[2]);
    let dmy: boolean;
    if (order !== null) dmy = order === "DMY";
    else if (a > 12) dmy = true;
    else if (b > 12) dmy = false;
    else return null;
    return build(Number(m[3]), dmy ? b : a, dmy ? a : b, m[4], m[5], m[6], m[7]);
  }
  m = YEAR_FIRST.exec(s);
  if (m) return build(Number(m[1]), Number(m[2]), Number(m[3]), m[4], m[5], m[6], m[7]);
  if (SERIAL.test(s)) return excelSerial(Number(s));
  m = MONTH_NAME.exec(s);
  if (m) {
    const month =
      MONTHS[(m[2] ?? m[4] ?? "").slice(0, 4).toLowerCase()] ?? MONTHS[(m[2] ?? m[4] ?? "").slice(0, 3).toLowerCase()];
    if (month === undefined) return null;
    const day = Number(m[1] ?? m[5]);
    const year = Number(m[3] ?? m[6]);
    return build(year, month, day, m[7], m[8], m[9], m[10]);
  }
  return null;
}

/**
 * An Excel serial date (days since 1899-12-30, the fraction is the time of day) as a local date-time; the
 * fraction is rounded to the second, since binary floats land a hair before it.
 */
export function excelSerial(serial: number): LocalDateTime | null {
  if (!Number.isFinite(serial) || serial < SERIAL_MIN || serial >= SERIAL_MAX) return null;
  let days = Math.floor(serial);
  let seconds = Math.round((serial - days) * 86_400);
  if (seconds === 86_400) {
    days++;
    seconds = 0;
  }
  const dt = DateTime.fromObject({ year: 1899, month: 12, day: 30 }, { zone: "utc" }).plus({ days, seconds });
  return {
    iso: dt.toFormat("yyyy-MM-dd'T'HH:mm:ss"),
    date: dt.toFormat("yyyy-MM-dd"),
    hasTime: !Number.isInteger(serial),
  };
}

/**
 * A date range written in one cell or a title line: "2024-05-01 ~ 2024-05-31", "01/05/2024 - 31/05/2024",
 * "Date range: 2024/05/01 to 2024/05/31". Dates only ("YYYY-MM-DD"); null when the text holds no range.
 */
export function parseDateRange(text: string, order: DateOrder | null): { start: string; end: string } | null {
  const date = String.raw`(\d{4}[/.-]\d{1,2}[/.-]\d{1,2}|\d{1,2}[/.-]\d{1,2}[/.-]\d{4})`;
  const m = new RegExp(`${date}(?:\\s+[\\d:]+)?\\s*(?:~|-|–|—|to|至|sampai|đến|ถึง)\\s*${date}`, "i").exec(text);
  if (!m) return null;
  const start = parseExportDate(m[1], order);
  const end = parseExportDate(m[2], order);
  if (!start || !end || start.date > end.date) return null;
  return { start: start.date, end: end.date };
}
