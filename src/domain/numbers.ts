// Parsing and formatting of the numbers people type in chat (English and Chinese habits)
// and the numbers the bot writes back. A parser returns null for what is not a number (never NaN); a number past
// its bound is a UserError naming the bound, because "not a number" would be the wrong thing to tell the member.
// Named import: under NodeNext the default import resolves to the CJS module object and does not type-check.

import { Decimal } from "decimal.js";
import { UserError } from "./errors.js";
import type { MetricUnit } from "./metrics.js";
import { wordTable } from "./text.js";

export const SUPPORTED_CURRENCIES = ["USD", "IDR", "THB", "GBP", "VND", "MYR", "PHP", "SGD", "CNY", "EUR"] as const;
export type CurrencyCode = (typeof SUPPORTED_CURRENCIES)[number];

/** ISO 4217 minor-unit digits: what amounts are stored in. */
export const currencyMinorUnits: Readonly<Record<CurrencyCode, number>> = Object.freeze({
  USD: 2,
  IDR: 2,
  THB: 2,
  GBP: 2,
  VND: 0,
  MYR: 2,
  PHP: 2,
  SGD: 2,
  CNY: 2,
  EUR: 2,
});

// Digits shown in chat: rupiah and dong amounts are in the millions and nobody reads their cents.
const DISPLAY_DIGITS: Partial<Record<CurrencyCode, number>> = { IDR: 0, VND: 0 };

export function isSupportedCurrency(code: string): code is CurrencyCode {
  return (SUPPORTED_CURRENCIES as readonly string[]).includes(code);
}

/**
 * Makes chat text from Chinese input methods parseable: full-width ASCII (Ｕ+FF01–FF5E, which
 * includes ％ ， ：) becomes half-width, the ideographic space and comma become ASCII, zero-width
 * characters pasted from apps are dropped, and whitespace is collapsed.
 */
export function normalizeInput(text: string): string {
  return text
    .replace(/[\uFF01-\uFF5E]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/\u3000/g, " ")
    .replace(/\u3001/g, ",")
    .replace(/[\u200B-\u200D\u2060\uFEFF]/g, "")
    .replace(/\s+/g, " ")
    .trim();
}

// Longer tokens are not quantities anyone types; the cap also keeps regexes and Decimal cheap.
const MAX_TOKEN = 40;

const MULTIPLIERS = wordTable<number>({
  k: 1e3,
  千: 1e3,
  w: 1e4, // "1.2w" is common shorthand for 万 in Chinese e-commerce chat
  万: 1e4,
  m: 1e6,
  b: 1e9,
  亿: 1e8,
});

// Plain "1250.5", grouped "1,250.50", or dot-grouped "1.250.000" (Indonesian/Vietnamese style;
// two or more dot groups of three digits are unambiguous, a single "1.250" stays 1.25).
const AMOUNT = /^(\d+(?:\.\d+)?|\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d{1,3}(?:\.\d{3}){2,})([kK千wW万mMbB亿])?$/;

/**
 * The largest count (and the default bound of every quantity): counts are stored in int4 columns (at most
 * 2,147,483,647: followers, logged counts, minutes) and a billion is past any count a team reaches. Message
 * "error.number_too_large".
 */
export const MAX_COUNT = new Decimal(1e9);
/**
 * The largest amount of money, in any currency: ten trillion is past any team's target even in dong or rupiah
 * (10^13 VND is about 400 million USD), and stays well inside numeric(24, 6) (below 10^18) after conversion at the
 * widest rate between our currencies (about 33,000 dong to the pound). Message "error.number_too_large".
 */
export const MAX_MONEY = new Decimal(1e13);
/**
 * The largest percentage, as a fraction (10,000%): stored percentages are rates (at most 100%) and changes, and a
 * hundredfold rise is already past any alert anyone means. Message "error.number_too_large".
 */
