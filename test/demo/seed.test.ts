// The demo seed on an in-memory PGlite: content, planted incidents, FX gaps, idempotency and determinism, each
// team's days in its own zone, the SourceDay rows, and the shop left a day behind on purpose.
import { DateTime } from "luxon";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDatabase, type Database } from "../../src/db/client.js";
import { migrate } from "../../src/db/migrate.js";
import { demoBehindDays } from "../../src/demo/freshness.js";
import { DEMO_BEHIND, DEMO_INCIDENTS, DEMO_MISSING_FX, incidentDaysAgo, seedDemoData } from "../../src/demo/seed.js";
import { syncMetricDefinitions } from "../../src/metrics/registry-sync.js";

const TODAY = "2026-11-20";
/** 10:00 in London, 17:00 in Jakarta and Bangkok: the same date in every team's zone. */
const NOW = DateTime.fromISO(`${TODAY}T10:00:00Z`, { zone: "utc" });
const day = (daysAgo: number) =>
  DateTime.fromISO(TODAY, { zone: "utc" }).minus({ days: daysAgo }).toISODate() as string;

async function freshDatabase(): Promise<Database> {
  const db = createDatabase({ kind: "pglite", dataDir: "memory://" });
  await migrate(db.sql);
  return db;
}

// The caller syncs the metric registry before seeding (facts reference it).
async function syncMetrics(db: Database): Promise<void> {
  await syncMetricDefinitions(db.prisma);
}

