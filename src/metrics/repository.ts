// Sums of daily facts. Only additive (stored) metrics are summed here; ratios are computed from these sums
// in src/domain/metrics.ts, so a ratio over a period is never an average of daily ratios.
import { Decimal } from "decimal.js";
import type { PrismaClient } from "../db/client.js";
import { Prisma } from "../generated/prisma/client.js";

export type FactScope = "member" | "team" | "shop" | "creator";

export interface ScopedSum {
  /** The id the rows are grouped by: a member id, or a team id for team sums. */
  key: string;
  scopeType: FactScope;
  metricKey: string;
  value: Decimal;
}

export interface DailySum extends ScopedSum {
  date: string;
}

export interface FactRange {
  metricKeys: string[];
  from: string;
  to: string;
}

const asDate = (iso: string) => new Date(`${iso}T00:00:00Z`);
const toDecimal = (value: unknown) => new Decimal(value === null || value === undefined ? 0 : String(value));
const isoOf = (value: unknown) =>
  value instanceof Date ? value.toISOString().slice(0, 10) : String(value).slice(0, 10);

export function createFactRepository(prisma: PrismaClient) {
  return {
    /** Per member and metric: member-scoped facts only (what the member logged or was attributed). */
    async memberSums(memberIds: string[], range: FactRange): Promise<ScopedSum[]> {
      if (memberIds.length === 0 || range.metricKeys.length === 0) return [];
      const rows = await prisma.$queryRaw<{ key: string; metric_key: string; total: unknown }[]>`
        SELECT "memberId" AS key, "metricKey" AS metric_key, SUM(value) AS total
        FROM "Fact"
        WHERE "scopeType" = 'member' AND "memberId" IN (${Prisma.join(memberIds)})
          AND "metricKey" IN (${Prisma.join(range.metricKeys)})
          AND date BETWEEN ${asDate(range.from)}::date AND ${asDate(range.to)}::date
        GROUP BY "memberId", "metricKey"`;
      return rows.map((r) => ({ key: r.key, scopeType: "member", metricKey: r.metric_key, value: toDecimal(r.total) }));
    },

    /** Members of a workspace (or of some teams) ranked by one stored metric: the leaderboard query. */
    async memberSumsInWorkspace(workspaceId: string, teamIds: string[] | null, range: FactRange): Promise<ScopedSum[]> {
      if (range.metricKeys.length === 0) return [];
      const teamFilter = teamIds
        ? Prisma.sql`AND "teamId" IN (${Prisma.join(teamIds.length ? teamIds : [""])})`
        : Prisma.empty;
      const rows = await prisma.$queryRaw<{ key: string; metric_key: string; total: unknown }[]>`
        SELECT "memberId" AS key, "metricKey" AS metric_key, SUM(value) AS total
        FROM "Fact"
        WHERE "workspaceId" = ${workspaceId} AND "scopeType" = 'member' ${teamFilter}
          AND "metricKey" IN (${Prisma.join(range.metricKeys)})
          AND date BETWEEN ${asDate(range.from)}::date AND ${asDate(range.to)}::date
        GROUP BY "memberId", "metricKey"`;
      return rows.map((r) => ({ key: r.key, scopeType: "member", metricKey: r.metric_key, value: toDecimal(r.total) }));
    },

    /** Per team, fact scope and metric: the service decides which scope a team total comes from. */
    async teamSums(teamIds: string[], range: FactRange): Promise<ScopedSum[]> {
      if (teamIds.length === 0 || range.metricKeys.length === 0) return [];
      const rows = await prisma.$queryRaw<{ key: string; scope_type: FactScope; metric_key: string; total: unknown }[]>`
        SELECT "teamId" AS key, "scopeType"::text AS scope_type, "metricKey" AS metric_key, SUM(value) AS total
        FROM "Fact"
        WHERE "teamId" IN (${Prisma.join(teamIds)}) AND "scopeType" IN ('team', 'shop', 'member')
          AND "metricKey" IN (${Prisma.join(range.metricKeys)})
          AND date BETWEEN ${asDate(range.from)}::date AND ${asDate(range.to)}::date
        GROUP BY "teamId", "scopeType", "metricKey"`;
      return rows.map((r) => ({
        key: r.key,
        scopeType: r.scope_type,
        metricKey: r.metric_key,
        value: toDecimal(r.total),
      }));
    },

    /** Daily member sums, for pacing and the weekday pattern. */
    async memberDaily(memberIds: string[], range: FactRange): Promise<DailySum[]> {
      if (memberIds.length === 0 || range.metricKeys.length === 0) return [];
      const rows = await prisma.$queryRaw<{ key: string; date: unknown; metric_key: string; total: unknown }[]>`
        SELECT "memberId" AS key, date, "metricKey" AS metric_key, SUM(value) AS total
        FROM "Fact"
        WHERE "scopeType" = 'member' AND "memberId" IN (${Prisma.join(memberIds)})
          AND "metricKey" IN (${Prisma.join(range.metricKeys)})
          AND date BETWEEN ${asDate(range.from)}::date AND ${asDate(range.to)}::date
        GROUP BY "memberId", date, "metricKey"`;
      return rows.map((r) => ({
        key: r.key,
        scopeType: "member",
        date: isoOf(r.date),
        metricKey: r.metric_key,
        value: toDecimal(r.total),
      }));
    },

    async teamDaily(teamIds: string[], range: FactRange): Promise<DailySum[]> {
      if (teamIds.length === 0 || range.metricKeys.length === 0) return [];
      const rows = await prisma.$queryRaw<
        { key: string; date: unknown; scope_type: FactScope; metric_key: string; total: unknown }[]
      >`
        SELECT "teamId" AS key, date, "scopeType"::text AS scope_type, "metricKey" AS metric_key, SUM(value) AS total
        FROM "Fact"
        WHERE "teamId" IN (${Prisma.join(teamIds)}) AND "scopeType" IN ('team', 'shop', 'member')
          AND "metricKey" IN (${Prisma.join(range.metricKeys)})
          AND date BETWEEN ${asDate(range.from)}::date AND ${asDate(range.to)}::date
        GROUP BY "teamId", date, "scopeType", "metricKey"`;
      return rows.map((r) => ({
        key: r.key,
        scopeType: r.scope_type,
        date: isoOf(r.date),
        metricKey: r.metric_key,
        value: toDecimal(r.total),
      }));
    },

    /** The FX rate dates a team's money facts in a range were converted with, when not the fact's own day. */
    async fxFallbacks(teamIds: string[], range: FactRange): Promise<{ date: string; rateDate: string }[]> {
      if (teamIds.length === 0) return [];
      const rows = await prisma.$queryRaw<{ date: unknown; rate_date: unknown }[]>`
        SELECT DISTINCT date, "fxRateDate" AS rate_date FROM "Fact"
        WHERE "teamId" IN (${Prisma.join(teamIds)})
          AND "metricKey" IN (${Prisma.join(range.metricKeys.length ? range.metricKeys : [""])})
          AND date BETWEEN ${asDate(range.from)}::date AND ${asDate(range.to)}::date
          AND "fxRateDate" IS NOT NULL AND "fxRateDate" <> date
        ORDER BY date LIMIT 20`;
      return rows.map((r) => ({ date: isoOf(r.date), rateDate: isoOf(r.rate_date) }));
    },
  };
}

