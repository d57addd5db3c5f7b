// The "no data" alert's rules and words without a database: when a gap is real (the shop's usual arrival time has
// passed), and the title, list line and "data is back" line in English and Chinese.
import { Decimal } from "decimal.js";
import { DateTime } from "luxon";
import { describe, expect, it } from "vitest";
import {
  type AlertView,
  DATA_MISSING,
  missingTitle,
  renderAlertGroup,
  renderAlertList,
  renderDataBack,
} from "../../src/alerts/render.js";
import { buildSeries, completeThroughOf, metricSeries } from "../../src/alerts/series.js";
import type { FeedStatus, TeamFreshness } from "../../src/freshness/rules.js";
import { DEFAULT_GRACE_HOURS, gapIsReal } from "../../src/freshness/rules.js";

const LONDON = "Europe/London";
const london = (time: string) => DateTime.fromISO(time, { zone: LONDON });
const behind = (missingSince: string, usualLagHours: number | null, days = 1) => ({
  shopId: "s1",
  shopName: "GizmoHub Deals",
  lastCompleteDay: "2026-11-29",
  missingSince,
  days,
  usualLagHours,
  overdue: true,
});

function view(over: Partial<AlertView> = {}): AlertView {
  return {
    id: "cmabc0000000000000a1b2c3",
    groupKey: "cmabc0000000000000a1b2c3",
    shortId: "a1b2c3",
    metricKey: DATA_MISSING,
    ruleId: null,
    firstDate: "2026-11-30",
    lastDate: "2026-12-01",
    severity: "major",
    direction: "down",
    status: "open",
    observed: new Decimal(2),
    expected: new Decimal("9.5"),
    stored: { scopeLabel: "GizmoHub Deals", currency: "GBP", cause: null },
    snoozedUntil: null,
    acknowledgedBy: null,
    assignedTo: null,
    suppressed: null,
    ...over,
  };
}

describe("gapIsReal", () => {
  it("waits for the shop's usual arrival plus an hour: ~10 h after the day's end is not missing at 08:00", () => {
    const b = behind("2026-12-01", 10);
    expect(gapIsReal(b, LONDON, london("2026-12-02T08:00:00"))).toBe(false);
    expect(gapIsReal(b, LONDON, london("2026-12-02T10:59:00"))).toBe(false);
    expect(gapIsReal(b, LONDON, london("2026-12-02T11:00:00"))).toBe(true);
  });

  it("uses the shop's zone for the day's end, and DEFAULT_GRACE_HOURS when the arrival time is unknown", () => {
    const b = behind("2026-12-01", null);
    const due = london("2026-12-02T00:00:00").plus({ hours: DEFAULT_GRACE_HOURS + 1 });
    expect(gapIsReal(b, LONDON, due.minus({ minutes: 1 }))).toBe(false);
    expect(gapIsReal(b, LONDON, due)).toBe(true);
    // The same instant is 7 hours later in Jakarta: the day ended earlier there.
    expect(gapIsReal(b, "Asia/Jakarta", due.minus({ hours: 6 }))).toBe(true);
  });

  it("counts an arrival before the day's end (live feeds) as no lag, and a second day behind as real", () => {
    expect(gapIsReal(behind("2026-12-01", -5), LONDON, london("2026-12-02T01:00:00"))).toBe(true);
    expect(gapIsReal(behind("2026-11-30", 10, 2), LONDON, london("2026-12-02T08:00:00"))).toBe(true);
  });
});

