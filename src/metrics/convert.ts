// Converting daily money sums into another currency at each day's rate (nearest earlier day when missing).
import { Decimal } from "decimal.js";
import { getMetric, isMoney } from "../domain/metrics.js";
import type { RateLookup } from "./fx-repository.js";
import type { DailySum } from "./repository.js";

export interface Converted {
  sums: DailySum[];
  /** Days whose own rate was missing, with the rate day used instead. */
  fallbacks: Map<string, string>;
  /** Days with no rate at all (nothing earlier either): their money is left out and reported. */
  missing: Set<string>;
}

export function convertDaily(
  rows: DailySum[],
  currencyOf: (key: string) => string,
  to: string,
  fx: RateLookup,
): Converted {
  const fallbacks = new Map<string, string>();
  const missing = new Set<string>();
  const sums: DailySum[] = [];
  for (const row of rows) {
    const def = getMetric(row.metricKey);
    const from = currencyOf(row.key);
    if (!def || !isMoney(def) || from === to) {
      sums.push(row);
      continue;
    }
    const found = fx.rate(from, to, row.date);
    if (!found) {
      missing.add(row.date);
      continue;
    }
    for (const used of found.rateDates) fallbacks.set(row.date, used);
    sums.push({ ...row, value: row.value.mul(found.rate) });
  }
  return { sums, fallbacks, missing };
}

/** Adds daily rows up per key and metric. */
export function totalsByKey(
  rows: { key: string; metricKey: string; value: Decimal }[],
): Map<string, Map<string, Decimal>> {
  const result = new Map<string, Map<string, Decimal>>();
  for (const row of rows) {
    const metrics = result.get(row.key) ?? new Map<string, Decimal>();
    result.set(row.key, metrics);
    metrics.set(row.metricKey, (metrics.get(row.metricKey) ?? new Decimal(0)).plus(row.value));
  }
  return result;
}
