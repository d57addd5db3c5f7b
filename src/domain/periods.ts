// Reporting periods as inclusive ranges of calendar dates in the team's timezone.
// Day arithmetic is done on dates (in UTC, which has no DST), so a 23- or 25-hour day is one day.
import { DateTime } from "luxon";
import { normalizeInput } from "./numbers.js";

export type PeriodKind = "day" | "week" | "month" | "quarter" | "custom";

export interface Period {
  kind: PeriodKind;
  /** ISO date yyyy-MM-dd, inclusive. */
  start: string;
  /** ISO date yyyy-MM-dd, inclusive. */
  end: string;
  labelEn: string;
  labelZh: string;
}

export type PeriodError = { error: "bad_period" };

/** A custom range longer than this is refused: it is a typo, or a query nobody can read in chat. */
export const MAX_CUSTOM_DAYS = 366;

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * The years a date typed or sent to Starling may fall in. TikTok Shop dates from 2021 and no plan reaches past
 * 2100; outside these, a year is a typo, and years before 1 or after 9999 break the DATE column and JS Dates
 * (year 0000 does not exist in PostgreSQL). Messages "error.bad_period" and "error.bad_date".
 */
export const MIN_YEAR = 2000;
export const MAX_YEAR = 2100;

const inYears = (d: DateTime) => d.isValid && d.year >= MIN_YEAR && d.year <= MAX_YEAR;

/**
 * A calendar date "yyyy-MM-dd" that really exists, or null: luxon must read it and print it back unchanged (so
 * 2026-02-31 and 2026-99-99 are refused, never rolled into March), within MIN_YEAR..MAX_YEAR.
 */
export function parseIsoDate(text: string | undefined): string | null {
  if (!text || !ISO_DATE.test(text)) return null;
  const d = asDate(text);
  return inYears(d) && d.toISODate() === text ? text : null;
}

// Calendar dates carry no zone; UTC keeps arithmetic on them free of DST gaps.
function asDate(iso: string): DateTime {
  return DateTime.fromISO(iso, { zone: "utc" });
}

function iso(d: DateTime): string {
  return d.toISODate() as string;
}

function label(kind: PeriodKind, start: DateTime, end: DateTime): { labelEn: string; labelZh: string } {
  switch (kind) {
    case "day":
      return { labelEn: start.setLocale("en").toFormat("ccc d LLL yyyy"), labelZh: start.toFormat("yyyy年M月d日") };
    case "week":
      return {
        labelEn: `Week ${start.toFormat("kkkk-'W'WW")} (${start.setLocale("en").toFormat("d LLL")}–${end.setLocale("en").toFormat("d LLL")})`,
        labelZh: `${start.toFormat("kkkk")}年第${start.weekNumber}周（${start.toFormat("M月d日")}–${end.toFormat("M月d日")}）`,
      };
    case "month":
      return { labelEn: start.setLocale("en").toFormat("LLLL yyyy"), labelZh: start.toFormat("yyyy年M月") };
    case "quarter":
      return { labelEn: `Q${start.quarter} ${start.year}`, labelZh: `${start.year}年第${start.quarter}季度` };
    case "custom":
      return { labelEn: `${iso(start)} – ${iso(end)}`, labelZh: `${iso(start)} 至 ${iso(end)}` };
  }
}

function make(kind: PeriodKind, start: DateTime, end: DateTime): Period {
  return { kind, start: iso(start), end: iso(end), ...label(kind, start, end) };
}

/** The day, ISO week (Monday start), calendar month or calendar quarter containing `date`'s local date. */
export function periodContaining(kind: Exclude<PeriodKind, "custom">, date: DateTime): Period {
  if (!date.isValid) throw new Error("periodContaining: invalid date");
  // Re-anchor the local calendar date in UTC so startOf/endOf never meet a DST transition.
  const d = asDate(date.toISODate() as string);
  const unit = kind === "day" ? "day" : kind;
  // luxon's startOf("week") is the ISO week (Monday) unless locale weeks are asked for.
  return make(kind, d.startOf(unit), d.endOf(unit).startOf("day"));
}

/** The calendar date of an instant in the team's zone: 2026-11-20T16:30Z in Asia/Jakarta is "2026-11-20". */
export function localDateOf(instant: DateTime | Date, zone: string): string {
  const dt = instant instanceof Date ? DateTime.fromJSDate(instant) : instant;
  const local = dt.setZone(zone);
  if (!local.isValid) throw new Error(`localDateOf: invalid instant or zone "${zone}"`);
  return local.toISODate() as string;
}

function customRange(a: string, b: string): Period | PeriodError {
  const [startText, endText] = [parseIsoDate(a), parseIsoDate(b)];
  if (!startText || !endText) return { error: "bad_period" };
  const start = asDate(startText);
  const end = asDate(endText);
  if (end < start) return { error: "bad_period" };
  const p = make("custom", start, end);
  return daysInPeriod(p) > MAX_CUSTOM_DAYS ? { error: "bad_period" } : p;
}

