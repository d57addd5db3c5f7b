// EXPLAIN ANALYZE of the queries src/metrics/repository.ts sends for /kpi board and /kpi team (the same SQL text,
// parameters inlined), printed with `--explain`, to see where the time goes when the ratio is bad.
import type pg from "pg";
import type { Window } from "./baseline.js";

const list = (values: string[]) => values.map((v) => `'${v.replace(/'/g, "''")}'`).join(", ");

export interface ExplainInput {
  workspaceId: string;
  teamId: string;
  teamMetrics: string[];
  board: Window;
  team: { current: Window; previous: Window };
}

export function repositoryQueries(input: ExplainInput): { name: string; sql: string }[] {
  const { board, team } = input;
  const between = (w: Window) => `date BETWEEN '${w.from}'::date AND '${w.to}'::date`;
  return [
    {
      name: "board: memberSumsInWorkspace",
      sql: `
SELECT s.key, s.metric_key, s.total
FROM (
  SELECT "memberId" AS key, "metricKey" AS metric_key, SUM(value) AS total
  FROM "Fact"
  WHERE "workspaceId" = '${input.workspaceId}' AND "scopeType" = 'member'
    AND "metricKey" IN ('gmv_gross')
    AND ${between(board)}
  GROUP BY "memberId", "metricKey"
) s
JOIN "Member" m ON m.id = s.key
WHERE m."workspaceId" = '${input.workspaceId}' AND m.active
  AND m."teamId" IN (SELECT id FROM "Team" WHERE "workspaceId" = '${input.workspaceId}')`,
    },
    {
      name: "team: teamFigures, the windows part (current, previous; the days not in yet left out)",
      sql: `
SELECT "scopeType"::text AS scope_type, "metricKey" AS metric_key,
       SUM(value) FILTER (WHERE ${between(team.current)}) AS cur,
       SUM(value) FILTER (WHERE ${between(team.previous)}) AS prev
FROM "Fact"
WHERE "teamId" = '${input.teamId}' AND "scopeType" IN ('team', 'shop', 'member')
  AND "metricKey" IN (${list(input.teamMetrics)})
  AND (${between(team.current)} OR ${between(team.previous)})
GROUP BY "scopeType", "metricKey"`,
    },
    {
      name: "team: teamFigures, the members part (top members)",
      sql: `
SELECT "memberId" AS key, "metricKey" AS metric_key, SUM(value) AS total
FROM "Fact"
WHERE "scopeType" = 'member'
  AND "memberId" IN (SELECT id FROM "Member" WHERE "teamId" = '${input.teamId}' AND active)
  AND "metricKey" IN ('gmv_gross')
  AND ${between(team.current)}
GROUP BY "memberId", "metricKey"`,
    },
    {
      name: "team: teamFigures, the FX part",
      sql: `
SELECT DISTINCT date, "fxRateDate" AS rate_date FROM "Fact"
WHERE "teamId" IN (${list([input.teamId])})
  AND "metricKey" IN (${list(input.teamMetrics)})
  AND ${between(team.current)}
  AND "fxRateDate" IS NOT NULL AND "fxRateDate" <> date
ORDER BY date LIMIT 20`,
    },
  ];
}

export async function explainAll(client: pg.Client, input: ExplainInput): Promise<void> {
  for (const q of repositoryQueries(input)) {
    const { rows } = await client.query<{ "QUERY PLAN": string }>(`EXPLAIN (ANALYZE, BUFFERS) ${q.sql}`);
    console.log(`\n--- ${q.name}`);
    for (const r of rows) console.log(r["QUERY PLAN"]);
  }
}
