// The /alert rule grammar and the root-cause split: pure logic, checked number by number.
import { Decimal } from "decimal.js";
import { describe, expect, it } from "vitest";
import { evaluateRule, weekdayMedian } from "../../src/alerts/evaluate.js";
import { groupByScope } from "../../src/alerts/scan.js";
import type { Finding } from "../../src/alerts/types.js";
import { parseRule, parseSnooze } from "../../src/domain/alert-grammar.js";
import { UserError } from "../../src/domain/errors.js";
import { explainChange, type SegmentSums, splitChange } from "../../src/domain/root-cause.js";

const d = (n: number | string) => new Decimal(n);
const sums = (entries: Record<string, number>) => new Map(Object.entries(entries).map(([k, v]) => [k, d(v)]));
const segment = (name: string, current: Record<string, number>, baseline: Record<string, number>): SegmentSums => ({
  segment: name,
  label: name,
  current: sums(current),
  baseline: sums(baseline),
});

describe("alert rule grammar", () => {
  it("reads thresholds, with the operator glued or spaced, in English and Chinese", () => {
    const a = parseRule("return_rate>8% team ID-beauty");
    expect(a).toMatchObject({ kind: "threshold", operator: ">", scope: { kind: "team", ref: "ID-beauty" } });
    expect(a.threshold.toString()).toBe("0.08");
    const b = parseRule("退货率 高于 6% 店铺 GlowLab Official Store");
    expect(b).toMatchObject({
      kind: "threshold",
      operator: ">",
      scope: { kind: "shop", ref: "GlowLab Official Store" },
    });
    expect(parseRule("roi < 2 @sari")).toMatchObject({ operator: "<", scope: { kind: "member", ref: "sari" } });
  });

  it("reads % change rules with a floor in a currency", () => {
    const rule = parseRule("gmv down 30% vs weekday floor 500 usd shop GizmoHub Deals");
    expect(rule.kind).toBe("pct_change");
    if (rule.kind !== "pct_change") return;
    expect(rule.operator).toBe("down");
    expect(rule.threshold.toString()).toBe("0.3");
    expect(rule.floor?.amount.toString()).toBe("500");
    expect(rule.floor?.currency).toBe("USD");
    expect(rule.scope).toEqual({ kind: "shop", ref: "GizmoHub Deals" });
    expect(parseRule("gmv 下降 30% 底线 $500").kind).toBe("pct_change");
  });

  it("refuses what it cannot read, with a correct example", () => {
    const cases: [string, string][] = [
      ["return_rate > 8", "alert.bad_percent"],
      ["sparkle > 8%", "alert.unknown_metric"],
      ["gmv sideways 30%", "alert.bad_operator"],
      ["gmv down 0%", "alert.bad_change"],
      ["gmv down 30% floor lots", "alert.bad_floor"],
      ["gmv down 30% somewhere", "alert.bad_scope"],
      ["", "alert.rule_missing"],
    ];
    for (const [text, key] of cases) {
      let error: unknown;
      try {
        parseRule(text);
      } catch (e) {
        error = e;
      }
      expect(error, text).toBeInstanceOf(UserError);
      expect((error as UserError).key, text).toBe(key);
      expect((error as UserError).example, text).toMatch(/^\/alert add /);
    }
  });

  it("reads snooze lengths and refuses silly ones", () => {
    expect(parseSnooze("12h")).toBe(720);
    expect(parseSnooze("30m")).toBe(30);
    expect(parseSnooze("2天")).toBe(2880);
    expect(parseSnooze("0h")).toBeNull();
    expect(parseSnooze("99d")).toBeNull();
    expect(parseSnooze("soon")).toBeNull();
  });
});

describe("rule evaluation", () => {
  const dates = Array.from({ length: 35 }, (_, i) => `2026-10-${String(i + 1).padStart(2, "0")}`);
  const input = (values: number[]) => ({
    scope: { type: "team" as const, id: "t", label: "Team" },
    metricKey: "gmv_gross",
    dates,
    numbers: Float64Array.from(values),
    exact: values.map((v) => d(v)),
  });

  it("fires a % change rule only past the threshold and above the floor, once per stretch", () => {
    const values = Array.from({ length: 35 }, () => 1000);
    values[33] = 650;
    values[34] = 600;
    const rule = { id: "r", kind: "pct_change" as const, operator: "down", threshold: d("0.3"), floor: d(500) };
    const found = evaluateRule(input(values), rule, 30).findings;
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ startDate: dates[33], endDate: dates[34], ongoing: true, direction: "down" });
    expect(evaluateRule(input(values), { ...rule, floor: d(5000) }, 30).findings).toHaveLength(0);
    expect(evaluateRule(input(values), { ...rule, threshold: d("0.5") }, 30).findings).toHaveLength(0);
  });

  it("compares with the median of the same weekday over four weeks", () => {
    const exact = [d(1), null, d(3), d(9), d(5), d(100)];
    const series = Array.from({ length: 29 }, () => null as Decimal | null);
    for (const [k, v] of [d(10), d(30), d(20), d(1000)].entries()) series[28 - 7 * (k + 1)] = v;
    expect(weekdayMedian(series, 28)?.toString()).toBe("25");
    expect(weekdayMedian(exact, 5)).toBeNull();
  });
});