export const MAX_PERCENT = new Decimal(100);
/**
 * Decimals kept: amounts and rates are numeric(24, 6) columns, which would round more away silently (a tier of
 * 0.0000001 would be stored as 0 and divide by zero). Message "error.too_many_decimals".
 */
export const MAX_DECIMALS = 6;

/** A number past its bound, in words the member reads: the bound, grouped ("1,000,000,000"). */
function tooLarge(token: string, max: Decimal, percent = false): UserError {
  const shown = percent ? `${group(max.mul(100).toFixed(0))}%` : group(max.toFixed(0));
  return new UserError("error.number_too_large", { value: token, max: shown });
}

function checkBounds(token: string, value: Decimal, max: Decimal, percent = false): Decimal {
  if (value.abs().gt(max)) throw tooLarge(token, max, percent);
  if (value.decimalPlaces() > MAX_DECIMALS)
    throw new UserError("error.too_many_decimals", { value: token, max: percent ? MAX_DECIMALS - 2 : MAX_DECIMALS });
  return value;
}

/**
 * Runs a parser and gives a UserError it throws without an example (a bound hit inside numbers.ts, which does not
 * know the command) the grammar's example, so the member still reads a correct command to copy.
 */
export function withExample<T>(example: string, read: () => T): T {
  try {
    return read();
  } catch (error) {
    if (error instanceof UserError && error.example === undefined && error.constructor === UserError)
      throw new UserError(error.key, error.params, example);
    throw error;
  }
}

/**
 * A quantity: "3", "1.2k", "1,250", "12万". Null when it is not one; a UserError when it is larger than `max`
 * (MAX_COUNT unless the caller reads money and passes MAX_MONEY) or has more than MAX_DECIMALS decimals.
 */
export function parseQuantity(token: string, opts: { allowNegative?: boolean; max?: Decimal } = {}): Decimal | null {
  let s = normalizeInput(token);
  if (s.length === 0 || s.length > MAX_TOKEN) return null;
  let negative = false;
  if (s.startsWith("-")) {
    if (!opts.allowNegative) return null;
    negative = true;
    s = s.slice(1);
  }
  const m = AMOUNT.exec(s);
  if (!m) return null;
  const digits = (m[1] as string).split(".").length > 2 ? (m[1] as string).replace(/\./g, "") : (m[1] as string);
  let value = new Decimal(digits.replace(/,/g, ""));
  if (m[2]) value = value.mul(MULTIPLIERS[m[2].toLowerCase()] as number);
  if (negative && !value.isZero()) value = value.neg();
  return value.isFinite() ? checkBounds(token, value, opts.max ?? MAX_COUNT) : null;
}

const HOUR_UNITS = "hours|hour|hrs|hr|h|个小时|小时|钟头|時";
const MINUTE_UNITS = "minutes|minute|mins|min|m|分钟|分";
const DURATION = new RegExp(`^(?:(\\d+(?:\\.\\d+)?)(?:${HOUR_UNITS}))?(?:(\\d+(?:\\.\\d+)?)(?:${MINUTE_UNITS})?)?$`);

/** Minutes in "2h", "1.5h", "90m", "90min", "1h30m", "1h30", "2小时", "30分钟", "1小时30分"; else null. */
export function parseDuration(token: string): number | null {
  const s = normalizeInput(token).toLowerCase().replace(/ /g, "");
  if (s.length === 0 || s.length > MAX_TOKEN) return null;
  const m = DURATION.exec(s);
  if (!m) return null;
  const [, hours, minutes] = m;
  if (hours === undefined && minutes === undefined) return null;
  // A bare number ("90") is ambiguous: minutes need a unit unless they follow hours ("1h30").
  if (hours === undefined && !/\D$/.test(s)) return null;
  if (hours !== undefined && minutes !== undefined && new Decimal(minutes).gte(60)) return null;
  const total = new Decimal(hours ?? 0).mul(60).plus(minutes ?? 0);
  const n = total.toNumber();
  return Number.isFinite(n) ? n : null;
}

