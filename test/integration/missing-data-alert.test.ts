// "No data from <shop>" end to end, on both databases: the demo's behind shop shows the alert and the freshness
// note right after start; a shop that stops reporting mid-day (a morning export, then nothing) raises one alert,
// updated in place while the gap lasts, never a GMV or orders drop on the missing days, and "data is back" once its
// export is imported. Real code paths only: Seller Center exports through the import service, the scan as the
// scheduler runs it.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DateTime } from "luxon";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DATA_MISSING } from "../../src/alerts/render.js";
import type { Starling } from "../../src/main.js";
import {
  command,
  FIXED_NOW,
  playgroundFeed,
  startTestApp,
  type TestClock,
  teamBySlug,
  testClock,
} from "../support/app.js";
import { DATABASE_KINDS } from "../support/databases.js";
import { type OrderSpec, orderTable, writeTable } from "../support/export-files.js";

const BANGKOK = "Asia/Bangkok";
const at = (local: string) => DateTime.fromISO(local, { zone: BANGKOK });
const dbDay = (iso: string) => new Date(`${iso}T00:00:00Z`);
const iso = (d: Date) => d.toISOString().slice(0, 10);

describe.each(DATABASE_KINDS)("missing-data alerts on %s", (kind) => {
  let app: Starling;
  let clock: TestClock;
  let dir: string;
  const prisma = () => app.db.prisma;
  const feed = () => playgroundFeed(app);
  const team = (slug: string) => teamBySlug(app, slug);
  const shop = (name: string) => prisma().shop.findFirstOrThrow({ where: { name } });
  let orderSeq = 0;

  /**
   * A day of a shop's orders shaped like the same weekday a week earlier in its facts (its GMV and order count), the
   * orders spread evenly over the day; only those created before `untilHour` are kept (a morning export).
   */
  async function dayOfOrders(shopName: string, day: string, untilHour = 24): Promise<OrderSpec[]> {
    const s = await shop(shopName);
    const template = DateTime.fromISO(day).minus({ days: 7 }).toISODate() as string;
    const sums = await prisma().fact.groupBy({
      by: ["metricKey"],
      where: { shopId: s.id, scopeType: "shop", date: dbDay(template), metricKey: { in: ["gmv_gross", "orders"] } },
      _sum: { value: true },
    });
    const sum = (key: string) => Number(sums.find((r) => r.metricKey === key)?._sum.value ?? 0);
    const count = Math.round(sum("orders"));
    const each = (sum("gmv_gross") / count).toFixed(2);
    const orders: OrderSpec[] = [];
    for (let i = 0; i < count; i++) {
      const created = DateTime.fromISO(day).plus({ seconds: Math.floor((i * 86_400) / count) + 30 });
      if (created.hour >= untilHour) break;
      orderSeq++;
      orders.push({
        orderId: String(579_000_000_000_000_000n + BigInt(orderSeq)),
        skuId: "1729384756102938475",
        productName: "Linen pillow case",
        status: "completed",
        quantity: 1,
        subtotal: each,
        orderAmount: each,
        created: created.toFormat("yyyy-MM-dd'T'HH:mm:ss"),
        channel: ["LIVE", "Video", ""][i % 3] as string,
      });
    }
    return orders;
  }

  /** Imports a shop's order export at the clock's time, as a member sending the file would. */
  async function importExport(shopName: string, orders: OrderSpec[]) {
    const fileName = `${shopName} orders ${orderSeq}.csv`;
    const path = join(dir, fileName);
    await writeTable(path, orderTable(orders, { narrow: true, dates: "ISO" }), { format: "csv" });
    const workspaceId = (await prisma().shop.findFirstOrThrow({ where: { name: shopName } })).workspaceId;
    return app.services.imports.importFile({ workspaceId, path, fileName });
  }

  const missingEvents = async (shopId: string) =>
    prisma().alertEvent.findMany({
      where: { metricKey: DATA_MISSING, scopeId: shopId },
      orderBy: { createdAt: "asc" },
    });

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "starling-missing-"));
    clock = testClock();
    // As after `npm start`: the demo is seeded for the clock, and two weeks of morning scans are replayed.
    app = await startTestApp(kind, { clock });
  });
  afterAll(async () => {
    await app?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it("shows the demo's behind shop right after start: the alert, and /kpi team through the day before", async () => {
    const gizmo = await shop("GizmoHub UK");
    const events = await missingEvents(gizmo.id);
    expect(events).toHaveLength(1);
    const [event] = events;
    // 03:00 in London on 23 Nov: 22 Nov is not in, and GizmoHub UK's data usually arrives within two hours.
    expect(iso(event?.firstDate as Date)).toBe("2026-11-22");
    expect(event?.observed.toString()).toBe("1");
    expect(event?.postedAt).not.toBeNull();
    const posts = (await feed()).filter((p) => p.to === "#demo-alerts-uk" && p.text.includes("no data since"));
    expect(posts).toHaveLength(1);
    expect(posts[0]?.text).toContain("GizmoHub UK: no data since 21 Nov (1 day)");
    expect(posts[0]?.text).toContain("/shop sync GizmoHub UK");
    expect(posts[0]?.text).toContain("The figures of UK Gadgets stop at 21 Nov");

    // No detector or rule alert of GizmoHub UK at all, and none of the team past its last complete day.
    const uk = await team("UK-gadgets");
    const others = await prisma().alertEvent.findMany({ where: { teamId: uk.id, metricKey: { not: DATA_MISSING } } });
    expect(others.filter((e) => e.scopeId === gizmo.id)).toEqual([]);
    expect(others.filter((e) => e.scopeType === "team" && iso(e.lastDate) > "2026-11-21")).toEqual([]);

    const kpi = (await command(app, "oliver", "/kpi team UK-gadgets")).messages[0]?.text ?? "";
    expect(kpi).toMatch(/through (21 Nov|2026-11-21)/);
    expect(kpi).toContain("GizmoHub UK: no data since 21 Nov");
    const list = (await command(app, "oliver", "/alert list")).messages[0]?.text ?? "";
    expect(list).toContain("GizmoHub UK: no data since 21 Nov (1 day)");
    const zh = (await command(app, "oliver", "/alert 列表")).messages.map((m) => m.text).join("\n");
    expect(zh.length).toBeGreaterThan(0);
    // The morning digest lists it in words, not as a metric key, and says month to date stops at 21 Nov.
    const oliver = await app.services.members.findByHandle(uk.workspaceId, "oliver");
    const digest = JSON.stringify(
      (await app.services.digest.buildDigests(oliver ? [oliver] : [], clock.now)).get(oliver?.id ?? ""),
    );
    expect(digest).toContain("no data from GizmoHub UK since 21 Nov");
    expect(digest).not.toContain("data_missing");
    expect(digest).toContain("Month to date through 21 Nov");

    // Scanning again the same morning raises nothing new and posts nothing.
    const before = (await feed()).length;
    await app.services.alertScan.scanTeam(uk);
    expect(await missingEvents(gizmo.id)).toHaveLength(1);
    expect((await feed()).length).toBe(before);
  });

  it("is muted like any alert: /alert mute data stops new ones", async () => {
    const uk = await team("UK-gadgets");
    const gizmo = await shop("GizmoHub UK");
    const muted = await command(app, "oliver", "/alert mute data 24h");
    expect(muted.messages[0]?.text).toContain("Muted");
    await prisma().alertEvent.deleteMany({ where: { metricKey: DATA_MISSING, scopeId: gizmo.id } });
    await app.services.alertScan.scanTeam(uk);
    expect(await missingEvents(gizmo.id)).toHaveLength(0);
    await prisma().alertRule.deleteMany({ where: { teamId: uk.id, metricKey: DATA_MISSING } });
    await app.services.alertScan.scanTeam(uk);
    expect(await missingEvents(gizmo.id)).toHaveLength(1);
  });

  it("a shop that stops reporting mid-day raises one alert, no GMV or orders drop, and says when it is back", async () => {
    const th = await team("TH-home");
    const thailand = await shop("HomeNest Thailand");
    const outlet = await shop("HomeNest Outlet");
    const thPosts = async () => (await feed()).filter((p) => p.to === "#demo-alerts-th" || p.to === "demo-alerts-th");
    const postsBefore = (await thPosts()).length;
    const idsBefore = (await prisma().alertEvent.findMany({ where: { teamId: th.id }, select: { id: true } })).map(
      (e) => e.id,
    );
    try {
      // Mon 23 Nov, 10:30: HomeNest Thailand's morning export (orders until 10:00), then nothing from it.
      clock.now = at("2026-11-23T10:30:00");
      const morning = await importExport("HomeNest Thailand", await dayOfOrders("HomeNest Thailand", "2026-11-23", 10));
      expect(morning.imported).toBeGreaterThan(50);
      // Tue 24 Nov: the other shop's whole Monday comes in overnight; the 08:00 scan runs.
      clock.now = at("2026-11-24T01:30:00");
      await importExport("HomeNest Outlet", await dayOfOrders("HomeNest Outlet", "2026-11-23"));
      clock.now = at("2026-11-24T08:00:00");
      await app.services.alertScan.scanTeam(th);

      const raised = await missingEvents(thailand.id);
      expect(raised).toHaveLength(1);
      expect(iso(raised[0]?.firstDate as Date)).toBe("2026-11-23");
      expect(raised[0]?.observed.toString()).toBe("1");
      const noData = (await thPosts()).slice(postsBefore).filter((p) => p.kind === "channel");
      expect(noData.map((p) => p.text).filter((t) => t.includes("no data since"))).toHaveLength(1);
      expect(noData.find((p) => p.text.includes("no data since"))?.text).toContain(
        "HomeNest Thailand: no data since 22 Nov (1 day)",
      );
      const kpi = (await command(app, "nok", "/kpi team TH-home")).messages[0]?.text ?? "";
      expect(kpi).toContain("HomeNest Thailand: no data since 22 Nov");

      // Wed 25 Nov: the outlet's Tuesday comes in, HomeNest Thailand still nothing: the same alert, two days now,
      // updated in place and not posted again.
      clock.now = at("2026-11-25T01:30:00");
      await importExport("HomeNest Outlet", await dayOfOrders("HomeNest Outlet", "2026-11-24"));
      clock.now = at("2026-11-25T08:00:00");
      await app.services.alertScan.scanTeam(th);
      const longer = await missingEvents(thailand.id);
      expect(longer).toHaveLength(1);
      expect(longer[0]?.observed.toString()).toBe("2");
      expect(longer[0]?.severity).toBe("major");
      const after = (await thPosts()).slice(postsBefore);
      expect(after.filter((p) => p.kind === "channel" && p.text.includes("no data since"))).toHaveLength(1);
      expect(after.some((p) => p.kind === "update" && p.text.includes("no data since 22 Nov (2 days)"))).toBe(true);

      // 12:00: HomeNest Thailand's export of both days is imported: the alert is resolved, "data is back".
      clock.now = at("2026-11-25T12:00:00");
      await importExport("HomeNest Thailand", [
        ...(await dayOfOrders("HomeNest Thailand", "2026-11-23")),
        ...(await dayOfOrders("HomeNest Thailand", "2026-11-24")),
      ]);
      const back = await missingEvents(thailand.id);
      expect(back.map((e) => e.status)).toEqual(["resolved"]);
      const last = (await thPosts()).slice(postsBefore);
      expect(
        last.some((p) => p.kind === "channel" && p.text.includes("HomeNest Thailand: complete through 24 Nov")),
      ).toBe(true);

      // Nothing else was raised for the team or its shops on the days that were not in, nor once they were.
      const raisedSince = await prisma().alertEvent.findMany({
        where: { teamId: th.id, metricKey: { not: DATA_MISSING }, id: { notIn: idsBefore } },
        orderBy: { createdAt: "asc" },
      });
      expect(raisedSince.map((e) => `${e.metricKey} ${e.scopeType} ${iso(e.firstDate)}`)).toEqual([]);
      const onTheGap = await prisma().alertEvent.findMany({
        where: {
          teamId: th.id,
          metricKey: { in: ["gmv_gross", "orders"] },
          scopeId: { in: [th.id, thailand.id, outlet.id] },
          lastDate: { gte: dbDay("2026-11-23") },
        },
      });
      expect(onTheGap).toEqual([]);
    } finally {
      clock.now = FIXED_NOW;
    }
  });
});

