// Order lines in, daily facts out. Lines are upserted by their natural key (shop, order, SKU), so the same file
// twice or two files that overlap count each line once, and a later export (a status change, a refund) replaces the
// earlier copy. The shop's order facts for every touched day are then recomputed from all its stored lines.
import { Decimal } from "decimal.js";
import type { PrismaClient } from "../db/client.js";
import { Prisma } from "../generated/prisma/client.js";
import type { RateLookup } from "../metrics/fx-repository.js";
import { type FactInput, insertFacts } from "./fact-writer.js";
import type { OrderLine } from "./order-line.js";

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
const CREATOR_METRICS = ["gmv_gross", "orders", "items_sold", "items_returned"];

const COLUMNS = [
  ["workspaceId", "text"],
  ["teamId", "text"],
  ["shopId", "text"],
  ["orderId", "text"],
  ["skuId", "text"],
  ["productId", "text"],
  ["productName", "text"],
  ["status", "text"],
  ["returnType", "text"],
  ["createdLocal", "timestamp"],
  ["localDate", "date"],
  ["currency", "text"],
  ["quantity", "int4"],
  ["returnedQuantity", "int4"],
  ["subtotal", "numeric"],
  ["orderAmount", "numeric"],
  ["orderRefundAmount", "numeric"],
  ["creatorHandle", "text"],
  ["channel", "text"],
  ["source", "text"],
  ["importBatchId", "text"],
] as const;

const columnList = Prisma.raw(COLUMNS.map(([c]) => `"${c}"`).join(", "));
const updateList = Prisma.raw(
  COLUMNS.filter(([c]) => !["workspaceId", "teamId", "shopId", "orderId", "skuId"].includes(c))
    .map(([c]) => `"${c}" = EXCLUDED."${c}"`)
    .concat(`"updatedAt" = now()`)
    .join(", "),
);

/**
 * Upserts a batch in one statement: one array per column, unnested server-side, which is far cheaper than a row of
 * bind parameters per line. The batch must not hold the same (order, SKU) twice (PostgreSQL refuses to update a row
 * twice in one statement): the caller keeps the last copy.
 */
export async function upsertOrderLines(
  tx: Tx,
  shop: ShopTarget,
  lines: OrderLine[],
  batchId: string | null,
  source: "export" | "api",
): Promise<{ created: number; updated: number }> {
  if (lines.length === 0) return { created: 0, updated: 0 };
  const currency = (l: OrderLine) => l.currency ?? shop.currency;
  const values: Record<(typeof COLUMNS)[number][0], unknown[]> = {
    workspaceId: lines.map(() => shop.workspaceId),
    teamId: lines.map(() => shop.teamId),
    shopId: lines.map(() => shop.id),
    orderId: lines.map((l) => l.orderId),
    skuId: lines.map((l) => l.skuId),
    productId: lines.map((l) => l.productId),
    productName: lines.map((l) => l.productName),
    status: lines.map((l) => l.status),
    returnType: lines.map((l) => l.returnType),
    createdLocal: lines.map((l) => l.createdAt.replace("T", " ")),
    localDate: lines.map((l) => l.createdAt.slice(0, 10)),
    currency: lines.map(currency),
    quantity: lines.map((l) => l.quantity),
    returnedQuantity: lines.map((l) => l.returnedQuantity),
    subtotal: lines.map((l) => l.skuSubtotalAfterDiscount),
    orderAmount: lines.map((l) => l.orderAmount),
    orderRefundAmount: lines.map((l) => l.orderRefundAmount),
    creatorHandle: lines.map((l) => l.creatorHandle),
    channel: lines.map((l) => l.channel),
    source: lines.map(() => source),
    importBatchId: lines.map(() => batchId),
  };
  // Numbers, dates and timestamps travel as text arrays and are cast by PostgreSQL, exactly (no float on the way).
  const arrays = Prisma.join(
    COLUMNS.map(([column, type]) => {
      const list = values[column].map((v) => (v === null || v === undefined ? null : String(v)));
      return Prisma.sql`${list}::text[]::${Prisma.raw(type)}[]`;
    }),
  );
  const rows = await tx.$queryRaw<{ inserted: boolean }[]>`
    INSERT INTO "OrderLine" (${columnList})
    SELECT * FROM unnest(${arrays})
    ON CONFLICT ("shopId", "orderId", "skuId") DO UPDATE SET ${updateList}
    RETURNING (xmax = 0) AS inserted`;
  const created = rows.filter((r) => r.inserted).length;
  return { created, updated: rows.length - created };
}

interface Aggregate {
  date: unknown;
  content_type: string;
  currency: string;
  metric: string;
  total: unknown;
  creator_id?: string;
}

const asDate = (iso: string) => new Date(`${iso}T00:00:00Z`);
const isoOf = (value: unknown) =>
  value instanceof Date ? value.toISOString().slice(0, 10) : String(value).slice(0, 10);

