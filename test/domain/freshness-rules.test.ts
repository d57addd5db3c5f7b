// The freshness rules on their own: which shops hold a team back (usual vs stale, no complete day yet, two sources,
// a team-level feed that declares, an ingest feed that never does), the team's zone at half past midnight, the usual
// arrival, and which days an order export proves whole.
import { DateTime } from "luxon";
import { describe, expect, it } from "vitest";
import {
  daysBetween,
  exportCompleteDays,
  type FeedDay,
  type FeedSource,
  lastDayEndedBy,
  type ShopInfo,
  teamFreshness,
} from "../../src/freshness/rules.js";

const ZONE = "Asia/Jakarta";
const TEAM = { id: "t1", timezone: ZONE };
/** Thursday 3 Dec 2026, 10:00 in Jakarta. */
const NOW = DateTime.fromISO("2026-12-03T10:00", { zone: ZONE });

const shop = (id: string, name: string, timezone = ZONE): ShopInfo => ({ id, teamId: TEAM.id, name, timezone });
const GLOW = shop("s-glow", "GlowLab");
const GIZMO = shop("s-gizmo", "GizmoHub Deals");
const OLD = shop("s-old", "Closed Corner");

/** Days of one feed, each arriving `lagHours` after its (Jakarta) day ended; `completeThrough` and before are whole. */
function feed(
  shopId: string | null,
  source: FeedSource,
  from: string,
  to: string,
  options: { completeThrough?: string | null; lagHours?: number } = {},
): FeedDay[] {
  const { completeThrough = to, lagHours = 6 } = options;
  return daysBetween(from, to).map((date) => ({
    teamId: TEAM.id,
    shopId,
    source,
    date,
    complete: completeThrough !== null && date <= completeThrough,
    firstSeenAt: DateTime.fromISO(date, { zone: ZONE }).plus({ days: 1, hours: lagHours }).toJSDate(),
  }));
}

