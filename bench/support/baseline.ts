// The hand-written SQL baselines: one query per command that returns the same answer as Starling, run on a
// single plain `pg` connection. Dates are computed here independently of src/ (month to date in the viewer's
// or team's zone; the previous window is the same days of the previous month, clipped to its end).
import { DateTime } from "luxon";
import type pg from "pg";

export interface Window {
  from: string;
  to: string;
}

/**
 * Month to date through the last complete day: yesterday (the seed's shops are complete through it; today is never
 * complete), and the same number of days of the previous month.
 */
export function monthToDate(now: DateTime, zone: string): { current: Window; previous: Window } {
  const local = now.setZone(zone).minus({ days: 1 });
  const start = local.startOf("month");
  const elapsed = local.startOf("day").diff(start, "days").days;
  const prevStart = start.minus({ months: 1 });
  const prevEnd = DateTime.min(prevStart.plus({ days: elapsed }), start.minus({ days: 1 }));
  const iso = (d: DateTime) => d.toISODate() as string;
  return {
    current: { from: iso(start), to: iso(local) },
    previous: { from: iso(prevStart), to: iso(prevEnd) },
  };
}

export interface BoardAnswer {
  rows: { rank: number; handle: string; total: string }[];
  viewer: { rank: number; total: string } | null;
}

/** Top 10 members by GMV month to date (ties as Starling: role desc, handle), plus the viewer's own rank. */
export const BOARD_SQL = `
WITH totals AS (
  SELECT "memberId", SUM(value) AS total
  FROM "Fact"
  WHERE "workspaceId" = $1 AND "scopeType" = 'member' AND "metricKey" = 'gmv_gross'
    AND date BETWEEN $2::date AND $3::date
  GROUP BY "memberId"
), ranked AS (
  SELECT m.handle, t.total, row_number() OVER (ORDER BY t.total DESC, m.role DESC, m.handle) AS rank
  FROM totals t JOIN "Member" m ON m.id = t."memberId"
  WHERE m.active AND m."teamId" IS NOT NULL
)
SELECT rank::int, handle, total::text FROM ranked WHERE rank <= 10 OR handle = $4 ORDER BY rank`;

export async function boardBaseline(
  client: pg.Client,
  workspaceId: string,
  window: Window,
  viewerHandle: string,
): Promise<BoardAnswer> {
  const { rows } = await client.query<{ rank: number; handle: string; total: string }>(BOARD_SQL, [
    workspaceId,
    window.from,
    window.to,
    viewerHandle,
  ]);
  const mine = rows.find((r) => r.handle === viewerHandle);
  return { rows: rows.filter((r) => r.rank <= 10), viewer: mine ? { rank: mine.rank, total: mine.total } : null };
}

export interface TeamAnswer {
  /** Per stored metric: the team total (shop/team facts when there are any, else member facts). */
  current: Map<string, string>;
  previous: Map<string, string>;
  top: { handle: string; total: string }[];
}

/**
 * A team's month to date and previous window per stored metric, rolled up like Starling (org-level facts win
 * over member facts per metric and window), plus the team's top 5 members by GMV, in one statement.
 */
export const TEAM_SQL = `
WITH sums AS (
  SELECT "metricKey" AS metric,
    SUM(value) FILTER (WHERE "scopeType" <> 'member' AND date BETWEEN $3::date AND $4::date) AS cur_org,
    SUM(value) FILTER (WHERE "scopeType" = 'member' AND date BETWEEN $3::date AND $4::date) AS cur_member,
    SUM(value) FILTER (WHERE "scopeType" <> 'member' AND date BETWEEN $5::date AND $6::date) AS prev_org,
    SUM(value) FILTER (WHERE "scopeType" = 'member' AND date BETWEEN $5::date AND $6::date) AS prev_member
  FROM "Fact"
  WHERE "teamId" = $1 AND "scopeType" IN ('team', 'shop', 'member') AND "metricKey" = ANY($2::text[])
    AND (date BETWEEN $3::date AND $4::date OR date BETWEEN $5::date AND $6::date)
  GROUP BY "metricKey"
)
SELECT 'sum' AS kind, metric AS name, COALESCE(cur_org, cur_member)::text AS cur,
       COALESCE(prev_org, prev_member)::text AS prev
FROM sums
UNION ALL
(SELECT 'top', m.handle, SUM(f.value)::text, NULL
 FROM "Member" m JOIN "Fact" f ON f."memberId" = m.id
 WHERE m."teamId" = $1 AND m.active AND f."scopeType" = 'member' AND f."metricKey" = 'gmv_gross'
   AND f.date BETWEEN $3::date AND $4::date
 GROUP BY m.handle ORDER BY SUM(f.value) DESC, m.handle LIMIT 5)`;

export async function teamBaseline(
  client: pg.Client,
  teamId: string,
  metricKeys: string[],
  windows: { current: Window; previous: Window },
): Promise<TeamAnswer> {
  const { rows } = await client.query<{ kind: string; name: string; cur: string | null; prev: string | null }>(
    TEAM_SQL,
    [teamId, metricKeys, windows.current.from, windows.current.to, windows.previous.from, windows.previous.to],
  );
  const answer: TeamAnswer = { current: new Map(), previous: new Map(), top: [] };
  for (const r of rows) {
    if (r.kind === "top") answer.top.push({ handle: r.name, total: r.cur ?? "0" });
    else {
      if (r.cur !== null) answer.current.set(r.name, r.cur);
      if (r.prev !== null) answer.previous.set(r.name, r.prev);
    }
  }
  return answer;
}
