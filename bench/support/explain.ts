// EXPLAIN ANALYZE of the queries src/metrics/repository.ts sends for /kpi board and /kpi team (same SQL text,
// parameters inlined), printed with `--explain`, to see where the time goes when the ratio is bad.
import type pg from "pg";
import type { Window } from "./baseline.js";

const list = (values: string[]) => values.map((v) => `'${v.replace(/'/g, "''")}'`).join(", ");

export interface ExplainInput {
  workspaceId: string;
  teamId: string;
  teamMemberIds: string[];
  teamMetrics: string[];
  board: Window;
  team: { current: Window; previous: Window };
}

export function repositoryQueries(input: ExplainInput): { name: string; sql: string }[] {
  const { board, team } = input;
  const teamSums = (w: Window) => `
SELECT "teamId" AS key, "scopeType"::text AS scope_type, "metricKey" AS metric_key, SUM(value) AS total
FROM "Fact"
WHERE "teamId" IN (${list([input.teamId])}) AND "scopeType" IN ('team', 'shop', 'member')
  AND "metricKey" IN (${list(input.teamMetrics)})
  AND date BETWEEN '${w.from}'::date AND '${w.to}'::date
GROUP BY "teamId", "scopeType", "metricKey"`;
  return [
    {
      name: "board: memberSumsInWorkspace",
      sql: `
SELECT "memberId" AS key, "metricKey" AS metric_key, SUM(value) AS total
FROM "Fact"
WHERE "workspaceId" = '${input.workspaceId}' AND "scopeType" = 'member'
  AND "metricKey" IN ('gmv_gross')
  AND date BETWEEN '${board.from}'::date AND '${board.to}'::date
GROUP BY "memberId", "metricKey"`,
    },
    { name: "team: teamSums (current)", sql: teamSums(team.current) },
    { name: "team: teamSums (previous)", sql: teamSums(team.previous) },
    {
      name: "team: memberSums (top members)",
      sql: `
SELECT "memberId" AS key, "metricKey" AS metric_key, SUM(value) AS total
FROM "Fact"
WHERE "scopeType" = 'member' AND "memberId" IN (${list(input.teamMemberIds)})
  AND "metricKey" IN ('gmv_gross')
  AND date BETWEEN '${team.current.from}'::date AND '${team.current.to}'::date
GROUP BY "memberId", "metricKey"`,
    },
    {
      name: "team: fxFallbacks",
      sql: `
SELECT DISTINCT date, "fxRateDate" AS rate_date FROM "Fact"
WHERE "teamId" IN (${list([input.teamId])})
  AND "metricKey" IN (${list(input.teamMetrics)})
  AND date BETWEEN '${team.current.from}'::date AND '${team.current.to}'::date
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
