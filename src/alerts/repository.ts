// Alert rules, alert events and the fact reads the anomaly scan needs: one team's daily sums per scope, and the
// sums of an incident's days against its baseline days split by one dimension (for the root cause).
import { Decimal } from "decimal.js";
import type { PrismaClient } from "../db/client.js";
import { isUniqueViolation } from "../db/unique-violation.js";
import { likeLiteral } from "../domain/text.js";
import { type AlertEvent, type AlertRule, Prisma } from "../generated/prisma/client.js";
import type { AlertScope, Dimension } from "./types.js";

export interface DailyScopeSum {
  date: string;
  scopeType: "team" | "shop" | "member";
  scopeId: string;
  metricKey: string;
  value: Decimal;
}

export interface SegmentRow {
  segment: string;
  period: "current" | "baseline";
  metricKey: string;
  value: Decimal;
}

export type AlertEventRow = AlertEvent;
export type AlertRuleRow = AlertRule;

const asDate = (iso: string) => new Date(`${iso}T00:00:00Z`);
const isoOf = (value: unknown) =>
  value instanceof Date ? value.toISOString().slice(0, 10) : String(value).slice(0, 10);
const toDecimal = (value: unknown) => new Decimal(value === null || value === undefined ? 0 : String(value));
const dateList = (dates: string[]) => Prisma.join(dates.map((d) => Prisma.sql`${asDate(d)}::date`));

/** Which fact rows make up a scope: a team's own numbers are its shops' (and team-level) facts. */
function scopeFilter(scope: AlertScope, forCreators: boolean): Prisma.Sql {
  if (forCreators) {
    return scope.type === "shop"
      ? Prisma.sql`f."scopeType" = 'creator' AND f."shopId" = ${scope.id}`
      : Prisma.sql`f."scopeType" = 'creator'`;
  }
  if (scope.type === "shop") return Prisma.sql`f."scopeType" = 'shop' AND f."shopId" = ${scope.id}`;
  if (scope.type === "member") return Prisma.sql`f."scopeType" = 'member' AND f."memberId" = ${scope.id}`;
  return Prisma.sql`f."scopeType" IN ('team', 'shop')`;
}

const SEGMENT_SQL: Record<Dimension, Prisma.Sql> = {
  shop: Prisma.sql`COALESCE(f."shopId", '')`,
  market: Prisma.sql`COALESCE(s.market, '')`,
  content_type: Prisma.sql`f."contentType"::text`,
  traffic: Prisma.sql`f.traffic::text`,
  product: Prisma.sql`f."productId"`,
  creator: Prisma.sql`COALESCE(f."creatorId", '')`,
};

/** The workspace a read is confined to (a viewer's, or the team's a scan runs for). */
export interface WorkspaceScope {
  workspaceId: string;
}

