// The creator CRM end to end through the playground API, on PGlite and PostgreSQL: one record per creator, a
// pipeline whose moves say who and when, follow-ups, funnel rates and outreach counts that match the database,
// tiers with their announcement, and the morning follow-up DM.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Starling } from "../../src/main.js";
import { command, FIXED_NOW, postJson, startTestApp, type TestClock, testClock } from "../support/app.js";
import { DATABASE_KINDS } from "../support/databases.js";

describe.each(DATABASE_KINDS)("Creator CRM on %s", (kind) => {
  let app: Starling;
  let clock: TestClock;
  const prisma = () => app.db.prisma;
  const text = async (as: string, line: string) =>
    (await command(app, as, line)).messages.map((m) => m.text).join("\n");
  const creator = (handle: string) => prisma().creator.findFirstOrThrow({ where: { handle, platform: "tiktok" } });
  const memberId = async (handle: string) => (await prisma().member.findFirstOrThrow({ where: { handle } })).id;

  beforeAll(async () => {
    clock = testClock();
    app = await startTestApp(kind, { clock });
  });
  afterAll(async () => {
    await app?.stop();
  });

  it("keeps one record per creator whatever form the handle is typed in", async () => {
    clock.now = FIXED_NOW;
    const added = await text("sari", "/creator add https://www.tiktok.com/@SerumSarah?lang=en ID 85k skincare");
    expect(added).toContain("Added @SerumSarah (tiktok)");
    for (const form of ["@serumsarah", "serumsarah", "tiktok.com/@SerumSarah", "https://www.tiktok.com/@serumsarah"]) {
      expect(await text("dewi", `/creator add ${form}`)).toContain("Already in the CRM");
    }
    const rows = await prisma().creator.findMany({ where: { handle: "serumsarah" } });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      platform: "tiktok",
      displayHandle: "SerumSarah",
      market: "ID",
      followers: 85000,
      category: "skincare",
    });
    // The same handle on Instagram is another creator.
    expect(await text("sari", "/creator add instagram.com/serumsarah")).toContain("Added @serumsarah (instagram)");
    expect(await text("sari", "/creator add vm.tiktok.com/ZSabc123/")).toContain("not a creator handle");
  });

  it("moves a creator along the pipeline, recording who and when, and refuses someone else's creator", async () => {
    clock.now = FIXED_NOW;
    expect(await text("sari", "/log contact @SerumSarah whatsapp sent")).toContain("prospect → contacted");
    clock.now = FIXED_NOW.plus({ days: 2 });
    expect(await text("sari", "/log contact @serumsarah whatsapp replied intro call friday")).toContain(
      "contacted → replied",
    );
    clock.now = FIXED_NOW.plus({ days: 3 });
    expect(await text("sari", "/creator stage @serumsarah sample_shipped")).toContain("replied → sample shipped");
    const sarah = await creator("serumsarah");
    const changes = await prisma().creatorStageChange.findMany({
      where: { creatorId: sarah.id },
      orderBy: { changedAt: "asc" },
    });
    expect(changes.map((c) => [c.fromStage, c.toStage])).toEqual([
      [null, "prospect"],
      ["prospect", "contacted"],
      ["contacted", "replied"],
      ["replied", "sample_shipped"],
    ]);
    expect(new Set(changes.map((c) => c.changedById))).toEqual(new Set([await memberId("sari")]));
    expect(changes.at(-1)?.changedAt.toISOString()).toBe(FIXED_NOW.plus({ days: 3 }).toJSDate().toISOString());
    const contacts = await prisma().creatorContact.findMany({ where: { creatorId: sarah.id } });
    expect(contacts.map((c) => `${c.channel}:${c.outcome}`).sort()).toEqual(["whatsapp:replied", "whatsapp:sent"]);
    expect(sarah.nextFollowUpAt?.toISOString()).toBe(FIXED_NOW.plus({ days: 10 }).toJSDate().toISOString());

    // Dewi is a plain member and not the owner: refused, audited, nothing changes.
    expect(await text("dewi", "/creator stage @serumsarah video_posted")).toContain("Only the owner of @SerumSarah");
    expect((await creator("serumsarah")).stage).toBe("sample_shipped");
    const denial = await prisma().auditLog.findFirst({ where: { action: "creator.stage", allowed: false } });
    expect(denial).not.toBeNull();
    // A bad stage explains itself with an example and changes nothing.
    const bad = await text("sari", "/creator stage @serumsarah flying");
    expect(bad).toContain("“flying” is not a stage");
    expect(bad).toContain("/creator stage @glowbyamy sample_shipped");
  });

  it("lists follow-ups when due and DMs the owner in the morning job", async () => {
    clock.now = FIXED_NOW.plus({ days: 3 });
    expect(await text("sari", "/creator followups")).not.toContain("@SerumSarah");
    clock.now = FIXED_NOW.plus({ days: 11 });
    const due = await text("sari", "/creator followups");
    expect(due).toContain("@SerumSarah · sample shipped · sample shipped 7 days ago and no video yet · 1 days overdue");
    const run = await postJson(`${app.url}/api/playground/run`, { job: "creator-followups" });
    expect(run.status).toBe(200);
    const dm = run.body.posts.find((p: { to: string; text: string }) => p.to === "@sari");
    expect(dm?.text).toContain("@SerumSarah");
    // Moving the creator on resets the date: nothing due any more.
    await text("sari", "/creator stage @serumsarah video_posted");
    expect(await text("sari", "/creator followups")).not.toContain("@SerumSarah");
  });

  it("computes funnel rates and outreach counts that agree with the database", async () => {
    clock.now = FIXED_NOW;
    const team = await prisma().team.findFirstOrThrow({ where: { slug: "ID-beauty" } });
    const from = new Date("2026-10-31T17:00:00Z"); // 1 Nov 00:00 in Jakarta
    const to = new Date("2026-11-30T17:00:00Z");
    const entries = await prisma().creatorStageChange.groupBy({
      by: ["toStage"],
      where: { creator: { teamId: team.id }, changedAt: { gte: from, lt: to } },
      _count: { _all: true },
    });
    const n = (stage: string) => entries.find((e) => e.toStage === stage)?._count._all ?? 0;
    const pct = (a: number, b: number) => (b ? `${Math.round((a / b) * 100)}%` : "–");
    const pipeline = await text("budi", "/creator pipeline team ID-beauty month");
    expect(pipeline).toContain(`Reply rate: ${pct(n("replied"), n("contacted"))}`);
    expect(pipeline).toContain(`Sample → video: ${pct(n("video_posted"), n("sample_shipped"))}`);
    expect(pipeline).toContain(`Video → first sale: ${pct(n("first_sale"), n("video_posted"))}`);

    const sariContacts = await prisma().creatorContact.count({
      where: { memberId: await memberId("sari"), contactedAt: { gte: from, lt: to } },
    });
    const board = await text("budi", "/creator board contacts month");
    expect(board).toMatch(new RegExp(`@sari · ${sariContacts} · `));
    // Leaderboards are for leads and managers.
    expect(await text("dewi", "/creator board")).toContain("Leaderboards are for leads and managers");
  });

  it("tiers a creator from their facts, lets a lead change the bars, and announces changes in the team channel", async () => {
    clock.now = FIXED_NOW;
    const team = await prisma().team.findFirstOrThrow({ where: { slug: "ID-beauty" } });
    await text("budi", "/creator add @tiertester");
    const tester = await creator("tiertester");
    // 20 selling days in the window: 60M IDR GMV, 12 videos, 30k impressions, 2% returns.
    const rows = Array.from({ length: 20 }, (_, i) => FIXED_NOW.minus({ days: i + 1 }).toISODate() as string).flatMap(
      (date, i) =>
        [
          ["gmv_gross", "3000000"],
          ["impressions", "1500"],
          ["items_sold", "50"],
          ["items_returned", "1"],
          ...(i < 12 ? [["videos_posted", "1"]] : []),
        ].map(([metricKey, value]) => ({
          workspaceId: team.workspaceId,
          teamId: team.id,
          date: new Date(`${date}T00:00:00Z`),
          metricKey: metricKey as string,
          scopeType: "creator" as const,
          scopeId: tester.id,
          creatorId: tester.id,
          value: value as string,
          source: "import",
        })),
    );
    await prisma().fact.createMany({ data: rows });

    expect(await text("sari", "/creator tiers set A gmv 1000")).toContain("Only leads and managers");
    const bars = await text("budi", "/creator tiers set S gmv 50000000 videos 10 gpm 1000");
    expect(bars).toContain("S: GMV ≥ 50,000,000 IDR");
    const recompute = await command(app, "budi", "/creator tiers recompute");
    expect(recompute.messages[0]?.text).toContain("@tiertester: – → S");
    expect((await creator("tiertester")).tier).toBe("S");
    const feed = (await (await fetch(`${app.url}/api/playground/feed`)).json()) as {
      posts: { to: string; text: string }[];
    };
    expect(
      feed.posts.some(
        (p: { to: string; text: string }) =>
          p.to === `#${team.standupChannelId}` && p.text.includes("@tiertester: – → S"),
      ),
    ).toBe(true);

    // Returns above the team's ceiling demote the creator one tier.
    await prisma().fact.updateMany({
      where: { creatorId: tester.id, metricKey: "items_returned" },
      data: { value: "20" },
    });
    expect((await command(app, "budi", "/creator tiers recompute")).messages[0]?.text).toContain("@tiertester: S → A");
  });

  it("lets a creator's team see its card, its owner note it and its lead reassign it; other teams only find it", async () => {
    clock.now = FIXED_NOW;
    await text("sari", "/creator add @teamcard ID 10k skincare");
    // Dewi is Sari's teammate: she reads the card, but changing it is for its owner, their lead and managers.
    expect(await text("dewi", "/creator show @teamcard")).toContain("@teamcard");
    expect(await text("dewi", "/creator note @teamcard mine")).toContain("Only the owner of @teamcard");
    expect(await text("sari", "/creator note @teamcard prefers email")).toContain("Note saved on @teamcard");
    expect(await text("budi", "/creator assign @teamcard @dewi")).toContain("@dewi");
    expect((await creator("teamcard")).ownerId).toBe(await memberId("dewi"));
    // Another team's member finds who owns it (so nobody courts it twice) but may not open or change it.
    expect(await text("ploy", "/creator find teamcard")).toContain("@dewi");
    expect(await text("ploy", "/creator show @teamcard")).toContain("belongs to another team");
    expect(await text("nok", "/creator assign @teamcard @ploy")).toContain("Leads assign creators within their team");
    expect(await text("mei", "/creator show @teamcard")).toContain("@teamcard");
    const notes = await prisma().creatorNote.findMany({ where: { creator: { handle: "teamcard" } } });
    expect(notes.map((n) => n.text)).toEqual(["prefers email"]);
  });

  it("speaks Chinese: aliases, stage names and errors", async () => {
    clock.now = FIXED_NOW;
    expect(await text("mei", "/达人 添加 @cantikchen tiktok TH 5万 家居")).toContain("已添加 @cantikchen");
    expect(await text("mei", "/达人 阶段 @cantikchen 已寄样")).toContain("潜在 → 已寄样");
    expect(await text("mei", "/达人 阶段 @cantikchen 飞")).toContain("“飞”不是合作阶段");
    expect(await text("mei", "/记录 联系 @cantikchen line 拒绝")).toContain("已寄样 → 拒绝");
  });
});
