// The hand-written SQL baseline of the morning digest's numbers, for every team of a workspace at once: two
// statements on one plain `pg` connection, nothing computed in JavaScript but parsing. Each team's "yesterday"
// is its local date at `now` minus one day (from Team.timezone, in SQL); its month is the month of that date.
// The team dates are a MATERIALIZED CTE: inlined, PostgreSQL would redo the time zone conversion in every
// FILTER of every fact row (2× slower).
//   - team: yesterday's GMV and month to date, from shop- and team-scoped facts when the team has any in its month
//     to date, else from member-scoped facts (never both: a host's attributed GMV is in the shop's orders too);
//   - member (active members of the team): yesterday, month to date, and the usual day: the average of the same
//     weekday over the 4 weeks before yesterday (the 4 dates yesterday − 7, 14, 21, 28 days), over the member's own
//     facts.
import type pg from "pg";

const LOCAL_DATES = `
  SELECT t.id AS team_id, d.yday, date_trunc('month', d.yday)::date AS mstart
  FROM "Team" t CROSS JOIN LATERAL (SELECT (($2::timestamptz AT TIME ZONE t.timezone)::date - 1) AS yday) d
  WHERE t."workspaceId" = $1`;

export const TEAM_DIGEST_SQL = `
WITH w AS MATERIALIZED (${LOCAL_DATES}
), s AS (
  SELECT w.team_id, w.yday, w.mstart,
    count(f.id) FILTER (WHERE f."scopeType" <> 'member') AS org_rows,
    SUM(f.value) FILTER (WHERE f."scopeType" <> 'member' AND f.date = w.yday) AS org_yesterday,
    SUM(f.value) FILTER (WHERE f."scopeType" <> 'member') AS org_mtd,
    SUM(f.value) FILTER (WHERE f."scopeType" = 'member' AND f.date = w.yday) AS member_yesterday,
    SUM(f.value) FILTER (WHERE f."scopeType" = 'member') AS member_mtd
  FROM w LEFT JOIN "Fact" f
    ON f."teamId" = w.team_id AND f."metricKey" = 'gmv_gross' AND f."scopeType" IN ('team', 'shop', 'member')
   AND f.date BETWEEN w.mstart AND w.yday
  GROUP BY w.team_id, w.yday, w.mstart
)
SELECT team_id, yday::text AS yesterday, mstart::text AS month_start, org_rows > 0 AS from_org,
  COALESCE(CASE WHEN org_rows > 0 THEN org_yesterday ELSE member_yesterday END, 0)::text AS yesterday_gmv,
  COALESCE(CASE WHEN org_rows > 0 THEN org_mtd ELSE member_mtd END, 0)::text AS mtd_gmv
FROM s ORDER BY team_id`;

export const MEMBER_DIGEST_SQL = `
WITH w AS MATERIALIZED (${LOCAL_DATES}
)
SELECT w.team_id, m.id AS member_id,
  COALESCE(SUM(f.value) FILTER (WHERE f.date = w.yday), 0)::text AS yesterday,
  COALESCE(SUM(f.value) FILTER (WHERE f.date >= w.mstart), 0)::text AS mtd,
  (COALESCE(SUM(f.value) FILTER (WHERE f.date IN (w.yday - 7, w.yday - 14, w.yday - 21, w.yday - 28)), 0) / 4)::text
    AS usual
FROM w JOIN "Member" m ON m."teamId" = w.team_id AND m.active
LEFT JOIN "Fact" f
  ON f."memberId" = m.id AND f."scopeType" = 'member' AND f."metricKey" = 'gmv_gross'
 AND f.date BETWEEN LEAST(w.mstart, w.yday - 28) AND w.yday
GROUP BY w.team_id, m.id
ORDER BY w.team_id, m.id`;

export interface SqlTeamDigest {
  teamId: string;
  yesterday: string;
  monthStart: string;
  fromOrg: boolean;
  yesterdayGmv: string;
  mtdGmv: string;
  members: Map<string, { yesterday: string; mtd: string; usual: string }>;
}

export async function digestBaseline(
  client: pg.Client,
  workspaceId: string,
  now: Date,
): Promise<Map<string, SqlTeamDigest>> {
  const params = [workspaceId, now.toISOString()];
  const teams = await client.query<{
    team_id: string;
    yesterday: string;
    month_start: string;
    from_org: boolean;
    yesterday_gmv: string;
    mtd_gmv: string;
  }>(TEAM_DIGEST_SQL, params);
  const members = await client.query<{
    team_id: string;
    member_id: string;
    yesterday: string;
    mtd: string;
    usual: string;
  }>(MEMBER_DIGEST_SQL, params);
  const result = new Map<string, SqlTeamDigest>();
  for (const r of teams.rows) {
    result.set(r.team_id, {
      teamId: r.team_id,
      yesterday: r.yesterday,
      monthStart: r.month_start,
      fromOrg: r.from_org,
      yesterdayGmv: r.yesterday_gmv,
      mtdGmv: r.mtd_gmv,
      members: new Map(),
    });
  }
  for (const r of members.rows) {
    result.get(r.team_id)?.members.set(r.member_id, { yesterday: r.yesterday, mtd: r.mtd, usual: r.usual });
  }
  return result;
}
