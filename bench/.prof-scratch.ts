// scratch (not to keep)
import { DateTime } from "luxon";
import pg from "pg";
import { loadConfig } from "../src/config.js";
import { baseMetricsFor } from "../src/domain/metrics.js";
import { silentLogger } from "../src/log.js";
import { startStarling } from "../src/main.js";
import { TEAM_HEADLINE } from "../src/metrics/kpi-service.js";
import { createFactRepository } from "../src/metrics/repository.js";
import { createTargetRepository } from "../src/targets/repository.js";
import { startPostgres } from "../test/support/postgres-server.js";
import { monthToDate } from "./support/baseline.js";
import { seed, WORKSPACE_ID } from "./support/seed.js";
import { measure, ms } from "./support/timing.js";

const NOW = DateTime.fromISO("2026-11-23T06:00:00Z", { zone: "utc" });
const teams = Number(process.argv[2] ?? 50);
const server = await startPostgres();
const admin = new pg.Client({ connectionString: server.adminUrl });
await admin.connect();
await admin.query("CREATE DATABASE b");
await admin.end();
const url = server.urlFor("b");
const app = await startStarling(
  { ...loadConfig({ PORT: "0", DEMO_DATA: "off" }), database: { kind: "postgres", url } },
  { logger: silentLogger, host: "127.0.0.1", clock: () => NOW },
);
try {
  await seed(url, { teams, members: 20, days: 365, endDate: "2026-11-23" });
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  const m = app.services.members;
  const facts = createFactRepository(app.db.prisma);
  const targets = createTargetRepository(app.db.prisma);
  const boss = (await m.findByHandle(WORKSPACE_ID, "boss"))!;
  const lead = (await m.findByHandle(WORKSPACE_ID, "lead-002"))!;
  const w = monthToDate(NOW, "Asia/Jakarta").current;
  const tw = monthToDate(NOW, "Europe/London");
  const base = [...new Set(TEAM_HEADLINE.flatMap(baseMetricsFor))];
  const teamMembers = await m.listTeamMembers(lead.team!.id);
  const boardSql = `SELECT "memberId" AS key, "metricKey" AS metric_key, SUM(value) AS total FROM "Fact" WHERE "workspaceId" = $1 AND "scopeType" = 'member' AND "metricKey" IN ($2) AND date BETWEEN $3::date AND $4::date GROUP BY "memberId", "metricKey"`;
  await c.query("CHECKPOINT");
  const probes: [string, () => Promise<unknown>][] = [
    ["http GET /api/playground/feed", () => fetch(`${app.url}/api/playground/feed`).then((r) => r.json())],
    [
      "http /kpi define roi (no DB work)",
      () =>
        fetch(`${app.url}/api/playground/command`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ as: "boss", text: "/kpi define roi" }),
        }).then((r) => r.json()),
    ],
    ["playgroundWorkspaceId", () => m.playgroundWorkspaceId()],
    ["findByHandle", () => m.findByHandle(WORKSPACE_ID, "boss")],
    ["prisma SELECT 1", () => app.db.prisma.$queryRawUnsafe("SELECT 1")],
    ["pg SELECT 1", () => c.query("SELECT 1")],
    ["board: listTeams", () => m.listTeams(WORKSPACE_ID)],
    ["board: listActive", () => m.listActive(WORKSPACE_ID)],
    [
      "board: memberSumsInWorkspace",
      () => facts.memberSumsInWorkspace(WORKSPACE_ID, null, { metricKeys: ["gmv_gross"], from: w.from, to: w.to }),
    ],
    [
      "board: same SQL via prisma $queryRawUnsafe",
      () => app.db.prisma.$queryRawUnsafe(boardSql, WORKSPACE_ID, "gmv_gross", w.from, w.to),
    ],
    ["board: same SQL via pg", () => c.query(boardSql, [WORKSPACE_ID, "gmv_gross", w.from, w.to])],
    ["board: service total", () => app.services.kpi.board(boss, "gmv", "month")],
    ["team: findTeam", () => m.findTeam(WORKSPACE_ID, "team-002")],
    [
      "team: targets.forScopes",
      () =>
        targets.forScopes(
          WORKSPACE_ID,
          [
            { scopeType: "team", scopeId: lead.team!.id },
            { scopeType: "market", scopeId: "GB" },
          ],
          [tw.current.from],
        ),
    ],
    [
      "team: teamSums x2 parallel",
      () =>
        Promise.all([
          facts.teamSums([lead.team!.id], { metricKeys: base, from: tw.current.from, to: tw.current.to }),
          facts.teamSums([lead.team!.id], { metricKeys: base, from: tw.previous.from, to: tw.previous.to }),
        ]),
    ],
    [
      "team: teamSums one",
      () => facts.teamSums([lead.team!.id], { metricKeys: base, from: tw.current.from, to: tw.current.to }),
    ],
    ["team: listTeamMembers", () => m.listTeamMembers(lead.team!.id)],
    [
      "team: memberSums",
      () =>
        facts.memberSums(
          teamMembers.map((x) => x.id),
          { metricKeys: ["gmv_gross"], from: tw.current.from, to: tw.current.to },
        ),
    ],
    [
      "team: fxFallbacks",
      () => facts.fxFallbacks([lead.team!.id], { metricKeys: base, from: tw.current.from, to: tw.current.to }),
    ],
    ["http /kpi define roi again", () => fetch(`${app.url}/api/playground/command`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ as: "boss", text: "/kpi define roi" }) }).then((r) => r.json())],
    ["team: service total", () => app.services.kpi.teamReport(lead, "team-002")],
  ];
  for (const [name, f] of probes) {
    const t = await measure(f, 30, 5);
    console.log(`${name.padEnd(45)} p50 ${ms(t.p50)} p95 ${ms(t.p95)}`);
  }
  await c.end();
} finally {
  await app.stop();
  server.stop();
}
process.exit(0);