describe.each(DATABASE_KINDS)("the demo started on Jakarta's 3 Dec morning on %s", (kind) => {
  let app: Starling;
  beforeAll(async () => {
    // 08:00 in Jakarta is 01:00 in London: GizmoHub UK's 2 Dec would not be overdue yet, so it is two days behind.
    app = await startTestApp(kind, {
      clock: testClock(DateTime.fromISO("2026-12-03T08:00:00", { zone: "Asia/Jakarta" })),
    });
  });
  afterAll(async () => {
    await app?.stop();
  });

  it("has Jakarta's data through 2 Dec, and shows the no-data alert at once", async () => {
    const id = (await command(app, "budi", "/kpi team ID-beauty")).messages[0]?.text ?? "";
    expect(id).toMatch(/through (2 Dec|2026-12-02)/);
    const uk = (await command(app, "oliver", "/kpi team UK-gadgets")).messages[0]?.text ?? "";
    expect(uk).toContain("GizmoHub UK: no data since 30 Nov");
    const posts = await playgroundFeed(app);
    const alert = posts.filter((p) => p.to === "#demo-alerts-uk" && p.text.includes("no data since"));
    expect(alert.map((p) => p.text.split("\n")[0])).toEqual(["⏳ GizmoHub UK: no data since 30 Nov (2 days)"]);
  });
});
