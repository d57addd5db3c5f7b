// SourceDay rows: what each feed delivered per local day, written in the same transaction as the data they describe
// (so a day is never marked in while its rows are rolled back), and read back per team for the freshness rules.
import type { DateTime } from "luxon";
import type { PrismaClient } from "../db/client.js";
import { Prisma } from "../generated/prisma/client.js";
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
      // Raw rows with the day as text: a board of 50 teams reads a few thousand of them on every command, and
      // building a Prisma object and a Date per row was most of its cost.
      const [rows, shops] = await Promise.all([
        prisma.$queryRaw<
          {
            teamId: string;
            shopId: string;
            source: string;
            day: string;
            complete: boolean;
            firstSeenAt: Date;
            completedAt: Date | null;
          }[]
        >`
          SELECT "teamId", "shopId", source, to_char(date, 'YYYY-MM-DD') AS day, complete, "firstSeenAt", "completedAt"
          FROM "SourceDay"
          WHERE "teamId" IN (${Prisma.join(teamIds)}) AND date >= ${new Date(`${since}T00:00:00Z`)}::date
          ORDER BY "teamId", "shopId", source, date`,
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
          date: r.day,
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