describe("teamFreshness", () => {
  it("is held back by a shop that usually reports and is late, not by one silent for longer than two weeks", () => {
    const f = teamFreshness(
      TEAM,
      [GLOW, GIZMO, OLD],
      [
        ...feed(GLOW.id, "export", "2026-11-20", "2026-12-02"),
        ...feed(GIZMO.id, "export", "2026-11-20", "2026-11-29"),
        // Last heard of on 10 Nov: more than USUAL_DAYS ago, so it has stopped and no longer counts.
        ...feed(OLD.id, "export", "2026-11-01", "2026-11-10"),
      ],
      NOW,
    );
    expect(f).toMatchObject({ today: "2026-12-03", yesterday: "2026-12-02", completeThrough: "2026-11-29" });
    expect(f.behind).toEqual([
      {
        shopId: GIZMO.id,
        shopName: "GizmoHub Deals",
        lastCompleteDay: "2026-11-29",
        missingSince: "2026-11-30",
        days: 3,
        usualLagHours: 6,
        overdue: true,
      },
    ]);
    // Every feed is listed, the stopped one too, with its own last days, shops by name.
    expect(f.feeds.map((x) => [x.shopName, x.lastDataDay, x.completeThrough])).toEqual([
      ["Closed Corner", "2026-11-10", "2026-11-10"],
      ["GizmoHub Deals", "2026-11-29", "2026-11-29"],
      ["GlowLab", "2026-12-02", "2026-12-02"],
    ]);
  });

  it("is complete through yesterday when every usual shop is", () => {
    const f = teamFreshness(TEAM, [GLOW], feed(GLOW.id, "api", "2026-11-25", "2026-12-02"), NOW);
    expect(f.completeThrough).toBe("2026-12-02");
    expect(f.behind).toEqual([]);
  });

  it("counts a shop with data but no complete day as missing since its first day", () => {
    const f = teamFreshness(
      TEAM,
      [GLOW, GIZMO],
      [
        ...feed(GLOW.id, "export", "2026-11-20", "2026-12-02"),
        ...feed(GIZMO.id, "export", "2026-12-01", "2026-12-02", { completeThrough: null }),
      ],
      NOW,
    );
    expect(f.completeThrough).toBe("2026-11-30");
    expect(f.behind).toMatchObject([{ shopId: GIZMO.id, lastCompleteDay: null, missingSince: "2026-12-01", days: 2 }]);
    expect(f.feeds.find((x) => x.shopId === GIZMO.id)?.completeThrough).toBeNull();
  });

  it("takes a shop's latest complete day over its sources (an export and the API carry the same orders)", () => {
    const f = teamFreshness(
      TEAM,
      [GLOW],
      [
        ...feed(GLOW.id, "export", "2026-11-20", "2026-11-30"),
        ...feed(GLOW.id, "api", "2026-11-28", "2026-12-02", { completeThrough: "2026-12-02" }),
      ],
      NOW,
    );
    expect(f.completeThrough).toBe("2026-12-02");
    expect(f.behind).toEqual([]);
    expect(f.feeds.map((x) => [x.source, x.completeThrough])).toEqual([
      ["api", "2026-12-02"],
      ["export", "2026-11-30"],
    ]);

    // Both late: the later of the two is what the shop has.
    const late = teamFreshness(
      TEAM,
      [GLOW],
      [...feed(GLOW.id, "export", "2026-11-20", "2026-11-28"), ...feed(GLOW.id, "api", "2026-11-20", "2026-11-30")],
      NOW,
    );
    expect(late.completeThrough).toBe("2026-11-30");
    expect(late.behind).toMatchObject([{ lastCompleteDay: "2026-11-30", missingSince: "2026-12-01", days: 2 }]);
  });

  it("is held back by a team-level feed that declares, and not by one that never does", () => {
    const declaring = teamFreshness(
      TEAM,
      [GLOW],
      [
        ...feed(GLOW.id, "export", "2026-11-20", "2026-12-02"),
        ...feed(null, "ingest", "2026-11-20", "2026-12-02", { completeThrough: "2026-11-30" }),
      ],
      NOW,
    );
    expect(declaring.completeThrough).toBe("2026-11-30");
    // The team's own feed is no shop: nothing is named behind, the line itself says through when.
    expect(declaring.behind).toEqual([]);
    expect(declaring.feeds.find((x) => x.shopId === null)).toMatchObject({
      source: "ingest",
      shopName: null,
      completeThrough: "2026-11-30",
      lastDataDay: "2026-12-02",
    });

    const silent = teamFreshness(
      TEAM,
      [GLOW],
      [
        ...feed(GLOW.id, "export", "2026-11-20", "2026-12-02"),
        ...feed(null, "ingest", "2026-11-20", "2026-12-01", { completeThrough: null }),
      ],
      NOW,
    );
    expect(silent.completeThrough).toBe("2026-12-02");
  });

  it("counts a shop's ingest days that were never declared complete once they are over", () => {
    // Only undeclared ingest rows: the shop is not late (before the fix it held the team back to 30 Nov).
    const ingestOnly = teamFreshness(
      TEAM,
      [GLOW, GIZMO],
      [
        ...feed(GLOW.id, "export", "2026-11-20", "2026-12-02"),
        ...feed(GIZMO.id, "ingest", "2026-12-01", "2026-12-02", { completeThrough: null }),
      ],
      NOW,
    );
    expect(ingestOnly.completeThrough).toBe("2026-12-02");
    expect(ingestOnly.behind).toEqual([]);

    // Undeclared ingest rows say nothing about the shop's export, which stopped a month ago: it stays stopped.
    const stoppedExport = teamFreshness(
      TEAM,
      [GIZMO],
      [
        ...feed(GIZMO.id, "export", "2026-11-01", "2026-11-05"),
        ...feed(GIZMO.id, "ingest", "2026-11-25", "2026-12-02", { completeThrough: null }),
      ],
      NOW,
    );
    expect(stoppedExport.behind).toEqual([]);
    expect(stoppedExport.completeThrough).toBe("2026-12-02");

    // Once the shop's ingest feed declares, it counts like any source.
    const declared = teamFreshness(
      TEAM,
      [GIZMO],
      feed(GIZMO.id, "ingest", "2026-11-25", "2026-12-02", { completeThrough: "2026-11-30" }),
      NOW,
    );
    expect(declared.completeThrough).toBe("2026-11-30");
    expect(declared.behind).toMatchObject([{ shopId: GIZMO.id, missingSince: "2026-12-01", days: 2 }]);
  });

  it("reads today and yesterday in the team's zone: Jakarta at 00:30 is already the next day", () => {
    // 00:30 on 3 Dec in Jakarta is 17:30 on 2 Dec in UTC; yesterday is 2 Dec, not 1 Dec.
    const halfPastMidnight = DateTime.fromISO("2026-12-02T17:30:00Z", { zone: "utc" });
    const f = teamFreshness(
      TEAM,
      [GLOW, GIZMO],
      [
        // A sync at 00:10 proved 2 Dec whole.
        ...feed(GLOW.id, "api", "2026-11-25", "2026-12-02", { lagHours: 0 }),
        ...feed(GIZMO.id, "export", "2026-11-25", "2026-12-01"),
      ],
      halfPastMidnight,
    );
    expect(f).toMatchObject({ today: "2026-12-03", yesterday: "2026-12-02", completeThrough: "2026-12-01" });
    expect(f.behind).toMatchObject([{ shopId: GIZMO.id, missingSince: "2026-12-02", days: 1 }]);

    // The same instant for a team in London (16:30 on 2 Dec there): yesterday is 1 Dec, and nobody is behind.
    const london = teamFreshness(
      { id: TEAM.id, timezone: "Europe/London" },
      [shop(GIZMO.id, GIZMO.name, "Europe/London")],
      feed(GIZMO.id, "export", "2026-11-25", "2026-12-01"),
      halfPastMidnight,
    );
    expect(london).toMatchObject({ today: "2026-12-02", yesterday: "2026-12-01", completeThrough: "2026-12-01" });
    expect(london.behind).toEqual([]);
  });

  it("waits for a shop west of its team without calling it late before its own day is over", () => {
    // 03:00 on 3 Dec in Jakarta is 20:00 on 2 Dec in London: the London shop's 2 Dec is not over yet.
    const early = DateTime.fromISO("2026-12-03T03:00", { zone: ZONE });
    const londonShop = shop(GIZMO.id, "GizmoHub UK", "Europe/London");
    const onTime = teamFreshness(
      TEAM,
      [GLOW, londonShop],
      [
        ...feed(GLOW.id, "api", "2026-11-25", "2026-12-02"),
        ...feed(londonShop.id, "export", "2026-11-25", "2026-12-01"),
      ],
      early,
    );
    // The team's figures cover what every shop has (through 1 Dec), and nobody is named behind.
    expect(onTime).toMatchObject({ yesterday: "2026-12-02", completeThrough: "2026-12-01", behind: [] });

    // A day late where it is: behind since 1 Dec, one day (2 Dec is not due yet).
    const late = teamFreshness(
      TEAM,
      [GLOW, londonShop],
      [
        ...feed(GLOW.id, "api", "2026-11-25", "2026-12-02"),
        ...feed(londonShop.id, "export", "2026-11-25", "2026-11-30"),
      ],
      early,
    );
    expect(late.completeThrough).toBe("2026-11-30");
    expect(late.behind).toMatchObject([{ shopId: londonShop.id, missingSince: "2026-12-01", days: 1 }]);
  });

  it("measures the usual arrival as the median hours after the shop's day ended", () => {
    const days = [
      ...feed(GLOW.id, "export", "2026-11-25", "2026-11-28", { lagHours: 9 }),
      ...feed(GLOW.id, "export", "2026-11-29", "2026-11-29", { lagHours: 30 }),
    ];
    const f = teamFreshness(TEAM, [GLOW], days, NOW);
    expect(f.feeds[0]?.usualLagHours).toBe(9);
    // No rows in the last fortnight: not known.
    const old = teamFreshness(TEAM, [OLD], feed(OLD.id, "export", "2026-11-01", "2026-11-10"), NOW);
    expect(old.feeds[0]?.usualLagHours).toBeNull();
  });

  it("ignores other teams' days and shops that are not the team's", () => {
    const other = feed(GLOW.id, "export", "2026-11-20", "2026-11-25").map((d) => ({ ...d, teamId: "t2" }));
    const unknownShop = feed("s-gone", "export", "2026-11-20", "2026-11-25");
    const f = teamFreshness(TEAM, [GLOW], [...other, ...unknownShop], NOW);
    expect(f).toMatchObject({ completeThrough: "2026-12-02", behind: [], feeds: [] });
  });
});