/** "8%" → 0.08 (percent metrics are fractions). A bare "8" is refused: 8 or 0.08 is a guess. */
export function parsePercent(token: string, opts: { allowNegative?: boolean } = {}): Decimal | null {
  const s = normalizeInput(token).replace(/ /g, "");
  if (s.length > MAX_TOKEN) return null;
  const m = /^(-)?(\d+(?:\.\d+)?)%$/.exec(s);
  if (!m) return null;
  if (m[1] && !opts.allowNegative) return null;
  const v = checkBounds(token, new Decimal(m[2] as string).div(100), MAX_PERCENT, true);
  return m[1] && !v.isZero() ? v.neg() : v;
}

// "$" means USD: it is what US and cross-border sellers mean; SGD must be written S$ or SGD.
const PREFIX_SYMBOLS: [string, CurrencyCode][] = [
  ["us$", "USD"],
  ["s$", "SGD"],
  ["rp", "IDR"],
  ["rm", "MYR"],
  ["$", "USD"],
  ["£", "GBP"],
  ["฿", "THB"],
  ["¥", "CNY"],
  ["€", "EUR"],
  ["₱", "PHP"],
  ["₫", "VND"],
];
// Written after the amount: the dong sign, and the Chinese words managers type ("1250美元").
const SUFFIX_WORDS: [string, CurrencyCode][] = [
  ["₫", "VND"],
  ["美元", "USD"],
  ["美金", "USD"],
  ["印尼盾", "IDR"],
  ["泰铢", "THB"],
  ["英镑", "GBP"],
  ["越南盾", "VND"],
  ["令吉", "MYR"],
  ["比索", "PHP"],
  ["新币", "SGD"],
  ["人民币", "CNY"],
  ["元", "CNY"],
  ["欧元", "EUR"],
];

function currencyWord(s: string): CurrencyCode | undefined {
  const upper = s.toUpperCase();
  if (isSupportedCurrency(upper)) return upper;
  const lower = s.toLowerCase();
  return (PREFIX_SYMBOLS.find(([sym]) => sym === lower) ?? SUFFIX_WORDS.find(([w]) => w === s))?.[1];
}

// One token holding amount and currency: "$1,250", "Rp1.250.000", "1250usd", "1250美元".
function splitGlued(token: string): { amount: string; currency?: CurrencyCode } {
  const lower = token.toLowerCase();
  for (const [sym, code] of PREFIX_SYMBOLS)
    if (lower.startsWith(sym) && token.length > sym.length) return { amount: token.slice(sym.length), currency: code };
  const code = /^(.*\d)([a-zA-Z]{3})$/.exec(token);
  if (code && isSupportedCurrency((code[2] as string).toUpperCase()))
    return { amount: code[1] as string, currency: (code[2] as string).toUpperCase() as CurrencyCode };
  // Longest word first, so "欧元" is not read as "元".
  for (const [w, c] of [...SUFFIX_WORDS].sort((a, b) => b[0].length - a[0].length))
    if (token.endsWith(w) && token.length > w.length) return { amount: token.slice(0, -w.length), currency: c };
  return { amount: token };
}

/**
 * An amount with an optional currency: ["1250","usd"], ["usd","1250"], ["$1,250"], ["Rp","1.250.000"].
 * Unknown or unsupported currencies give null rather than a silently currency-less amount; an amount over
 * MAX_MONEY is a UserError.
 */
export function parseMoney(tokens: string[]): { amount: Decimal; currency?: CurrencyCode } | null {
  const parts = tokens.map(normalizeInput).filter((t) => t.length > 0);
  let amountText: string;
  let currency: CurrencyCode | undefined;
  if (parts.length === 1) {
    ({ amount: amountText, currency } = splitGlued(parts[0] as string));
  } else if (parts.length === 2) {
    const [a, b] = parts as [string, string];
    const after = currencyWord(b);
    const before = currencyWord(a);
    if (after && parseQuantity(a, { max: MAX_MONEY })) [amountText, currency] = [a, after];
    else if (before && parseQuantity(b, { max: MAX_MONEY })) [amountText, currency] = [b, before];
    else return null;
  } else return null;
  const amount = parseQuantity(amountText, { max: MAX_MONEY });
  if (!amount) return null;
  return currency ? { amount, currency } : { amount };
}

