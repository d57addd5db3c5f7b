// Daily facts out of order lines. Lines are merged by their natural key (shop, order, SKU) from the stage
// (stage-store.ts), so the same file twice or two files that overlap count each line once, and a later export (a
// status change, a refund) replaces the earlier copy. The shop's order facts for every touched day are then
// recomputed from all its stored lines, here.
import type { PrismaClient } from "../db/client.js";
import { Prisma } from "../generated/prisma/client.js";
import type { RateLookup } from "../metrics/fx-repository.js";

/** A transaction client (or the client itself). */
export type Tx = Omit<PrismaClient, "$connect" | "$disconnect" | "$on" | "$transaction" | "$extends">;

export interface ShopTarget {
  id: string;
  workspaceId: string;
  teamId: string;
  currency: string;
  timezone: string;
}

/** The facts an order export feeds, per shop, local day and content channel (and per creator). */
export const ORDER_METRICS = [
  "gmv_gross",
  "orders",
  "items_sold",
  "items_returned",
  "refund_amount",
  "refunded_orders",
];

const asDate = (iso: string) => new Date(`${iso}T00:00:00Z`);
const isoOf = (value: unknown) =>
  value instanceof Date ? value.toISOString().slice(0, 10) : String(value).slice(0, 10);
/** A list of shop-local days for `IN (…)`. */
export const dateList = (dates: string[]) => Prisma.join(dates.map((d) => Prisma.sql`${asDate(d)}::date`));

// Cancelled and unpaid orders never sold anything: they are kept as lines (a later export may change their status)
// but count in no fact. GMV (gross) is the SKU subtotal after discounts (what the buyer pays for the goods, before
// shipping and before refunds); refunds are the order-level refund amount, once per order.
const AGGREGATE_SQL = (shopId: string, dates: string[]) => Prisma.sql`
  WITH valid AS (
    SELECT "localDate", COALESCE(channel, 'none') AS ct, currency, "orderId", subtotal, quantity,
           "returnedQuantity", "orderRefundAmount", "creatorHandle"
    FROM "OrderLine"
    WHERE "shopId" = ${shopId} AND "localDate" IN (${dateList(dates)})
      AND status NOT IN ('cancelled', 'unpaid')
  ), per_order AS (
    SELECT "localDate", ct, currency, "orderId", MAX(COALESCE("orderRefundAmount", 0)) AS refund
    FROM valid GROUP BY 1, 2, 3, 4
  )
  SELECT "localDate" AS date, ct AS content_type, currency, 'gmv_gross' AS metric, SUM(subtotal) AS total FROM valid GROUP BY 1, 2, 3
  UNION ALL SELECT "localDate", ct, currency, 'orders', COUNT(DISTINCT "orderId") FROM valid GROUP BY 1, 2, 3
  UNION ALL SELECT "localDate", ct, currency, 'items_sold', SUM(quantity) FROM valid GROUP BY 1, 2, 3
  UNION ALL SELECT "localDate", ct, currency, 'items_returned', SUM("returnedQuantity") FROM valid GROUP BY 1, 2, 3
  UNION ALL SELECT "localDate", ct, currency, 'refund_amount', SUM(refund) FROM per_order GROUP BY 1, 2, 3
  UNION ALL SELECT "localDate", ct, currency, 'refunded_orders', COUNT(*) FILTER (WHERE refund > 0) FROM per_order GROUP BY 1, 2, 3`;

const CREATOR_SQL = (shopId: string, workspaceId: string, dates: string[]) => Prisma.sql`
  WITH valid AS (
    SELECT l."localDate", COALESCE(l.channel, 'none') AS ct, l.currency, l."orderId", l.subtotal, l.quantity,
           l."returnedQuantity", c.id AS creator_id
    FROM "OrderLine" l
    JOIN "Creator" c ON c."workspaceId" = ${workspaceId} AND c.platform = 'tiktok' AND c.handle = l."creatorHandle"
    WHERE l."shopId" = ${shopId} AND l."localDate" IN (${dateList(dates)})
      AND l.status NOT IN ('cancelled', 'unpaid')
  )
  SELECT "localDate" AS date, ct AS content_type, currency, creator_id, 'gmv_gross' AS metric, SUM(subtotal) AS total FROM valid GROUP BY 1, 2, 3, 4
  UNION ALL SELECT "localDate", ct, currency, creator_id, 'orders', COUNT(DISTINCT "orderId") FROM valid GROUP BY 1, 2, 3, 4
  UNION ALL SELECT "localDate", ct, currency, creator_id, 'items_sold', SUM(quantity) FROM valid GROUP BY 1, 2, 3, 4
  UNION ALL SELECT "localDate", ct, currency, creator_id, 'items_returned', SUM("returnedQuantity") FROM valid GROUP BY 1, 2, 3, 4`;

export interface RecomputeResult {
  facts: number;
  /** Order currencies with no FX rate on a day: those amounts could not be converted and are left out. */
  missingRates: string[];
}

