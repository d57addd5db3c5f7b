// The other exports' rows (affiliate creators and videos, LIVE sessions, settlements), upserted by natural key, and
// the facts some of them feed: LIVE sessions give the shop's LIVE count, minutes and viewers per day; affiliate videos
// give each known creator's videos posted per day. Affiliate creator totals and settlements are kept as records only:
// they cover a period, not a day, or they are money movements rather than sales (the orders export holds those).
import { Prisma } from "../generated/prisma/client.js";
import { type FactInput, insertFacts } from "./fact-writer.js";
import type { ShopTarget, Tx } from "./order-store.js";
import type { ExportKind, RecordRow } from "./parsed.js";

const asDate = (iso: string) => new Date(`${iso}T00:00:00Z`);

export async function upsertRecords(
  tx: Tx,
  shop: ShopTarget,
  rows: RecordRow[],
  batchId: string | null,
): Promise<{ created: number; updated: number }> {
  if (rows.length === 0) return { created: 0, updated: 0 };
  // One copy per key in a statement (PostgreSQL refuses to update a row twice in one INSERT … ON CONFLICT).
  const byKey = new Map(rows.map((r) => [`${r.kind}|${r.naturalKey}`, r]));
  const list = [...byKey.values()];
  const result = await tx.$queryRaw<{ inserted: boolean }[]>`
    INSERT INTO "ImportedRecord" ("workspaceId", "shopId", kind, "naturalKey", "localDate", data, "importBatchId")
    SELECT ${shop.workspaceId}, ${shop.id}, k, n, d::date, j::jsonb, ${batchId}
    FROM unnest(${list.map((r) => r.kind)}::text[], ${list.map((r) => r.naturalKey)}::text[],
                ${list.map((r) => r.localDate)}::text[],
                ${list.map((r) => JSON.stringify({ ...r.data, creatorHandle: r.creatorHandle, line: r.line }))}::text[])
         AS u(k, n, d, j)
    ON CONFLICT ("workspaceId", kind, "naturalKey")
    DO UPDATE SET data = EXCLUDED.data, "localDate" = EXCLUDED."localDate", "shopId" = EXCLUDED."shopId",
                  "importBatchId" = EXCLUDED."importBatchId", "updatedAt" = now()
    RETURNING (xmax = 0) AS inserted`;
  const created = result.filter((r) => r.inserted).length;
  return { created, updated: result.length - created };
}

/** What every fact of a record kind shares: the shop and team, the day, and no original currency. */
function common(shop: ShopTarget, date: unknown) {
  const day = date instanceof Date ? date.toISOString().slice(0, 10) : String(date).slice(0, 10);
  return {
    workspaceId: shop.workspaceId,
    teamId: shop.teamId,
    shopId: shop.id,
    date: day,
    originalCurrency: null,
    originalAmount: null,
    fxRateDate: null,
  };
}

const LIVE_METRICS = ["live_sessions", "live_minutes", "live_viewers"];

/** Recomputes the facts fed by one kind of record on these days (source "import"). Returns how many were written. */
export async function recomputeRecordFacts(
  tx: Tx,
  shop: ShopTarget,
  kind: ExportKind,
  dates: string[],
): Promise<{ facts: number }> {
  if (dates.length === 0) return { facts: 0 };
  const dateList = Prisma.join(dates.map((d) => Prisma.sql`${asDate(d)}::date`));
  if (kind === "live_sessions") {
    await tx.fact.deleteMany({
      where: { shopId: shop.id, source: "import", metricKey: { in: LIVE_METRICS }, date: { in: dates.map(asDate) } },
    });
    const rows = await tx.$queryRaw<{ date: unknown; sessions: unknown; minutes: unknown; viewers: unknown }[]>`
      SELECT "localDate" AS date, COUNT(*) AS sessions,
             ROUND(SUM(COALESCE((data->>'durationSeconds')::numeric, 0)) / 60, 2) AS minutes,
             SUM(COALESCE((data->>'viewers')::numeric, 0)) AS viewers
      FROM "ImportedRecord"
      WHERE "shopId" = ${shop.id} AND kind = 'live_session' AND "localDate" IN (${dateList})
      GROUP BY 1`;
    const data = rows.flatMap((r) =>
      (
        [
          ["live_sessions", r.sessions],
          ["live_minutes", r.minutes],
          ["live_viewers", r.viewers],
        ] as const
      ).map(
        ([metricKey, value]): FactInput => ({
          ...common(shop, r.date),
          metricKey,
          scopeType: "shop",
          scopeId: shop.id,
          creatorId: null,
          contentType: "live",
          value: String(value ?? 0),
        }),
      ),
    );
    await insertFacts(tx, data);
    return { facts: data.length };
  }
  if (kind === "affiliate_videos") {
    await tx.fact.deleteMany({
      where: {
        shopId: shop.id,
        source: "import",
        metricKey: "videos_posted",
        scopeType: "creator",
        date: { in: dates.map(asDate) },
      },
    });
    const rows = await tx.$queryRaw<{ date: unknown; creator_id: string; videos: unknown }[]>`
      SELECT r."localDate" AS date, c.id AS creator_id, COUNT(*) AS videos
      FROM "ImportedRecord" r
      JOIN "Creator" c ON c."workspaceId" = ${shop.workspaceId} AND c.platform = 'tiktok' AND c.handle = r.data->>'creatorHandle'
      WHERE r."shopId" = ${shop.id} AND r.kind = 'affiliate_video' AND r."localDate" IN (${dateList})
      GROUP BY 1, 2`;
    const data = rows.map(
      (r): FactInput => ({
        ...common(shop, r.date),
        metricKey: "videos_posted",
        scopeType: "creator",
        scopeId: r.creator_id,
        creatorId: r.creator_id,
        contentType: "video",
        value: String(r.videos),
      }),
    );
    await insertFacts(tx, data);
    return { facts: data.length };
  }
  return { facts: 0 };
}