describe("the no-data alert's words", () => {
  it("says which shop, since when and for how long, in English and Chinese", () => {
    expect(missingTitle(view(), "en", "2026-12-01")).toBe("GizmoHub Deals: no data since 29 Nov (2 days)");
    expect(missingTitle(view(), "zh", "2026-12-01")).toBe("GizmoHub Deals：自 11月29日 之后没有数据（2 天）");
    expect(missingTitle(view({ observed: new Decimal(1), firstDate: "2026-12-01" }), "en")).toBe(
      "GizmoHub Deals: no data since 30 Nov (1 day)",
    );
  });

  it("renders the message with what to do and the buttons, and without them once resolved", () => {
    const text = (m: ReturnType<typeof renderAlertGroup>) =>
      m.blocks.map((b) => ("text" in b ? b.text : "")).join("\n");
    const open = renderAlertGroup([view()], { zone: LONDON, locale: "en", team: "UK Gadgets" });
    expect(text(open)).toContain("Not in: 30 Nov–1 Dec.");
    expect(text(open)).toContain("usually in about 10 h after the day ends");
    expect(text(open)).toContain("The figures of UK Gadgets stop at 29 Nov");
    expect(text(open)).toContain("/shop sync GizmoHub Deals");
    expect(open.blocks.some((b) => b.type === "actions")).toBe(true);
    const zh = renderAlertGroup([view()], { zone: LONDON, locale: "zh", team: "UK Gadgets" });
    expect(text(zh)).toContain("处理方法");
    const done = renderAlertGroup([view({ status: "resolved" })], { zone: LONDON, locale: "en" });
    expect(done.blocks.some((b) => b.type === "actions")).toBe(false);
    expect(text(done)).not.toContain("What to do");
  });

  it("lists it in /alert list and says when the data is back", () => {
    const list = renderAlertList([view()], { zone: LONDON, locale: "en", team: "UK Gadgets" });
    expect(JSON.stringify(list)).toContain("#a1b2c3 GizmoHub Deals: no data since 29 Nov (2 days)");
    const back = renderDataBack([{ alert: view(), through: "2026-12-02" }], "en");
    expect(JSON.stringify(back)).toContain("GizmoHub Deals: complete through 2 Dec again (#a1b2c3");
    const backZh = renderDataBack([{ alert: view(), through: "2026-12-02" }], "zh");
    expect(JSON.stringify(backZh)).toContain("数据已恢复");
  });
});

describe("completeThroughOf and the series", () => {
  const feed = (shopId: string, source: FeedStatus["source"], completeThrough: string | null): FeedStatus => ({
    shopId,
    shopName: shopId,
    source,
    lastDataDay: completeThrough ?? "2026-12-01",
    completeThrough,
    usualLagHours: 1,
  });
  const freshness: TeamFreshness = {
    teamId: "t",
    today: "2026-12-02",
    yesterday: "2026-12-01",
    completeThrough: "2026-11-29",
    behind: [{ ...behind("2026-11-30", 1, 2), shopId: "late" }],
    feeds: [
      feed("late", "export", "2026-11-29"),
      feed("ok", "export", "2026-11-30"),
      feed("ok", "api", "2026-12-01"),
      feed("closed", "export", "2026-10-20"),
      feed("undeclared", "ingest", null),
    ],
  };

  it("cuts each shop at its own last complete day, the team at the team's, and not a shop that cannot declare", () => {
    const c = completeThroughOf(freshness);
    expect(c.team).toBe("2026-11-29");
    expect(Object.fromEntries(c.shops)).toEqual({ late: "2026-11-29", ok: "2026-12-01", closed: "2026-10-20" });
  });

  it("reads a day after the cut as missing, never as a fall", () => {
    const dates = ["2026-11-28", "2026-11-29", "2026-11-30", "2026-12-01"];
    const sums = dates.flatMap((date, i) =>
      ["late", "undeclared"].map((shop) => ({
        date,
        scopeType: "shop" as const,
        scopeId: shop,
        metricKey: "gmv_gross",
        value: new Decimal(i < 2 ? 100 : 30),
      })),
    );
    const series = buildSeries("t", dates, sums, completeThroughOf(freshness));
    const of = (type: string, id: string) => {
      const s = series.find((x) => x.scopeType === type && x.scopeId === id);
      if (!s) throw new Error(`no series ${type} ${id}`);
      return [...metricSeries(s, "gmv_gross", dates.length).numbers];
    };
    expect(of("team", "t")).toEqual([200, 200, Number.NaN, Number.NaN]);
    expect(of("shop", "late")).toEqual([100, 100, Number.NaN, Number.NaN]);
    expect(of("shop", "undeclared")).toEqual([100, 100, 30, 30]);
  });
});
