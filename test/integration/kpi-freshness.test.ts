// /kpi freshness end to end on PGlite and PostgreSQL: per shop and source the last day with data, the last
// complete day and the usual arrival; the team's "complete through" line and the shop holding it back; a shop never
// imported and one silent for weeks; the team's own ingest feed; chat logs; English and Chinese; and who may see
// which team (members and leads their own, managers and admins any or all), checked on the server and audited.
import { DateTime } from "luxon";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { daysBetween } from "../../src/freshness/rules.js";
import type { Starling } from "../../src/main.js";
import { command, startTestApp } from "../support/app.js";
import { DATABASE_KINDS } from "../support/databases.js";

describe.each(DATABASE_KINDS)("/kpi freshness on %s", (kind) => {
  let app: Starling;
  const prisma = () => app.db.prisma;
  const text = async (as: string, line: string) => (await command(app, as, line)).messages[0]?.text ?? "";

  /** One feed's days, each first seen `lag` hours after its day ended in `zone`; through `complete` whole. */
  async function feed(input: {
    team: string;
    shop: string | null;
    source: string;
    from: string;
    to: string;
    complete: string | null;
    zone: string;
    lag?: number;
  }): Promise<void> {
    const team = await prisma().team.findFirstOrThrow({ where: { slug: input.team } });
    const shopId = input.shop ? (await prisma().shop.findFirstOrThrow({ where: { name: input.shop } })).id : "";
    await prisma().sourceDay.createMany({
      data: daysBetween(input.from, input.to).map((date) => {
        const seen = DateTime.fromISO(date, { zone: input.zone })
          .plus({ days: 1, hours: input.lag ?? 9 })
          .toJSDate();
        const complete = input.complete !== null && date <= input.complete;
        return {
          teamId: team.id,
          shopId,
          source: input.source,
          date: new Date(`${date}T00:00:00Z`),
          workspaceId: team.workspaceId,
          complete,
          firstSeenAt: seen,
          completedAt: complete ? seen : null,
        };
      }),
    });
  }

  beforeAll(async () => {
    // Monday 23 Nov 2026, 10:00 in Jakarta (the test apps' fixed clock). Only this test's feeds count.
    app = await startTestApp(kind);
    await prisma().sourceDay.deleteMany({});
    const jakarta = "Asia/Jakarta";
    const london = "Europe/London";
    await feed({
      team: "ID-beauty",
      shop: "GlowLab Official Store",
      source: "export",
      from: "2026-11-09",
      to: "2026-11-22",
      complete: "2026-11-22",
      zone: jakarta,
    });
    await feed({
      team: "ID-beauty",
      shop: "GlowLab Official Store",
      source: "api",
      from: "2026-11-15",
      to: "2026-11-21",
      complete: "2026-11-20",
      zone: jakarta,
      lag: 30,
    });
    await feed({
      team: "ID-beauty",
      shop: null,
      source: "ingest",
      from: "2026-11-18",
      to: "2026-11-22",
      complete: null,
      zone: jakarta,
    });
    await feed({
      team: "UK-gadgets",
      shop: "GizmoHub Deals",
      source: "export",
      from: "2026-11-09",
      to: "2026-11-19",
      complete: "2026-11-19",
      zone: london,
    });
    await feed({
      team: "UK-gadgets",
      shop: "GizmoHub UK",
      source: "export",
      from: "2026-11-01",
      to: "2026-11-05",
      complete: "2026-11-05",
      zone: london,
    });
  });
  afterAll(async () => {
    await app?.stop();
  });

  it("shows a member their own team per shop and source, with the team's line and chat logs", async () => {
    const reply = await text("sari", "/kpi freshness");
    expect(reply).toContain("Data freshness · ID-beauty");
    expect(reply).toContain("Figures are complete through *22 Nov* (today is 23 Nov in Asia/Jakarta).");
    expect(reply).not.toContain("Held back by");
    expect(reply).toContain(
      "*GlowLab Official Store*\n" +
        "• Seller Center export: last data 22 Nov · complete through 22 Nov · usually in about 9 h after the day ends\n" +
        "• Open API sync: last data 21 Nov · complete through 20 Nov · usually in about 30 h after the day ends",
    );
    // A shop never imported says so.
    expect(reply).toContain("*GlowLab Beauty Mart*\n• no data yet: never imported, synced or sent");
    // The team's own ingest feed, which never declared: its days count once over.
    expect(reply).toContain(
      "*ID-beauty (team and member facts)*\n• ingest API: last data 22 Nov · no declarations: each day counts once it is over · usually in about 9 h after the day ends",
    );
    expect(reply).toContain("Chat logs (/log): a day of logs is complete once it is over.");
    expect(reply).not.toContain("UK-gadgets");
    // "team" is optional, and the slug is read without regard to case.
    expect(await text("budi", "/kpi freshness team id-beauty")).toContain("Data freshness · ID-beauty");
  });

  it("names the shop that holds a team back since when, and one silent for weeks as no longer holding it", async () => {
    const reply = await text("oliver", "/kpi fresh UK-gadgets");
    expect(reply).toContain("Figures are complete through *19 Nov* (today is 23 Nov in Europe/London).");
    expect(reply).toContain("Held back by: GizmoHub Deals.");
    expect(reply).toContain(
      "*GizmoHub Deals*\n" +
        "• Seller Center export: last data 19 Nov · complete through 19 Nov · usually in about 9 h after the day ends\n" +
        "⏳ behind: no data since 19 Nov (3 d)",
    );
    expect(reply).toContain(
      "*GizmoHub UK*\n" +
        "• Seller Center export: last data 5 Nov · complete through 5 Nov · usual arrival not known yet\n" +
        "silent since 5 Nov: no longer holds the team back",
    );
  });

  it("shows managers every team, in Chinese for a Chinese speaker", async () => {
    const reply = await text("mei", "/kpi 新鲜度 全部");
    for (const team of ["ID-beauty", "TH-home", "UK-gadgets"]) expect(reply).toContain(`数据新鲜度 · ${team}`);
    expect(reply).toContain("数据完整至 *11月19日*（Europe/London 今天是 11月23日）。");
    expect(reply).toContain("滞后的店铺：GizmoHub Deals。");
    expect(reply).toContain("⏳ 滞后：自 11月19日 之后没有数据（3 天）");
    expect(reply).toContain("卖家中心导出：最新数据 11月22日 · 完整至 11月22日 · 通常在当天结束后约 9 小时到达");
    expect(reply).toContain("*HomeNest Thailand*\n• 还没有数据：从未导入、同步或接入");
    expect(reply).toContain("聊天记录（/log）：每天结束后，当天的记录即视为完整。");
    expect(await text("mei", "/kpi 数据 团队 TH-home")).toContain("数据新鲜度 · TH-home");
    // An admin names any team.
    expect(await text("ava", "/kpi freshness team UK-gadgets")).toContain("Data freshness · UK-gadgets");
  });

  it("refuses another team to members and leads, and every team to them; denials are audited", async () => {
    const before = await prisma().auditLog.count({ where: { action: "kpi.freshness", allowed: false } });
    const member = await text("sari", "/kpi freshness team UK-gadgets");
    expect(member).toContain("Only members of UK-gadgets and managers can see its data freshness.");
    expect(member).not.toContain("GizmoHub");
    expect(await text("budi", "/kpi freshness team UK-gadgets")).toContain("Only members of UK-gadgets and managers");
    expect(await text("budi", "/kpi freshness all")).toContain("Only managers and admins see every team's");
    expect(await text("tan", "/kpi 新鲜度 全部")).toContain("只有经理和管理员可以查看所有团队的数据新鲜度");
    expect(await prisma().auditLog.count({ where: { action: "kpi.freshness", allowed: false } })).toBe(before + 4);

    expect(await text("ava", "/kpi freshness team XX-nowhere")).toContain("I don't know the team “XX-nowhere”");
  });
});