describe("root cause", () => {
  it("splits a sum's change by segment, and the shares add up to the whole change", () => {
    const split = splitChange("gmv_gross", "content_type", [
      segment("video", { gmv_gross: 350 }, { gmv_gross: 1000 }),
      segment("live", { gmv_gross: 990 }, { gmv_gross: 1000 }),
      segment("product_card", { gmv_gross: 500 }, { gmv_gross: 500 }),
    ]);
    expect(split?.contributions[0]).toMatchObject({ segment: "video", delta: "-650" });
    const total = split?.contributions.reduce((s, c) => s + c.share, 0) ?? 0;
    expect(total).toBeCloseTo(1, 10);
    expect(split?.contributions[0]?.share).toBeCloseTo(650 / 660, 10);
  });

  it("pins a ratio's change on the segment whose numerator moved, not on the biggest one", () => {
    // Returns quadruple on LIVE (small) while video (big) stays put: the return rate's rise is LIVE's.
    const split = splitChange("return_rate", "content_type", [
      segment("video", { items_returned: 30, items_sold: 1000 }, { items_returned: 30, items_sold: 1000 }),
      segment("live", { items_returned: 40, items_sold: 200 }, { items_returned: 10, items_sold: 200 }),
    ]);
    expect(split?.contributions[0]?.segment).toBe("live");
    expect(split?.contributions[0]?.share).toBeCloseTo(1, 10);
    // The exact split: (40 − 10 − R_base · 0) / 1200 = 2.5 points of return rate.
    expect(Number(split?.contributions[0]?.delta)).toBeCloseTo(30 / 1200, 10);
  });

  it("chooses the dimension that concentrates the change beyond its usual weight, and never 'unattributed'", () => {
    const cause = explainChange(
      "roi",
      new Map([
        [
          "traffic",
          [
            segment("none", { gmv_gross: 1000 }, { gmv_gross: 1000 }),
            segment("paid", { ad_spend: 500 }, { ad_spend: 200 }),
          ],
        ],
        [
          "shop",
          [
            segment("s1", { gmv_gross: 500, ad_spend: 250 }, { gmv_gross: 500, ad_spend: 100 }),
            segment("s2", { gmv_gross: 500, ad_spend: 250 }, { gmv_gross: 500, ad_spend: 100 }),
          ],
        ],
      ]),
    );
    expect(cause?.dimension).toBe("traffic");
    expect(cause?.contributors.map((c) => c.segment)).toEqual(["paid"]);
    // Both shops moved alike: the shop split says nothing and is not offered as "also".
    expect(cause?.also).toEqual([]);
  });

  it("gives no cause when the whole scope moved evenly", () => {
    const cause = explainChange(
      "gmv_gross",
      new Map([
        [
          "shop",
          [segment("a", { gmv_gross: 50 }, { gmv_gross: 100 }), segment("b", { gmv_gross: 50 }, { gmv_gross: 100 })],
        ],
      ]),
    );
    expect(cause).toBeNull();
  });
});

describe("grouping", () => {
  const finding = (type: "team" | "shop" | "member", id: string, metricKey: string) => ({
    finding: { scope: { type, id, label: id }, metricKey } as Finding,
  });

  it("folds a shop's alert into its team's when the same metrics moved, and keeps other scopes apart", () => {
    const groups = groupByScope([
      finding("team", "t", "roi"),
      finding("shop", "s1", "roi"),
      finding("shop", "s2", "roi"),
      finding("shop", "s3", "gmv_gross"),
      finding("member", "m", "roi"),
    ]);
    expect(groups.map((g) => g.map((c) => c.finding.scope.id))).toEqual([["t", "s1", "s2", "m"], ["s3"]]);
  });
});
