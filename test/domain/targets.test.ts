import { Decimal } from "decimal.js";
import { DateTime } from "luxon";
import { describe, expect, it } from "vitest";
import { datesOf, type Period, periodContaining } from "../../src/domain/periods.js";
import {
  ATTAINMENT_CEILING,
  compositeScore,
  evaluateTarget,
  parseWeight,
  type TierSpec,
  validateTiers,
} from "../../src/domain/targets.js";

const d = (v: string | number) => new Decimal(v);
const tiers = (values: (string | number)[], direction: "higher_better" | "lower_better" = "higher_better") => {
  const r = validateTiers(values.map(d), direction);
  if (!r.ok) throw new Error(r.error);
  return r.tiers;
};
const strs = (xs: (Decimal | null)[]) => xs.map((x) => (x === null ? null : x.toString()));
const november: Period = periodContaining("month", DateTime.fromISO("2026-11-15", { zone: "Asia/Jakarta" }));

describe("validateTiers", () => {
  it("names tiers and enforces their order", () => {
    expect(tiers([40000, 50000, 65000]).map((t) => t.name)).toEqual(["base", "stretch", "challenge"]);
    expect(tiers(["0.08", "0.06", "0.05"], "lower_better").map((t) => t.value.toString())).toEqual([
      "0.08",
      "0.06",
      "0.05",
    ]);
    const v = (xs: number[], dir: "higher_better" | "lower_better" = "higher_better") => {
      const r = validateTiers(xs.map(d), dir);
      return r.ok ? "ok" : r.error;
    };
    expect(v([])).toBe("no_tiers");
    expect(v([1, 2, 3, 4])).toBe("too_many_tiers");
    expect(v([0, 2])).toBe("not_positive");
    expect(v([-1])).toBe("not_positive");
    expect(v([50, 50])).toBe("not_increasing");
    expect(v([50, 40])).toBe("not_increasing");
    expect(v([5, 6], "lower_better")).toBe("not_decreasing");
    expect(v([5])).toBe("ok");
  });
});

describe("evaluateTarget on a sum metric", () => {
  const daily = (days: number, value: number) =>
    datesOf(november)
      .slice(0, days)
      .map((date) => ({ date, value: d(value) }));

  it("computes attainment, pace and projection by hand", () => {
    // 30-day month, 10 days elapsed, 10,000 so far at 1,000/day.
    const r = evaluateTarget({
      direction: "higher_better",
      tiers: tiers([40000, 50000, 65000]),
      actual: d(10000),
      period: november,
      today: "2026-11-10",
      dailyActuals: daily(10, 1000),
    });
    expect(r.attainment).toBe(0.25);
    expect(r.tierReached).toBeNull();
    expect(r.nextTier?.name).toBe("base");
    // (40,000 − 10,000) / 20 = 1,500; (50,000 − 10,000) / 20 = 2,000; (65,000 − 10,000) / 20 = 2,750.
    expect(strs(r.pace.map((p) => p.neededPerDay))).toEqual(["1500", "2000", "2750"]);
    expect(r.projectedRunRate.toString()).toBe("30000");
    expect(r.projectedWeekdayAdjusted.toString()).toBe("30000");
    expect(r.projectedTier).toBeNull();
    expect(r.onTrack).toBe(false);
  });

  it("reports reached tiers with zero pace, and null pace once the period is over", () => {
    const base = { direction: "higher_better" as const, tiers: tiers([40000, 50000, 65000]), period: november };
    const mid = evaluateTarget({ ...base, actual: d(52000), today: "2026-11-10", dailyActuals: daily(10, 5200) });
    expect(mid.attainment).toBe(1.3);
    expect(mid.tierReached?.name).toBe("stretch");
    expect(mid.nextTier?.name).toBe("challenge");
    expect(strs(mid.pace.map((p) => p.neededPerDay))).toEqual(["0", "0", "650"]);
    expect(mid.projectedTier?.name).toBe("challenge");
    const over = evaluateTarget({ ...base, actual: d(52000), today: "2026-12-02", dailyActuals: daily(30, 1) });
    expect(strs(over.pace.map((p) => p.neededPerDay))).toEqual([null, null, null]);
    expect(over.projectedRunRate.toString()).toBe("52000");
    expect(over.projectedWeekdayAdjusted.toString()).toBe("52000");
  });

  it("projects weekend peaks by weekday, where the run rate misses them", () => {
    // Week 2026-W45: Mon 2 Nov .. Sun 8 Nov. Today is Friday: Mon–Fri at 100/day, actual 500.
    const week = periodContaining("week", DateTime.fromISO("2026-11-04"));
    const weekdays = ["2026-11-02", "2026-11-03", "2026-11-04", "2026-11-05", "2026-11-06"];
    // The week before: 100 on weekdays, 400 on Saturday, 500 on Sunday.
    const history = [
      ...["2026-10-26", "2026-10-27", "2026-10-28", "2026-10-29", "2026-10-30"].map((date) => ({
        date,
        value: d(100),
      })),
      { date: "2026-10-31", value: d(400) },
      { date: "2026-11-01", value: d(500) },
    ];
    const input = {
      direction: "higher_better" as const,
      tiers: tiers([800, 1000, 1300]),
      actual: d(500),
      period: week,
      today: "2026-11-06",
      dailyActuals: weekdays.map((date) => ({ date, value: d(100) })),
    };
    const r = evaluateTarget({ ...input, history });
    expect(r.projectedRunRate.toString()).toBe("700"); // 500 / 5 × 7
    expect(r.projectedWeekdayAdjusted.toString()).toBe("1400"); // 500 + Sat 400 + Sun 500
    expect(r.projectedTier?.name).toBe("challenge");
    expect(r.onTrack).toBe(true);
    expect(strs(r.pace.map((p) => p.neededPerDay))).toEqual(["150", "250", "400"]);

    // Without history the weekend is unseen: fall back to the 100/day run rate.
    const noHistory = evaluateTarget(input);
    expect(noHistory.projectedWeekdayAdjusted.toString()).toBe("700");
    expect(noHistory.onTrack).toBe(false);

    // A day without a fact is a zero day: Friday missing → Friday average 0 does not matter here,
    // but the run rate drops to 400 / 5 = 80/day for the unseen weekend.
    const sparse = evaluateTarget({ ...input, actual: d(400), dailyActuals: input.dailyActuals.slice(0, 4) });
    expect(sparse.projectedWeekdayAdjusted.toString()).toBe("560");
  });

  it("gives a lower-is-better budget its remaining daily allowance", () => {
    // Refund budget: stay under 5,000 (base) or 4,000 (stretch); 2,000 used after 10 of 30 days.
    const r = evaluateTarget({
      direction: "lower_better",
      tiers: tiers([5000, 4000], "lower_better"),
      actual: d(2000),
      period: november,
      today: "2026-11-10",
      dailyActuals: daily(10, 200),
    });
    expect(r.attainment).toBe(2.5);
    expect(r.tierReached?.name).toBe("stretch");
    expect(strs(r.pace.map((p) => p.neededPerDay))).toEqual(["150", "100"]);
    expect(r.projectedRunRate.toString()).toBe("6000");
    expect(r.projectedTier).toBeNull();
    expect(r.onTrack).toBe(false);
  });
});