async function rowCounts(db: Database): Promise<Record<string, number>> {
  const tables = await db.sql.query<{ name: string }>(
    `SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY 1`,
  );
  const counts: Record<string, number> = {};
  for (const { name } of tables) {
    const [row] = await db.sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM "${name}"`);
    counts[name] = row?.n ?? -1;
  }
  return counts;
}

/** Sum of a metric over some days for one shop and one content type / traffic source. */
async function shopSum(
  db: Database,
  q: {
    externalId: string | null;
    team: string;
    metric: string;
    days: number[];
    contentType?: string;
    traffic?: string;
  },
) {
  const [row] = await db.sql.query<{ total: string | null }>(
    `SELECT sum(f.value)::text AS total FROM "Fact" f
       JOIN "Team" t ON t.id = f."teamId" JOIN "Shop" s ON s.id = f."shopId"
      WHERE f."scopeType" = 'shop' AND t.slug = $1 AND ($2::text IS NULL OR s."externalId" = $2)
        AND f."metricKey" = $3 AND f.date = ANY($4::date[])
        AND ($5::text IS NULL OR f."contentType"::text = $5) AND ($6::text IS NULL OR f.traffic::text = $6)`,
    [q.team, q.externalId, q.metric, q.days.map(day), q.contentType ?? null, q.traffic ?? null],
  );
  return Number(row?.total ?? 0);
}

const range = (from: number, to: number) => Array.from({ length: from - to + 1 }, (_, i) => from - i);

describe("seedDemoData", () => {
  let db: Database;
  let other: Database | undefined;
  let first: { seeded: boolean; facts: number };
  let seconds = 0;

  beforeAll(async () => {
    db = await freshDatabase();
    await syncMetrics(db);
    const started = performance.now();
    first = await seedDemoData(db.prisma, { now: NOW });
    seconds = (performance.now() - started) / 1000;
  });

  afterAll(async () => {
    await db?.close();
    await other?.close();
  });

  it("seeds once, then changes nothing", async () => {
    expect(first.seeded).toBe(true);
    expect(first.facts).toBeGreaterThan(10_000);
    console.info(`[demo seed] ${first.facts} facts in ${seconds.toFixed(1)} s`);
    const before = await rowCounts(db);
    expect(before.Fact).toBe(first.facts);
    const again = await seedDemoData(db.prisma, { now: NOW });
    expect(again.seeded).toBe(false);
    expect(await rowCounts(db)).toEqual(before);
  });

  it("has the teams, people and roles", async () => {
    const teams = await db.prisma.team.findMany({ orderBy: { slug: "asc" } });
    expect(teams.map((t) => [t.slug, t.currency, t.timezone])).toEqual([
      ["ID-beauty", "IDR", "Asia/Jakarta"],
      ["TH-home", "THB", "Asia/Bangkok"],
      ["UK-gadgets", "GBP", "Europe/London"],
    ]);
    expect(teams[0]?.workingDays).toEqual([1, 2, 3, 4, 5, 6]);
    const members = await db.prisma.member.findMany();
    expect(members).toHaveLength(12);
    const roles = members.map((m) => m.role);
    expect(new Set(roles)).toEqual(new Set(["admin", "manager", "lead", "member"]));
    expect(roles.filter((r) => r === "lead")).toHaveLength(3);
    expect(members.find((m) => m.handle === "tan")?.language).toBe("zh");
    expect(await db.prisma.shop.count()).toBe(6);
    expect(await db.prisma.standupQuestion.count()).toBe(9);
    const creators = await db.prisma.creator.findMany({ include: { stageChanges: true } });
    expect(creators.length).toBeGreaterThanOrEqual(20);
    for (const creator of creators) {
      const last = creator.stageChanges.sort((a, b) => a.changedAt.getTime() - b.changedAt.getTime()).at(-1);
      expect(last?.toStage).toBe(creator.stage);
      expect(creator.handle).toBe(creator.handle.toLowerCase());
    }
    // Month targets: one team target with three tiers per team.
    const teamTargets = await db.prisma.target.findMany({ where: { scopeType: "team" }, include: { tiers: true } });
    expect(teamTargets).toHaveLength(3);
    for (const t of teamTargets) expect(t.tiers.map((x) => x.rank).sort()).toEqual([1, 2, 3]);
  });

  it("covers 90 days ending yesterday", async () => {
    const [row] = await db.sql.query<{ n: number; first: string; last: string }>(
      `SELECT count(DISTINCT date)::int AS n, min(date)::text AS first, max(date)::text AS last FROM "Fact"`,
    );
    expect(row).toEqual({ n: 90, first: day(90), last: day(1) });
  });

  it("plants a return-rate spike on LIVE in one ID shop", async () => {
    const incident = DEMO_INCIDENTS.find((i) => i.id === "return_rate_spike");
    if (incident === undefined) throw new Error("incident missing");
    const q = { team: incident.teamSlug, externalId: incident.shopExternalId, contentType: "live" };
    const days = incidentDaysAgo(incident);
    const before = range(incident.startDaysAgo + 28, incident.startDaysAgo + 1);
    const rate = async (d: number[]) =>
      (await shopSum(db, { ...q, metric: "items_returned", days: d })) /
      (await shopSum(db, { ...q, metric: "items_sold", days: d }));
    expect(await rate(days)).toBeGreaterThan(2 * (await rate(before)));
  });

  it("plants the ROI drop and the GMV fall", async () => {
    const roi = DEMO_INCIDENTS.find((i) => i.id === "roi_drop");
    const fall = DEMO_INCIDENTS.find((i) => i.id === "gmv_fall");
    if (roi === undefined || fall === undefined) throw new Error("incident missing");
    const perDay = async (q: Parameters<typeof shopSum>[1]) => (await shopSum(db, q)) / q.days.length;
    const th = { team: roi.teamSlug, externalId: null };
    const roiOf = async (d: number[]) =>
      (await shopSum(db, { ...th, metric: "gmv_gross", days: d })) /
      (await shopSum(db, { ...th, metric: "ad_spend", days: d, traffic: "paid" }));
    expect(await roiOf(incidentDaysAgo(roi))).toBeLessThan(0.6 * (await roiOf(range(40, 13))));
    const uk = { team: fall.teamSlug, externalId: fall.shopExternalId, contentType: "video", metric: "gmv_gross" };
    expect(await perDay({ ...uk, days: incidentDaysAgo(fall) })).toBeLessThan(
      0.5 * (await perDay({ ...uk, days: range(32, 5) })),
    );
  });

  it("leaves two IDR days without a rate and converts USD ad spend at the nearest earlier rate", async () => {
    const idr = await db.sql.query<{ date: string }>(
      `SELECT date::text AS date FROM "FxRate" WHERE currency = 'IDR' ORDER BY date`,
    );
    const dates = idr.map((r) => r.date);
    expect(dates).toHaveLength(88);
    for (const missing of DEMO_MISSING_FX.daysAgo) expect(dates).not.toContain(day(missing));
    for (const currency of ["THB", "GBP", "USD"]) {
      expect(await db.prisma.fxRate.count({ where: { currency } })).toBe(90);
    }
    const spend = await db.sql.query<{ date: string; fx: string; cur: string }>(
      `SELECT f.date::text AS date, f."fxRateDate"::text AS fx, f."originalCurrency" AS cur FROM "Fact" f
         JOIN "Team" t ON t.id = f."teamId" WHERE t.slug = 'ID-beauty' AND f."metricKey" = 'ad_spend' AND f.date = $1`,
      [day(10)],
    );
    expect(spend).toHaveLength(2);
    for (const row of spend) expect(row).toEqual({ date: day(10), fx: day(11), cur: "USD" });
  });

  it("is atomic, and deterministic: a fresh database seeded for the same day has the same facts", async () => {
    other = await freshDatabase();
    // Without metric definitions the facts violate their foreign key: nothing at all may be left behind.
    await expect(seedDemoData(other.prisma, { now: NOW })).rejects.toThrow();
    const leftovers = Object.entries(await rowCounts(other)).filter(([t, n]) => t !== "_prisma_migrations" && n > 0);
    expect(leftovers).toEqual([]);
    await syncMetrics(other);
    const result = await seedDemoData(other.prisma, { now: NOW });
    expect(result).toEqual(first);
    const fingerprint = (d: Database) =>
      d.sql.query(
        `SELECT "metricKey", "scopeType"::text AS scope, count(*)::int AS n, sum(value)::text AS total
           FROM "Fact" GROUP BY 1, 2 ORDER BY 1, 2`,
      );
    expect(await fingerprint(other)).toEqual(await fingerprint(db));
    const feeds = (d: Database) =>
      d.sql.query(
        `SELECT s.name, count(*)::int AS n, min(sd.date)::text AS first, max(sd.date)::text AS last,
                sum(extract(epoch FROM sd."firstSeenAt"))::text AS arrivals
           FROM "SourceDay" sd JOIN "Shop" s ON s.id = sd."shopId" GROUP BY 1 ORDER BY 1`,
      );
    expect(await feeds(other)).toEqual(await feeds(db));
  });

  it("writes a complete demo SourceDay row per shop day that is in, arriving within two hours of the day's end", async () => {
    const rows = await db.sql.query<{ name: string; source: string; complete: boolean; date: string; lag: number }>(
      `SELECT s.name, sd.source, sd.complete, sd.date::text AS date,
              extract(epoch FROM sd."firstSeenAt" - ((sd.date + 1)::timestamp AT TIME ZONE s.timezone)) / 3600 AS lag
         FROM "SourceDay" sd JOIN "Shop" s ON s.id = sd."shopId"`,
    );
    expect(new Set(rows.map((r) => `${r.source} ${r.complete}`))).toEqual(new Set(["demo true"]));
    // Six shops × 90 days, less the behind shop's held-back day.
    expect(rows).toHaveLength(6 * 90 - DEMO_BEHIND.days);
    for (const r of rows) {
      expect(Number(r.lag)).toBeGreaterThan(0);
      expect(Number(r.lag)).toBeLessThan(2);
    }
    // Every fact day of a shop has its row, and no row claims a day without facts.
    const [mismatch] = await db.sql.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM (
         SELECT DISTINCT f."shopId", f.date FROM "Fact" f WHERE f."scopeType" = 'shop'
         EXCEPT SELECT sd."shopId", sd.date FROM "SourceDay" sd) x`,
    );
    expect(mismatch?.n).toBe(0);
  });

  it("leaves GizmoHub UK a day behind: its facts and feed end the day before yesterday", async () => {
    const last = await db.sql.query<{ name: string; facts: string; feed: string }>(
      `SELECT s.name, (SELECT max(date)::text FROM "Fact" f WHERE f."shopId" = s.id) AS facts,
              (SELECT max(date)::text FROM "SourceDay" sd WHERE sd."shopId" = s.id) AS feed
         FROM "Shop" s ORDER BY s.name`,
    );
    for (const row of last) {
      const want = row.name === "GizmoHub UK" ? day(1 + DEMO_BEHIND.days) : day(1);
      expect(row, row.name).toMatchObject({ facts: want, feed: want });
    }
  });
});

