// /kpi, /log and /target end to end through the playground API, on PGlite and PostgreSQL.
import { DateTime } from "luxon";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Starling } from "../../src/main.js";
import { action, command, FIXED_NOW, startTestApp, type TestClock, testClock } from "../support/app.js";
import { DATABASE_KINDS } from "../support/databases.js";

describe.each(DATABASE_KINDS)("KPI commands on %s", (kind) => {
  let app: Starling;
  let clock: TestClock;
  const prisma = () => app.db.prisma;
  const member = async (handle: string) => prisma().member.findFirstOrThrow({ where: { handle } });
  const chatFact = async (handle: string, metricKey: string, date: string) => {
    const m = await member(handle);
    const fact = await prisma().fact.findFirst({
      where: { memberId: m.id, metricKey, source: "chat", date: new Date(`${date}T00:00:00Z`) },
    });
    return fact ? Number(fact.value.toString()) : 0;
  };

  beforeAll(async () => {
    clock = testClock();
    app = await startTestApp(kind, { clock });
  });
  afterAll(async () => {
    await app?.stop();
  });

  it("logs videos, shows them in /kpi, and undoes them with the button", async () => {
    clock.now = FIXED_NOW;
    const before = await chatFact("sari", "videos_posted", "2026-11-23");
    const reply = await command(app, "sari", "/log video 3 #lipstick");
    expect(reply.messages[0]?.text).toContain("Logged 3 videos · #lipstick for 2026-11-23");
    expect(await chatFact("sari", "videos_posted", "2026-11-23")).toBe(before + 3);
    const kpi = await command(app, "sari", "/kpi");
    const videosLine = kpi.messages[0]?.text.split("\n").find((l) => l.startsWith("Videos posted"));
    expect(videosLine).toBeDefined();

    const undo = reply.messages[0]?.blocks.find((b) => b.type === "actions")?.buttons?.[0];
    expect(undo?.actionId).toBe("log.undo");
    const undone = await action(app, "sari", "log.undo", undo?.value ?? "");
    expect(undone.messages[0]?.text).toContain("Undone: 3 videos");
    expect(await chatFact("sari", "videos_posted", "2026-11-23")).toBe(before);
    // A second click changes nothing and says so.
    const again = await action(app, "sari", "log.undo", undo?.value ?? "");
    expect(again.messages[0]?.text).toContain("already undone");
    expect(await chatFact("sari", "videos_posted", "2026-11-23")).toBe(before);
  });

  it("converts LIVE GMV typed in USD into the team's IDR at the rate of the day, keeping the original", async () => {
    clock.now = FIXED_NOW;
    await command(app, "dewi", "/log live 2h gmv 1,250 usd");
    const log = await prisma().contentLog.findFirstOrThrow({
      where: { member: { handle: "dewi" }, kind: "live" },
      orderBy: { loggedAt: "desc" },
    });
    expect(log.gmvAmount?.toString()).toBe("1250");
    expect(log.gmvCurrency).toBe("USD");
    const rate = await prisma().fxRate.findFirstOrThrow({
      where: { currency: "IDR", date: { lte: new Date("2026-11-23T00:00:00Z") } },
      orderBy: { date: "desc" },
    });
    // 1 IDR = usdRate USD, so 1,250 USD = 1,250 / usdRate IDR.
    const expected = (1250 / Number(rate.usdRate.toString())).toFixed(0);
    expect(Number(log.gmvInTeamCurrency?.toString()).toFixed(0)).toBe(expected);
    expect(await chatFact("dewi", "live_minutes", "2026-11-23")).toBe(120);
  });

  it("never counts a redelivered command twice", async () => {
    clock.now = FIXED_NOW;
    const dewi = await app.services.members.findByHandle((await member("dewi")).workspaceId, "dewi");
    if (!dewi) throw new Error("no dewi");
    const before = await chatFact("dewi", "posts", "2026-11-23");
    const first = await app.dispatcher.dispatch({
      member: dewi,
      text: "/log post 2",
      platform: "slack",
      conversation: "direct",
      eventId: "Ev-retry-1",
    });
    const second = await app.dispatcher.dispatch({
      member: dewi,
      text: "/log post 2",
      platform: "slack",
      conversation: "direct",
      eventId: "Ev-retry-1",
    });
    expect(first[0]?.text).toContain("Logged 2 posts");
    expect(second[0]?.text).toContain("Already logged");
    expect(await chatFact("dewi", "posts", "2026-11-23")).toBe(before + 2);
  });

  it("puts a log at 23:30 in Jakarta on that Jakarta day, and 00:30 on the next", async () => {
    clock.now = DateTime.fromISO("2026-11-20T16:30:00Z"); // 23:30 in Asia/Jakarta (UTC+7)
    await command(app, "rizky", "/log video 1");
    clock.now = DateTime.fromISO("2026-11-20T17:30:00Z"); // 00:30 on the 21st in Jakarta
    await command(app, "rizky", "/log video 2");
    const logs = await prisma().contentLog.findMany({
      where: { member: { handle: "rizky" }, kind: "video" },
      orderBy: { loggedAt: "asc" },
    });
    expect(logs.slice(-2).map((l) => [l.count, l.localDate.toISOString().slice(0, 10)])).toEqual([
      [1, "2026-11-20"],
      [2, "2026-11-21"],
    ]);
  });

  it("dates London logs by the London day across both DST changes", async () => {
    clock.now = DateTime.fromISO("2026-03-29T23:30:00Z"); // BST has begun: 00:30 on 30 March in London
    await command(app, "amy", "/log post 1");
    clock.now = DateTime.fromISO("2026-10-25T23:30:00Z"); // GMT again: still 25 October in London
    await command(app, "amy", "/log post 1");
    const logs = await prisma().contentLog.findMany({
      where: { member: { handle: "amy" }, kind: "post" },
      orderBy: { loggedAt: "asc" },
    });
    expect(logs.slice(-2).map((l) => l.localDate.toISOString().slice(0, 10))).toEqual(["2026-03-30", "2026-10-25"]);
    clock.now = FIXED_NOW;
  });

  it("refuses bad input with an example and changes nothing", async () => {
    clock.now = FIXED_NOW;
    const logsBefore = await prisma().contentLog.count();
    const targetsBefore = await prisma().target.count();
    const cases: [string, string, RegExp][] = [
      ["sari", "/log video -3", /not a count|not a number/],
      ["sari", "/log video 3 gmv lots", /not an amount/],
      ["sari", "/log selfie 3", /I can log video, live or post/],
      ["budi", "/target set gmv month 50000/40000 @sari", /Tiers must be one to three/],
      ["budi", "/target set gmv someday 1/2 @sari", /don't understand “someday”/],
      ["budi", "/kpi board happiness", /don't know the metric “happiness”/],
      ["sari", "/kpi fortnight", /not a period I can read/],
    ];
    for (const [who, text, expected] of cases) {
      const reply = await command(app, who, text);
      expect(reply.messages[0]?.text, text).toMatch(expected);
      expect(reply.messages[0]?.text, text).toMatch(/Example: \//);
    }
    expect(await prisma().contentLog.count()).toBe(logsBefore);
    expect(await prisma().target.count()).toBe(targetsBefore);
  });

  it("lets a member see only their own numbers, and audits the denial", async () => {
    const denied = await command(app, "sari", "/kpi @dewi");
    expect(denied.messages[0]?.text).toMatch(/@dewi is not in your team|You can see your own/);
    const audit = await prisma().auditLog.findFirst({
      where: { actor: { handle: "sari" }, allowed: false },
      orderBy: { at: "desc" },
    });
    expect(audit?.action).toBe("kpi.view_member");
    expect((await command(app, "budi", "/kpi @sari")).messages[0]?.text).toContain("@sari");
    expect((await command(app, "budi", "/kpi @amy")).messages[0]?.text).toMatch(/not in your team/);
    expect((await command(app, "mei", "/kpi @amy")).messages[0]?.text).toContain("@amy");
    expect((await command(app, "sari", "/target set gmv month 1/2")).messages[0]?.text).toMatch(
      /Only leads and managers/,
    );
  });

  it("shows a target's tier, attainment and pace after a lead sets it", async () => {
    clock.now = FIXED_NOW;
    const set = await command(app, "budi", "/target set gmv month 40000/50000/65000 usd @sari weight 50%");
    expect(set.messages[0]?.text).toMatch(/Target set: GMV \(gross\) for @sari, November 2026/);
    expect(set.messages[0]?.text).toMatch(/converted at the rate of/);
    const kpi = (await command(app, "sari", "/kpi")).messages[0]?.text ?? "";
    expect(kpi).toMatch(/Target: base [\d,]+ IDR \/ stretch [\d,]+ IDR \/ challenge [\d,]+ IDR/);
    expect(kpi).toMatch(/Attainment \d+%/);
    expect(kpi).toMatch(/needs [\d,]+ IDR\/day to reach|reached/);
    expect(kpi).toMatch(/Composite score/);
    expect(kpi).toContain("GMV (gross) = what buyers paid");
    // The lead's list shows the new target under the member's handle; the member sees only their own.
    const leadList = (await command(app, "budi", "/target list")).messages[0]?.text ?? "";
    expect(leadList).toMatch(/@sari · GMV \(gross\): [\d,]+ IDR \/ [\d,]+ IDR \/ [\d,]+ IDR · weight 50%/);
    expect(leadList).toContain("ID-beauty · GMV (gross)");
    const ownList = (await command(app, "sari", "/target list")).messages[0]?.text ?? "";
    expect(ownList).toContain("@sari");
    expect(ownList).not.toContain("ID-beauty ·");
    expect(ownList).not.toContain("@dewi");
  });

  it("ranks the lead's own team on the board, with the same sums as SQL", async () => {
    const reply = (await command(app, "budi", "/kpi board gmv month")).messages[0]?.text ?? "";
    const handles = [...reply.matchAll(/@(\w+) \((\S+)\)/g)].map((m) => [m[1], m[2]]);
    expect(handles.length).toBeGreaterThan(0);
    expect(new Set(handles.map((h) => h[1]))).toEqual(new Set(["ID-beauty"]));
    const rows = await app.db.sql.query<{ handle: string; total: string }>(
      `SELECT m.handle, SUM(f.value)::text AS total FROM "Fact" f JOIN "Member" m ON m.id = f."memberId"
       JOIN "Team" t ON t.id = m."teamId"
       WHERE f."scopeType" = 'member' AND f."metricKey" = 'gmv_gross' AND t.slug = 'ID-beauty'
         AND f.date BETWEEN '2026-11-01' AND '2026-11-23'
       GROUP BY m.handle ORDER BY SUM(f.value) DESC`,
    );
    expect(handles.map((h) => h[0])).toEqual(rows.map((r) => r.handle));
    const top = rows[0];
    if (!top) throw new Error("no rows");
    const shown = Number(Number(top.total).toFixed(0)).toLocaleString("en");
    expect(reply).toContain(`@${top.handle} (ID-beauty): ${shown} IDR`);
  });

  it("compares markets in USD for a manager and explains metrics", async () => {
    const compare = (await command(app, "mei", "/kpi compare markets gmv month")).messages[0]?.text ?? "";
    expect(compare).toMatch(/ID \(ID-beauty\): [\d,]+\.\d\d USD/);
    expect(compare).toMatch(/GB \(UK-gadgets\)/);
    expect(compare).toMatch(/按 2026-11-\d\d 的汇率换算/); // IDR has missing days in the demo: the fallback is stated.
    const define = (await command(app, "sari", "/kpi define gmv_net")).messages[0]?.text ?? "";
    expect(define).toMatch(/gmv_gross − refund_amount|gmv_gross - refund_amount/);
  });
});