function group(intDigits: string): string {
  return intDigits.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}

/** Fixed-point string with thousands separators; Decimal all the way, so large money stays exact. */
function fixed(value: Decimal, digits: number): string {
  const s = value.toFixed(digits, Decimal.ROUND_HALF_UP);
  const negative = s.startsWith("-");
  const [intPart, frac] = (negative ? s.slice(1) : s).split(".") as [string, string | undefined];
  // Rounding can turn -0.001 into "-0.00"; a minus sign on zero is noise.
  const sign = negative && /[1-9]/.test(s) ? "-" : "";
  return sign + group(intPart) + (frac ? `.${frac}` : "");
}

const DURATION_UNITS = { en: { h: "h", m: "m", s: "s", sep: " " }, zh: { h: "小时", m: "分", s: "秒", sep: "" } };

/** "2h 30m" / "2小时30分"; a seconds value under an hour also shows its seconds ("4m 5s"). */
function duration(seconds: Decimal, locale: "en" | "zh", showSeconds: boolean): string {
  const u = DURATION_UNITS[locale];
  const sign = seconds.isNegative() && !seconds.isZero() ? "-" : "";
  const abs = seconds.abs();
  const parts: string[] = [];
  if (showSeconds && abs.lt(3600)) {
    const total = abs.toDecimalPlaces(0, Decimal.ROUND_HALF_UP);
    const m = total.divToInt(60);
    const s = total.mod(60);
    if (m.gt(0)) parts.push(`${m.toFixed(0)}${u.m}`);
    if (s.gt(0) || m.isZero()) parts.push(`${s.toFixed(0)}${u.s}`);
  } else {
    // Round to whole minutes first, so 59.6 minutes reads "1h", never "0h 60m".
    const total = abs.div(60).toDecimalPlaces(0, Decimal.ROUND_HALF_UP);
    const h = total.divToInt(60);
    const m = total.mod(60);
    if (h.gt(0)) parts.push(`${group(h.toFixed(0))}${u.h}`);
    if (m.gt(0) || h.isZero()) parts.push(`${m.toFixed(0)}${u.m}`);
  }
  const text = parts.join(u.sep);
  return /[1-9]/.test(text) ? sign + text : text;
}

export interface FormatOptions {
  locale: "en" | "zh";
  unit: MetricUnit;
  currency?: string;
  digits?: number;
}

/**
 * "1,250.00 USD", "12,500,000 IDR", "8.3%", "1,204", "2h 30m" / "2小时30分". The same shape in both
 * locales except durations, so numbers line up in mixed-language channels.
 */
export function formatNumber(value: Decimal, opts: FormatOptions): string {
  switch (opts.unit) {
    case "money":
    case "per_mille_money": {
      const code = opts.currency?.toUpperCase();
      const digits = opts.digits ?? (code && isSupportedCurrency(code) ? (DISPLAY_DIGITS[code] ?? 2) : 2);
      const n = fixed(value, digits);
      return code ? `${n} ${code}` : n;
    }
    case "percent":
      return `${fixed(value.mul(100), opts.digits ?? 1)}%`;
    case "ratio":
      return fixed(value, opts.digits ?? 2);
    case "count": {
      if (opts.digits !== undefined) return fixed(value, opts.digits);
      // Sums of counts are whole; averages ("1.5 videos/day") keep up to two decimals.
      return value.isInteger() ? fixed(value, 0) : fixed(value, 2).replace(/\.?0+$/, "");
    }
    case "minutes":
      return duration(value.mul(60), opts.locale, false);
    case "seconds":
      return duration(value, opts.locale, true);
  }
}