export function createAlertRepository(prisma: PrismaClient) {
  return {
    /** Daily sums of one team's facts per scope (the team's own rows, each shop, each member). */
    async dailyScopeSums(teamId: string, metricKeys: string[], from: string, to: string): Promise<DailyScopeSum[]> {
      const rows = await prisma.$queryRaw<
        {
          date: unknown;
          scope_type: "team" | "shop" | "member";
          scope_id: string;
          metric_key: string;
          total: unknown;
        }[]
      >`
        SELECT date, "scopeType"::text AS scope_type, "scopeId" AS scope_id, "metricKey" AS metric_key, SUM(value) AS total
        FROM "Fact"
        WHERE "teamId" = ${teamId} AND "scopeType" IN ('team', 'shop', 'member')
          AND "metricKey" IN (${Prisma.join(metricKeys)})
          AND date BETWEEN ${asDate(from)}::date AND ${asDate(to)}::date
        GROUP BY date, "scopeType", "scopeId", "metricKey"`;
      return rows.map((r) => ({
        date: isoOf(r.date),
        scopeType: r.scope_type,
        scopeId: r.scope_id,
        metricKey: r.metric_key,
        value: toDecimal(r.total),
      }));
    },

    /** Sums of a scope's facts on the incident days and on the baseline days, split by one dimension. */
    async segmentSums(
      teamId: string,
      scope: AlertScope,
      dimension: Dimension,
      metricKeys: string[],
      current: string[],
      baseline: string[],
    ): Promise<SegmentRow[]> {
      const join = dimension === "market" ? Prisma.sql`LEFT JOIN "Shop" s ON s.id = f."shopId"` : Prisma.empty;
      const rows = await prisma.$queryRaw<
        { segment: string; period: "current" | "baseline"; metric_key: string; total: unknown }[]
      >`
        SELECT ${SEGMENT_SQL[dimension]} AS segment,
               CASE WHEN f.date IN (${dateList(current)}) THEN 'current' ELSE 'baseline' END AS period,
               f."metricKey" AS metric_key, SUM(f.value) AS total
        FROM "Fact" f ${join}
        WHERE f."teamId" = ${teamId} AND ${scopeFilter(scope, dimension === "creator")}
          AND f."metricKey" IN (${Prisma.join(metricKeys)})
          AND f.date IN (${dateList([...current, ...baseline])})
        GROUP BY 1, 2, 3`;
      return rows.map((r) => ({
        segment: r.segment,
        period: r.period,
        metricKey: r.metric_key,
        value: toDecimal(r.total),
      }));
    },

    /** A team's shops by id: names for messages, and each shop's zone (its days end at its own midnight). */
    async shopNames(teamId: string): Promise<Map<string, { name: string; market: string; timezone: string }>> {
      const rows = await prisma.shop.findMany({
        where: { teamId },
        select: { id: true, name: true, market: true, timezone: true },
      });
      return new Map(rows.map((r) => [r.id, { name: r.name, market: r.market, timezone: r.timezone }]));
    },

    async creatorHandles(ids: string[]): Promise<Map<string, string>> {
      if (ids.length === 0) return new Map();
      const rows = await prisma.creator.findMany({
        where: { id: { in: ids } },
        select: { id: true, displayHandle: true },
      });
      return new Map(rows.map((r) => [r.id, r.displayHandle]));
    },

    async shopByExternalId(teamId: string, externalId: string): Promise<{ id: string; name: string } | null> {
      return prisma.shop.findFirst({ where: { teamId, externalId }, select: { id: true, name: true } });
    },

    // --- rules -------------------------------------------------------------------------------------------------
    rulesOfTeam(teamId: string): Promise<AlertRule[]> {
      return prisma.alertRule.findMany({ where: { teamId }, orderBy: { createdAt: "asc" } });
    },
    /** People type the last six characters of an id ("#k3x9q2"); ids are random, so that is enough in practice. */
    findRuleBySuffix(workspaceId: string, suffix: string): Promise<AlertRule | null> {
      // endsWith is a LIKE: a typed "%" must not match any rule, nor a "\\" fail the query.
      return prisma.alertRule.findFirst({ where: { workspaceId, id: { endsWith: likeLiteral(suffix) } } });
    },
    createRule(data: Prisma.AlertRuleUncheckedCreateInput): Promise<AlertRule> {
      return prisma.alertRule.create({ data });
    },
    async deleteRule(scope: WorkspaceScope, id: string): Promise<void> {
      await prisma.alertRule.delete({ where: { id, workspaceId: scope.workspaceId } });
    },
    updateRule(scope: WorkspaceScope, id: string, data: Prisma.AlertRuleUncheckedUpdateInput): Promise<AlertRule> {
      return prisma.alertRule.update({ where: { id, workspaceId: scope.workspaceId }, data });
    },

    // --- events ------------------------------------------------------------------------------------------------
    /**
     * Records a new incident. Returns null when another replica (or an earlier run) already holds the key: the
     * unique incident key is what makes "one alert per incident" hold across replicas.
     */
    async createEvent(data: Prisma.AlertEventUncheckedCreateInput): Promise<AlertEvent | null> {
      try {
        return await prisma.alertEvent.create({ data });
      } catch (error) {
        if (isUniqueViolation(error)) return null;
        throw error;
      }
    },
    findEventBySuffix(workspaceId: string, suffix: string): Promise<AlertEvent | null> {
      return prisma.alertEvent.findFirst({
        where: { workspaceId, id: { endsWith: likeLiteral(suffix) } },
        orderBy: { createdAt: "desc" },
      });
    },
    findByKey(incidentKey: string): Promise<AlertEvent | null> {
      return prisma.alertEvent.findUnique({ where: { incidentKey } });
    },
    /** The latest event of one series (rule or detector, metric, scope): to merge a continuing incident. */
    latestOfSeries(
      teamId: string,
      series: { ruleId: string | null; metricKey: string; scopeType: string; scopeId: string },
    ) {
      return prisma.alertEvent.findFirst({
        where: {
          teamId,
          ruleId: series.ruleId,
          metricKey: series.metricKey,
          scopeType: series.scopeType as AlertEvent["scopeType"],
          scopeId: series.scopeId,
        },
        orderBy: { lastDate: "desc" },
      });
    },
    updateEvent(scope: WorkspaceScope, id: string, data: Prisma.AlertEventUncheckedUpdateInput): Promise<AlertEvent> {
      return prisma.alertEvent.update({ where: { id, workspaceId: scope.workspaceId }, data });
    },
    /** Open, acknowledged and snoozed events: what may still resolve. */
    unresolved(teamId: string): Promise<AlertEvent[]> {
      return prisma.alertEvent.findMany({
        where: { teamId, status: { in: ["open", "acknowledged", "snoozed"] } },
        orderBy: [{ lastDate: "desc" }, { createdAt: "asc" }],
      });
    },
    recent(teamId: string, since: string): Promise<AlertEvent[]> {
      return prisma.alertEvent.findMany({
        where: { teamId, lastDate: { gte: asDate(since) } },
        orderBy: [{ lastDate: "desc" }, { createdAt: "asc" }],
        take: 50,
      });
    },
    /**
     * One alert message's events. The workspace is part of the lookup, so a group key taken from another
     * workspace's button finds nothing here, whoever asks.
     */
    group(scope: WorkspaceScope, groupKey: string): Promise<AlertEvent[]> {
      return prisma.alertEvent.findMany({
        where: { workspaceId: scope.workspaceId, groupKey },
        orderBy: { createdAt: "asc" },
      });
    },
    async updateGroup(
      scope: WorkspaceScope,
      groupKey: string,
      data: Prisma.AlertEventUncheckedUpdateManyInput,
    ): Promise<void> {
      await prisma.alertEvent.updateMany({ where: { workspaceId: scope.workspaceId, groupKey }, data });
    },
    /**
     * Whether a group key or event id names an alert of another workspace: never to act on it, only to tell a
     * forged button (refused and audited) from a stale or mistyped one (not found).
     */
    async existsOutside(scope: WorkspaceScope, key: string): Promise<boolean> {
      const row = await prisma.alertEvent.findFirst({
        where: { workspaceId: { not: scope.workspaceId }, OR: [{ groupKey: key }, { id: key }] },
        select: { id: true },
      });
      return row !== null;
    },
    /** Resolves an unresolved event; false when another scan (another replica) got there first. */
    async resolveIfOpen(id: string, at: Date): Promise<boolean> {
      const { count } = await prisma.alertEvent.updateMany({
        where: { id, status: { in: ["open", "acknowledged", "snoozed"] } },
        data: { status: "resolved", resolvedAt: at },
      });
      return count === 1;
    },
    /** Snoozes that ran out become open alerts again (they show in /alert list and the digest). */
    async wakeSnoozed(teamId: string, now: Date): Promise<void> {
      await prisma.alertEvent.updateMany({
        where: { teamId, status: "snoozed", snoozedUntil: { lte: now } },
        data: { status: "open", snoozedUntil: null },
      });
    },
    /** Alert messages already posted for a team since an instant: the daily cap counts these. */
    async postedGroupsSince(teamId: string, since: Date): Promise<number> {
      const rows = await prisma.alertEvent.findMany({
        where: { teamId, postedAt: { gte: since } },
        distinct: ["groupKey"],
        select: { groupKey: true },
      });
      return rows.length;
    },
  };
}

export type AlertRepository = ReturnType<typeof createAlertRepository>;
