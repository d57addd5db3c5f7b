// SourceDay rows: what each feed delivered per local day, written in the same transaction as the data they describe
// (so a day is never marked in while its rows are rolled back), and read back per team for the freshness rules.
import type { DateTime } from "luxon";
import type { PrismaClient } from "../db/client.js";
import type { Tx } from "../imports/order-store.js";
import type { FeedDay, FeedSource, ShopInfo } from "./rules.js";
import { LOOKBACK_DAYS } from "./rules.js";

export interface FeedWrite {
  workspaceId: string;
  teamId: string;
  /** null for a team-level feed. */
  shopId: string | null;
  source: FeedSource;
  /** Days that received data. */
  dataDays: string[];
  /** Days the source declares whole (with or without data: a quiet day is whole too). */
  completeDays: string[];
}

const isoOf = (value: unknown) =>
  value instanceof Date ? value.toISOString().slice(0, 10) : String(value).slice(0, 10);

/**
 * Upserts one row per day: a day keeps the time its data first arrived, and once complete stays complete (a later
 * partial export of a whole day does not make it partial again: its rows only add to or replace lines).
 */
export async function recordFeedDays(tx: Tx, write: FeedWrite, at: Date): Promise<void> {
  const complete = new Set(write.completeDays);
  const days = [...new Set([...write.dataDays, ...write.completeDays])].sort();
  if (days.length === 0) return;
  const flags = days.map((d) => (complete.has(d) ? "t" : "f"));
  await tx.$executeRaw`
    INSERT INTO "SourceDay" ("teamId", "shopId", source, date, "workspaceId", complete, "firstSeenAt", "completedAt")
    SELECT ${write.teamId}, ${write.shopId ?? ""}, ${write.source}, d::date, ${write.workspaceId}, c::boolean, ${at},
           CASE WHEN c::boolean THEN ${at}::timestamp END
    FROM unnest(${days}::text[], ${flags}::text[]) AS u(d, c)
    ON CONFLICT ("teamId", "shopId", source, date) DO UPDATE
      SET complete = "SourceDay".complete OR EXCLUDED.complete,
          "completedAt" = COALESCE("SourceDay"."completedAt", EXCLUDED."completedAt")`;
}

export function createFreshnessRepository(prisma: PrismaClient) {
  return {
    /** The feeds' days of these teams since `now` − LOOKBACK_DAYS (a day of slack for the zones), with their shops. */
    async teamFeeds(teamIds: string[], now: DateTime): Promise<{ days: FeedDay[]; shops: ShopInfo[] }> {
      if (teamIds.length === 0) return { days: [], shops: [] };
      const since = now
        .toUTC()
        .minus({ days: LOOKBACK_DAYS + 1 })
        .toISODate() as string;
      const [rows, shops] = await Promise.all([
        prisma.sourceDay.findMany({
          where: { teamId: { in: teamIds }, date: { gte: new Date(`${since}T00:00:00Z`) } },
          select: {
            teamId: true,
            shopId: true,
            source: true,
            date: true,
            complete: true,
            firstSeenAt: true,
            completedAt: true,
          },
          orderBy: [{ teamId: "asc" }, { shopId: "asc" }, { source: "asc" }, { date: "asc" }],
        }),
        prisma.shop.findMany({
          where: { teamId: { in: teamIds } },
          select: { id: true, teamId: true, name: true, timezone: true },
        }),
      ]);
      return {
        days: rows.map((r) => ({
          teamId: r.teamId,
          shopId: r.shopId === "" ? null : r.shopId,
          source: r.source as FeedSource,
          date: isoOf(r.date),
          complete: r.complete,
          firstSeenAt: r.firstSeenAt,
          completedAt: r.completedAt,
        })),
        shops,
      };
    },
  };
}

export type FreshnessRepository = ReturnType<typeof createFreshnessRepository>;
