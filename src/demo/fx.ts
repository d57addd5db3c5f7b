// Demo FX rates (1 unit of currency = usdRate USD) and the calendar of seeded days.
import { Decimal } from "decimal.js";
import { DateTime } from "luxon";
import { createRng } from "./random.js";

/** How many days are seeded: today−DEMO_DAYS ... today−1. */
export const DEMO_DAYS = 90;

export interface DemoDay {
  /** Local calendar date, yyyy-MM-dd. */
  date: string;
  daysAgo: number;
  /** ISO weekday, 1 = Monday. */
  weekday: number;
}

/** The seeded days in a zone, oldest first: today−90 ... today−1 as local calendar dates. */
export function demoDays(today: string, zone: string, count = DEMO_DAYS): DemoDay[] {
  const start = parseToday(today, zone);
  const days: DemoDay[] = [];
  for (let daysAgo = count; daysAgo >= 1; daysAgo--) {
    const day = start.minus({ days: daysAgo });
    days.push({ date: day.toISODate() as string, daysAgo, weekday: day.weekday });
  }
  return days;
}

export function parseToday(today: string, zone: string): DateTime {
  const start = /^\d{4}-\d{2}-\d{2}$/.test(today) ? DateTime.fromISO(today, { zone }) : DateTime.invalid("format");
  if (!start.isValid) throw new Error(`seedDemoData: "today" must be a date yyyy-MM-dd, got "${today}"`);
  return start;
}

/** A calendar date as Prisma wants it for a @db.Date column. */
export function dbDate(date: string): Date {
  return new Date(`${date}T00:00:00Z`);
}

export const DEMO_FX_BASE: Readonly<Record<string, { rate: number; digits: number }>> = {
  IDR: { rate: 0.000063, digits: 12 },
  THB: { rate: 0.029, digits: 8 },
  GBP: { rate: 1.27, digits: 6 },
  USD: { rate: 1, digits: 6 },
};

/** Days (before today) with no IDR rate, so converting the ad spend of those days falls back to the day before. */
export const DEMO_MISSING_FX: Readonly<{ currency: string; daysAgo: readonly number[] }> = {
  currency: "IDR",
  daysAgo: [10, 9],
};

export interface DemoFxRate {
  currency: string;
  date: string;
  usdRate: string;
}

/**
 * A slowly mean-reverting drift around each base rate (within about ±2%), one row per currency and day: the `count`
 * days before `today` (more than DEMO_DAYS when the teams' todays differ, so the earliest zone's first day has one).
 */
export function demoFxRates(today: string, count = DEMO_DAYS): DemoFxRate[] {
  const rows: DemoFxRate[] = [];
  for (const [currency, { rate, digits }] of Object.entries(DEMO_FX_BASE)) {
    const rng = createRng(`fx:${currency}`);
    let drift = 0;
    for (const day of demoDays(today, "UTC", count)) {
      drift = 0.85 * drift + rng.between(-0.003, 0.003);
      if (currency === DEMO_MISSING_FX.currency && DEMO_MISSING_FX.daysAgo.includes(day.daysAgo)) continue;
      const usdRate = currency === "USD" ? "1" : new Decimal(rate).times(1 + drift).toFixed(digits);
      rows.push({ currency, date: day.date, usdRate });
    }
  }
  return rows;
}

/** Finds the rate of a day, or of the nearest earlier day that has one. */
export function rateLookup(rows: readonly { date: string; usdRate: string }[]): (date: string) => {
  rate: Decimal;
  date: string;
} {
  const sorted = [...rows].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  return (date) => {
    let found: { date: string; usdRate: string } | undefined;
    for (const row of sorted) {
      if (row.date > date) break;
      found = row;
    }
    if (found === undefined) throw new Error(`seedDemoData: no FX rate on or before ${date}`);
    return { rate: new Decimal(found.usdRate), date: found.date };
  };
}
