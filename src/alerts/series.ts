// Daily series of the watched KPIs per scope (the team, each shop, each member), from one query's daily sums.
// A day a scope recorded nothing is missing (NaN), not zero: a member's weekend is not a collapse. So is a day that
// is not complete yet (freshness): a shop's half-imported day is not a GMV fall, and a shop that stopped reporting
// raises its own "no data" alert instead of a collapse on every metric.
import { Decimal } from "decimal.js";
import { DateTime } from "luxon";
import { computeMetric } from "../domain/metrics.js";
import { dayBefore, type TeamFreshness } from "../freshness/rules.js";
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

/** Through which day each scope's facts are complete, from freshness. */
export interface CompleteThrough {
  /** The team's last complete day: its own series is missing after it. */
  team: string;
  /** Each shop's last complete day. A shop without a declaring feed has none: nothing is known, nothing is masked. */
  shops: ReadonlyMap<string, string>;
}

/**
 * Reads the last complete day of the team and of each shop from its freshness: a shop that is behind is complete
 * through the day before its gap; any other shop through the last day one of its feeds declared whole (a shop that
 * stopped weeks ago no longer holds the team back, but its own series still ends where its data does). A shop fed
 * by ingest rows that never declare is not cut at all: freshness counts each of their days complete once it is over.
 */
export function completeThroughOf(freshness: TeamFreshness): CompleteThrough {
  const shops = new Map<string, string>();
  const undeclared = new Set<string>();
  for (const f of freshness.feeds) {
    if (f.shopId === null) continue;
    if (f.completeThrough === null) {
      if (f.source === "ingest") undeclared.add(f.shopId);
      continue;
    }
    const known = shops.get(f.shopId);
    if (known === undefined || f.completeThrough > known) shops.set(f.shopId, f.completeThrough);
  }
  for (const shopId of undeclared) shops.delete(shopId);
  for (const b of freshness.behind) shops.set(b.shopId, dayBefore(b.missingSince));
  return { team: freshness.completeThrough, shops };
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

/** Indices of the dates after `through`: the days a series must not be read on. */
function after(dates: string[], through: string | undefined): Set<number> {
  const out = new Set<number>();
  if (through === undefined) return out;
  dates.forEach((d, i) => {
    if (d > through) out.add(i);
  });
  return out;
}

/**
 * Groups the sums by scope. The team's own series follows the KPI engine's roll-up rule: a stored metric comes
 * from the team's shop- and team-level facts when it has any in the window, else from its members' facts.
 * The team's series ends at the team's last complete day and each shop's at its own; a member's series is the
 * member's own facts (logs, attributions) and does not wait for the shops.
 */
export function buildSeries(
  teamId: string,
  dates: string[],
  sums: DailyScopeSum[],
  complete: CompleteThrough,
): ScopeSeries[] {
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
  teamOrg.incomplete = after(dates, complete.team);
  for (const series of scopes.values()) {
    if (series.scopeType === "shop") series.incomplete = after(dates, complete.shops.get(series.scopeId));
  }
  return [teamOrg, ...scopes.values()];
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