/**
 * Replaces the shop's order facts (source "import") on these days with sums over all its stored lines, in the
 * team's currency: a line in another currency is converted at that day's rate (from `rates`, the same lookup as
 * every other conversion), the original kept. One INSERT … SELECT computes and writes every fact in PostgreSQL: only
 * the day's rates go in, only a count comes out (a million-line file makes tens of thousands of facts, which cost
 * seconds to carry to JavaScript and back).
 *
 * Per scope, day, channel and metric: the sums per currency, each money sum converted (rounded to 6 decimals, the
 * column's scale) and added up; a money sum with no rate is left out and its currency and day reported. The
 * original currency and amount are kept when one currency made the fact; the rate's day when it was converted.
 */
/** A currency other than the team's that sold something on a day: the facts need its rate for that day. */
export interface ForeignSaleDay {
  currency: string;
  date: string;
}

/**
 * The foreign currencies that sold something on each of these days: what the FX lookup must cover, read once and
 * handed to recomputeOrderFacts.
 */
export async function foreignSaleDays(tx: Tx, shop: ShopTarget, dates: string[]): Promise<ForeignSaleDay[]> {
  if (dates.length === 0) return [];
  const rows = await tx.$queryRaw<{ currency: string; date: unknown }[]>`
    SELECT DISTINCT currency, "localDate" AS date FROM "OrderLine"
    WHERE "shopId" = ${shop.id} AND "localDate" IN (${dateList(dates)}) AND status NOT IN ('cancelled', 'unpaid')
      AND currency <> ${shop.currency}`;
  return rows.map((r) => ({ currency: r.currency, date: isoOf(r.date) }));
}

export async function recomputeOrderFacts(
  tx: Tx,
  shop: ShopTarget,
  dates: string[],
  rates: RateLookup,
  foreign: ForeignSaleDay[],
): Promise<RecomputeResult> {
  if (dates.length === 0) return { facts: 0, missingRates: [] };
  const dateFilter = { in: dates.map(asDate) };
  await tx.fact.deleteMany({
    where: { shopId: shop.id, source: "import", date: dateFilter, metricKey: { in: ORDER_METRICS } },
  });
  // Lines inserted in this transaction have no planner statistics yet; without them PostgreSQL can pick a nested
  // loop over every line per creator for the creator join.
  await tx.$executeRawUnsafe('ANALYZE "OrderLine"');
  // Each foreign currency's rate on each day it sold, or the report that one is missing.
  const missing: string[] = [];
  const known = { currency: [] as string[], date: [] as string[], rate: [] as string[], rateDate: [] as string[] };
  for (const pair of foreign) {
    const { date } = pair;
    const rate = rates.rate(pair.currency, shop.currency, date);
    if (!rate) {
      missing.push(`${pair.currency} ${date}`);
      continue;
    }
    known.currency.push(pair.currency);
    known.date.push(date);
    // Exactly the lookup's decimal, never in exponent form.
    known.rate.push(rate.rate.toFixed());
    known.rateDate.push(rate.rateDates[0] ?? date);
  }
  const [written] = await tx.$queryRaw<{ n: bigint | number }[]>`
    WITH rates AS (
      SELECT * FROM unnest(${known.currency}::text[], ${known.date}::text[]::date[], ${known.rate}::text[]::numeric[],
                           ${known.rateDate}::text[]::date[]) AS x(currency, day, rate, rate_date)
    ), sums AS (
      SELECT 'shop' AS scope_type, ${shop.id}::text AS scope_id, NULL::text AS creator_id, a.date, a.content_type,
             a.currency, a.metric, a.total
      FROM (${AGGREGATE_SQL(shop.id, dates)}) a
      UNION ALL
      SELECT 'creator', c.creator_id, c.creator_id, c.date, c.content_type, c.currency, c.metric, c.total
      FROM (${CREATOR_SQL(shop.id, shop.workspaceId, dates)}) c
    ), converted AS (
      SELECT s.*, m.money, CASE WHEN m.converted THEN round(s.total * x.rate, 6) ELSE s.total END AS value,
             CASE WHEN m.converted THEN x.rate_date END AS fx_rate_date
      FROM sums s
      CROSS JOIN LATERAL (SELECT s.metric IN ('gmv_gross', 'refund_amount') AS money,
                                 s.metric IN ('gmv_gross', 'refund_amount') AND s.currency <> ${shop.currency}
                                   AS converted) m
      LEFT JOIN rates x ON x.currency = s.currency AND x.day = s.date
      WHERE NOT (m.converted AND x.rate IS NULL)
    ), inserted AS (
      INSERT INTO "Fact" ("workspaceId", "teamId", date, "metricKey", "scopeType", "scopeId", "shopId", "creatorId",
                          "contentType", value, "originalCurrency", "originalAmount", "fxRateDate", source, "updatedAt")
      SELECT ${shop.workspaceId}, ${shop.teamId}, date, metric, scope_type::"ScopeType", scope_id, ${shop.id},
             creator_id, content_type::"ContentType", sum(value),
             CASE WHEN bool_and(money) AND count(*) = 1 THEN min(currency) END,
             CASE WHEN bool_and(money) AND count(*) = 1 THEN sum(total) END,
             min(fx_rate_date), 'import', now()
      FROM converted GROUP BY scope_type, scope_id, creator_id, date, content_type, metric
      RETURNING 1
    )
    SELECT count(*) AS n FROM inserted`;
  return { facts: Number(written?.n ?? 0), missingRates: missing.sort() };
}
