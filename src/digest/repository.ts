// The few reads a morning digest needs beyond facts and targets, batched for every team at once: creator stage
// entries in a time range, and alerts still open.
import { Decimal } from "decimal.js";
import type { PrismaClient } from "../db/client.js";
import type { Stage } from "../domain/pipeline.js";
import { Prisma } from "../generated/prisma/client.js";

export interface OpenAlert {
  teamId: string;
  metricKey: string;
  severity: string;
  firstDate: string;
  scopeType: string;
  scopeId: string;
  /** The shop's name for a shop's alert (what a "no data" alert is about); null for other scopes. */
  shopName: string | null;
}

export interface FactRow {
  date: string;
  metricKey: string;
  scopeType: string;
  scope: string;
  contentType: string | null;
  traffic: string | null;
  value: string;
  originalCurrency: string | null;
  originalAmount: string | null;
  source: string;
}

export interface BestContent {
  kind: string;
  handle: string;
  localDate: string;
  gmv: Decimal;
  tags: string[];
}

export interface MemberDigestSums {
  memberId: string;
  yesterday: Decimal;
  mtd: Decimal;
  /** Sum over the same-weekday dates asked for (the caller divides by their count). */
  sameWeekdays: Decimal;
}

export function createDigestRepository(prisma: PrismaClient) {
  return {
    /**
     * Per member, one metric summed three ways in one pass: yesterday, month to date, and over the same weekday of
     * earlier weeks. Summing in SQL returns one row per member instead of one per member and day.
     */
    async memberSums(
      memberIds: string[],
      metricKey: string,
      /** `through`: the last complete day, where month to date ends (yesterday when every shop is in). */
      days: { yesterday: string; monthStart: string; through: string; sameWeekdays: string[] },
    ): Promise<MemberDigestSums[]> {
      if (memberIds.length === 0) return [];
      const d = (iso: string) => new Date(`${iso}T00:00:00Z`);
      const weekdays = days.sameWeekdays.map(d);
      const rows = await prisma.$queryRaw<{ member_id: string; y: unknown; mtd: unknown; usual: unknown }[]>`
        SELECT "memberId" AS member_id,
               SUM(value) FILTER (WHERE date = ${d(days.yesterday)}::date) AS y,
               SUM(value) FILTER (WHERE date BETWEEN ${d(days.monthStart)}::date AND ${d(days.through)}::date) AS mtd,
               SUM(value) FILTER (WHERE date = ANY(${weekdays}::date[])) AS usual
        FROM "Fact"
        WHERE "scopeType" = 'member' AND "memberId" IN (${Prisma.join(memberIds)}) AND "metricKey" = ${metricKey}
          AND (date BETWEEN ${d(days.monthStart)}::date AND ${d(days.yesterday)}::date OR date = ANY(${weekdays}::date[]))
        GROUP BY "memberId"`;
      const dec = (v: unknown) => new Decimal(v === null || v === undefined ? 0 : String(v));
      return rows.map((r) => ({
        memberId: r.member_id,
        yesterday: dec(r.y),
        mtd: dec(r.mtd),
        sameWeekdays: dec(r.usual),
      }));
    },

    /** Every fact of a team over local dates [from, to], with readable scope names: the weekly report's CSV. */
    async teamFacts(teamId: string, from: string, to: string): Promise<FactRow[]> {
      const rows = await prisma.$queryRaw<
        {
          date: Date;
          metric_key: string;
          scope_type: string;
          scope: string | null;
          content_type: string | null;
          traffic: string | null;
          value: unknown;
          original_currency: string | null;
          original_amount: unknown;
          source: string;
        }[]
      >`
        SELECT f.date, f."metricKey" AS metric_key, f."scopeType"::text AS scope_type,
               COALESCE(m.handle, s.name, c."displayHandle", t.slug) AS scope,
               f."contentType"::text AS content_type, f.traffic::text AS traffic, f.value,
               f."originalCurrency" AS original_currency, f."originalAmount" AS original_amount, f.source
        FROM "Fact" f
        LEFT JOIN "Member" m ON m.id = f."memberId" AND f."scopeType" = 'member'
        LEFT JOIN "Shop" s ON s.id = f."shopId" AND f."scopeType" = 'shop'
        LEFT JOIN "Creator" c ON c.id = f."creatorId" AND f."scopeType" = 'creator'
        LEFT JOIN "Team" t ON t.id = f."teamId"
        WHERE f."teamId" = ${teamId}
          AND f.date BETWEEN ${new Date(`${from}T00:00:00Z`)}::date AND ${new Date(`${to}T00:00:00Z`)}::date
        ORDER BY f.date, f."metricKey", scope_type, scope`;
      return rows.map((r) => ({
        date: r.date.toISOString().slice(0, 10),
        metricKey: r.metric_key,
        scopeType: r.scope_type,
        scope: r.scope ?? "",
        contentType: r.content_type,
        traffic: r.traffic,
        value: String(r.value),
        originalCurrency: r.original_currency,
        originalAmount: r.original_amount === null ? null : String(r.original_amount),
        source: r.source,
      }));
    },

    /** The logged videos and LIVE sessions that sold most in [from, to] (team currency), undone ones left out. */
    async bestContent(teamId: string, from: string, to: string, limit = 3): Promise<BestContent[]> {
      const rows = await prisma.contentLog.findMany({
        where: {
          teamId,
          undoneAt: null,
          gmvInTeamCurrency: { gt: 0 },
          localDate: { gte: new Date(`${from}T00:00:00Z`), lte: new Date(`${to}T00:00:00Z`) },
        },
        orderBy: { gmvInTeamCurrency: "desc" },
        take: limit,
        include: { member: { select: { handle: true } } },
      });
      return rows.map((r) => ({
        kind: r.kind,
        handle: r.member.handle,
        localDate: r.localDate.toISOString().slice(0, 10),
        gmv: new Decimal(String(r.gmvInTeamCurrency)),
        tags: r.tags,
      }));
    },

    /** Creator stage entries of these teams in [from, to): each with its team and instant. */
    async stageEntries(teamIds: string[], from: Date, to: Date) {
      if (teamIds.length === 0) return [];
      const rows = await prisma.creatorStageChange.findMany({
        where: { changedAt: { gte: from, lt: to }, creator: { teamId: { in: teamIds } } },
        select: { toStage: true, changedAt: true, creator: { select: { teamId: true } } },
      });
      return rows.map((r) => ({ teamId: r.creator.teamId as string, stage: r.toStage as Stage, at: r.changedAt }));
    },

    async openAlerts(teamIds: string[]): Promise<OpenAlert[]> {
      if (teamIds.length === 0) return [];
      const rows = await prisma.alertEvent.findMany({
        where: { teamId: { in: teamIds }, status: "open" },
        select: { teamId: true, metricKey: true, severity: true, firstDate: true, scopeType: true, scopeId: true },
        orderBy: { firstDate: "desc" },
        take: 200,
      });
      const shopIds = [...new Set(rows.filter((r) => r.scopeType === "shop").map((r) => r.scopeId))];
      const shops = shopIds.length
        ? await prisma.shop.findMany({ where: { id: { in: shopIds } }, select: { id: true, name: true } })
        : [];
      const names = new Map(shops.map((s) => [s.id, s.name]));
      return rows.map((r) => ({
        ...r,
        firstDate: r.firstDate.toISOString().slice(0, 10),
        shopName: names.get(r.scopeId) ?? null,
      }));
    },
  };
}

export type DigestRepository = ReturnType<typeof createDigestRepository>;
