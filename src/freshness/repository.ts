// SourceDay rows: what each feed delivered per local day, written in the same transaction as the data they describe
// (so a day is never marked in while its rows are rolled back), and read back per team for the freshness rules.
import type { DateTime } from "luxon";
import type { PrismaClient } from "../db/client.js";
import { Prisma } from "../generated/prisma/client.js";
import type { Tx } from "../imports/order-store.js";
import type { FeedSource, FeedSummary, RecentDay, ShopInfo } from "./rules.js";
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

/** One packed recent day: "2026-11-22+1795410000000" (the date, "+" whole or "-" not, the arrival in epoch ms). */
function recentDay(packed: string): RecentDay {
  return { date: packed.slice(0, 10), complete: packed[10] === "+", arrivedAt: Number(packed.slice(11)) };
}

export function createFreshnessRepository(prisma: PrismaClient) {
  return {
    /**
     * The feeds of these teams since `now` − LOOKBACK_DAYS, one row per feed, summed up in SQL (FeedSummary): first,
     * last and last complete day, and only the last USUAL_DAYS (+2 days of slack for the zones) day by day, packed
     * into one string (date, complete flag, arrival in epoch ms). The rules read every recent day (runs of complete
     * days, arrival times) and nothing else of the older ones. A board of 50 teams reads a hundred short rows, not
     * 1,800 rows of timestamps built into objects on every command; the shops are read alongside.
     */
    async teamFeeds(teamIds: string[], now: DateTime): Promise<{ feeds: FeedSummary[]; shops: ShopInfo[] }> {
      if (teamIds.length === 0) return { feeds: [], shops: [] };
      const utc = now.toUTC();
      const asDate = (daysBack: number) => new Date(`${utc.minus({ days: daysBack }).toISODate()}T00:00:00Z`);
      const since = asDate(LOOKBACK_DAYS + 1);
      const recentSince = asDate(USUAL_DAYS + 2);
      const teams = Prisma.join(teamIds);
      const [rows, shops] = await Promise.all([
        prisma.$queryRaw<
          {
            teamId: string;
            shopId: string;
            source: string;
            first: string;
            last: string;
            lastComplete: string | null;
            recent: string | null;
          }[]
        >`
          SELECT "teamId", "shopId", source, to_char(MIN(date), 'YYYY-MM-DD') AS first,
                 to_char(MAX(date), 'YYYY-MM-DD') AS last,
                 to_char(MAX(date) FILTER (WHERE complete), 'YYYY-MM-DD') AS "lastComplete",
                 string_agg(
                   to_char(date, 'YYYY-MM-DD') || CASE WHEN complete THEN '+' ELSE '-' END ||
                     (extract(epoch FROM COALESCE("completedAt", "firstSeenAt")) * 1000)::bigint::text,
                   ' ' ORDER BY date) FILTER (WHERE date >= ${recentSince}::date) AS recent
          FROM "SourceDay"
          WHERE "teamId" IN (${teams}) AND date >= ${since}::date
          GROUP BY "teamId", "shopId", source
          ORDER BY "teamId", "shopId", source`,
        prisma.$queryRaw<ShopInfo[]>`
          SELECT id, "teamId", name, timezone FROM "Shop" WHERE "teamId" IN (${teams})`,
      ]);
      const feeds = rows.map(
        (r): FeedSummary => ({
          teamId: r.teamId,
          shopId: r.shopId === "" ? null : r.shopId,
          source: r.source as FeedSource,
          firstDay: r.first,
          lastDay: r.last,
          lastCompleteDay: r.lastComplete,
          recent: r.recent ? r.recent.split(" ").map(recentDay) : [],
        }),
      );
      return { feeds, shops };
    },
  };
}

export type FreshnessRepository = ReturnType<typeof createFreshnessRepository>;
