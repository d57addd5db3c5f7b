// The oracle: every figure worked out again from the raw rows (OrderLine, ContentLog, FxRate) with SQL of our own and
// Decimal arithmetic, never through the app's fact queries, services or converters. The rules reproduced here are
// the ones the app states: GMV (gross) is the SKU subtotal after discount of lines not cancelled or unpaid, on the
// shop's local day; orders are distinct order ids; a refund counts once per order; a day without an FX rate uses the
// nearest earlier one of each currency (src/metrics/fx-repository.ts); ratios are divided from summed parts.
import { Decimal } from "decimal.js";
import { DateTime } from "luxon";
import type { PrismaClient } from "../../../src/db/client.js";

export type Sums = Record<Metric, Decimal>;
export const METRICS = [
  "gmv_gross",
  "refund_amount",
  "orders",
  "items_sold",
  "items_returned",
  "refunded_orders",
  "videos_posted",
  "live_sessions",
  "live_minutes",
  "posts",
] as const;
export type Metric = (typeof METRICS)[number];
/** Metrics an order export feeds (shop facts); the others only members log. */
export const ORDER_METRICS: readonly Metric[] = [
  "gmv_gross",
  "refund_amount",
  "orders",
  "items_sold",
  "items_returned",
  "refunded_orders",
];

const zero = () => new Decimal(0);
export const emptySums = (): Sums => Object.fromEntries(METRICS.map((m) => [m, zero()])) as Sums;

function addInto(into: Sums, from: Partial<Sums>): void {
  for (const m of METRICS) if (from[m]) into[m] = into[m].plus(from[m] as Decimal);
}

const dayAfter = (iso: string) => DateTime.fromISO(iso, { zone: "utc" }).plus({ days: 1 }).toISODate() as string;

export function datesFrom(from: string, to: string): string[] {
  const out: string[] = [];
  for (let d = from; d <= to; d = dayAfter(d)) out.push(d);
  return out;
}

/** FX by the app's stated rule: 1 unit = usdRate USD; a missing day takes the nearest earlier day of that currency. */
export class FxOracle {
  constructor(private readonly rates: Map<string, { date: string; rate: Decimal }[]>) {}

  usd(currency: string, date: string): Decimal | null {
    if (currency === "USD") return new Decimal(1);
    let found: Decimal | null = null;
    for (const r of this.rates.get(currency) ?? []) {
      if (r.date > date) break;
      found = r.rate;
    }
    return found;
  }

  /** The day whose rate converts `currency` on `date`: the day itself, or the nearest earlier day with a rate. */
  rateDay(currency: string, date: string): string | null {
    if (currency === "USD") return date;
    let found: string | null = null;
    for (const r of this.rates.get(currency) ?? []) {
      if (r.date > date) break;
      found = r.date;
    }
    return found;
  }

  rate(from: string, to: string, date: string): Decimal {
    if (from === to) return new Decimal(1);
    const a = this.usd(from, date);
    const b = this.usd(to, date);
    if (!a || !b) throw new Error(`oracle: no ${from}/${to} rate on or before ${date}`);
    return a.div(b);
  }
}

export interface TeamInfo {
  id: string;
  slug: string;
  currency: string;
  market: string;
}

type Row = Record<string, string | null>;

/** Everything the figures are made of, per team-local day, in the team's currency. */
export class Oracle {
  /** teamId → date → order sums (shop facts). */
  readonly teamOrders = new Map<string, Map<string, Partial<Sums>>>();
  /** memberId → date → logged sums. */
  readonly memberLogs = new Map<string, Map<string, Partial<Sums>>>();
  /** memberId → teamId, for the members who logged. */
  readonly memberTeam = new Map<string, string>();

  private constructor(
    readonly fx: FxOracle,
    readonly teams: Map<string, TeamInfo>,
  ) {}