describe("evaluateTarget on a ratio metric", () => {
  const returnRate: TierSpec[] = tiers(["0.08", "0.06", "0.05"], "lower_better");
  const evaluate = (actual: string) =>
    evaluateTarget({
      direction: "lower_better",
      aggregation: "ratio",
      tiers: returnRate,
      actual: d(actual),
      period: november,
      today: "2026-11-10",
      dailyActuals: [],
    });

  it("has no pace and projects the current value", () => {
    const r = evaluate("0.055");
    expect(r.attainment).toBeCloseTo(0.08 / 0.055, 12);
    expect(r.tierReached?.name).toBe("stretch");
    expect(r.nextTier?.name).toBe("challenge");
    expect(r.pace).toEqual([]);
    expect(r.projectedRunRate.toString()).toBe("0.055");
    expect(r.projectedWeekdayAdjusted.toString()).toBe("0.055");
    expect(r.projectedTier?.name).toBe("stretch");
    expect(r.onTrack).toBe(true);
  });

  it("handles a miss and a perfect zero", () => {
    const miss = evaluate("0.1");
    expect([miss.attainment, miss.tierReached, miss.onTrack]).toEqual([0.8, null, false]);
    expect(evaluate("0").attainment).toBe(ATTAINMENT_CEILING);
  });

  it("computes higher-is-better ratio attainment (ROI 3.5 against 3/4/5)", () => {
    const r = evaluateTarget({
      direction: "higher_better",
      aggregation: "ratio",
      tiers: tiers([3, 4, 5]),
      actual: d("3.5"),
      period: november,
      today: "2026-11-10",
      dailyActuals: [],
    });
    expect(r.attainment).toBeCloseTo(3.5 / 3, 12);
    expect([r.tierReached?.name, r.nextTier?.name]).toEqual(["base", "stretch"]);
  });
});

describe("compositeScore and weights", () => {
  it("averages capped attainment by normalised weight", () => {
    // 0.5 × 1.2 + 0.3 × 0.8 + 0.2 × min(2.0, 1.5) = 0.6 + 0.24 + 0.3 = 1.14
    const score = compositeScore([
      { attainment: 1.2, weight: d("0.5") },
      { attainment: 0.8, weight: d("0.3") },
      { attainment: 2.0, weight: d("0.2") },
    ]);
    expect(score).toBeCloseTo(1.14, 12);
    expect(
      compositeScore([
        { attainment: 1, weight: d(2) },
        { attainment: 0.5, weight: d(2) },
      ]),
    ).toBe(0.75);
    expect(
      compositeScore([
        { attainment: -0.5, weight: d(1) },
        { attainment: 1, weight: d(1) },
      ]),
    ).toBe(0.5);
    expect(compositeScore([])).toBe(0);
    expect(compositeScore([{ attainment: 1, weight: d(0) }])).toBe(0);
  });

  it("parses weights as percentages", () => {
    expect(parseWeight("50%")?.eq("0.5")).toBe(true);
    expect(parseWeight("100%")?.eq(1)).toBe(true);
    expect(parseWeight("３０％")?.eq("0.3")).toBe(true);
    for (const bad of ["50", "0.5", "0%", "150%", "-5%", "abc"]) expect(parseWeight(bad)).toBeNull();
  });
});
