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

/** What teamFigures returns: a team's sums over three windows, its active members' sums, its FX notes. */
export interface TeamFigures {
  current: ScopedSum[];
  previous: ScopedSum[];
  partial: ScopedSum[];
  members: ScopedSum[];
  fxFallbacks: { date: string; rateDate: string }[];
}

/** Local dates [from, to], inclusive; empty when from > to. */
export interface FactWindow {
  from: string;
  to: string;
}

const asDate = (iso: string) => new Date(`${iso}T00:00:00Z`);
// Sums come as text (`::text`): exact, and no driver-side decimal object built per row only to be printed again.
const toDecimal = (value: unknown) => new Decimal(value === null || value === undefined ? 0 : String(value));
const isoOf = (value: unknown) =>
  value instanceof Date ? value.toISOString().slice(0, 10) : String(value).slice(0, 10);

export function createFactRepository(prisma: PrismaClient) {
  return {
    /** Per member and metric: member-scoped facts only (what the member logged or was attributed). */
    async memberSums(memberIds: string[], range: FactRange): Promise<ScopedSum[]> {
      if (memberIds.length === 0 || range.metricKeys.length === 0) return [];
      const rows = await prisma.$queryRaw<{ key: string; metric_key: string; total: unknown }[]>`
        SELECT "memberId" AS key, "metricKey" AS metric_key, SUM(value)::text AS total
        FROM "Fact"
        WHERE "scopeType" = 'member' AND "memberId" IN (${Prisma.join(memberIds)})
          AND "metricKey" IN (${Prisma.join(range.metricKeys)})
          AND date BETWEEN ${asDate(range.from)}::date AND ${asDate(range.to)}::date
        GROUP BY "memberId", "metricKey"`;
      return rows.map((r) => ({ key: r.key, scopeType: "member", metricKey: r.metric_key, value: toDecimal(r.total) }));
    },

    /**
     * The leaderboard query: per member and metric, the member-scoped facts of a workspace (or only those recorded
     * for `factTeams`), for the members who are active now in one of `memberTeams`. Summed first, then matched
     * against the roster: a thousand members' totals are joined, not every fact row.
     */
    async memberSumsInWorkspace(
      workspaceId: string,
      teams: { factTeams: string[] | null; memberTeams: string[] },
      range: FactRange,
    ): Promise<ScopedSum[]> {
      if (range.metricKeys.length === 0 || teams.memberTeams.length === 0) return [];
      const teamFilter = teams.factTeams
        ? Prisma.sql`AND "teamId" IN (${Prisma.join(teams.factTeams.length ? teams.factTeams : [""])})`
        : Prisma.empty;
      const rows = await prisma.$queryRaw<{ key: string; metric_key: string; total: unknown }[]>`
        SELECT s.key, s.metric_key, s.total::text AS total
        FROM (
          SELECT "memberId" AS key, "metricKey" AS metric_key, SUM(value)::text AS total
          FROM "Fact"
          WHERE "workspaceId" = ${workspaceId} AND "scopeType" = 'member' ${teamFilter}
            AND "metricKey" IN (${Prisma.join(range.metricKeys)})
            AND date BETWEEN ${asDate(range.from)}::date AND ${asDate(range.to)}::date
          GROUP BY "memberId", "metricKey"
        ) s
        JOIN "Member" m ON m.id = s.key
        WHERE m."workspaceId" = ${workspaceId} AND m.active AND m."teamId" IN (${Prisma.join(teams.memberTeams)})`;
      return rows.map((r) => ({ key: r.key, scopeType: "member", metricKey: r.metric_key, value: toDecimal(r.total) }));
    },

    /**
     * What /kpi team reads once its span is known, in one statement (one round trip instead of five): teamSums over
     * the period so far, the same days of the previous period and the days not in yet, in one pass over the facts
     * (a window's list has a row only where the window has facts, as teamSums alone); the member sums of the members
     * active in the team now, wherever their facts were recorded (its top members, without reading the roster
     * first); and the FX notes of the period (fxFallbacks). A part whose metric list is empty is left out.
     */
    async teamFigures(
      teamId: string,
      ask: {
        windows: { current: FactWindow; previous: FactWindow; partial: FactWindow | null };
        windowMetrics: string[];
        memberMetrics: string[];
        fxMetrics: string[];
      },
    ): Promise<TeamFigures> {
      const result: TeamFigures = { current: [], previous: [], partial: [], members: [], fxFallbacks: [] };
      const between = (w: FactWindow) => Prisma.sql`date BETWEEN ${asDate(w.from)}::date AND ${asDate(w.to)}::date`;
      const { current, previous, partial } = ask.windows;
      const parts: Prisma.Sql[] = [];
      if (ask.windowMetrics.length) {
        parts.push(Prisma.sql`(
          SELECT 'team' AS kind, "scopeType"::text AS key, "metricKey" AS metric_key,
                 (SUM(value) FILTER (WHERE ${between(current)}))::text AS cur,
                 (SUM(value) FILTER (WHERE ${between(previous)}))::text AS prev,
                 ${partial ? Prisma.sql`(SUM(value) FILTER (WHERE ${between(partial)}))::text` : Prisma.sql`NULL::text`} AS part,
                 NULL::text AS day, NULL::text AS rate_day
          FROM "Fact"
          WHERE "teamId" = ${teamId} AND "scopeType" IN ('team', 'shop', 'member')
            AND "metricKey" IN (${Prisma.join(ask.windowMetrics)})
            AND (${between(current)} OR ${between(previous)} ${partial ? Prisma.sql`OR ${between(partial)}` : Prisma.empty})
          GROUP BY "scopeType", "metricKey")`);
      }
      if (ask.memberMetrics.length) {
        parts.push(Prisma.sql`(
          SELECT 'member' AS kind, "memberId" AS key, "metricKey" AS metric_key, SUM(value)::text AS cur, NULL::text AS prev,
                 NULL::text AS part, NULL::text AS day, NULL::text AS rate_day
          FROM "Fact"
          WHERE "scopeType" = 'member'
            AND "memberId" IN (SELECT id FROM "Member" WHERE "teamId" = ${teamId} AND active)
            AND "metricKey" IN (${Prisma.join(ask.memberMetrics)})
            AND ${between(current)}
          GROUP BY "memberId", "metricKey")`);
      }
      if (ask.fxMetrics.length) {
        parts.push(Prisma.sql`(
          SELECT DISTINCT 'fx' AS kind, NULL::text AS key, NULL::text AS metric_key, NULL::text AS cur,
                 NULL::text AS prev, NULL::text AS part, to_char(date, 'YYYY-MM-DD') AS day,
                 to_char("fxRateDate", 'YYYY-MM-DD') AS rate_day
          FROM "Fact"
          WHERE "teamId" = ${teamId} AND "metricKey" IN (${Prisma.join(ask.fxMetrics)}) AND ${between(current)}
            AND "fxRateDate" IS NOT NULL AND "fxRateDate" <> date
          ORDER BY day LIMIT 20)`);
      }
      if (parts.length === 0) return result;
      const rows = await prisma.$queryRaw<
        {
          kind: "team" | "member" | "fx";
          key: string | null;
          metric_key: string | null;
          cur: unknown;
          prev: unknown;
          part: unknown;
          day: string | null;
          rate_day: string | null;
        }[]
      >`${Prisma.join(parts, " UNION ALL ")}`;
      for (const r of rows) {
        if (r.kind === "fx") {
          result.fxFallbacks.push({ date: r.day as string, rateDate: r.rate_day as string });
          continue;
        }
        const sum = (value: unknown): ScopedSum => ({
          key: r.kind === "team" ? teamId : (r.key as string),
          scopeType: r.kind === "team" ? (r.key as FactScope) : "member",
          metricKey: r.metric_key as string,
          value: toDecimal(value),
        });
        if (r.kind === "member") {
          result.members.push(sum(r.cur));
          continue;
        }
        // SUM over no rows is NULL: the window has no facts of this scope and metric.
        if (r.cur !== null) result.current.push(sum(r.cur));
        if (r.prev !== null) result.previous.push(sum(r.prev));
        if (r.part !== null) result.partial.push(sum(r.part));
      }
      // UNION ALL keeps no order across its parts: the notes are listed by day, as fxFallbacks lists them.
      result.fxFallbacks.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
      return result;
    },

    /** Per team, fact scope and metric: the service decides which scope a team total comes from. */
    async teamSums(teamIds: string[], range: FactRange): Promise<ScopedSum[]> {
      if (teamIds.length === 0 || range.metricKeys.length === 0) return [];
      const rows = await prisma.$queryRaw<{ key: string; scope_type: FactScope; metric_key: string; total: unknown }[]>`
        SELECT "teamId" AS key, "scopeType"::text AS scope_type, "metricKey" AS metric_key, SUM(value)::text AS total
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
        SELECT "memberId" AS key, to_char(date, 'YYYY-MM-DD') AS date, "metricKey" AS metric_key,
               SUM(value)::text AS total
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
        SELECT "teamId" AS key, to_char(date, 'YYYY-MM-DD') AS date, "scopeType"::text AS scope_type,
               "metricKey" AS metric_key, SUM(value)::text AS total
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
