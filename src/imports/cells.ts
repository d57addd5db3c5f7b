// Normalisation of single export cells: ids, money, counts, percents, durations, handles. Pure functions; each
// returns null for a cell it cannot read, and the caller decides whether that skips the row. Blank cells ("",
// "-", "--") are told apart first with `isBlank`, so "no value" never reads as "bad value".

import { Decimal } from "decimal.js";
import { parseCreatorRef } from "../domain/creator-handles.js";
import { wordTable } from "../domain/text.js";

// Seller Center pads ids and times with a trailing TAB (so Excel keeps them as text); NBSP and zero-width
// characters come from copy-pasted cells.
const EDGE_SPACE = /^[\s\u00A0\u200B-\u200D\u2060\uFEFF]+|[\s\u00A0\u200B-\u200D\u2060\uFEFF]+$/g;

/** Trims spaces, tabs, NBSP and zero-width characters at both ends. */
export function cleanCell(raw: string | undefined): string {
  if (raw === undefined) return "";
  // Fast path: most cells have nothing to trim.
  const first = raw.charCodeAt(0);
  const last = raw.charCodeAt(raw.length - 1);
  if (first > 32 && first !== 0xa0 && first < 0x2000 && last > 32 && last !== 0xa0 && last < 0x2000) return raw;
  return raw.replace(EDGE_SPACE, "");
}

/** Empty, or one of the placeholders exports write for "no value": "-", "--", "—", "N/A". */
export function isBlank(raw: string | undefined): boolean {
  const s = cleanCell(raw);
  return s === "" || s === "-" || s === "--" || s === "—" || s === "–" || s.toUpperCase() === "N/A";
}

/** Trimmed text, or null when blank. */
export function parseText(raw: string | undefined): string | null {
  return isBlank(raw) ? null : cleanCell(raw);
}

/**
 * A numeric id (order, SKU, product, room, video), kept as text: 18-digit ids do not fit a JS number. Accepts a
 * leading apostrophe (Excel's text marker). Refuses scientific notation ("5.7889E+17"): Excel already lost the
 * digits, and a guessed id would merge two orders.
 */
export function parseId(raw: string | undefined): string | null {
  let s = cleanCell(raw);
  if (s.startsWith("'")) s = s.slice(1);
  return /^\d{1,40}$/.test(s) ? s : null;
}

export interface Money {
  /** Plain decimal string: "12.3", "-1234567.5", "0" (no exponent, no grouping, no trailing zeros). */
  amount: string;
  /** ISO 4217 code named by the cell ("SGD 12.30", "Rp 1.000", "฿5"), else null. */
  currency: string | null;
}

// Symbols and codes seen in exports, longest first so "S$" wins over "$" and "RM" is not read as a code.
const CURRENCY_MARKS: [string, string][] = [
  ["US$", "USD"],
  ["S$", "SGD"],
  ["RM", "MYR"],
  ["Rp", "IDR"],
  ["₱", "PHP"],
  ["฿", "THB"],
  ["₫", "VND"],
  ["đ", "VND"],
  ["£", "GBP"],
  ["€", "EUR"],
  ["¥", "CNY"],
  ["$", "$"],
];
const CODES = new Set(["USD", "SGD", "MYR", "IDR", "PHP", "THB", "VND", "GBP", "EUR", "CNY"]);
const DOLLARS = new Set(["USD", "SGD", "AUD", "CAD", "NZD", "HKD", "TWD"]);
// Currencies written without minor units in exports: "1.234" there is one thousand two hundred thirty-four.
const WHOLE_UNIT = new Set(["IDR", "VND"]);
// Binary floats from XLSX numeric cells ("1234.5599999999999"): no money has this many decimals.
const MAX_DECIMALS = 9;

/**
 * Reads an amount in any of the shapes exports use: "SGD 12.30", "$205.33", "Rp 1.234.567", "Rp1.234.567,50",
 * "฿1,234.50", "12.345.678₫", "1,234.50", "-12.30", "(12.30)", "RM -5". The separator that comes last and is not
 * followed by exactly three digits is the decimal point; a single "." or "," followed by exactly three digits
 * is a thousands separator, except that "1.234" stays 1.234 unless the currency is rupiah or dong.
 * `context` is the currency the file is known to be in (the caller's option, a Currency column), if any: a
 * bare "$" is that currency when it is a dollar (SGD, …), else USD; and it applies the rupiah/dong rule to cells
 * without a symbol. Returns null for anything else, including blanks: check `isBlank` first.
 */
export function parseMoney(raw: string | undefined, context: string | null = null): Money | null {
  let s = cleanCell(raw).replace(/[\s\u00A0]/g, "");
  if (s.length === 0 || s.length > 40) return null;
  let negative = false;
  if (s.startsWith("(") && s.endsWith(")")) {
    negative = true;
    s = s.slice(1, -1);
  }
  if (s.startsWith("-")) {
    negative = !negative;
    s = s.slice(1);
  }
  let currency: string | null = null;
  const upper = s.toUpperCase();
  const code = /^[A-Z]{3}/.exec(upper)?.[0] ?? /[A-Z]{3}$/.exec(upper)?.[0];
  if (code && CODES.has(code)) {
    currency = code;
    s = upper.startsWith(code) ? s.slice(3) : s.slice(0, -3);
  } else {
    for (const [mark, cur] of CURRENCY_MARKS) {
      if (s.startsWith(mark)) s = s.slice(mark.length);
      else if (s.endsWith(mark)) s = s.slice(0, -mark.length);
      else continue;
      currency = cur === "$" ? (context !== null && DOLLARS.has(context) ? context : "USD") : cur;
      break;
    }
  }
  // A sign may also follow the symbol: "RM -5", "$-12".
  if (s.startsWith("-")) {
    negative = !negative;
    s = s.slice(1);
  }
  const digits = plainNumber(s, WHOLE_UNIT.has(currency ?? context ?? ""));
  if (digits === null) return null;
  let value = new Decimal(digits);
  if (value.decimalPlaces() > MAX_DECIMALS) value = value.toDecimalPlaces(MAX_DECIMALS, Decimal.ROUND_HALF_UP);
  if (negative && !value.isZero()) value = value.neg();
  return { amount: value.toFixed(), currency };
}

