// SourceDay rows: what each feed delivered per local day, written in the same transaction as the data they describe
// (so a day is never marked in while its rows are rolled back), and read back per team for the freshness rules.
import type { DateTime } from "luxon";
import type { PrismaClient } from "../db/client.js";
import { Prisma } from "../generated/prisma/client.js";
import type { Tx } from "../imports/order-store.js";
import type { FeedDay, FeedSource, ShopInfo } from "./rules.js";
import { LOOKBACK_DAYS, USUAL_DAYS } from "./rules.js";

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
    /**
     * The feeds' days of these teams since `now` − LOOKBACK_DAYS. Only the last USUAL_DAYS (+2 days of slack for the
     * zones) come as rows: the rules read every day there (runs of complete days, arrival times). Older days matter
     * only as a feed's first and last day and its last complete day, so they come as those three per feed, summed up
     * in SQL: a board of 50 teams reads a few hundred rows instead of thousands on every command.
     */
    async teamFeeds(teamIds: string[], now: DateTime): Promise<{ days: FeedDay[]; shops: ShopInfo[] }> {
      if (teamIds.length === 0) return { days: [], shops: [] };
      const utc = now.toUTC();
      const asDate = (daysBack: number) => new Date(`${utc.minus({ days: daysBack }).toISODate()}T00:00:00Z`);
      const since = asDate(LOOKBACK_DAYS + 1);
      const recentSince = asDate(USUAL_DAYS + 2);
      const teams = Prisma.join(teamIds);
      const [rows, older, shops] = await Promise.all([
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
          WHERE "teamId" IN (${teams}) AND date >= ${recentSince}::date
          ORDER BY "teamId", "shopId", source, date`,
        prisma.$queryRaw<
          { teamId: string; shopId: string; source: string; first: string; last: string; lastComplete: string | null }[]
        >`
          SELECT "teamId", "shopId", source, to_char(MIN(date), 'YYYY-MM-DD') AS first,
                 to_char(MAX(date), 'YYYY-MM-DD') AS last,
                 to_char(MAX(date) FILTER (WHERE complete), 'YYYY-MM-DD') AS "lastComplete"
          FROM "SourceDay"
          WHERE "teamId" IN (${teams}) AND date >= ${since}::date AND date < ${recentSince}::date
          GROUP BY "teamId", "shopId", source`,
        prisma.shop.findMany({
          where: { teamId: { in: teamIds } },
          select: { id: true, teamId: true, name: true, timezone: true },
        }),
      ]);
      const days: FeedDay[] = [];
      const feedOf = (r: { teamId: string; shopId: string; source: string }) => ({
        teamId: r.teamId,
        shopId: r.shopId === "" ? null : r.shopId,
        source: r.source as FeedSource,
      });
      // The older days as the three the rules can tell apart (their arrival times are never read: too old).
      const long = new Date(0);
      for (const r of older) {
        const marks = new Map<string, boolean>([
          [r.first, r.first === r.lastComplete],
          [r.last, r.last === r.lastComplete],
        ]);
        if (r.lastComplete) marks.set(r.lastComplete, true);
        for (const [date, complete] of marks)
          days.push({ ...feedOf(r), date, complete, firstSeenAt: long, completedAt: null });
      }
      for (const r of rows) {
        days.push({
          ...feedOf(r),
          date: r.day,
          complete: r.complete,
          firstSeenAt: r.firstSeenAt,
          completedAt: r.completedAt,
        });
      }
      return { days, shops };
    },
  };
}

export type FreshnessRepository = ReturnType<typeof createFreshnessRepository>;