  static async load(prisma: PrismaClient, teams: TeamInfo[]): Promise<Oracle> {
    const query = (sql: string) => prisma.$queryRawUnsafe<Row[]>(sql);
    const rateRows = await query(
      `SELECT currency, date::text AS date, "usdRate"::text AS rate FROM "FxRate" ORDER BY currency, date`,
    );
    const rates = new Map<string, { date: string; rate: Decimal }[]>();
    for (const r of rateRows) {
      const list = rates.get(r.currency as string) ?? [];
      list.push({ date: r.date as string, rate: new Decimal(r.rate as string) });
      rates.set(r.currency as string, list);
    }
    const oracle = new Oracle(new FxOracle(rates), new Map(teams.map((t) => [t.id, t])));

    // Sales per shop-local day and currency: lines not cancelled or unpaid; the refund once per order.
    const sales = await query(`
      WITH sold AS (
        SELECT "teamId", "localDate", currency, "orderId", subtotal, quantity, "returnedQuantity", "orderRefundAmount"
        FROM "OrderLine" WHERE status NOT IN ('cancelled', 'unpaid')
      ), per_order AS (
        SELECT "teamId", "localDate", currency, "orderId", MAX(COALESCE("orderRefundAmount", 0)) AS refund
        FROM sold GROUP BY 1, 2, 3, 4
      ), lines AS (
        SELECT "teamId", "localDate", currency, SUM(subtotal) AS gmv, COUNT(DISTINCT "orderId") AS orders,
               SUM(quantity) AS items, SUM("returnedQuantity") AS returned
        FROM sold GROUP BY 1, 2, 3
      ), refunds AS (
        SELECT "teamId", "localDate", currency, SUM(refund) AS refund, COUNT(*) FILTER (WHERE refund > 0) AS refunded
        FROM per_order GROUP BY 1, 2, 3
      )
      SELECT l."teamId" AS team, l."localDate"::text AS date, l.currency, l.gmv::text AS gmv, l.orders::text AS orders,
             l.items::text AS items, l.returned::text AS returned, r.refund::text AS refund,
             r.refunded::text AS refunded
      FROM lines l JOIN refunds r USING ("teamId", "localDate", currency)`);
    for (const r of sales) {
      const team = oracle.teams.get(r.team as string);
      if (!team) continue;
      const date = r.date as string;
      const rate = oracle.fx.rate(r.currency as string, team.currency, date);
      oracle.add(oracle.teamOrders, team.id, date, {
        gmv_gross: new Decimal(r.gmv as string).mul(rate),
        refund_amount: new Decimal(r.refund as string).mul(rate),
        orders: new Decimal(r.orders as string),
        items_sold: new Decimal(r.items as string),
        items_returned: new Decimal(r.returned as string),
        refunded_orders: new Decimal(r.refunded as string),
      });
    }

    // What members logged and did not take back, on the day the log names, GMV converted from what they typed.
    const logs = await query(`
      SELECT "memberId" AS member, "teamId" AS team, "localDate"::text AS date, kind::text AS kind,
             count::text AS count, "durationMinutes"::text AS minutes, "gmvAmount"::text AS gmv,
             "gmvCurrency" AS currency
      FROM "ContentLog" WHERE "undoneAt" IS NULL AND kind::text IN ('video', 'live', 'post')`);
    for (const r of logs) {
      const team = oracle.teams.get(r.team as string);
      if (!team) continue;
      const date = r.date as string;
      const count = new Decimal(r.count as string);
      const gmv = r.gmv
        ? new Decimal(r.gmv).mul(oracle.fx.rate(r.currency as string, team.currency, date)).toDecimalPlaces(6)
        : zero();
      oracle.memberTeam.set(r.member as string, team.id);
      oracle.add(oracle.memberLogs, r.member as string, date, {
        videos_posted: r.kind === "video" ? count : zero(),
        live_sessions: r.kind === "live" ? count : zero(),
        posts: r.kind === "post" ? count : zero(),
        live_minutes: new Decimal(r.minutes ?? 0),
        gmv_gross: gmv,
      });
    }
    return oracle;
  }

  private add(map: Map<string, Map<string, Partial<Sums>>>, key: string, date: string, sums: Partial<Sums>): void {
    const byDay = map.get(key) ?? new Map<string, Partial<Sums>>();
    map.set(key, byDay);
    const into = { ...emptySums(), ...(byDay.get(date) ?? {}) } as Sums;
    addInto(into, sums);
    byDay.set(date, into);
  }

  /** A member's logged sums over [from, to] (team currency). */
  member(memberId: string, from: string, to: string): Sums {
    const out = emptySums();
    for (const [date, sums] of this.memberLogs.get(memberId) ?? []) if (date >= from && date <= to) addInto(out, sums);
    return out;
  }

  /** The logged sums of every member of a team over [from, to]. */
  teamLogs(teamId: string, from: string, to: string): Sums {
    const out = emptySums();
    for (const [memberId, team] of this.memberTeam) if (team === teamId) addInto(out, this.member(memberId, from, to));
    return out;
  }