/** "1,234.50" / "1.234,50" / "1.234.567" / "12.5" → "1234.50" style digits, or null. */
function plainNumber(s: string, wholeUnits: boolean): string | null {
  if (/^\d+(\.\d+)?$/.test(s)) {
    // "1.234" in rupiah or dong is a thousands group, everywhere else a decimal.
    if (wholeUnits && /^\d{1,3}\.\d{3}$/.test(s)) return s.replace(".", "");
    return s;
  }
  if (/^\d{1,3}(,\d{3})+(\.\d+)?$/.test(s)) return s.replace(/,/g, "");
  if (/^\d{1,3}(\.\d{3})+(,\d+)?$/.test(s)) return s.replace(/\./g, "").replace(",", ".");
  if (/^\d+,\d{1,2}$/.test(s)) return s.replace(",", ".");
  return null;
}

/**
 * A whole count: "12", "1,234", "1.234" (a dot group: counts have no decimals), "12.0" (an XLSX number).
 * Null for anything else, fractions included.
 */
export function parseCount(raw: string | undefined): number | null {
  const s = cleanCell(raw).replace(/[\s\u00A0]/g, "");
  let digits: string;
  if (/^\d+$/.test(s)) digits = s;
  else if (/^\d{1,3}([,.]\d{3})+$/.test(s) && !/,.*\.|\..*,/.test(s)) digits = s.replace(/[,.]/g, "");
  else if (/^\d+\.0+$/.test(s)) digits = s.replace(/\..*$/, "");
  else return null;
  const n = Number(digits);
  return Number.isSafeInteger(n) ? n : null;
}

/**
 * A percent as a fraction in a decimal string: "4.11%" → "0.0411", "1%" → "0.01", "-2.5%" → "-0.025". Only
 * strings with a "%" are read: a bare "4.11" could be points or a fraction.
 */
export function parsePercent(raw: string | undefined): string | null {
  const s = cleanCell(raw).replace(/[\s\u00A0]/g, "");
  const m = /^(-)?(\d+(?:[.,]\d+)?)%$/.exec(s);
  if (!m) return null;
  const v = new Decimal((m[2] as string).replace(",", ".")).div(100);
  return (m[1] && !v.isZero() ? v.neg() : v).toFixed();
}

const UNIT_SECONDS = wordTable<number>({
  h: 3600,
  hr: 3600,
  hrs: 3600,
  hour: 3600,
  hours: 3600,
  j: 3600, // Indonesian "jam"
  jam: 3600,
  giờ: 3600,
  小时: 3600,
  时: 3600,
  m: 60,
  min: 60,
  mins: 60,
  minute: 60,
  minutes: 60,
  menit: 60,
  phút: 60,
  分: 60,
  分钟: 60,
  s: 1,
  sec: 1,
  secs: 1,
  second: 1,
  seconds: 1,
  d: 1, // Indonesian "detik"
  detik: 1,
  giây: 1,
  秒: 1,
});

/**
 * Whole seconds in "1m28s", "1h 2m 3s", "45s", "2 jam 5 menit", "1小时2分3秒", "01:02:03" (h:mm:ss) or "62:03:00".
 * A bare number is refused (seconds, minutes or an Excel day fraction cannot be told apart), so is "01:02"
 * (h:mm or m:ss).
 */
export function parseDurationSeconds(raw: string | undefined): number | null {
  const s = cleanCell(raw).toLowerCase();
  const clock = /^(\d{1,4}):([0-5]\d):([0-5]\d)$/.exec(s);
  if (clock) return Number(clock[1]) * 3600 + Number(clock[2]) * 60 + Number(clock[3]);
  const parts = s.replace(/\s+/g, "").match(/\d+(?:\.\d+)?\D+/g);
  if (!parts || parts.join("") !== s.replace(/\s+/g, "")) return null;
  let total = 0;
  let last = Number.POSITIVE_INFINITY;
  for (const part of parts) {
    const m = /^(\d+(?:\.\d+)?)(\D+)$/.exec(part) as RegExpExecArray;
    const unit = UNIT_SECONDS[m[2] as string];
    // Units must go from large to small, once each: "5s3m" is not a duration.
    if (unit === undefined || unit >= last) return null;
    last = unit;
    total += Number(m[1]) * unit;
  }
  return Math.round(total);
}

/**
 * A creator handle as stored everywhere in Starling: lower case, without "@" or profile URL. Display names
 * (with spaces, masked "S******* s***") are not handles: null.
 */
export function parseHandle(raw: string | undefined): string | null {
  if (isBlank(raw)) return null;
  return parseCreatorRef(cleanCell(raw))?.handle ?? null;
}

/** The video id in a TikTok video link: "https://www.tiktok.com/@amy/video/7301234567890123456?lang=en". */
export function videoIdFromLink(raw: string | undefined): string | null {
  return /\/video\/(\d{6,40})(?:[/?#]|$)/.exec(cleanCell(raw))?.[1] ?? null;
}
