// What the morning digest needs on top of the /kpi benchmark's workspace (bench/support/seed.ts), added with a
// few SQL statements after seeding:
//   - recipients: the seed makes one lead per team (member 1) and one manager ("boss", team 1 member 2); two more
//     managers (member 2 of teams 2 and 3, one of them reading Chinese) make three workspace-wide digests;
//   - team GMV month targets (three tiers) for the odd teams, so attainment and pace are computed;
//   - both sides of the team GMV rule: teams ≡ 5 (mod 10) lose their shop GMV facts (their GMV comes from member
//     facts), teams 3 and 4 get team-scoped GMV facts on top of their shops' (summed with them);
//   - an inactive member in team 5 (their facts still count in the team's fallback, but they get no line);
//   - creator stage changes around the teams' local yesterday, and open and resolved alerts, so those reads
//     return rows (checked against what is inserted here: see `expectedExtras`).
import pg from "pg";
import { type SeedSize, WORKSPACE_ID } from "./seed.js";

export const MANAGER_TEAMS = [1, 2, 3];
export const ZH_MANAGER_TEAM = 3;
/** Teams with GMV targets this month. */
export const targetTeam = (t: number) => t % 2 === 1;
/** Teams whose GMV comes from member facts (no shop or team GMV facts). */
export const memberOnlyTeam = (t: number) => t % 10 === 5;
/** Teams with team-scoped GMV facts besides their shops'. */
export const TEAM_FACT_TEAMS = [3, 4];
export const INACTIVE = { team: 5, member: 20 };
const CREATORS_PER_TEAM = 2;
/** Teams with open alerts (2 open and 1 resolved each). */
export const alertTeam = (t: number) => t % 5 === 0;
export const OPEN_ALERTS_PER_TEAM = 2;

export interface ExtrasResult {
  ms: number;
  targets: number;
  memberOnlyTeams: number;
  teamFacts: number;
  removedShopFacts: number;
}

