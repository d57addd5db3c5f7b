// Daily series of the watched KPIs per scope (the team, each shop, each member), from one query's daily sums.
// A day a scope recorded nothing is missing (NaN), not zero: a member's weekend is not a collapse.
import { Decimal } from "decimal.js";
import { DateTime } from "luxon";
import { computeMetric } from "../domain/metrics.js";
import type { DailyScopeSum } from "./repository.js";
import type { AlertScopeType } from "./types.js";

export interface ScopeSeries {
  scopeType: AlertScopeType;
  scopeId: string;
  /** Stored metric → value per day (undefined: nothing recorded that day). */
  base: Map<string, (Decimal | undefined)[]>;
  /** Days the scope's total is known to be partial (a shop has not reported yet): treated as missing. */
  incomplete?: Set<number>;
}

export function dateRange(from: string, to: string): string[] {
  const dates: string[] = [];
  for (let d = DateTime.fromISO(from, { zone: "utc" }); (d.toISODate() as string) <= to; d = d.plus({ days: 1 })) {
    dates.push(d.toISODate() as string);
  }
  return dates;
}

function put(series: ScopeSeries, metricKey: string, index: number, value: Decimal, length: number): void {
  const values = series.base.get(metricKey) ?? new Array<Decimal | undefined>(length).fill(undefined);
  series.base.set(metricKey, values);
  values[index] = (values[index] ?? new Decimal(0)).plus(value);
}

/**
 * Groups the sums by scope. The team's own series follows the KPI engine's roll-up rule: a stored metric comes
 * from the team's shop- and team-level facts when it has any in the window, else from its members' facts.
 */
export function buildSeries(teamId: string, dates: string[], sums: DailyScopeSum[]): ScopeSeries[] {
  const index = new Map(dates.map((d, i) => [d, i]));
  const scopes = new Map<string, ScopeSeries>();
  const teamOrg: ScopeSeries = { scopeType: "team", scopeId: teamId, base: new Map() };
  const teamMembers: ScopeSeries = { scopeType: "team", scopeId: teamId, base: new Map() };
  for (const s of sums) {
    const i = index.get(s.date);
    if (i === undefined) continue;
    const own = s.scopeType === "team" ? null : `${s.scopeType}:${s.scopeId}`;
    if (own) {
      const series = scopes.get(own) ?? { scopeType: s.scopeType, scopeId: s.scopeId, base: new Map() };
      scopes.set(own, series);
      put(series, s.metricKey, i, s.value, dates.length);
    }
    put(s.scopeType === "member" ? teamMembers : teamOrg, s.metricKey, i, s.value, dates.length);
  }
  for (const [metricKey, values] of teamMembers.base) {
    if (!teamOrg.base.has(metricKey)) teamOrg.base.set(metricKey, values);
  }
  teamOrg.incomplete = partialDays(dates.length, sums, index);
  return [teamOrg, ...scopes.values()];
}

/**
 * Days a team total would be partial: some shop that reported in the week before has no facts yet. Shops import
 * at different times; without this, the first shop's import of the day reads as the team's sales collapsing.
 */
function partialDays(length: number, sums: DailyScopeSum[], index: Map<string, number>): Set<number> {
  const shopsByDay: Set<string>[] = Array.from({ length }, () => new Set());
  for (const s of sums) {
    const i = index.get(s.date);
    if (s.scopeType === "shop" && i !== undefined) shopsByDay[i]?.add(s.scopeId);
  }
  const partial = new Set<number>();
  for (let i = 1; i < length; i++) {
    const present = shopsByDay[i] as Set<string>;
    for (let back = Math.max(0, i - 7); back < i; back++) {
      if ([...(shopsByDay[back] as Set<string>)].some((shop) => !present.has(shop))) {
        partial.add(i);
        break;
      }
    }
  }
  return partial;
}

/** The KPI per day as a plain number for the detector (NaN: no data or a zero denominator), and the exact value. */
export function metricSeries(
  series: ScopeSeries,
  metricKey: string,
  length: number,
): { numbers: Float64Array; exact: (Decimal | null)[] } {
  const numbers = new Float64Array(length);
  const exact: (Decimal | null)[] = [];
  // A day counts as recorded when any stored metric of the scope has a value on it.
  for (let i = 0; i < length; i++) {
    const sums = new Map<string, Decimal>();
    let recorded = false;
    for (const [key, values] of series.base) {
      const v = values[i];
      if (v !== undefined) {
        sums.set(key, v);
        recorded = true;
      }
    }
    const value = recorded && !series.incomplete?.has(i) ? computeMetric(metricKey, sums).value : null;
    exact.push(value);
    numbers[i] = value === null ? Number.NaN : value.toNumber();
  }
  return { numbers, exact };
}
