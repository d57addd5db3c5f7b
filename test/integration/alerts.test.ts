// Anomaly alerts end to end, on both databases: the demo's planted incidents are found (and nothing else), each
// with the right root cause; one message per scope, "back to normal" when resolved, never twice; acknowledge,
// snooze and assign from the buttons; rules, mutes and the daily cap from chat.
import { DateTime } from "luxon";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { StoredCause } from "../../src/alerts/render.js";
import { DEMO_INCIDENTS, incidentDaysAgo } from "../../src/demo/incidents.js";
import type { Starling } from "../../src/main.js";
import {
  action,
  command,
  FIXED_NOW,
  playgroundFeed,
  postJson,
  startTestApp,
  type TestClock,
  teamBySlug,
  testClock,
} from "../support/app.js";
import { DATABASE_KINDS } from "../support/databases.js";

const TODAY = FIXED_NOW.toISODate() as string;
const daysAgo = (n: number) => FIXED_NOW.minus({ days: n }).toISODate() as string;
const iso = (d: Date) => d.toISOString().slice(0, 10);

describe.each(DATABASE_KINDS)("anomaly alerts on %s", (kind) => {
  let app: Starling;
  let clock: TestClock;
  const prisma = () => app.db.prisma;
  const feed = () => playgroundFeed(app);
  const team = (slug: string) => teamBySlug(app, slug);
  const eventsOf = async (slug: string) =>
    prisma().alertEvent.findMany({ where: { team: { slug } }, orderBy: { createdAt: "asc" } });

  beforeAll(async () => {
    clock = testClock();
    // Starting on fresh demo data replays two weeks of morning scans (what a new installation sees).
    app = await startTestApp(kind, { clock });
  });
  afterAll(async () => {
    await app?.stop();
  });

  it("finds each planted incident with the right root cause, and nothing in the quiet weeks", async () => {
    const expectations = {
      return_rate_spike: { scope: "GlowLab Official Store", dimension: "content_type", top: "live" },
      roi_drop: { scope: "Thailand Home", dimension: "traffic", top: "paid" },
      gmv_fall: { scope: "GizmoHub Deals", dimension: "content_type", top: "video" },
    } as const;
    for (const incident of DEMO_INCIDENTS) {
      const events = await eventsOf(incident.teamSlug);
      const want = expectations[incident.id];
      const hit = events.find(
        (e) => e.metricKey === incident.metric && (e.rootCause as unknown as StoredCause).scopeLabel === want.scope,
      );
      expect(hit, `${incident.id} found`).toBeDefined();
      expect(iso(hit?.firstDate as Date)).toBe(daysAgo(incident.startDaysAgo));
      const cause = (hit?.rootCause as unknown as StoredCause | undefined)?.cause;
      expect(cause?.dimension).toBe(want.dimension);
      expect(cause?.contributors[0]?.segment).toBe(want.top);
      expect(cause?.contributors[0]?.share).toBeGreaterThan(0.9);
    }
    // At the team level the return-rate spike is also pinned on the shop that sold the bad batch.
    const idTeam = (await eventsOf("ID-beauty")).find((e) => e.scopeType === "team" && e.metricKey === "return_rate");
    const also = (idTeam?.rootCause as unknown as StoredCause | undefined)?.cause?.also ?? [];
    expect(also.find((a) => a.dimension === "shop")?.top.label).toBe("GlowLab Official Store");

    // Quiet weeks: every alert lies inside its team's incident window (a host's attributed GMV falling with the
    // shop's video sales is the same incident seen through the member).
    const all = await prisma().alertEvent.findMany({ include: { team: true } });
    for (const e of all) {
      const incident = DEMO_INCIDENTS.find((i) => i.teamSlug === e.team.slug);
      if (!incident) throw new Error(`an alert in a team without incident: ${e.team.slug} ${e.metricKey}`);
      expect(incidentDaysAgo(incident).map(daysAgo)).toContain(iso(e.firstDate));
    }
    // The incidents that ended are resolved; the GMV fall is still going on.
    const status = (slug: string) => all.filter((e) => e.team.slug === slug).map((e) => e.status);
    expect(new Set(status("ID-beauty"))).toEqual(new Set(["resolved"]));
    expect(new Set(status("TH-home"))).toEqual(new Set(["resolved"]));
    expect(status("UK-gadgets")).toContain("open");
  });

  it("posts one message per incident (a shop's alert joins its team's), a resolved message, and never twice", async () => {
    const posts = await feed();
    const th = posts.filter((p) => p.to === "#demo-alerts-th" && p.kind === "channel");
    // TH-home: ROI fell for the team and both its shops on the same days: one alert message, one "back to normal".
    expect(th).toHaveLength(2);
    expect(th[0]?.text).toContain("Thailand Home: ROI");
    expect(th[0]?.text).toContain("HomeNest Outlet · *ROI*");
    expect(th[0]?.text).toContain("paid ads");
    expect(th[0]?.blocks.find((b) => b.type === "actions")?.buttons?.map((b) => b.actionId)).toEqual([
      "alert.ack",
      "alert.snooze",
      "alert.snooze",
      "alert.snooze",
      "form.open",
    ]);
    expect(th[1]?.text).toContain("Back to normal");
    // The original message was updated in place to show it resolved.
    expect(posts.some((p) => p.to === "demo-alerts-th" && p.kind === "update" && p.text.includes("resolved"))).toBe(
      true,
    );

    // Scanning the same day again changes nothing and posts nothing.
    const before = (await feed()).length;
    const eventsBefore = await prisma().alertEvent.count();
    for (const slug of ["ID-beauty", "TH-home", "UK-gadgets"]) await app.services.alertScan.scanTeam(await team(slug));
    expect((await feed()).length).toBe(before);
    expect(await prisma().alertEvent.count()).toBe(eventsBefore);
  });

  it("acknowledges, snoozes and assigns from the buttons; refuses other teams and forged values", async () => {
    const open = (await eventsOf("UK-gadgets")).find((e) => e.status === "open" && e.scopeType === "shop");
    const groupKey = open?.groupKey as string;
    expect(groupKey).toBeTruthy();

    const outsider = await action(app, "sari", "alert.ack", groupKey);
    expect(outsider.messages[0]?.text).toContain("Only the alert's team and managers");
    expect((await prisma().alertEvent.findUniqueOrThrow({ where: { id: open?.id } })).status).toBe("open");

    const acked = await action(app, "amy", "alert.ack", groupKey);
    expect(acked.messages[0]?.text).toContain("acknowledged by @amy");
    const group = await prisma().alertEvent.findMany({ where: { groupKey } });
    expect(group.every((e) => e.status === "acknowledged")).toBe(true);

    const forged = await action(app, "amy", "alert.snooze", `${groupKey}|999999`);
    expect(forged.messages[0]?.text).toContain("not a duration");
    const snoozed = await action(app, "oliver", "alert.snooze", `${groupKey}|720`);
    expect(snoozed.messages[0]?.text).toContain("snoozed until");
    const after = await prisma().alertEvent.findUniqueOrThrow({ where: { id: open?.id } });
    expect(after.status).toBe("snoozed");
    expect(after.snoozedUntil?.toISOString()).toBe(FIXED_NOW.plus({ hours: 12 }).toUTC().toISO());

    // Assign opens a form with the team's people; a person from another team is refused under the field.
    const opened = await action(app, "oliver", "form.open", `alert.assign:${groupKey}`);
    expect(opened.messages[0]?.text).toContain("Assign this alert");
    const bad = await postJson(`${app.url}/api/playground/form`, {
      as: "oliver",
      formId: "alert.assign",
      state: groupKey,
      values: { assignee: "sari" },
    });
    expect(JSON.stringify(bad.body)).toContain("not in this alert's team");
    const good = await postJson(`${app.url}/api/playground/form`, {
      as: "oliver",
      formId: "alert.assign",
      state: groupKey,
      values: { assignee: "jack" },
    });
    expect(JSON.stringify(good.body)).toContain("assigned to @jack");
    const jack = await prisma().member.findFirstOrThrow({ where: { handle: "jack" } });
    expect((await prisma().alertEvent.findUniqueOrThrow({ where: { id: open?.id } })).assignedToId).toBe(jack.id);
    expect((await feed()).some((p) => p.to === "@jack" && p.text.includes("@oliver assigned this alert to you"))).toBe(
      true,
    );
  });

  it("never repeats a snoozed alert while its incident goes on, and reopens it when the snooze ends", async () => {
    const shop = await prisma().shop.findFirstOrThrow({ where: { name: "GizmoHub Deals" } });
    // Today's sales come in as low as yesterday's: the incident continues.
    const yesterday = await prisma().fact.findMany({
      where: { shopId: shop.id, date: new Date(`${daysAgo(1)}T00:00:00Z`) },
    });
    await prisma().fact.createMany({
      data: yesterday.map(({ id: _id, updatedAt: _u, ...f }) => ({ ...f, date: new Date(`${TODAY}T00:00:00Z`) })),
    });
    // ... and the shop's export says the day is whole, so the scan of tomorrow morning judges it.
    await prisma().sourceDay.create({
      data: {
        teamId: shop.teamId,
        shopId: shop.id,
        source: "export",
        date: new Date(`${TODAY}T00:00:00Z`),
        workspaceId: shop.workspaceId,
        complete: true,
      },
    });
    const before = (await feed()).filter((p) => p.kind !== "update").length;
    clock.now = FIXED_NOW.plus({ days: 1 });
    try {
      await app.services.alertScan.scanTeam(await team("UK-gadgets"));
      const gmv = (await eventsOf("UK-gadgets")).find((e) => e.scopeType === "shop" && e.metricKey === "gmv_gross");
      expect(iso(gmv?.lastDate as Date)).toBe(TODAY);
      // Snoozed for 12 hours, a day ago: open again, but the same alert, not a new message.
      expect(gmv?.status).toBe("open");
      const fresh = (await feed()).filter((p) => p.kind !== "update");
      expect(fresh.slice(before).map((p) => p.text)).toEqual([]);
    } finally {
      clock.now = FIXED_NOW;
    }
  });

  it("adds, lists, mutes and removes rules from chat, in English and Chinese, and bad input changes nothing", async () => {
    const rulesBefore = await prisma().alertRule.count();
    const bad = await command(app, "budi", "/alert add return_rate > 8 team ID-beauty");
    expect(bad.messages[0]?.text).toContain("not a percentage");
    expect(bad.messages[0]?.text).toContain("/alert add return_rate > 8% team ID-beauty");
    const denied = await command(app, "sari", "/alert add return_rate > 8%");
    expect(denied.messages[0]?.text).toContain("Only the lead of ID-beauty");
    const zh = await command(app, "mei", "/alert 添加 退货率 > 百分之八 团队 ID-beauty");
    expect(zh.messages[0]?.text).toContain("不是百分比");
    expect(await prisma().alertRule.count()).toBe(rulesBefore);

    const added = await command(app, "budi", "/alert add return_rate > 6% shop GlowLab Official Store");
    expect(added.messages[0]?.text).toContain("Rule #");
    const rule = await prisma().alertRule.findFirstOrThrow({ where: { metricKey: "return_rate", scopeType: "shop" } });
    expect(rule.threshold.toString()).toBe("0.06");

    // The rule fires on the spike's days, as its own alert that says it comes from a rule.
    await app.services.alertScan.scanTeam(await team("ID-beauty"), { evalDate: daysAgo(5) });
    const fromRule = await prisma().alertEvent.findFirst({ where: { ruleId: rule.id } });
    expect(iso(fromRule?.firstDate as Date)).toBe(daysAgo(6));
    expect((await feed()).at(-1)?.text).toContain("from a rule");

    const listed = await command(app, "budi", "/alert rules");
    expect(listed.messages[0]?.text).toContain(rule.id.slice(-6));
    expect(listed.messages[0]?.text).toContain("Return rate > 6.0%");

    // A % change rule with a floor no shop reaches never fires; a reachable one does.
    await command(app, "oliver", "/alert add gmv down 25% floor 100000000 usd shop GizmoHub Deals");
    await command(app, "oliver", "/alert add orders down 20% shop GizmoHub Deals");
    const uk = await team("UK-gadgets");
    await app.services.alertScan.scanTeam(uk, { evalDate: daysAgo(3) });
    const ukRules = await prisma().alertRule.findMany({ where: { teamId: uk.id, kind: "pct_change" } });
    const fired = await prisma().alertEvent.findMany({ where: { ruleId: { in: ukRules.map((r) => r.id) } } });
    expect(fired.map((e) => e.metricKey)).toEqual(["orders"]);

    // Muting a metric silences the detector and the rules on it.
    const muted = await command(app, "oliver", "/alert mute orders 24h");
    expect(muted.messages[0]?.text).toContain("Muted orders");
    await prisma().alertEvent.deleteMany({ where: { teamId: uk.id, metricKey: "orders" } });
    await app.services.alertScan.scanTeam(uk);
    expect(await prisma().alertEvent.count({ where: { teamId: uk.id, metricKey: "orders" } })).toBe(0);

    const removed = await command(app, "budi", `/alert remove ${rule.id.slice(-6)}`);
    expect(removed.messages[0]?.text).toContain("Rule removed");
    expect(await prisma().alertRule.findUnique({ where: { id: rule.id } })).toBeNull();

    const level = await command(app, "mei", "/alert 灵敏度 高 团队 TH-home");
    expect(level.messages[0]?.text).toContain("检测灵敏度");
    const th = await team("TH-home");
    const stat = await prisma().alertRule.findFirstOrThrow({ where: { teamId: th.id, metricKey: "*" } });
    expect(Number(stat.sensitivity)).toBe(3);
  });

  it("lists open alerts with their cause, and the morning digest counts them", async () => {
    const list = await command(app, "oliver", "/alert");
    expect(list.messages[0]?.text).toContain("UK Gadgets");
    expect(list.messages[0]?.text).toContain("video");
    const digest = await postJson(`${app.url}/api/playground/run`, { job: "morning-digest" });
    expect(JSON.stringify(digest.body)).toMatch(/\d+ open alerts/);
  });

  it("holds back messages beyond the channel's daily cap and says so once", async () => {
    const ukId = (await team("UK-gadgets")).id;
    await prisma().alertEvent.deleteMany({ where: { teamId: ukId } });
    await prisma().alertRule.deleteMany({ where: { teamId: ukId } });
    await prisma().team.update({ where: { id: ukId }, data: { alertDailyCap: 1 } });
    // The team as the scan reads it: with its new cap.
    const uk = await team("UK-gadgets");
    const before = (await feed()).length;
    // The first day of the GMV fall raises two messages (the shop, and its host's attributed sales).
    await app.services.alertScan.scanTeam(uk, { evalDate: daysAgo(4) });
    const posts = (await feed()).slice(before).filter((p) => p.to === "#demo-alerts-uk");
    expect(posts.map((p) => p.text)).toHaveLength(2);
    expect(posts[1]?.text).toContain("limit of 1 alert messages");
    const events = await eventsOf("UK-gadgets");
    expect(events.filter((e) => e.suppressed === "daily_cap").length).toBeGreaterThan(0);
    expect(events.filter((e) => e.postedAt !== null).length).toBeGreaterThan(0);
    await app.services.alertScan.scanTeam(uk, { evalDate: daysAgo(4) });
    expect((await feed()).slice(before).filter((p) => p.to === "#demo-alerts-uk")).toHaveLength(2);
  });

  it("runs as a scheduled job once per team and day", async () => {
    const run = await postJson(`${app.url}/api/playground/run`, { job: "alert-scan" });
    expect(run.status).toBe(200);
    expect(JSON.stringify(run.body.summary)).toContain("UK-gadgets");
    const at = DateTime.fromISO("2026-11-24T01:30:00Z");
    clock.now = at;
    try {
      const jobs = app.scheduler;
      await jobs.tick();
      const runs = await prisma().jobRun.findMany({ where: { jobName: "alert-scan" } });
      expect(runs.map((r) => r.status)).toContain("done");
    } finally {
      clock.now = FIXED_NOW;
    }
  });
});