/** `monthStart`: the first day of the month the digest reports on (targets are for that month). */
export async function addDigestData(url: string, size: SeedSize, monthStart: string): Promise<ExtrasResult> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const start = performance.now();
  try {
    const teams = Array.from({ length: size.teams }, (_, i) => i + 1);
    const teamList = (pick: (t: number) => boolean) => `ARRAY[${teams.filter(pick).join(",") || "0"}]::int[]`;
    await client.query(`
UPDATE "Member" SET role = 'manager' WHERE id IN (${MANAGER_TEAMS.filter((t) => t <= size.teams)
      .map((t) => `'bm_' || lpad(${t}::text, 3, '0') || '_002'`)
      .join(", ")});
UPDATE "Member" SET language = 'zh' WHERE id = 'bm_' || lpad(${ZH_MANAGER_TEAM}::text, 3, '0') || '_002';
UPDATE "Member" SET active = false
  WHERE id = 'bm_' || lpad(${INACTIVE.team}::text, 3, '0') || '_' || lpad(${INACTIVE.member}::text, 3, '0');`);

    // Targets: base around a month of the team's expected GMV (two shops × ~100k a day), stretch +20 %, challenge +50 %.
    const targets = await client.query(`
INSERT INTO "Target" (id, "workspaceId", "teamId", "scopeType", "scopeId", "metricKey", "periodKind", "periodStart", currency)
SELECT 'btg_' || lpad(t::text, 3, '0'), '${WORKSPACE_ID}', 'bt_' || lpad(t::text, 3, '0'), 'team',
       'bt_' || lpad(t::text, 3, '0'), 'gmv_gross', 'month', '${monthStart}'::date, 'USD'
FROM unnest(${teamList(targetTeam)}) AS t`);
    await client.query(`
INSERT INTO "TargetTier" (id, "targetId", rank, name, value)
SELECT 'btg_' || lpad(t::text, 3, '0') || '_' || r, 'btg_' || lpad(t::text, 3, '0'), r,
       (ARRAY['base', 'stretch', 'challenge'])[r], (5200000 + t * 15000) * (ARRAY[1.0, 1.2, 1.5])[r]
FROM unnest(${teamList(targetTeam)}) AS t CROSS JOIN generate_series(1, 3) AS r`);

    const removed = await client.query(`
DELETE FROM "Fact" WHERE "teamId" IN (SELECT 'bt_' || lpad(t::text, 3, '0') FROM unnest(${teamList(memberOnlyTeam)}) AS t)
  AND "metricKey" = 'gmv_gross' AND "scopeType" IN ('shop', 'team')`);
    const teamFacts = await client.query(`
INSERT INTO "Fact" ("workspaceId", "teamId", date, "metricKey", "scopeType", "scopeId", value, source)
SELECT '${WORKSPACE_ID}', 'bt_' || lpad(t::text, 3, '0'), '${size.endDate}'::date - d, 'gmv_gross', 'team',
       'bt_' || lpad(t::text, 3, '0'), ((t * 7919 + d * 104729) % 500000)::numeric / 100 + 0.005, 'bench'
FROM unnest(ARRAY[${TEAM_FACT_TEAMS.filter((t) => t <= size.teams && !memberOnlyTeam(t)).join(",") || "0"}]::int[]) AS t
CROSS JOIN generate_series(0, ${size.days - 1}) AS d`);

    // Per team: creators with stage changes at 00:30, 10:00 and 23:30 local yesterday, 00:30 local today (not
    // yesterday) and one two days ago. Yesterday local: from the end date (the clock's date) minus one.
    await client.query(`
INSERT INTO "Creator" (id, "workspaceId", "teamId", handle, "displayHandle", stage)
SELECT 'bc_' || lpad(t::text, 3, '0') || '_' || c, '${WORKSPACE_ID}', 'bt_' || lpad(t::text, 3, '0'),
       'creator-' || t || '-' || c, '@creator-' || t || '-' || c, 'replied'
FROM generate_series(1, ${size.teams}) AS t CROSS JOIN generate_series(1, ${CREATORS_PER_TEAM}) AS c;
INSERT INTO "CreatorStageChange" (id, "creatorId", "fromStage", "toStage", "changedAt")
SELECT 'bsc_' || cr.id || '_' || x.n, cr.id, x.from_stage::"CreatorStage", x.to_stage::"CreatorStage",
       ((('${size.endDate}'::date + x.day_offset) + x.local_time) AT TIME ZONE tm.timezone) AT TIME ZONE 'UTC'
FROM "Creator" cr JOIN "Team" tm ON tm.id = cr."teamId"
CROSS JOIN (VALUES
  (1, NULL, 'prospect', -1, time '00:30'),
  (2, 'prospect', 'contacted', -1, time '10:00'),
  (3, 'contacted', 'replied', -1, time '23:30'),
  (4, 'replied', 'sample_requested', 0, time '00:30'),
  (5, NULL, 'prospect', -2, time '12:00')
) AS x(n, from_stage, to_stage, day_offset, local_time)
WHERE cr."workspaceId" = '${WORKSPACE_ID}'`);
    await client.query(`
INSERT INTO "AlertEvent" (id, "workspaceId", "teamId", "metricKey", "scopeType", "scopeId", "incidentKey",
                          "firstDate", "lastDate", severity, status, observed, expected)
SELECT 'bae_' || lpad(t::text, 3, '0') || '_' || a, '${WORKSPACE_ID}', 'bt_' || lpad(t::text, 3, '0'),
       (ARRAY['gmv_gross', 'orders', 'ad_spend'])[a], 'team', 'bt_' || lpad(t::text, 3, '0'),
       'bench:' || t || ':' || a, '${size.endDate}'::date - a, '${size.endDate}'::date - 1,
       (ARRAY['warning', 'critical', 'warning'])[a], (ARRAY['open', 'open', 'resolved'])[a]::"AlertStatus", 1000, 2000
FROM unnest(${teamList(alertTeam)}) AS t CROSS JOIN generate_series(1, ${OPEN_ALERTS_PER_TEAM + 1}) AS a`);

    // VACUUM cannot share a (multi-statement, hence implicit) transaction; it resets the visibility map the
    // DELETE cleared, so index-only scans work as after seeding.
    await client.query(`VACUUM ANALYZE "Fact"`);
    await client.query(`ANALYZE "Member"; ANALYZE "Target"; ANALYZE "TargetTier"; ANALYZE "Creator";
ANALYZE "CreatorStageChange"; ANALYZE "AlertEvent"; CHECKPOINT`);
    return {
      ms: performance.now() - start,
      targets: targets.rowCount ?? 0,
      memberOnlyTeams: teams.filter(memberOnlyTeam).length,
      teamFacts: teamFacts.rowCount ?? 0,
      removedShopFacts: removed.rowCount ?? 0,
    };
  } finally {
    await client.end();
  }
}

/** What the digest of team number `t` must show besides the GMV numbers, by construction of the rows above. */
export function expectedExtras(t: number): { stageEntries: Record<string, number>; openAlerts: number } {
  return {
    // 00:30, 10:00 and 23:30 local yesterday count; 00:30 today and two days ago do not.
    stageEntries: { prospect: CREATORS_PER_TEAM, contacted: CREATORS_PER_TEAM, replied: CREATORS_PER_TEAM },
    openAlerts: alertTeam(t) ? OPEN_ALERTS_PER_TEAM : 0,
  };
}