describe("exportCompleteDays", () => {
  const jakarta = (iso: string) => DateTime.fromISO(iso, { zone: ZONE });
  const span = (firstDay: string, lastDay: string, time: string) => ({
    firstDay,
    lastDay,
    latestLocalTime: `${lastDay}T${time}`,
  });

  it("counts every day of a file's span before its last day, quiet days included", () => {
    expect(exportCompleteDays(span("2026-11-28", "2026-12-01", "18:20:00"), jakarta("2026-12-02T09:00"), ZONE)).toEqual(
      ["2026-11-28", "2026-11-29", "2026-11-30"],
    );
  });

  it("counts the last day when the file reaches its last hour and the day was over when imported", () => {
    const whole = span("2026-11-28", "2026-12-01", "23:41:07");
    expect(exportCompleteDays(whole, jakarta("2026-12-02T09:00"), ZONE)).toEqual([
      "2026-11-28",
      "2026-11-29",
      "2026-11-30",
      "2026-12-01",
    ]);
    // The last order at 22:59: the export may have been taken before the evening was over.
    expect(exportCompleteDays(span("2026-12-01", "2026-12-01", "22:59:59"), jakarta("2026-12-02T09:00"), ZONE)).toEqual(
      [],
    );
    expect(exportCompleteDays(span("2026-12-01", "2026-12-01", "23:00:00"), jakarta("2026-12-02T09:00"), ZONE)).toEqual(
      ["2026-12-01"],
    );
  });

  it("leaves the last day partial when the file was imported before that day ended", () => {
    const late = span("2026-11-30", "2026-12-01", "23:30:00");
    expect(exportCompleteDays(late, jakarta("2026-12-01T23:50"), ZONE)).toEqual(["2026-11-30"]);
    // The shop's zone decides: 17:30 UTC on 1 Dec is 00:30 on 2 Dec in Jakarta, so 1 Dec is over there.
    const utc = DateTime.fromISO("2026-12-01T17:30:00Z", { zone: "utc" });
    expect(exportCompleteDays(late, utc, ZONE)).toEqual(["2026-11-30", "2026-12-01"]);
    expect(exportCompleteDays(late, utc, "Europe/London")).toEqual(["2026-11-30"]);
  });

  it("proves nothing without orders", () => {
    expect(exportCompleteDays(null, jakarta("2026-12-02T09:00"), ZONE)).toEqual([]);
  });
});

describe("lastDayEndedBy and daysBetween", () => {
  it("gives the last day over in the shop's zone", () => {
    const instant = DateTime.fromISO("2026-12-02T17:30:00Z", { zone: "utc" });
    expect(lastDayEndedBy(instant, ZONE)).toBe("2026-12-02");
    expect(lastDayEndedBy(instant, "Europe/London")).toBe("2026-12-01");
    expect(lastDayEndedBy(DateTime.fromISO("2026-12-03T00:00", { zone: ZONE }), ZONE)).toBe("2026-12-02");
  });

  it("lists the days of a span inclusive, across a month end, and nothing for a reversed span", () => {
    expect(daysBetween("2026-11-29", "2026-12-01")).toEqual(["2026-11-29", "2026-11-30", "2026-12-01"]);
    expect(daysBetween("2026-12-02", "2026-12-01")).toEqual([]);
  });
});
