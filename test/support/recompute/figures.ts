// Comparing a figure with the oracle and counting it: money to the cent, counts exactly, ratios to 1e-9, and the
// rendered reply containing the oracle's value in the app's own number format (the format is not under test here:
// the number is).
import { Decimal } from "decimal.js";
import { expect } from "vitest";
import type { Locale } from "../../../src/domain/i18n.js";
import type { MetricUnit } from "../../../src/domain/metrics.js";
import { formatNumber } from "../../../src/domain/numbers.js";

/** Half a cent: two sums that agree to the cent differ by less (FX conversions round at the sixth decimal). */
const CENT = new Decimal("0.005");
const RATIO = new Decimal("1e-9");

export class FigureCheck {
  count = 0;

  /** A money amount, to the cent. */
  money(label: string, actual: Decimal | null | undefined, expected: Decimal): void {
    expect(actual ?? null, `${label}: missing (expected ${expected.toFixed(2)})`).not.toBeNull();
    const diff = (actual as Decimal).minus(expected).abs();
    expect(diff.lt(CENT), `${label}: ${(actual as Decimal).toFixed(6)} vs oracle ${expected.toFixed(6)}`).toBe(true);
    this.count++;
  }

  /** A count, exactly. */
  whole(label: string, actual: Decimal | number | null | undefined, expected: Decimal | number): void {
    expect(actual === null || actual === undefined ? null : new Decimal(actual).toFixed(), label).toBe(
      new Decimal(expected).toFixed(),
    );
    this.count++;
  }

  /** A ratio of summed parts (or null when its denominator is zero). */
  ratio(label: string, actual: Decimal | null | undefined, expected: Decimal | null): void {
    if (expected === null) expect(actual ?? null, label).toBeNull();
    else {
      expect(actual ?? null, `${label}: missing`).not.toBeNull();
      const diff = (actual as Decimal).minus(expected).abs();
      expect(diff.lt(RATIO), `${label}: ${(actual as Decimal).toString()} vs oracle ${expected.toString()}`).toBe(true);
    }
    this.count++;
  }

  /** By the metric's unit: money to the cent, counts exactly, ratios and percents to 1e-9. */
  byUnit(label: string, unit: MetricUnit, actual: Decimal | null | undefined, expected: Decimal | null): void {
    if (expected === null) this.ratio(label, actual, null);
    else if (unit === "money" || unit === "per_mille_money") this.money(label, actual, expected);
    else if (unit === "count" || unit === "minutes" || unit === "seconds") this.whole(label, actual, expected);
    else this.ratio(label, actual, expected);
  }

  /** A value (or any other fragment) as the reply shows it. */
  shows(label: string, text: string, fragment: string): void {
    expect(text, `${label}: "${fragment}" not in the reply`).toContain(fragment);
    this.count++;
  }

  same<T>(label: string, actual: T, expected: T): void {
    expect(actual, label).toEqual(expected);
    this.count++;
  }
}

export const shown = (value: Decimal, unit: MetricUnit, currency: string, locale: Locale = "en") =>
  formatNumber(value, { locale, unit, currency });

/** The trend words of /kpi for a value against the previous window's ("" when there is nothing to compare). */
export function trendWords(value: Decimal | null, previous: Decimal | null, higherBetter: boolean): string {
  if (value === null || previous === null || previous.isZero()) return "";
  const change = value.minus(previous).div(previous.abs()).toNumber();
  if (Math.abs(change) < 0.005) return "➖ flat vs the same days of the previous period";
  const arrow = change > 0 ? "▲" : "▼";
  const good = change > 0 === higherBetter;
  return `${good ? "🟢" : "🔴"} ${arrow} ${(Math.abs(change) * 100).toFixed(0)}% vs the same days of the previous period`;
}

/** The weekly report's change against the week before: "+12%", "−3%", "–" when the week before had nothing. */
export function weeklyChange(now: Decimal, before: Decimal): string {
  if (before.isZero()) return "–";
  return `${now.gte(before) ? "+" : "−"}${now.minus(before).abs().div(before).mul(100).toFixed(0)}%`;
}

/** Plain text of a message's blocks, fields included. */
export function textOf(message: { text: string }): string {
  return message.text;
}