describe("seedDemoData in each team's own zone", () => {
  let db: Database;
  /** Jakarta's 3 December at 05:30 is 2 December 22:30 in London. */
  const jakartaMorning = DateTime.fromISO("2026-12-03T05:30:00", { zone: "Asia/Jakarta" });

  beforeAll(async () => {
    db = await freshDatabase();
    await syncMetrics(db);
    await seedDemoData(db.prisma, { now: jakartaMorning });
  });
  afterAll(async () => {
    await db?.close();
  });

  it("seeds through yesterday of each team's zone, and no arrival after the seeding instant", async () => {
    const rows = await db.sql.query<{ slug: string; first: string; last: string; days: number }>(
      `SELECT t.slug, min(f.date)::text AS first, max(f.date)::text AS last, count(DISTINCT f.date)::int AS days
         FROM "Fact" f JOIN "Team" t ON t.id = f."teamId" GROUP BY 1 ORDER BY 1`,
    );
    expect(rows).toEqual([
      { slug: "ID-beauty", first: "2026-09-04", last: "2026-12-02", days: 90 },
      { slug: "TH-home", first: "2026-09-04", last: "2026-12-02", days: 90 },
      { slug: "UK-gadgets", first: "2026-09-03", last: "2026-12-01", days: 90 },
    ]);
    const [gizmo] = await db.sql.query<{ last: string }>(
      `SELECT max(f.date)::text AS last FROM "Fact" f JOIN "Shop" s ON s.id = f."shopId" WHERE s.name = 'GizmoHub UK'`,
    );
    expect(gizmo?.last).toBe("2026-11-30");
    const [latest] = await db.sql.query<{ at: Date }>(`SELECT max("firstSeenAt") AS at FROM "SourceDay"`);
    expect(new Date(latest?.at as Date).getTime()).toBeLessThanOrEqual(jakartaMorning.toMillis());
    // FX rates reach back to London's first day and forward to Jakarta's yesterday.
    const [fx] = await db.sql.query<{ first: string; last: string }>(
      `SELECT min(date)::text AS first, max(date)::text AS last FROM "FxRate" WHERE currency = 'GBP'`,
    );
    expect(fx).toEqual({ first: "2026-09-03", last: "2026-12-02" });
  });

  it("holds the behind shop back a day more before London's 03:00, so its gap is already overdue", () => {
    const london = (time: string) => DateTime.fromISO(time, { zone: "Europe/London" });
    expect(demoBehindDays(london("2026-12-03T01:00:00"))).toBe(2);
    expect(demoBehindDays(london("2026-12-03T02:59:00"))).toBe(2);
    expect(demoBehindDays(london("2026-12-03T03:00:00"))).toBe(1);
    expect(demoBehindDays(london("2026-12-02T22:30:00"))).toBe(1);
    expect(demoBehindDays(null)).toBe(DEMO_BEHIND.days);
  });
});
