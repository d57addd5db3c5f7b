// The freshness read sums up the older days in SQL (a feed's first, last and last complete day) and reads only the
// recent ones as rows. On both databases it must give exactly what the rules give on every stored row.
import { DateTime } from "luxon";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FeedDay, type FeedSource, teamFreshness } from "../../src/freshness/rules.js";
import type { Starling } from "../../src/main.js";
import { FIXED_NOW, startTestApp } from "../support/app.js";
import { DATABASE_KINDS } from "../support/databases.js";

describe.each(DATABASE_KINDS)("freshness read on %s", (kind) => {
  let app: Starling;
  beforeAll(async () => {
    app = await startTestApp(kind);
  });
  afterAll(async () => {
    await app?.stop();
  });

  it("gives the rules' answer on all rows, for old gaps, a stopped feed, a late one and a team feed", async () => {
    const prisma = app.db.prisma;
    const teams = await app.services.members.allTeams();
    const shops = await prisma.shop.findMany();
    const day = (back: number) => new Date(`${FIXED_NOW.minus({ days: back }).toISODate()}T00:00:00Z`);
    const [first, second] = shops as [(typeof shops)[number], (typeof shops)[number]];
    // A second source for one shop that stopped 25 days ago after a partial day; an old hole in another's export;
    // a team-level ingest feed that declared a week ago; rows older than the lookback that must not count.
    const extra = [
      ...[40, 38, 30, 27, 26].map((b) => ({ shop: first, source: "api", back: b, complete: b !== 26 })),
      ...[33, 31].map((b) => ({ shop: second, source: "ingest", back: b, complete: false })),
    ];
    await prisma.sourceDay.createMany({
      data: extra.map((e) => ({
        teamId: e.shop.teamId,
        shopId: e.shop.id,
        source: e.source,
        date: day(e.back),
        workspaceId: e.shop.workspaceId,
        complete: e.complete,
        firstSeenAt: day(e.back - 1),
      })),
    });
    await prisma.sourceDay.deleteMany({ where: { shopId: second.id, source: "demo", date: day(20) } });
    const team = teams[0] as (typeof teams)[number];
    await prisma.sourceDay.createMany({
      data: [9, 8, 7].map((b) => ({
        teamId: team.id,
        shopId: "",
        source: "ingest",
        date: day(b),
        workspaceId: team.workspaceId,
        complete: b === 7,
        firstSeenAt: day(b - 1),
        completedAt: b === 7 ? day(b - 1) : null,
      })),
    });

    for (const now of [FIXED_NOW, FIXED_NOW.plus({ hours: 20 }), FIXED_NOW.plus({ days: 3 })]) {
      const read = await app.services.freshness.forTeams(teams, now);
      const all: FeedDay[] = (await prisma.sourceDay.findMany()).map((r) => ({
        teamId: r.teamId,
        shopId: r.shopId === "" ? null : r.shopId,
        source: r.source as FeedSource,
        date: r.date.toISOString().slice(0, 10),
        complete: r.complete,
        firstSeenAt: r.firstSeenAt,
        completedAt: r.completedAt,
      }));
      // Only days since the lookback are the rules' input, as the read promises.
      const since = now.toUTC().minus({ days: 36 }).toISODate() as string;
      for (const t of teams) {
        const own = shops.filter((s) => s.teamId === t.id);
        const expected = teamFreshness(
          t,
          own,
          all.filter((d) => d.teamId === t.id && d.date >= since),
          now,
        );
        expect(read.get(t.id), `${t.slug} at ${now.toISO()}`).toEqual(expected);
      }
    }
    // The older rows did reach the answer: the stopped API feed is listed with its own last days.
    const withOld = (await app.services.freshness.forTeams(teams, FIXED_NOW)).get(first.teamId);
    const api = withOld?.feeds.find((f) => f.shopId === first.id && f.source === "api");
    expect(api).toMatchObject({
      lastDataDay: FIXED_NOW.minus({ days: 26 }).toISODate(),
      completeThrough: FIXED_NOW.minus({ days: 27 }).toISODate(),
    });
    expect(DateTime.fromISO(api?.lastDataDay ?? "").isValid).toBe(true);
  });
});