// Cancelled and unpaid orders never sold anything: they are kept as lines (a later export may change their status)
// but count in no fact. GMV (gross) is the SKU subtotal after discounts (what the buyer pays for the goods, before
// shipping and before refunds); refunds are the order-level refund amount, once per order.
const AGGREGATE_SQL = (shopId: string, dates: string[]) => Prisma.sql`
  WITH valid AS (
    SELECT "localDate", COALESCE(channel, 'none') AS ct, currency, "orderId", subtotal, quantity,
           "returnedQuantity", "orderRefundAmount", "creatorHandle"
    FROM "OrderLine"
    WHERE "shopId" = ${shopId} AND "localDate" IN (${Prisma.join(dates.map((d) => Prisma.sql`${asDate(d)}::date`))})
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
    WHERE l."shopId" = ${shopId} AND l."localDate" IN (${Prisma.join(dates.map((d) => Prisma.sql`${asDate(d)}::date`))})
      AND l.status NOT IN ('cancelled', 'unpaid')
  )
  SELECT "localDate" AS date, ct AS content_type, currency, creator_id, 'gmv_gross' AS metric, SUM(subtotal) AS total FROM valid GROUP BY 1, 2, 3, 4
  UNION ALL SELECT "localDate", ct, currency, creator_id, 'orders', COUNT(DISTINCT "orderId") FROM valid GROUP BY 1, 2, 3, 4
  UNION ALL SELECT "localDate", ct, currency, creator_id, 'items_sold', SUM(quantity) FROM valid GROUP BY 1, 2, 3, 4
  UNION ALL SELECT "localDate", ct, currency, creator_id, 'items_returned', SUM("returnedQuantity") FROM valid GROUP BY 1, 2, 3, 4`;

const MONEY = new Set(["gmv_gross", "refund_amount"]);

export interface RecomputeResult {
  facts: number;
  /** Order currencies with no FX rate on a day: those amounts could not be converted and are left out. */
  missingRates: string[];
}

/**
 * Replaces the shop's order facts (source "import") on these days with sums over all its stored lines, in the
 * team's currency: a line in another currency is converted at that day's rate, the original kept.
 */
export async function recomputeOrderFacts(
  tx: Tx,
  shop: ShopTarget,
  dates: string[],
  rates: RateLookup,
): Promise<RecomputeResult> {
  if (dates.length === 0) return { facts: 0, missingRates: [] };
  const dateFilter = { in: dates.map(asDate) };
  await tx.fact.deleteMany({
    where: { shopId: shop.id, source: "import", date: dateFilter, metricKey: { in: ORDER_METRICS } },
  });
  // Lines inserted in this transaction have no planner statistics yet; without them PostgreSQL can pick a nested
  // loop over every line per creator for the creator join.
  await tx.$executeRawUnsafe('ANALYZE "OrderLine"');
  // One after the other: a transaction is one connection, and queries on it do not overlap anyway.
  const shopRows = await tx.$queryRaw<Aggregate[]>(AGGREGATE_SQL(shop.id, dates));
  const creatorRows = await tx.$queryRaw<Aggregate[]>(CREATOR_SQL(shop.id, shop.workspaceId, dates));
  const missing = new Set<string>();
  const facts = new Map<string, FactInput>();
  const add = (row: Aggregate, scope: { scopeType: "shop" | "creator"; scopeId: string; creatorId: string | null }) => {
    const date = isoOf(row.date);
    const raw = new Decimal(String(row.total ?? 0));
    let value = raw;
    let fxRateDate: string | null = null;
    const foreign = MONEY.has(row.metric) && row.currency !== shop.currency;
    if (foreign) {
      const rate = rates.rate(row.currency, shop.currency, date);
      if (!rate) {
        missing.add(`${row.currency} ${date}`);
        return;
      }
      value = raw.times(rate.rate).toDecimalPlaces(6);
      fxRateDate = rate.rateDates[0] ?? date;
    }
    const key = `${scope.scopeType}|${scope.scopeId}|${date}|${row.content_type}|${row.metric}`;
    const existing = facts.get(key);
    // Two currencies on one day and channel add up after conversion.
    if (existing) {
      existing.value = new Decimal(existing.value).plus(value).toString();
      if (existing.originalCurrency !== row.currency) {
        existing.originalCurrency = null;
        existing.originalAmount = null;
      } else if (existing.originalAmount) {
        existing.originalAmount = new Decimal(existing.originalAmount).plus(raw).toString();
      }
      return;
    }
    facts.set(key, {
      workspaceId: shop.workspaceId,
      teamId: shop.teamId,
      date,
      metricKey: row.metric,
      scopeType: scope.scopeType,
      scopeId: scope.scopeId,
      shopId: shop.id,
      creatorId: scope.creatorId,
      contentType: row.content_type as FactInput["contentType"],
      value: value.toString(),
      originalCurrency: MONEY.has(row.metric) ? row.currency : null,
      originalAmount: MONEY.has(row.metric) ? raw.toString() : null,
      fxRateDate,
    });
  };
  for (const row of shopRows) add(row, { scopeType: "shop", scopeId: shop.id, creatorId: null });
  for (const row of creatorRows) {
    if (!CREATOR_METRICS.includes(row.metric) || !row.creator_id) continue;
    add(row, { scopeType: "creator", scopeId: row.creator_id, creatorId: row.creator_id });
  }
  const data = [...facts.values()];
  await insertFacts(tx, data);
  return { facts: data.length, missingRates: [...missing] };
}