export type FactRepository = ReturnType<typeof createFactRepository>;

/**
 * A team's total of a stored metric comes from its shop- and team-level facts (orders, ad spend) when it
 * has any; activity that only members log (videos posted, creators contacted) comes from member facts.
 * Adding both would count a host's attributed GMV twice: once in the shop's orders, once in the host's log.
 */
export function rollUpTeam(
  sums: ScopedSum[],
  /**
   * Per team, the metrics whose shop/team facts are the source, decided over a wider window than `sums` (the whole
   * period, for one of its days or its partial tail). Without it, a day or a tail with no shop sales yet would take
   * the team's GMV from a host's own log: a number of another kind, shown as if it were the shops'.
   */
  orgSource?: Map<string, Set<string>>,
): Map<string, Map<string, Decimal>> {
  const byTeam = new Map<string, Map<string, { org: Decimal | null; member: Decimal | null }>>();
  for (const s of sums) {
    const metrics = byTeam.get(s.key) ?? new Map();
    byTeam.set(s.key, metrics);
    const entry = metrics.get(s.metricKey) ?? { org: null, member: null };
    if (s.scopeType === "member") entry.member = (entry.member ?? new Decimal(0)).plus(s.value);
    else if (s.scopeType === "team" || s.scopeType === "shop") entry.org = (entry.org ?? new Decimal(0)).plus(s.value);
    metrics.set(s.metricKey, entry);
  }
  const result = new Map<string, Map<string, Decimal>>();
  for (const [team, metrics] of byTeam) {
    const totals = new Map<string, Decimal>();
    const fromOrg = orgSource?.get(team);
    for (const [metric, entry] of metrics) {
      const value = fromOrg?.has(metric) ? entry.org : (entry.org ?? entry.member);
      if (value) totals.set(metric, value);
    }
    result.set(team, totals);
  }
  return result;
}

/** Per team, the stored metrics that have shop- or team-level facts in `sums`: where rollUpTeam takes them from. */
export function orgSourceOf(...lists: ScopedSum[][]): Map<string, Set<string>> {
  const result = new Map<string, Set<string>>();
  for (const sums of lists) {
    for (const s of sums) {
      if (s.scopeType !== "team" && s.scopeType !== "shop") continue;
      const metrics = result.get(s.key) ?? new Set<string>();
      metrics.add(s.metricKey);
      result.set(s.key, metrics);
    }
  }
  return result;
}