  /** A team's order sums over [from, to]. */
  orders(teamId: string, from: string, to: string): Sums {
    const out = emptySums();
    for (const [date, sums] of this.teamOrders.get(teamId) ?? []) if (date >= from && date <= to) addInto(out, sums);
    return out;
  }

  /**
   * A team's figures over [from, to]: sales from the order lines, output from the members' logs. GMV is the order
   * lines' even when members also logged GMV (that GMV is the same sales, attributed to a host).
   */
  team(teamId: string, from: string, to: string): Sums {
    const sales = this.orders(teamId, from, to);
    const logs = this.teamLogs(teamId, from, to);
    const out = emptySums();
    for (const m of METRICS) out[m] = ORDER_METRICS.includes(m) ? sales[m] : logs[m];
    return out;
  }

  /** A team's GMV per day over [from, to] (days with sales only). */
  teamDailyGmv(teamId: string, from: string, to: string): Map<string, Decimal> {
    const out = new Map<string, Decimal>();
    for (const [date, sums] of this.teamOrders.get(teamId) ?? [])
      if (date >= from && date <= to) out.set(date, sums.gmv_gross ?? zero());
    return out;
  }

  /** A team's GMV over [from, to] in another currency, each day at its own rate (the app's fallback rule). */
  teamGmvIn(teamId: string, currency: string, from: string, to: string): Decimal {
    const team = this.teams.get(teamId) as TeamInfo;
    let total = zero();
    for (const [date, value] of this.teamDailyGmv(teamId, from, to))
      total = total.plus(value.mul(this.fx.rate(team.currency, currency, date)));
    return total;
  }

  /** A member's logged GMV over [from, to] in another currency, each day at its own rate. */
  memberGmvIn(memberId: string, currency: string, from: string, to: string): Decimal {
    const team = this.teams.get(this.memberTeam.get(memberId) as string) as TeamInfo;
    let total = zero();
    for (const [date, sums] of this.memberLogs.get(memberId) ?? [])
      if (date >= from && date <= to)
        total = total.plus((sums.gmv_gross ?? zero()).mul(this.fx.rate(team.currency, currency, date)));
    return total;
  }
}

/** Derived figures from summed parts: never an average of daily ratios. Null where the denominator is zero. */
export function derived(sums: Sums): Record<string, Decimal | null> {
  const div = (a: Decimal, b: Decimal) => (b.isZero() ? null : a.div(b));
  return {
    ...sums,
    gmv_net: sums.gmv_gross.minus(sums.refund_amount),
    aov: div(sums.gmv_gross, sums.orders),
    return_rate: div(sums.items_returned, sums.items_sold),
    refund_rate: div(sums.refund_amount, sums.gmv_gross),
  };
}

/**
 * The target pace and projection by the brief's rules: what is still needed per tier over the days after `through`,
 * and a projection from complete days only (the average of each weekday from the first known day through `through`,
 * added for each remaining day; a date without sales is a zero day).
 */
export function paceOf(
  tiers: { name: string; value: Decimal }[],
  actual: Decimal,
  period: { start: string; end: string },
  through: string,
  daily: Map<string, Decimal>,
): { needed: { tier: string; perDay: Decimal | null }[]; projected: Decimal; attainment: Decimal } {
  const remaining = datesFrom(dayAfter(through), period.end);
  const needed = tiers.map((t) => ({
    tier: t.name,
    perDay: remaining.length ? Decimal.max(t.value.minus(actual), 0).div(remaining.length) : null,
  }));
  const first = [...daily.keys(), period.start].sort()[0] as string;
  const byWeekday = new Map<number, { total: Decimal; n: number }>();
  for (const d of datesFrom(first, through)) {
    const wd = DateTime.fromISO(d, { zone: "utc" }).weekday;
    const acc = byWeekday.get(wd) ?? { total: zero(), n: 0 };
    byWeekday.set(wd, { total: acc.total.plus(daily.get(d) ?? 0), n: acc.n + 1 });
  }
  let projected = actual;
  for (const d of remaining) {
    const acc = byWeekday.get(DateTime.fromISO(d, { zone: "utc" }).weekday);
    projected = projected.plus(acc ? acc.total.div(acc.n) : zero());
  }
  return { needed, projected, attainment: actual.div((tiers[0] as { value: Decimal }).value) };
}