// A Map, not an object literal: "constructor" typed in chat must not find Object.prototype.
const WORDS = new Map<string, (today: DateTime) => Period>();
function words(list: string[], f: (today: DateTime) => Period): void {
  for (const w of list) WORDS.set(w, f);
}
words(["today", "今天", "今日"], (t) => periodContaining("day", t));
words(["yesterday", "昨天", "昨日"], (t) => periodContaining("day", t.minus({ days: 1 })));
words(["week", "this week", "本周", "这周", "本週"], (t) => periodContaining("week", t));
words(["last week", "上周", "上週"], (t) => periodContaining("week", t.minus({ weeks: 1 })));
words(["month", "this month", "mtd", "本月", "这个月"], (t) => periodContaining("month", t));
words(["last month", "上月", "上个月"], (t) => periodContaining("month", t.minus({ months: 1 })));
words(["quarter", "this quarter", "本季度", "本季"], (t) => periodContaining("quarter", t));
words(["last quarter", "上季度", "上个季度"], (t) => periodContaining("quarter", t.minus({ quarters: 1 })));

/**
 * Reads a period argument relative to `now` (a DateTime in the team's zone). No argument means the
 * current month; it is returned whole, and "to date" comes from elapsedDays/remainingDays.
 */
export function parsePeriod(text: string | undefined, now: DateTime): Period | PeriodError {
  if (!now.isValid) return { error: "bad_period" };
  // Work on the local calendar date only; time of day and DST have no say from here on.
  const today = asDate(now.toISODate() as string);
  const s = normalizeInput(text ?? "").toLowerCase();
  if (s === "") return periodContaining("month", today);
  const word = WORDS.get(s);
  if (word) return word(today);

  let m = /^(\d{4})-(\d{2})$/.exec(s);
  if (m) {
    const d = DateTime.fromObject({ year: Number(m[1]), month: Number(m[2]), day: 1 }, { zone: "utc" });
    return inYears(d) ? periodContaining("month", d) : { error: "bad_period" };
  }
  m = /^(\d{4})-w(\d{1,2})$/.exec(s);
  if (m) {
    const weekYear = Number(m[1]);
    const weekNumber = Number(m[2]);
    const d = DateTime.fromObject({ weekYear, weekNumber, weekday: 1 }, { zone: "utc" });
    // luxon rolls week 53 of a 52-week year into the next year; refuse instead of guessing.
    if (!inYears(d) || weekNumber < 1 || weekNumber > d.weeksInWeekYear || d.weekYear !== weekYear)
      return { error: "bad_period" };
    return periodContaining("week", d);
  }
  m = /^(\d{4})-?q([1-4])$/.exec(s);
  if (m) {
    const d = DateTime.fromObject({ year: Number(m[1]), month: (Number(m[2]) - 1) * 3 + 1, day: 1 }, { zone: "utc" });
    return inYears(d) ? periodContaining("quarter", d) : { error: "bad_period" };
  }
  if (ISO_DATE.test(s)) {
    const day = parseIsoDate(s);
    return day ? periodContaining("day", asDate(day)) : { error: "bad_period" };
  }
  m = /^(\d{4}-\d{2}-\d{2}) ?(?:\.\.|~|to|至) ?(\d{4}-\d{2}-\d{2})$/.exec(s);
  if (m) return customRange(m[1] as string, m[2] as string);
  return { error: "bad_period" };
}

export function isPeriodError(p: Period | PeriodError): p is PeriodError {
  return "error" in p;
}

function daysBetween(a: string, b: string): number {
  const from = asDate(a);
  const to = asDate(b);
  // Dates here come from code, not users; a bad one is a bug and must not become NaN days.
  if (!from.isValid || !to.isValid) throw new Error(`invalid ISO date: ${from.isValid ? b : a}`);
  return Math.round(to.diff(from, "days").days);
}

export function daysInPeriod(p: Period): number {
  return daysBetween(p.start, p.end) + 1;
}

/** Days from the start through `today` inclusive, clamped to [0, total]. */
export function elapsedDays(p: Period, today: string): number {
  return Math.min(daysInPeriod(p), Math.max(0, daysBetween(p.start, today) + 1));
}

/** Days after `today` through the end, clamped to [0, total]. */
export function remainingDays(p: Period, today: string): number {
  return Math.min(daysInPeriod(p), Math.max(0, daysBetween(today, p.end)));
}

export function datesOf(p: Period): string[] {
  const start = asDate(p.start);
  return Array.from({ length: daysInPeriod(p) }, (_, i) => iso(start.plus({ days: i })));
}
